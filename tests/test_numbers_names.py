"""Names where codes were: indicators named by their name and found by their code,
measurements by indicator and period (in Chinese too), no data read as such on views and
cards, audit scores and survey scores shown as they are."""

import polib

from odoo.tests import tagged
from odoo.tools import file_path

from . import numbers_common as fixture
from .common import load_chinese
from .numbers_common import D, utc


@tagged("post_install", "-at_install")
class TestNumbersNamed(fixture.NumbersCase):
    # ------------------------------------------------------------------
    # names: what a reader sees
    # ------------------------------------------------------------------
    def load_chinese(self, *msgids):
        """zh_CN with quality_ops' terms; Odoo reads a .po through the
        module's .pot: a string not in the .pot yet is not translated."""
        pot = polib.pofile(file_path("quality_ops/i18n/quality_ops.pot"))
        missing = set(msgids) - {entry.msgid for entry in pot}
        if missing:
            self.fail(f"i18n/quality_ops.pot lacks {sorted(missing)}: regenerate it")
        load_chinese(self.env)

    def test_indicator_is_named_by_its_name_and_found_by_its_code(self):
        self.load_chinese()
        indicator = self.env.ref("quality_ops.indicator_resp_avg")
        self.assertEqual(indicator.with_context(lang="en_US").display_name, "Mean response time")
        self.assertEqual(indicator.with_context(lang="zh_CN").display_name, "平均响应时长")
        self.assertNotIn("RESP_AVG", indicator.with_context(lang="zh_CN").display_name)
        Indicator = self.env["quality_ops.indicator"].with_context(lang="zh_CN")
        for text in ("RESP_AVG", "resp_avg", "平均响应"):
            with self.subTest(search=text):
                found = [row[0] for row in Indicator.name_search(text, limit=50)]
                self.assertIn(indicator.id, found)
        self.assertIn(indicator, Indicator.search([("display_name", "ilike", "RESP_AVG")]))

    def test_measurement_is_named_by_indicator_and_period(self):
        february = self.measure("month", D(2026, 2, 1), D(2026, 2, 28))
        mean = self.of(february, "RESP_AVG")
        self.assertEqual(mean.period_key, "2026-02")
        self.assertEqual(
            mean.with_context(lang="en_US").display_name, "Mean response time · 2026-02"
        )
        self.assertEqual(mean.with_context(lang="en_US").period_label, "2026-02")
        for (periodicity, first, last), (english, key) in self.LONGER_PERIODS.items():
            with self.subTest(periodicity=periodicity):
                measurement = self.of(self.measure(periodicity, first, last), "RESP_AVG")
                self.assertEqual(measurement.period_key, key)
                self.assertEqual(measurement.with_context(lang="en_US").period_label, english)
                self.assertTrue(measurement.display_name.endswith(f" · {english}"))
        # a scope other than the company is named too
        self.reply(self.ticket(utc(2026, 3, 2, 9)), utc(2026, 3, 2, 10))
        project = self.of(
            self.measure("month", D(2026, 3, 1), D(2026, 3, 31)), "RESP_AVG", "project"
        )
        self.assertTrue(project)
        for measurement in project:
            self.assertTrue(measurement.display_name.endswith(self.project.display_name))

    LONGER_PERIODS = {
        ("quarter", D(2026, 10, 1), D(2026, 12, 31)): ("2026 Q4", "2026-Q4"),
        ("half_year", D(2026, 1, 1), D(2026, 6, 30)): ("2026 H1", "2026-H1"),
        ("year", D(2026, 1, 1), D(2026, 12, 31)): ("Year 2026", "2026"),
    }

    def test_measurement_is_named_in_chinese(self):
        self.load_chinese(
            "%(year)s-%(mm)s", "%(year)s Q%(quarter)s", "%(year)s H1", "Year %(year)s"
        )
        february = self.measure("month", D(2026, 2, 1), D(2026, 2, 28))
        mean = self.of(february, "RESP_AVG").with_context(lang="zh_CN")
        self.assertEqual(mean.display_name, "平均响应时长 · 2026年2月")
        self.assertEqual(mean.period_label, "2026年2月")
        chinese = ("2026年第4季度", "2026年上半年", "2026年")
        for (periodicity, first, last), label in zip(self.LONGER_PERIODS, chinese, strict=True):
            with self.subTest(periodicity=periodicity):
                measurement = self.of(self.measure(periodicity, first, last), "RESP_AVG")
                self.assertEqual(measurement.with_context(lang="zh_CN").period_label, label)

    def test_views_show_names_periods_and_no_data_as_such(self):
        def arch(xmlid):
            view = self.env.ref(xmlid)
            return self.env[view.model].get_view(view.id)["arch"]

        listed = arch("quality_ops.quality_measurement_view_list")
        self.assertIn('name="period_label"', listed)
        self.assertRegex(listed, r'name="value"[^>]*invisible="not has_value"')
        cards = arch("quality_ops.quality_measurement_view_kanban")
        self.assertIn('name="period_label"', cards)
        self.assertNotIn('name="date_from"', cards)
        self.assertIn("No data", cards)
        for xmlid in (
            "quality_ops.quality_measurement_view_pivot",
            "quality_ops.quality_measurement_view_graph",
        ):
            with self.subTest(view=xmlid):
                self.assertIn('name="period_key"', arch(xmlid))
                self.assertNotIn('interval="month"', arch(xmlid))
        # rates of a month without any clock or rating are no data, not 0.00
        reports = arch("quality_ops.quality_service_report_view_list")
        self.assertRegex(reports, r'name="csat_rate"[^>]*invisible="not rating_count"')
        self.assertRegex(reports, r'name="resolution_rate"[^>]*invisible="not resolution_total"')
        statements = arch("quality_ops.quality_sla_statement_view_list")
        self.assertRegex(statements, r'name="compliance"[^>]*invisible="not verdict_count"')
        self.assertIn('name="month_label"', statements)
        clocks = arch("quality_ops.quality_sla_report_view_list")
        self.assertRegex(clocks, r'name="consumed_hours"[^>]*invisible="not finished"')
        self.assertIn('name="month_key"', clocks)
        scorecard = arch("quality_ops.quality_target_view_scorecard")
        self.assertRegex(scorecard, r'name="actual_value"[^>]*invisible="not has_actual"')
        self.assertRegex(scorecard, r'name="attainment"[^>]*invisible="not has_actual"')
        # the audit score is 0-100: never the percentage widget (50 shown as
        # 5000 %), shown whenever something was applicable, a real 0 too
        for xmlid in (
            "quality_ops.quality_audit_view_kanban",
            "quality_ops.quality_audit_view_list",
            "quality_ops.quality_audit_view_form",
        ):
            with self.subTest(view=xmlid):
                audit_arch = arch(xmlid)
                self.assertNotIn('widget="percentage"', audit_arch)
                self.assertNotIn('invisible="not score"', audit_arch)
                self.assertIn('invisible="not applicable_count"', audit_arch)

    def test_no_data_reads_in_chinese_on_the_cards(self):
        self.load_chinese("No data", "No data: nothing to count in this period")
        for xmlid in (
            "quality_ops.quality_measurement_view_kanban",
            "quality_ops.quality_target_view_scorecard_kanban",
            "quality_ops.quality_measurement_view_form",
        ):
            with self.subTest(view=xmlid):
                arch = self.env.ref(xmlid).with_context(lang="zh_CN").arch_db
                self.assertIn("无数据", arch)
                self.assertNotIn(">No data", arch)

    def test_audit_without_applicable_line_has_no_score_and_zero_is_zero(self):
        Audit = self.env["quality_ops.audit"]
        common = {
            "kind": "project",
            "project_id": self.project.id,
            "company_id": self.company.id,
            "planned_date": D(2026, 3, 16),
        }
        empty, failed, half = Audit.create(
            [
                {
                    **common,
                    "name": "Nothing applicable",
                    "line_ids": [(0, 0, {"question": "A", "result": "not_applicable"})],
                },
                {
                    **common,
                    "name": "All failed",
                    "line_ids": [(0, 0, {"question": "A", "result": "major"})],
                },
                {
                    **common,
                    "name": "Half",
                    "line_ids": [
                        (0, 0, {"question": q, "result": r})
                        for q, r in (("A", "conform"), ("B", "minor"))
                    ],
                },
            ]
        )
        self.assertEqual(empty.applicable_count, 0)
        self.assertEqual((failed.applicable_count, failed.score), (1, 0.0))
        self.assertEqual(half.score, 50.0)
        # nothing applicable: the views hide its score (see the view test)
        self.assertFalse(empty.score)

    def test_followup_shows_the_survey_score_it_was_opened_for(self):
        campaign = self.survey_campaign()
        answer = self.survey_answers(campaign, {"quality_score": 37.5})
        campaign._follow_up_low_scores(answer)
        followup = self.env["quality_ops.followup"].search([("survey_input_id", "=", answer.id)])
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.survey_score, 37.5)
        self.assertEqual(followup.score_display, "37.5 / 100")
        self.assertFalse(followup.rating_id)
        other = self.env["quality_ops.followup"].create(
            {"name": "Call", "reason": "other", "company_id": self.company.id}
        )
        self.assertFalse(other.score_display)
        listed = self.env["quality_ops.followup"].get_view(
            self.env.ref("quality_ops.quality_followup_view_list").id
        )["arch"]
        self.assertIn('name="score_display"', listed)
        self.assertNotIn('name="rating"', listed)
