"""Half-year and annual quality reports: workflow per role, sections equal to the
measurements, the improvement report, the XLSX workbook and the PDF, the drafting cron."""

import datetime as dt
import io
import zipfile

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from . import report_common as fixture
from .common import load_chinese, perform_cron_jobs, report_html
from .report_common import D


@tagged("post_install", "-at_install")
class TestQualityReport(fixture.QualityReportCase):
    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    def test_workflow_per_role_and_approval_locks_the_period(self):
        self.build()
        report = self.half_report()
        self.assertEqual((report.date_from, report.date_to), (D(2026, 1, 1), D(2026, 6, 30)))
        with self.assertRaises(UserError):
            report.with_user(self.manager).action_review()  # nothing generated yet
        report.with_user(self.officer).action_generate()
        self.assertEqual(report.prepared_by_id, self.officer)
        with self.assertRaises(AccessError):
            report.with_user(self.officer).action_review()
        with self.assertRaises(AccessError):
            report.with_user(self.lead).action_generate()
        report.with_user(self.manager).action_review()
        self.assertEqual((report.state, report.reviewed_by_id), ("reviewed", self.manager))
        with self.assertRaises(UserError):
            report.with_user(self.manager).write({"summary": "<p>changed</p>"})
        with self.assertRaises(AccessError):
            report.with_user(self.manager).action_approve()
        # a measurement after the period is not touched by the approval
        self.ticket("july", "2026-07-01 09:00:00", "2026-07-01 10:00:00")
        self.Measurement._compute_period("month", D(2026, 7, 1), D(2026, 7, 31))
        in_period = self.Measurement.search(
            [
                ("company_id", "=", self.company.id),
                ("date_from", ">=", D(2026, 1, 1)),
                ("date_to", "<=", D(2026, 6, 30)),
            ]
        )
        self.assertTrue(in_period)
        self.assertEqual(set(in_period.mapped("state")), {"open"})
        report.with_user(self.representative).action_approve()
        self.assertEqual((report.state, report.approved_by_id), ("approved", self.representative))
        self.assertEqual(set(in_period.mapped("state")), {"locked"})
        self.assertEqual(report.locked_count, len(in_period))
        july = self.Measurement.search(
            [("company_id", "=", self.company.id), ("date_from", "=", D(2026, 7, 1))]
        )
        self.assertTrue(july)
        self.assertEqual(set(july.mapped("state")), {"open"})
        # a locked month is not rewritten by the engine
        march = in_period.filtered(
            lambda m: (
                m.indicator_id == self.resp
                and m.periodicity == "month"
                and m.date_from == D(2026, 3, 1)
                and m.scope == "company"
            )
        )
        before = (march.numerator, march.denominator)
        self.ticket("after approval", "2026-03-10 09:00:00", "2026-03-10 10:00:00")
        self.Measurement._compute_period("month", D(2026, 3, 1), D(2026, 3, 31))
        self.assertEqual((march.numerator, march.denominator), before)
        with self.assertRaises(UserError):
            report.with_user(self.manager).write({"name": "rewritten"})
        with self.assertRaises(UserError):
            report.line_ids[:1].with_user(self.manager).write({"comment": "late note"})
        action = report.with_user(self.manager).action_new_version()
        version2 = self.Report.browse(action["res_id"])
        self.assertEqual((version2.version, version2.state), (2, "draft"))
        self.assertEqual(len(version2.line_ids), len(report.line_ids))
        self.assertEqual(report.state, "approved")

    def test_generated_sections_match_the_measurements(self):
        self.build()
        plan = self.env["quality_ops.plan"].create(
            {
                "name": "R 2026",
                "year": 2026,
                "company_id": self.company.id,
                "target_ids": [
                    (0, 0, {"indicator_id": self.resp.id, "target_value": 90, "warning_value": 80})
                ],
            }
        )
        plan.action_submit()
        plan.action_approve()
        report = self.half_report()
        report.action_generate()
        half = self.Measurement.search(
            [
                ("company_id", "=", self.company.id),
                ("indicator_id", "=", self.resp.id),
                ("periodicity", "=", "half_year"),
                ("date_from", "=", D(2026, 1, 1)),
                ("scope", "=", "company"),
            ]
        )
        self.assertEqual((half.numerator, half.denominator), (1, 2))
        line = report.line_ids.filtered(
            lambda line: line.section == "scorecard" and line.indicator_id == self.resp
        )
        self.assertEqual((line.value, line.target_value, line.status), (50, 90, "missed"))
        self.assertFalse(line.has_previous, "nothing measured in 2025 H2")
        team = report.line_ids.filtered(lambda line: line.section == "sla_team")
        self.assertEqual(team.label, self.team.display_name)
        # response 1 of 2 on time; resolution: 1 h met, 11 h late -> 1 of 2
        self.assertEqual((team.value, team.count, team.second_value), (50, 2, 50))
        satisfaction = report.line_ids.filtered(
            lambda line: line.section == "satisfaction" and line.indicator_id.source == "csat"
        )
        self.assertEqual((satisfaction.value, satisfaction.count), (0, 1))
        actions = report.line_ids.filtered(lambda line: line.section == "action")
        self.assertEqual(actions[0].count, 0)
        self.assertIn(self.resp.name, report.proposals)
        self.assertEqual(
            report.missed_count,
            len(
                report.line_ids.filtered(
                    lambda line: line.section == "scorecard" and line.status == "missed"
                )
            ),
        )

    def test_improvement_report_lists_finding_action_effect(self):
        finding = self.env["quality_ops.finding"].create(
            {
                "name": "Backups not verified",
                "description": "No restore test",
                "company_id": self.company.id,
                "severity": "major",
            }
        )
        action = self.env["quality_ops.action"].create(
            {
                "name": "Monthly restore test",
                "finding_id": finding.id,
                "owner_id": self.manager.id,
                "due_date": "2026-12-31",
                "company_id": self.company.id,
            }
        )
        action.write({"result": "<p>restored</p>"})
        action.action_done()
        action.with_user(self.officer).action_verify_effective("Restore works")
        report = self.Report.create(
            {"name": "Improvement", "kind": "improvement", "year": D.today().year}
        )
        report.company_id = self.company
        report.action_generate()
        line = report.line_ids.filtered(lambda line: line.section == "improvement")
        self.assertEqual((line.finding_id, line.action_id, line.status), (finding, action, "met"))
        self.assertIn("Restore works", line.detail)
        severity = report.line_ids.filtered(lambda line: line.section == "finding")
        self.assertEqual((severity.count, severity.second_count), (1, 0))

    # ------------------------------------------------------------------
    # outputs
    # ------------------------------------------------------------------
    def test_xlsx_workbook_has_sections_headers_values_and_charts(self):
        self.build()
        report = self.half_report()
        report.action_generate()
        content, kind = self.env["ir.actions.report"]._render_xlsx(
            "quality_ops.report_quality_report_xlsx", report.ids, {}
        )
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        for name in ("Summary", "Scorecard", "Monthly Trends", "SLA", "Complaints", "Audits"):
            self.assertIn(name, book.sheetnames)
        scorecard = book["Scorecard"]
        self.assertEqual(scorecard["A1"].value, "Indicator")
        self.assertEqual(scorecard.freeze_panes, "A2")
        self.assertTrue(scorecard.auto_filter.ref)
        rows = {row[0]: row for row in scorecard.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows[self.resp.display_name][2], 50)
        sla = book["SLA"]
        self.assertEqual([c.value for c in sla[2]][:4], ["Team", self.team.display_name, 50, 2])
        trends = book["Monthly Trends"]
        # one row per month of the half (blank where nothing was measured),
        # one column per measured indicator; only March has a response
        # compliance
        months = [trends.cell(row, 1).value for row in range(2, 8)]
        self.assertEqual(months, [dt.datetime(2026, m, 1) for m in range(1, 7)])
        header = [c.value for c in trends[1]]
        column = header.index(self.resp.display_name) + 1
        values = [trends.cell(row, column).value for row in range(2, 8)]
        self.assertEqual(values, [None, None, 50, None, None, None])
        charts = [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if "charts/chart" in n]
        self.assertGreaterEqual(len(charts), 2, "scorecard and trend charts")

    def test_pdf_renders_chinese(self):
        load_chinese(self.env)
        self.officer.lang = "zh_CN"
        self.build()
        report = self.half_report()
        report.write({"name": "2026年上半年质量报告"})
        report.with_user(self.officer).action_generate()
        html = report_html(
            self.env,
            "quality_ops.report_quality_report",
            report,
            user=self.officer,
            lang=self.officer.lang,
        )
        self.assertTrue("2026年上半年质量报告" in html, "the title in Chinese")
        self.assertTrue("指标计分卡" in html, "the section title, translated")
        text = self.render_pdf_text("quality_ops.report_quality_report", report, self.officer)
        self.assertInPdf("2026年上半年质量报告", text)
        for chinese, english in (
            ("指标计分卡", "Indicator Scorecard"),
            ("按团队统计的 SLA", "SLA by Team"),
            ("摘要", "Summary"),
        ):
            self.assertInPdf(chinese, text, f"{english} is translated in the PDF")
            self.assertNotIn(english, text)
        self.assertPagesNumbered(text)
        for chinese in ("编制人", "审核人", "批准人", "签字", self.officer.name):
            self.assertInPdf(chinese, text)

    # ------------------------------------------------------------------
    # scheduling
    # ------------------------------------------------------------------
    def test_cron_drafts_half_year_in_july_and_annual_in_january_once(self):
        reports = self.Report.search([("company_id", "=", self.company.id)])
        self.assertFalse(reports)

        def drafted(today):
            """Run the scheduled action and the job it queued: the new reports."""
            before = self.Report.search([])
            perform_cron_jobs(self.Report._cron_draft_reports, today=today)
            return self.Report.search([]) - before

        created = drafted(D(2026, 7, 1))
        mine = created.filtered(lambda r: r.company_id == self.company)
        self.assertEqual((mine.kind, mine.year, mine.half), ("half_year", 2026, "1"))
        self.assertTrue(mine.generated_at)
        activity = mine.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertFalse(
            drafted(D(2026, 7, 2)).filtered(lambda r: r.company_id == self.company),
            "a second run drafts nothing",
        )
        self.assertFalse(drafted(D(2026, 3, 1)))
        january = drafted(D(2027, 1, 1)).filtered(lambda r: r.company_id == self.company)
        self.assertEqual(
            sorted(january.mapped(lambda r: (r.kind, r.year, r.half or ""))),
            [("annual", 2026, ""), ("half_year", 2026, "2")],
        )

    def test_cron_drafts_on_the_company_s_today(self):
        # 17:00 UTC on 30 June is 1 July in Shanghai: the company's half-year
        # is over, whatever the time zone of the user running the cron
        self.company.partner_id.tz = "Asia/Shanghai"
        Report = self.Report.with_context(tz="America/New_York")
        with freeze_time("2026-06-30 17:00:00"):
            perform_cron_jobs(Report._cron_draft_reports)
        mine = self.Report.search([("company_id", "=", self.company.id)])
        self.assertEqual((mine.kind, mine.year, mine.half), ("half_year", 2026, "1"))

    def test_a_drafted_report_counts_overdue_on_the_company_s_today(self):
        # drafted at 17:00 UTC on 30 June (1 July in Shanghai), the action due
        # on 30 June and still open is overdue, as the company counts days
        self.company.partner_id.tz = "Asia/Shanghai"
        finding = self.env["quality_ops.finding"].create(
            {
                "name": "No restore test",
                "description": "Backups never restored",
                "company_id": self.company.id,
                "severity": "major",
            }
        )
        self.env["quality_ops.action"].create(
            {
                "name": "Restore test",
                "finding_id": finding.id,
                "owner_id": self.manager.id,
                "due_date": "2026-06-30",
                "company_id": self.company.id,
            }
        )
        Report = self.Report.with_context(tz="America/New_York")
        with freeze_time("2026-06-30 17:00:00"):
            perform_cron_jobs(Report._cron_draft_reports)
        report = self.Report.search([("company_id", "=", self.company.id)])
        actions = report.line_ids.filtered(lambda line: line.section == "action")
        self.assertEqual(actions.sorted("sequence").mapped("count")[:3], [1, 1, 1])
