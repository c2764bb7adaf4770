"""Quality assurance in the management review inputs and in the half-year
and annual reports: documents due for their periodic review, overdue QA
activities and the inspection coverage."""

import datetime as dt
import io

import openpyxl
from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from odoo.addons.quality_ops.quality_ops.tools.workflow_pass import with_pass

from .common import company_of_their_own, role_user

D = dt.date


@tagged("post_install", "-at_install")
class TestAssuranceFeeds(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = company_of_their_own(cls, "Assured O&M")
        cls.manager = role_user(cls.env, "qo_af_manager", "manager", company=company)
        cls.officer = role_user(cls.env, "qo_af_officer", "officer", company=company)
        cls.engineer = role_user(cls.env, "qo_af_engineer", "engineer", company=company)
        company.quality_manager_id = cls.manager
        cls.project = cls.env["project.project"].create(
            {"name": "Assured DC", "company_id": company.id}
        )
        Document = cls.env["quality_ops.document"]
        cls.documents = Document
        for number, released, months in (
            ("A-1", "2025-01-10", 12),  # due in January 2026
            ("A-2", "2026-02-01", 36),  # due in 2029
            ("A-3", "2025-06-01", 0),  # never reviewed periodically
        ):
            document = Document.with_user(cls.officer).create(
                {"number": number, "name": number, "review_months": months}
            )
            with_pass(document).write(
                {"state": "released", "release_date": released, "approved_date": released}
            )
            cls.documents |= document
        Document.with_user(cls.officer).create({"number": "A-4", "name": "Draft"})
        plan = cls.env["quality_ops.plan"].create(
            {
                "name": "Assured plan",
                "year": 2026,
                "plan_type": "project",
                "project_id": cls.project.id,
                "company_id": company.id,
            }
        )
        Activity = cls.env["quality_ops.qa.activity"]
        base = {"plan_id": plan.id, "name": "Check", "evidence": "Seen"}
        cls.done_nc = Activity.create(dict(base, planned_date="2026-02-10", result="nonconformity"))
        cls.done_late = Activity.create(dict(base, planned_date="2026-03-10", result="conform"))
        cls.overdue = Activity.create(dict(base, planned_date="2026-04-10"))
        Activity.create(dict(base, planned_date="2026-09-10"))  # another half
        with freeze_time("2026-02-10 10:00"):
            cls.done_nc.with_user(cls.officer).action_done()
        with freeze_time("2026-03-12 10:00"):
            cls.done_late.with_user(cls.officer).action_done()
        inspection_plan = cls.env["quality_ops.inspection.plan"].create(
            {
                "name": "Room",
                "target": "Room",
                "project_id": cls.project.id,
                "company_id": company.id,
                "user_id": cls.engineer.id,
                "frequency": "weekly",
                "start_date": "2026-03-02",
                "end_date": "2026-03-31",
                "item_ids": [(0, 0, {"name": "UPS"})],
            }
        )
        # five Mondays of March: three recorded on time, one late, one missed
        march = inspection_plan._materialise(D(2026, 3, 1), D(2026, 3, 31)).sorted("due_date")
        for inspection, late in zip(march[:4], (0, 0, 1, 0), strict=True):
            inspection.line_ids.with_user(cls.engineer).write({"result": "ok"})
            day = inspection.due_date + dt.timedelta(days=late)
            with freeze_time(dt.datetime.combine(day, dt.time(9))):
                inspection.with_user(cls.engineer).action_done()

    def test_review_inputs(self):
        review = self.env["quality_ops.review"].create(
            {
                "name": "H1 review",
                "planned_date": D(2026, 6, 30),
                "date_from": D(2026, 1, 1),
                "date_to": D(2026, 6, 30),
                "company_id": self.company.id,
            }
        )
        self.env["quality_ops.measurement"]._compute_period(
            "half_year", D(2026, 1, 1), D(2026, 6, 30)
        )
        review.with_user(self.officer).action_start()
        lines = review.assurance_input_ids
        documents = lines.filtered(lambda x: x.assurance_kind == "documents")
        self.assertEqual(
            (documents.count, documents.overdue_count, documents.open_count), (3, 1, 1)
        )
        activities = lines.filtered(lambda x: x.assurance_kind == "qa_activities")
        self.assertEqual(
            (
                activities.count,
                activities.closed_count,
                activities.on_time_count,
                activities.overdue_count,
                activities.open_count,
            ),
            (3, 2, 1, 2, 1),  # the September one is overdue today, not planned in H1
        )
        coverage = lines.filtered(lambda x: x.assurance_kind == "inspections")
        company, project = (
            coverage.filtered(lambda x: x.scope == "company"),
            coverage - (coverage.filtered(lambda x: x.scope == "company")),
        )
        self.assertEqual((company.value, company.count, company.status), (60.0, 5, "no_target"))
        self.assertEqual((project.project_id, project.value), (self.project, 60.0))
        self.assertEqual(company.with_context(lang="en_US").label, "Inspection Coverage")
        self.assertEqual(
            project.with_context(lang="en_US").label, "Inspection Coverage — Assured DC"
        )
        self.assertEqual(company.value_display, "60.00 %")
        # sealed with the review, as any input
        review.with_user(self.manager).action_close()
        content = review._quality_seal_content()["lines"]["input_ids"]
        self.assertIn("inspections", [line.get("assurance_kind") for line in content])
        # other sections keep no key they never had (their seals stay valid)
        self.assertNotIn(
            "assurance_kind",
            next(line for line in content if line["section"] != "assurance"),
        )

    def test_half_year_and_annual_reports(self):
        for kind, half in (("half_year", "1"), ("annual", False)):
            report = self.env["quality_ops.report"].create(
                {
                    "name": f"{kind} report",
                    "kind": kind,
                    "year": 2026,
                    "half": half,
                    "company_id": self.company.id,
                }
            )
            report.with_user(self.officer).with_context(lang="en_US").action_generate()
            counts = {
                line.label: line.count for line in report.line_ids if line.section == "assurance"
            }
            planned = 3 if kind == "half_year" else 4
            self.assertEqual(counts["Controlled documents in force"], 3)
            self.assertEqual(counts["Documents due for periodic review"], 1)
            self.assertEqual(counts["QA activities planned in the period"], planned)
            self.assertEqual(counts["QA activities done"], 2)
            self.assertEqual(counts["QA activities overdue"], 2)
            self.assertEqual(counts["Nonconformities found by QA activities"], 1)
            coverage = report.line_ids.filtered(lambda line: line.section == "inspection")
            self.assertEqual(len(coverage), 2, "the company and the project")
            self.assertEqual(
                {(line.label, line.value, line.count, line.second_count) for line in coverage},
                {
                    (self.env.ref("quality_ops.indicator_inspection").display_name, 60.0, 5, 3),
                    ("Assured DC", 60.0, 5, 3),
                },
            )
        content, _kind = self.env["ir.actions.report"]._render_xlsx(
            "quality_ops.report_quality_report_xlsx", report.ids, {}
        )
        book = openpyxl.load_workbook(io.BytesIO(content))
        rows = list(book["Inspection Coverage"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), 2)
        self.assertIn(("Assured DC", "\u2014", 60.0, 5, 3), [row[:5] for row in rows])
