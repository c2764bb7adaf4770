"""指标分析: written by the quality department, read by every quality role,
one per indicator, month and scope, kept in its company, frozen once the
month's measurements are locked, and printed in the quality reports."""

import datetime as dt

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged, users
from odoo.tools import mute_logger

from .common import (
    ENGINEER,
    FOREIGN,
    LEAD,
    MANAGER,
    OFFICER,
    PORTAL,
    QUALITY_DEPARTMENT,
    JsonRpcCalls,
    QualityCommon,
    report_html,
    shift_month,
)


class AnalysisFixture:
    @classmethod
    def setup_analysis(cls):
        cls.Analysis = cls.env["quality_ops.indicator.analysis"]
        cls.indicator = cls.env.ref("quality_ops.indicator_availability")
        today = cls.company._quality_local_date(fields.Datetime.now())
        # a month of a year the demo never measures, relative to today
        cls.month = dt.date(today.year - 3, 5, 1)
        cls.analysis = cls.Analysis.create(
            {
                "company_id": cls.company.id,
                "indicator_id": cls.indicator.id,
                "month": cls.month,
                "text": "Two outages of the core switch; a redundant link is ordered.",
            }
        )
        cls.measurement = cls.env["quality_ops.measurement"].create(
            {
                "indicator_id": cls.indicator.id,
                "periodicity": "month",
                "date_from": cls.month,
                "date_to": shift_month(cls.month, 1) - dt.timedelta(days=1),
                "company_id": cls.company.id,
                "value": 99.5,
            }
        )


@tagged("post_install", "-at_install")
class TestIndicatorAnalysis(AnalysisFixture, QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_analysis()

    def new_vals(self, **extra):
        return {
            "indicator_id": self.indicator.id,
            "month": shift_month(self.month, 1),
            "text": "Monitoring was down for two days.",
            **extra,
        }

    @users(*QUALITY_DEPARTMENT)
    def test_the_quality_department_writes(self):
        Analysis = self.env["quality_ops.indicator.analysis"]
        # the day is dropped: an analysis is of a month
        created = Analysis.create(
            self.new_vals(month=shift_month(self.month, 1) + dt.timedelta(days=9))
        )
        self.assertEqual(created.month, shift_month(self.month, 1))
        self.assertEqual(created.author_id, self.env.user)
        self.assertEqual(created.company_id, self.company)
        analysis = Analysis.browse(self.analysis.id)
        analysis.write({"text": "Rewritten by the department."})
        self.assertEqual(analysis.author_id, self.env.user, "the last writer signs")
        self.assertEqual(analysis.date, fields.Date.context_today(analysis))
        # the author and the date are not the client's to set
        analysis.write({"text": "Again.", "author_id": self.engineer.id})
        self.assertEqual(analysis.author_id, self.env.user)
        with self.assertRaises(UserError):
            analysis.write({"month": shift_month(self.month, 2)})
        created.unlink()
        self.assertFalse(created.exists())

    @users(LEAD, ENGINEER)
    def test_every_quality_role_reads_only(self):
        Analysis = self.env["quality_ops.indicator.analysis"]
        analysis = Analysis.browse(self.analysis.id)
        self.assertEqual(analysis.text, self.analysis.text)
        self.assertIn(self.indicator.name, analysis.display_name)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Analysis.create(self.new_vals())
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            analysis.write({"text": "Not theirs to write."})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            analysis.unlink()

    @users(PORTAL)
    def test_customers_do_not_read_it(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["quality_ops.indicator.analysis"].browse(self.analysis.id).read(["text"])

    @users(OFFICER)
    def test_one_per_indicator_month_and_scope(self):
        Analysis = self.env["quality_ops.indicator.analysis"]
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            Analysis.create(self.new_vals(month=self.month))
        # another scope of the same month is another analysis
        team = Analysis.create(self.new_vals(month=self.month, scope="team", team_id=self.team.id))
        self.assertEqual(team.scope_key, self.team.id)
        with self.assertRaises(ValidationError):
            Analysis.create(self.new_vals(scope="team"))
        with self.assertRaises(ValidationError):
            Analysis.create(self.new_vals(text="   "))

    @users(MANAGER)
    def test_frozen_once_the_month_is_locked(self):
        Analysis = self.env["quality_ops.indicator.analysis"]
        other_month = Analysis.create(self.new_vals())
        analysis = self.mine(self.analysis)
        self.assertFalse(analysis.is_frozen)
        self.mine(self.measurement).action_lock()
        analysis.invalidate_recordset(["is_frozen"])  # computed afresh by each request
        self.assertTrue(analysis.is_frozen)
        with self.assertRaises(UserError):
            analysis.write({"text": "Changed after the report."})
        with self.assertRaises(UserError):
            analysis.with_context(quality_pass=True, force=True).unlink()
        with self.assertRaises(UserError):
            Analysis.create(self.new_vals(month=self.month, scope="team", team_id=self.team.id))
        self.assertTrue(analysis.exists())
        # the other months stay open
        self.assertFalse(other_month.is_frozen)
        other_month.write({"text": "Still open."})

    @users(MANAGER, FOREIGN)
    def test_kept_in_its_company(self):
        foreign = self.Analysis.create(
            {
                "company_id": self.other_company.id,
                "indicator_id": self.indicator.id,
                "month": self.month,
                "text": "The other company's analysis.",
            }
        )
        Analysis = self.env["quality_ops.indicator.analysis"]
        mine, theirs = (self.analysis, foreign)
        if self.env.user == self.foreign_manager:
            mine, theirs = theirs, mine
        self.assertEqual(Analysis.search([("month", "=", self.month)]), mine)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Analysis.browse(theirs.id).read(["text"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Analysis.create(self.new_vals(company_id=theirs.company_id.id))
        foreign.unlink()

    def test_shown_on_the_dashboard_and_in_the_report(self):
        data = (
            self.env["quality_ops.dashboard"]
            .with_user(self.manager)
            .get_dashboard_data(year=self.month.year, month=self.month.month)
        )
        kpi = next(kpi for kpi in data["kpis"] if kpi["indicator_id"] == self.indicator.id)
        self.assertEqual(kpi["analysis"]["id"], self.analysis.id)
        self.assertEqual(kpi["analysis"]["text"], self.analysis.text)
        self.assertTrue(data["analysis_editable"])
        others = [k for k in data["kpis"] if k["indicator_id"] != self.indicator.id]
        self.assertFalse([k for k in others if k["analysis"]])
        report = (
            self.env["quality_ops.report"]
            .with_user(self.officer)
            .create(
                {
                    "name": "H1",
                    "kind": "half_year",
                    "year": self.month.year,
                    "half": "1",
                    "company_id": self.company.id,
                }
            )
        )
        self.assertEqual(self.Analysis._report_analyses(report), self.analysis)
        html = report_html(self.env, "quality_ops.report_quality_report", report, user=self.officer)
        self.assertIn("redundant link is ordered", html)
        report.write({"half": "2"})
        self.assertFalse(self.Analysis._report_analyses(report))


@tagged("post_install", "-at_install")
class TestIndicatorAnalysisOverRpc(JsonRpcCalls, AnalysisFixture, QualityCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_analysis()
        cls.measurement.with_user(cls.manager).action_lock()

    def refused(self, user, method, *args, **kwargs):
        model = "quality_ops.indicator.analysis"
        return self.assert_refused(user.login, model, method, *args, **kwargs)

    def test_a_frozen_analysis_is_refused_over_rpc(self):
        for method, args in (
            ("write", (self.analysis.ids, {"text": "Rewritten over RPC."})),
            ("unlink", (self.analysis.ids,)),
        ):
            with self.subTest(method=method):
                refusal = self.refused(self.manager, method, *args, context={"force": True})
                self.assertIn("UserError", refusal)
        # the engineer may not write at all
        refusal = self.refused(self.engineer, "write", self.analysis.ids, {"text": "Engineer's."})
        self.assertIn("AccessError", refusal)
        self.env.invalidate_all()
        self.assertTrue(self.analysis.exists())
        self.assertIn("redundant link", self.analysis.text)
        # reading it is fine
        read = self.call(
            self.engineer.login,
            "quality_ops.indicator.analysis",
            "read",
            self.analysis.ids,
            ["text"],
        )
        self.assertEqual(read[0]["text"], self.analysis.text)
