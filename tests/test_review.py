"""Management reviews: inputs read from the measurements and the quality
records as ISO 9001 §9.3.2 lists them, rendered in the reader's language;
decisions become actions at closing; a closed review is frozen and sealed."""

import datetime as dt
import re

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged, users
from odoo.tools import SQL

from odoo.addons.quality_ops.quality_ops.tools.workflow_pass import with_pass

from .common import (
    FOREIGN,
    PORTAL,
    QUALITY_DEPARTMENT,
    QualityCommon,
    company_today,
    load_chinese,
    reason_wizard,
    report_html,
)
from .pdf_common import PdfTextMixin

D = dt.date


@tagged("post_install", "-at_install")
class TestReview(PdfTextMixin, QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Indicator = cls.env["quality_ops.indicator"]
        manual = {"unit": "percent", "direction": "higher", "source": "manual"}
        cls.ind_met = Indicator.create(
            dict(manual, code="T_UPTIME", name="Test uptime", sequence=901)
        )
        cls.ind_missed = Indicator.create(
            dict(manual, code="T_PATCH", name="Test patch coverage", sequence=902)
        )
        cls.ind_blank = Indicator.create(
            dict(manual, code="T_DRILL", name="Test drill coverage", sequence=903)
        )
        cls.ind_unmeasured = Indicator.create(
            dict(manual, code="T_TRAIN", name="Test training coverage", sequence=904)
        )
        target = {"target_value": 95, "warning_value": 90}
        plan = cls.make_plan(
            year=2031,
            targets=[
                dict(target, indicator_id=indicator.id)
                for indicator in (
                    cls.ind_met,
                    cls.ind_missed,
                    cls.ind_blank,
                    cls.ind_unmeasured,
                    cls.ind_resp,
                )
            ],
        )
        plan.with_user(cls.manager).action_submit()
        plan.with_user(cls.representative).action_approve()
        Measurement = cls.env["quality_ops.measurement"].with_user(cls.officer)
        year = {"periodicity": "year", "date_from": "2031-01-01", "date_to": "2031-12-31"}
        last_year = {"periodicity": "year", "date_from": "2030-01-01", "date_to": "2030-12-31"}
        cls.m_met = Measurement.create(dict(year, indicator_id=cls.ind_met.id, value=98.0))
        cls.m_missed = Measurement.create(dict(year, indicator_id=cls.ind_missed.id, value=80.0))
        # measured, but nothing to measure: no data, not a zero
        cls.m_blank = Measurement.create(
            dict(year, indicator_id=cls.ind_blank.id, value=0.0, has_value=False)
        )
        Measurement.create(dict(last_year, indicator_id=cls.ind_met.id, value=96.0))
        Measurement.create(dict(last_year, indicator_id=cls.ind_missed.id, value=85.0))
        # SLA of the team and the project, as the engine stores them
        cls.m_team = cls._engine(cls.ind_resp, "team", cls.team, 96.0, 24)
        cls.m_project = cls._engine(cls.ind_resp, "project", cls.project, 80.0, 10)
        # a review measures its period when it gathers its inputs (once the
        # period has begun): locked, these stay what the test says whatever
        # the day the test runs
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE quality_ops_measurement SET state = 'locked' WHERE id IN %s",
                tuple((cls.m_team | cls.m_project).ids),
            )
        )
        (cls.m_team | cls.m_project).invalidate_recordset()

    @classmethod
    def _engine(cls, indicator, scope, record, value, count):
        values = {
            "indicator_id": indicator.id,
            "periodicity": "year",
            "date_from": "2031-01-01",
            "date_to": "2031-12-31",
            "scope": scope,
            f"{scope}_id": record.id,
            "scope_key": record.id,
            "company_id": cls.company.id,
            "numerator": value * count / 100,
            "denominator": count,
            "value": value,
        }
        Measurement = cls.env["quality_ops.measurement"]
        measurement = with_pass(Measurement, creating=True).create(values).with_env(cls.env)
        measurement._evaluate()
        return measurement

    def new_review(self, user=None, **vals):
        values = {"name": "2031 management review", "planned_date": "2031-12-10"}
        values.update(vals)
        return self.env["quality_ops.review"].with_user(user or self.manager).create(values)

    def held_review(self, **vals):
        review = self.new_review(**vals)
        review.with_user(self.officer).action_start()
        return review

    def line(self, review, section, indicator=None, **where):
        lines = review.input_ids.filtered(lambda x: x.section == section)
        if indicator is not None:
            lines = lines.filtered(lambda x: x.indicator_id == indicator)
        for name, value in where.items():
            lines = lines.filtered(lambda x, n=name, v=value: x[n] == v)
        self.assertEqual(len(lines), 1, f"one {section} line {indicator} {where}")
        return lines

    # ------------------------------------------------------------------
    # the record
    # ------------------------------------------------------------------
    def test_reference_period_and_no_score(self):
        review = self.new_review()
        self.assertTrue(review.reference.startswith("MR/2031/"))
        self.assertEqual((review.date_from, review.date_to), (D(2031, 1, 1), D(2031, 12, 10)))
        self.assertEqual(review.periodicity, "year")
        self.assertEqual(review.year, 2031)
        self.assertEqual(review.state, "planned")
        self.assertEqual(review.chair_id, self.representative, "the management representative")
        self.assertFalse(review.input_ids, "inputs are gathered when the review is held")
        # a review is judged by people, it has no score of its own
        floats = [n for n, f in review._fields.items() if f.type in ("float", "monetary")]
        self.assertEqual(floats, [])
        self.assertNotIn("kind", review._fields)
        self.assertNotIn(
            "review", dict(self.env["quality_ops.audit"]._fields["kind"].selection), "audits"
        )
        half = self.new_review(date_from="2031-07-01", date_to="2031-09-30")
        self.assertEqual(half.periodicity, "quarter")
        with self.assertRaisesRegex(ValidationError, "first day of a month"):
            self.new_review(date_from="2031-01-15")

    def test_start_and_refresh_belong_to_the_quality_department(self):
        review = self.new_review()
        with self.assertRaises(AccessError):
            review.with_user(self.lead).action_start()
        with self.assertRaises(AccessError):
            self.env["quality_ops.review"].with_user(self.lead).create(
                {"name": "x", "planned_date": "2031-12-10"}
            )
        review.with_user(self.officer).action_start()
        self.assertEqual(review.state, "in_progress")
        self.assertEqual(review.date_held, company_today(review.company_id))
        self.assertTrue(review.inputs_refreshed_at)
        with self.assertRaises(AccessError):
            review.with_user(self.lead).action_refresh_inputs()

    # ------------------------------------------------------------------
    # inputs
    # ------------------------------------------------------------------
    def test_objectives_match_the_measurements(self):
        review = self.held_review()
        met = self.line(review, "objective", self.ind_met)
        self.assertEqual(met.measurement_id, self.m_met)
        self.assertEqual(
            (met.value, met.has_value, met.target_value, met.has_target),
            (98.0, True, 95.0, True),
        )
        self.assertEqual((met.status, self.m_met.status), ("met", "met"))
        self.assertEqual((met.previous_value, met.trend), (96.0, "better"))
        missed = self.line(review, "objective", self.ind_missed)
        self.assertEqual((missed.value, missed.target_value), (80.0, 95.0))
        self.assertEqual((missed.status, self.m_missed.status), ("missed", "missed"))
        self.assertEqual(missed.trend, "worse")
        # measured without data: no data, never a zero that could pass for a result
        blank = self.line(review, "objective", self.ind_blank)
        self.assertEqual(blank.measurement_id, self.m_blank)
        self.assertEqual((blank.has_value, blank.status), (False, "no_data"))
        self.assertEqual(blank.value_display, "—")
        self.assertEqual(blank.target_display, "95.00 %")
        self.assertFalse(blank.trend)
        # a target of the plan that was never measured is listed as no data too
        unmeasured = self.line(review, "objective", self.ind_unmeasured)
        self.assertEqual((unmeasured.status, unmeasured.has_target), ("no_data", True))
        self.assertFalse(unmeasured.measurement_id)
        self.assertEqual(met.value_display, "98.00 %")

    def test_satisfaction_sla_and_missing_targets(self):
        review = self.held_review()
        satisfaction = review.input_ids.filtered(lambda x: x.section == "satisfaction")
        self.assertLessEqual(
            {"csat", "survey", "nps"}, set(satisfaction.indicator_id.mapped("source"))
        )
        # nothing measured in 2031 and no target: no data, and a dash for the target
        csat = self.line(review, "satisfaction", self.ind_csat)
        self.assertEqual(
            (csat.status, csat.value_display, csat.target_display), ("no_data", "—", "—")
        )
        team = self.line(review, "sla", self.ind_resp, scope="team")
        self.assertEqual((team.team_id, team.label), (self.team, self.team.name))
        self.assertEqual((team.value, team.target_value, team.count), (96.0, 95.0, 24))
        self.assertEqual((team.status, self.m_team.status), ("met", "met"))
        project = self.line(review, "sla", self.ind_resp, scope="project")
        self.assertEqual((project.project_id, project.status), (self.project, "missed"))
        self.assertEqual(self.m_project.status, "missed")

    def test_a_value_without_a_target_shows_a_dash(self):
        other = self.env["quality_ops.indicator"].create(
            {"code": "T_FREE", "name": "Untargeted", "source": "manual", "sequence": 905}
        )
        self.env["quality_ops.measurement"].with_user(self.officer).create(
            {
                "indicator_id": other.id,
                "periodicity": "year",
                "date_from": "2031-01-01",
                "date_to": "2031-12-31",
                "value": 42.0,
            }
        )
        line = self.line(self.held_review(), "objective", other)
        self.assertEqual(
            (line.status, line.has_target, line.target_display), ("no_target", False, "—")
        )
        self.assertEqual(line.value_display, "42.00 %")

    def counts(self, review, section, *names, **where):
        lines = review.input_ids.filtered(
            lambda x: x.section == section and all(x[k] == v for k, v in where.items())
        )
        return tuple(sum(lines.mapped(name)) for name in names)

    def test_records_of_the_period_and_refresh(self):
        """What a refresh adds is what happened: one finding, one complaint, one
        overdue action, one audit more."""
        general = self.env.ref("quality_ops.complaint_level_general")
        with freeze_time("2031-12-10"):
            review = self.held_review()
        before = {
            "finding": self.counts(review, "finding", "count", "open_count", severity="major"),
            "complaint": self.counts(review, "complaint", "count", "open_count", level_id=general),
            "action": self.counts(
                review, "action", "open_count", "overdue_count", action_type="corrective"
            ),
        }
        finding = (
            self.env["quality_ops.finding"]
            .with_user(self.officer)
            .create({"name": "No restore test", "description": "2031", "severity": "major"})
        )
        self.env["quality_ops.action"].with_user(self.officer).create(
            {
                "name": "Restore test",
                "action_type": "corrective",
                "finding_id": finding.id,
                "owner_id": self.engineer.id,
                "due_date": "2031-03-31",
            }
        )
        complaint = self.env["quality_ops.complaint"].create(
            {"name": "Late again", "partner_id": self.customer.id, "level_id": general.id}
        )
        self.env.flush_all()
        for table, record in (
            ("quality_ops_finding", finding),
            ("quality_ops_complaint", complaint),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET create_date = '2031-03-02' WHERE id = %s",
                    SQL.identifier(table),
                    record.id,
                )
            )
        self.env.invalidate_all()
        audit = self.env["quality_ops.audit"].create(
            {
                "name": "2031 H1",
                "planned_date": "2031-06-10",
                "template_id": self.env.ref("quality_ops.checklist_organisation").id,
            }
        )
        audit.action_start()
        audit.line_ids.write({"result": "conform"})
        audit.line_ids[:1].write({"result": "minor"})
        audit.action_report()
        with freeze_time("2031-12-10"):
            review.with_user(self.officer).action_refresh_inputs()
        after = {
            "finding": self.counts(review, "finding", "count", "open_count", severity="major"),
            "complaint": self.counts(review, "complaint", "count", "open_count", level_id=general),
            "action": self.counts(
                review, "action", "open_count", "overdue_count", action_type="corrective"
            ),
        }
        for key, (first, second) in before.items():
            self.assertEqual(after[key], (first + 1, second + 1), key)
        line = self.line(review, "audit", audit_id=audit)
        self.assertEqual(line.value, audit.score)
        self.assertLess(line.value, 100.0)
        self.assertEqual((line.count, line.label), (1, audit.display_name))
        # a complaint level with nothing closed shows no rate, not 0 %
        self.assertEqual(self.line(review, "complaint", level_id=general).value_display, "—")

    def test_inputs_store_figures_not_text(self):
        Input = self.env["quality_ops.review.input"]
        texts = [
            name
            for name, field in Input._fields.items()
            if field.store and field.type in ("char", "text", "html")
        ]
        self.assertEqual(texts, [], "what is read is rendered in the reader's language")

    # ------------------------------------------------------------------
    # the reader's language
    # ------------------------------------------------------------------
    def render(self, review, user):
        return report_html(
            self.env, "quality_ops.report_quality_review", review, user=user, lang=user.lang
        )

    @staticmethod
    def row_of(html, text):
        rows = [row for row in re.split(r"<tr", html) if text in row]
        assert len(rows) == 1, f"one row with {text}"
        return rows[0]

    def test_rendered_in_each_readers_language(self):
        load_chinese(self.env)
        self.ind_blank.with_context(lang="zh_CN").name = "应急演练覆盖率"
        self.ind_met.with_context(lang="zh_CN").name = "测试可用率"
        chinese = new_test_user(
            self.env, "qo_t_zh", groups="quality_ops.group_quality_officer", lang="zh_CN"
        )
        english = new_test_user(
            self.env, "qo_t_en", groups="quality_ops.group_quality_officer", lang="en_US"
        )
        review = self.held_review()
        zh = self.render(review, chinese)
        en = self.render(review, english)
        # the same stored review, two readers
        self.assertIn("管理评审", zh)
        self.assertIn("质量目标", zh)
        self.assertNotIn("Quality Objectives", zh)
        self.assertIn("Management Review", en)
        self.assertIn("Quality Objectives", en)
        self.assertNotIn("质量目标", en)
        row = self.row_of(zh, "应急演练覆盖率")
        self.assertIn("无数据", row)
        self.assertIn("—", row)
        self.assertNotIn("0.00", row)
        row = self.row_of(en, "Test drill coverage")
        self.assertIn("No Data", row)
        self.assertNotIn("0.00", row)
        self.assertIn("已达成", self.row_of(zh, "测试可用率"))
        self.assertIn("Met", self.row_of(en, "Test uptime"))
        self.assertNotIn("应急演练覆盖率", en)
        # the form reads the same lines in the reader's language
        line = self.line(review, "objective", self.ind_blank)
        self.assertEqual(line.with_user(chinese).with_context(lang="zh_CN").label, "应急演练覆盖率")
        self.assertEqual(
            line.with_user(english).with_context(lang="en_US").label, "Test drill coverage"
        )
        # and the printed review, in the Chinese reader's language
        text = self.render_pdf_text("quality_ops.report_quality_review", review, user=chinese)
        self.assertInPdf("应急演练覆盖率", text)
        # header, numbered pages, signatures; no label broken over two lines
        self.assertPagesNumbered(text)
        for chinese in ("管理评审报告", "编制人", "审核人", "批准人", "签字"):
            self.assertInPdf(chinese, text)
        self.assertIn(self.as_read_back("评审期间"), text, "the label on one line")

    # ------------------------------------------------------------------
    # decisions, closing, previous review
    # ------------------------------------------------------------------
    def test_decisions_become_actions_at_close_and_feed_the_next_review(self):
        review = self.held_review(name="2030 review", planned_date="2030-12-10")
        review.with_user(self.officer).write(
            {
                "decision_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Hire a second QC officer",
                            "owner_id": self.engineer.id,
                            "due_date": "2031-03-31",
                            "action_type": "preventive",
                        },
                    ),
                    (0, 0, {"name": "Publish the skills matrix"}),
                ]
            }
        )
        with self.assertRaises(AccessError):
            review.with_user(self.officer).action_close()
        review.with_user(self.manager).action_close()
        self.assertEqual(review.state, "closed")
        self.assertEqual(review.closed_by_id, self.manager)
        hire, publish = review.decision_ids.sorted("id")
        self.assertEqual(hire.action_id.review_id, review)
        self.assertEqual(
            (hire.action_id.owner_id, hire.action_id.action_type, hire.action_id.due_date),
            (self.engineer, "preventive", D(2031, 3, 31)),
        )
        self.assertEqual(publish.action_id.owner_id, self.manager, "the company's quality manager")
        self.assertEqual(publish.action_id.due_date, review.date_held + relativedelta(months=3))
        self.assertEqual(review.action_count, 2)
        # the engineer carrying an action reads its review and decision, nothing more
        self.assertEqual(
            self.env["quality_ops.review"]
            .with_user(self.engineer)
            .search([("id", "=", review.id)]),
            review,
        )
        self.assertEqual(
            self.env["quality_ops.review.decision"]
            .with_user(self.engineer)
            .search([("review_id", "=", review.id)]),
            hire,
        )
        with self.assertRaises(AccessError):
            self.env["quality_ops.review.input"].with_user(self.engineer).search([])
        # and opens its form: without the inputs, with only the own decision
        Review = self.env["quality_ops.review"].with_user(self.engineer)
        arch = Review.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="decision_ids"', arch)
        self.assertNotIn('name="objective_input_ids"', arch)
        self.assertIn(
            'name="objective_input_ids"',
            self.env["quality_ops.review"]
            .with_user(self.officer)
            .get_views([(False, "form")])["views"]["form"]["arch"],
        )
        data = Review.browse(review.id).web_read(
            {
                "name": {},
                "chair_id": {"fields": {"display_name": {}}},
                "decision_ids": {"fields": {"name": {}, "action_id": {}}},
            }
        )
        self.assertEqual([d["id"] for d in data[0]["decision_ids"]], hire.ids)
        self.assertFalse(
            self.env["quality_ops.review"].with_user(self.lead).search([("id", "=", review.id)])
        )
        # the next review lists what became of those decisions
        hire.action_id.with_user(self.engineer).write({"result": "<p>Hired</p>"})
        hire.action_id.with_user(self.engineer).action_done()
        nxt = self.held_review()
        self.assertEqual(nxt.previous_review_id, review)
        followed = self.line(nxt, "previous", decision_id=hire)
        self.assertEqual((followed.action_id, followed.action_state), (hire.action_id, "done"))
        self.assertEqual(followed.label, "Hire a second QC officer")
        self.assertEqual(self.line(nxt, "previous", decision_id=publish).action_state, "open")

    def closed_review(self):
        review = self.held_review()
        review.sudo().write({"decision_ids": [(0, 0, {"name": "Keep the targets"})]})
        review.with_user(self.representative).action_close()
        return review

    @users(*QUALITY_DEPARTMENT)
    def test_no_role_changes_a_closed_review(self):
        review = self.mine(self.closed_review())
        decision = review.decision_ids
        line = review.input_ids[:1]
        Decision = self.env["quality_ops.review.decision"]
        Input = self.env["quality_ops.review.input"]
        for number, attempt in enumerate(
            (
                lambda: review.write({"name": "Changed"}),
                lambda: review.write({"minutes": "<p>Rewritten</p>"}),
                lambda: review.write({"state": "planned"}),
                lambda: review.unlink(),
                lambda: review.action_refresh_inputs(),
                lambda: review.action_start(),
                lambda: decision.write({"name": "Other"}),
                lambda: decision.unlink(),
                lambda: Decision.create({"review_id": review.id, "name": "Late decision"}),
                lambda: line.write({"value": 100}),
                lambda: line.unlink(),
                lambda: Input.create(
                    {"review_id": review.id, "section": "objective", "value": 100}
                ),
            )
        ):
            with self.subTest(attempt=number), self.assertRaises(UserError):
                attempt()
        self.assertEqual(review.name, "2031 management review")
        self.assertEqual(len(review.decision_ids), 1)

    def test_closed_review_is_frozen_and_sealed_and_reopened_with_a_reason(self):
        review = self.closed_review()
        self.assertTrue(review._quality_is_sealed())
        decision = review.decision_ids
        line = review.input_ids[:1]
        # not even code running as the superuser changes a closed review
        for number, attempt in enumerate(
            (
                lambda: review.sudo().write({"conclusions": "<p>Rewritten</p>"}),
                lambda: line.sudo().write({"value": 100}),
                lambda: decision.sudo().unlink(),
                lambda: (
                    self.env["quality_ops.review.input"]
                    .sudo()
                    .create({"review_id": review.id, "section": "objective"})
                ),
            )
        ):
            with self.subTest(attempt=number), self.assertRaises(UserError):
                attempt()
        self.assertEqual(review.name, "2031 management review")
        self.assertEqual(len(review.decision_ids), 1)
        check = self.env["quality_ops.integrity.check"].with_user(self.officer).create({})
        check.action_verify()
        self.assertTrue(check.is_clean)
        # reopening needs the manager and a reason, and releases the seal
        with self.assertRaises(AccessError):
            review.with_user(self.officer).action_reopen("typo")
        with self.assertRaisesRegex(UserError, "reason"):
            review.with_user(self.manager).action_reopen("  ")
        wizard = reason_wizard(
            self.manager, review, "action_reopen", "Owner of a decision was wrong"
        )
        wizard.action_confirm()
        self.assertEqual(review.state, "in_progress")
        self.assertFalse(review._quality_is_sealed())
        self.assertFalse(review.closed_by_id)
        released = self.env["quality_ops.integrity.seal"].search(
            [("res_model", "=", review._name), ("res_id", "=", review.id)], order="sequence desc"
        )[0]
        self.assertEqual(
            (released.event, released.reason), ("unseal", "Owner of a decision was wrong")
        )
        review.with_user(self.officer).write({"minutes": "<p>Corrected</p>"})
        review.with_user(self.manager).action_close()
        self.assertTrue(review._quality_is_sealed())
        check = self.env["quality_ops.integrity.check"].with_user(self.officer).create({})
        check.action_verify()
        self.assertTrue(check.is_clean)
        # an input changed in the database no longer matches the seal
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE quality_ops_review_input SET value = 100 WHERE id = %s", line.id)
        )
        check = self.env["quality_ops.integrity.check"].with_user(self.officer).create({})
        check.action_verify()
        self.assertFalse(check.is_clean)
        self.assertIn(
            review.id,
            check.line_ids.filtered(lambda x: x.res_model == "quality_ops.review").mapped("res_id"),
        )

    @users(FOREIGN)
    def test_other_company_sees_no_review(self):
        review = self.held_review()
        self.assertFalse(self.env["quality_ops.review"].search([("id", "=", review.id)]))
        self.assertFalse(
            self.env["quality_ops.review.input"].search([("review_id", "=", review.id)])
        )

    @users(PORTAL)
    def test_portal_reads_no_review(self):
        with self.assertRaises(AccessError):
            self.env["quality_ops.review"].search([])
