"""SLA service credits: a hand-counted month, bonus, exemptions moving their month,
revocation and rejection, locked months, roles, the drafting cron."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, users

from odoo.addons.quality_ops.quality_ops.models.quality_indicator_registry import Period
from odoo.addons.quality_ops.quality_ops.ratios import percent
from odoo.addons.queue_job.tests.common import trap_jobs

from . import sla_credits_common as fixture
from .common import perform_cron_jobs
from .sla_credits_common import D, utc


@tagged("post_install", "-at_install")
@freeze_time("2031-04-10 04:00:00")  # March 2031 is over: its statements can be drawn up
class TestSlaCredits(fixture.SlaCreditsCase):
    # ------------------------------------------------------------------
    def test_hand_counted_month(self):
        approved = self.request("D")
        rejected = self.request("E", reason="third_party")
        self.assertEqual(approved.state, "requested")
        self.assertTrue(approved.reference.startswith("EX/"))
        # the quality manager has the decision to make
        self.assertEqual(approved.activity_ids.user_id, self.manager)
        approved.with_user(self.officer).action_approve(comment="Power cut at the customer")
        rejected.with_user(self.officer).action_reject(comment="No evidence of the vendor fault")
        self.assertTrue(self.clocks["D", "resolution"].quality_exempted)
        self.assertFalse(self.clocks["E", "resolution"].quality_exempted)
        self.assertFalse(approved.activity_ids)

        statements = self.env["quality_ops.sla.statement"]._draft_statements([D(2031, 3, 1)])
        mine = statements.filtered(lambda s: s.scheme_id == self.scheme)
        self.assertEqual(len(mine), 1)
        self.assertRecordValues(
            mine,
            [
                {
                    "breach_count": 7,
                    "exempted_count": 1,
                    "charged_count": 6,
                    "verdict_count": 11,
                    "met_count": 4,
                    "compliance": 40.0,
                    "gross_credit": 2000.0,
                    "cap_amount": 1000.0,
                    "capped_credit": 1000.0,
                    "cap_reached": True,
                    "bonus": 0.0,
                    "net_credit": 1000.0,
                    "state": "draft",
                }
            ],
        )
        by_line = {(line.priority, line.kind): line for line in mine.line_ids}
        self.assertEqual(
            (by_line["3", "resolution"].charged_count, by_line["3", "resolution"].credit),
            (3, 1500.0),
        )
        self.assertEqual(by_line["3", "response"].credit, 200.0)
        self.assertEqual(
            (
                by_line["2", "resolution"].breach_count,
                by_line["2", "resolution"].exempted_count,
                by_line["2", "resolution"].credit,
            ),
            (2, 1, 200.0),
        )
        self.assertEqual(by_line["1", "resolution"].credit, 100.0)
        self.assertEqual(by_line["1", "response"].credit, 0.0)
        other = statements.filtered(lambda s: s.scheme_id == self.other_scheme)
        self.assertEqual((other.breach_count, other.net_credit), (1, 10.0))

        # the same figures from the analysis, before the cap
        Report = self.env["quality_ops.sla.credit.report"]
        groups = Report._read_group(
            [("project_id", "=", self.project.id), ("month", "=", D(2031, 3, 1))],
            [],
            ["breach_count:sum", "exempted_count:sum", "credit:sum"],
        )
        self.assertEqual(groups, [(7, 1, 2000.0)])

        # twice (or a second run at once) drafts nothing more
        again = self.env["quality_ops.sla.statement"]._draft_statements([D(2031, 3, 1)])
        self.assertFalse(again)

        # confirmed by the project manager, approved by the quality manager, sealed
        mine.with_user(self.lead).action_confirm()
        with self.assertRaises(AccessError):
            mine.with_user(self.lead).action_approve()
        mine.with_user(self.manager).action_approve()
        self.assertEqual((mine.state, mine.approved_by_id), ("approved", self.manager))
        self.assertTrue(mine._quality_is_sealed())
        with self.assertRaises(UserError):
            mine.with_user(self.manager).write({"note": "changed"})

    @freeze_time("2031-06-10 04:00:00")  # May is over
    def test_bonus_when_compliance_reaches_the_target(self):
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 5, 1)], self.scheme
        )
        # no clock in May: no compliance, no bonus
        self.assertEqual((statement.verdict_count, statement.bonus), (0, 0.0))
        clock = self.clocks["F", "resolution"]
        clock.sudo().write({"reached_at": utc(2031, 5, 5, 3)})
        statement._refresh_figures()
        self.assertEqual(
            (statement.compliance, statement.bonus, statement.net_credit), (100, 300, -300)
        )

    def test_exemption_moves_reso_sla_of_its_month(self):
        measurement = self.reso_march()
        self.assertEqual((measurement.numerator, measurement.denominator), (1, 7))
        self.request("D").with_user(self.officer).action_approve()
        measurement.invalidate_recordset()
        self.assertEqual((measurement.numerator, measurement.denominator), (1, 6))
        self.assertAlmostEqual(measurement.value, 16.67, places=2)
        # shown as exempted in the SLA analysis and its drill-down
        row = self.env["quality_ops.sla.report"].search(
            [("id", "=", self.clocks["D", "resolution"].id)]
        )
        self.assertEqual((row.exempted_count, row.breached_count, row.compliance), (1, 0, 0))
        self.assertTrue(row.exempted)
        ids = dict(measurement._drill_down())["quality_ops.ticket.sla"]
        self.assertNotIn(self.clocks["D", "resolution"].id, ids)
        self.assertEqual(len(ids), 6)

    def test_statement_compliance_is_the_registry_ratio(self):
        # the statement counts the clocks of RESP_SLA and RESO_SLA, as the
        # registry defines them: met / verdicts, the exempted one neither way
        self.request("D").with_user(self.officer).action_approve()
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        march = (D(2031, 3, 1), D(2031, 3, 31))
        period = Period(*self.company._quality_utc_bounds(*march), *march)
        restrict = {
            "helpdesk.ticket": self.env["helpdesk.ticket"]._search(
                [("project_id", "=", self.project.id)]
            )
        }
        Registry = self.env["quality_ops.indicator.registry"]
        totals = [
            Registry._totals(source, period, self.company.ids, restrict)
            for source in ("resp_sla", "reso_sla")
        ]
        met, counted = (sum(int(total[i]) for total in totals) for i in (0, 1))
        self.assertEqual((met, counted), (4, 10))
        self.assertEqual(
            (statement.met_count, statement.verdict_count - statement.exempted_count),
            (met, counted),
        )
        self.assertEqual(statement.compliance, percent(met, counted))

    def test_revoked_exemption_counts_again(self):
        measurement = self.reso_march()
        exemption = self.request("D")
        exemption.with_user(self.officer).action_approve()
        measurement.with_user(self.manager).action_lock()
        with self.assertRaises(AccessError):
            exemption.with_user(self.officer).action_revoke("Wrong evidence")
        with self.assertRaises(UserError):
            exemption.with_user(self.manager).action_revoke()
        exemption.with_user(self.manager).write({"revoke_reason": "The photos were of May"})
        exemption.with_user(self.manager).action_revoke()
        measurement.invalidate_recordset()
        self.assertEqual((exemption.state, measurement.denominator), ("revoked", 7))
        self.assertFalse(self.clocks["D", "resolution"].quality_exempted)
        self.assertIn("The photos were of May", measurement.message_ids[:1].body)
        # a new request may follow
        self.assertEqual(self.request("D").state, "requested")

    @users("qo_c_officer")
    def test_rejection_changes_nothing(self):
        measurement = self.reso_march()
        exemption = self.mine(self.request("E"))
        with self.assertRaises(UserError):
            exemption.action_reject(comment=" ")
        exemption.action_reject(comment="Our fault")
        measurement = self.reso_march()
        self.assertEqual((measurement.numerator, measurement.denominator), (1, 7))
        self.assertFalse(self.clocks["E", "resolution"].quality_exempted)

    def test_locked_month_only_through_the_recompute_with_a_reason(self):
        measurement = self.reso_march()
        measurement.with_user(self.manager).action_lock()
        exemption = self.request("D")
        # the officer decides exemptions, but not the recompute of a locked month
        with self.assertRaises(AccessError):
            exemption.with_user(self.officer).action_approve()
        with self.assertRaises(UserError):
            exemption.with_user(self.manager).action_approve()
        self.assertEqual(exemption.state, "requested")
        self.assertFalse(self.clocks["D", "resolution"].quality_exempted)
        self.assertEqual(measurement.denominator, 7)
        exemption.with_user(self.manager).action_approve(reason="Exemption EX approved late")
        measurement.invalidate_recordset()
        self.assertEqual((measurement.state, measurement.denominator), ("locked", 6))
        self.assertIn(
            "Exemption EX approved late", measurement.message_ids[:1].body, "logged with its reason"
        )

    def test_settled_statement_refuses_a_late_exemption(self):
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        exemption = self.request("D")
        statement.with_user(self.lead).action_confirm()
        with self.assertRaises(UserError):
            exemption.with_user(self.officer).action_approve()
        statement.with_user(self.lead).action_reset("An exemption is still pending")
        exemption.with_user(self.officer).action_approve()
        self.assertEqual((statement.charged_count, statement.exempted_count), (6, 1))

    def test_one_open_request_per_clock_and_only_on_breaches(self):
        self.request("D")
        with self.assertRaises(UserError):
            self.request("D")
        with self.assertRaises(UserError):
            self.request("F")  # met: nothing to exempt

    def statements(self):
        """March's statements: the bank contract's, and the others'."""
        statements = self.env["quality_ops.sla.statement"].sudo()._draft_statements([D(2031, 3, 1)])
        mine = statements.filtered(lambda s: s.scheme_id == self.scheme)
        return self.mine(mine), self.mine(statements - mine)

    @users("qo_c_engineer")
    def test_the_engineer_requests_and_withdraws_never_decides(self):
        exemption = self.mine(self.request("D"))
        with self.assertRaises(AccessError):
            exemption.action_approve()
        with self.assertRaises(UserError):
            exemption.write({"state": "approved"})
        with self.assertRaises(UserError):
            exemption.write({"decision_comment": "fine"})
        # withdrawn by its requester
        exemption.action_withdraw()
        self.assertEqual(exemption.state, "withdrawn")
        # nor does he read the statements
        mine, __ = self.statements()
        with self.assertRaises(AccessError):
            mine.read(["net_credit"])

    @users("qo_c_engineer2")
    def test_an_engineer_requests_on_the_clocks_of_his_tickets_only(self):
        exemption = self.mine(self.request("D"))
        with self.assertRaises(AccessError):
            self.request("E", user=self.env.user)
        with self.assertRaises(AccessError):
            exemption.read(["state"])

    @users("qo_c_portal")
    def test_the_portal_reads_no_exemption_nor_statement(self):
        with self.assertRaises(AccessError):
            self.env["quality_ops.sla.exemption"].search([])
        mine, __ = self.statements()
        with self.assertRaises(AccessError):
            mine.read(["net_credit"])

    def test_nobody_marks_a_clock_exempted_by_hand(self):
        with self.assertRaises(UserError):
            self.clocks["E", "resolution"].sudo().write({"quality_exempted": True})

    @users("qo_c_lead")
    def test_project_leads_see_their_contracts_only(self):
        mine, other = self.statements()
        self.assertEqual(self.env["quality_ops.sla.statement"].search([]), mine)
        with self.assertRaises(AccessError):
            other.action_confirm()
        with self.assertRaises(UserError):
            mine.write({"net_credit": 0})
        with self.assertRaises(AccessError):
            self.mine(self.scheme).write({"monthly_fee": 1})
        mine.action_confirm()
        self.assertEqual(mine.state, "confirmed")

    @users("qo_c_manager")
    def test_the_manager_deletes_a_draft_never_an_approved_statement(self):
        with self.assertRaises(UserError):
            self.mine(self.request("D")).unlink()
        mine, other = self.statements()
        with self.assertRaises(UserError):
            mine.line_ids[:1].write({"credit": 0})
        mine.with_user(self.lead).action_confirm()
        mine.action_approve()
        with self.assertRaises(UserError):
            mine.unlink()
        other.unlink()
        self.assertFalse(other.exists())
        self.assertTrue(mine.exists())

    def test_cron_drafts_last_month_once(self):
        Statement = self.env["quality_ops.sla.statement"]
        with trap_jobs() as trap:
            Statement._cron_draft(today=D(2031, 4, 2))
            # the scheduled action queues the drafting; it drafts nothing itself
            mine = [
                job
                for job in trap.enqueued_jobs
                if set(job.args[1]) & {self.scheme.id, self.other_scheme.id}
            ]
            self.assertEqual(len(mine), 1)
            self.assertEqual(mine[0].args[0], D(2031, 3, 1))
            self.assertFalse(Statement.search([("company_id", "=", self.company.id)]))
            trap.perform_enqueued_jobs()
        perform_cron_jobs(Statement._cron_draft, today=D(2031, 4, 3))
        found = Statement.search([("company_id", "=", self.company.id)])
        self.assertEqual(
            sorted(found.mapped("contract_key")),
            sorted([self.scheme.contract_key, self.other_scheme.contract_key]),
        )
        self.assertEqual(set(found.mapped("date_from")), {D(2031, 3, 1)})

    @freeze_time("2031-06-30 17:00:00")  # 1 July 01:00 in Shanghai: June is over there
    def test_cron_drafts_the_company_s_last_month(self):
        # whatever the time zone of the user running it, the month just over is
        # the company's (Shanghai's June), not the cron user's (New York's May)
        Statement = self.env["quality_ops.sla.statement"].with_context(tz="America/New_York")
        with trap_jobs() as trap:
            Statement._cron_draft()
        months = {
            job.args[0]
            for job in trap.enqueued_jobs
            if set(job.args[1]) & {self.scheme.id, self.other_scheme.id}
        }
        self.assertEqual(months, {D(2031, 6, 1)})
