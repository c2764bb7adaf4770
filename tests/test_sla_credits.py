"""SLA service credits: a hand-counted month, bonus, exemptions moving their month,
revocation and rejection, locked months, roles, the drafting cron."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

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

    def test_rejection_changes_nothing(self):
        measurement = self.reso_march()
        exemption = self.request("E")
        with self.assertRaises(UserError):
            exemption.with_user(self.officer).action_reject(comment=" ")
        exemption.with_user(self.officer).action_reject(comment="Our fault")
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
        statement.with_user(self.lead).action_reset()
        exemption.with_user(self.officer).action_approve()
        self.assertEqual((statement.charged_count, statement.exempted_count), (6, 1))

    def test_one_open_request_per_clock_and_only_on_breaches(self):
        self.request("D")
        with self.assertRaises(UserError):
            self.request("D")
        with self.assertRaises(UserError):
            self.request("F")  # met: nothing to exempt

    def test_roles(self):
        Exemption = self.env["quality_ops.sla.exemption"]
        exemption = self.request("D")
        # an engineer requests on the clocks of his tickets only
        with self.assertRaises(AccessError):
            self.request("E", user=self.other_engineer)
        with self.assertRaises(AccessError):
            exemption.with_user(self.engineer).action_approve()
        with self.assertRaises(AccessError):
            exemption.with_user(self.other_engineer).read(["state"])
        with self.assertRaises(UserError):
            exemption.with_user(self.engineer).write({"state": "approved"})
        with self.assertRaises(UserError):
            exemption.with_user(self.engineer).write({"decision_comment": "fine"})
        with self.assertRaises(UserError):
            exemption.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            Exemption.with_user(self.portal).search([])
        # nobody marks a clock exempted by hand
        with self.assertRaises(UserError):
            self.clocks["E", "resolution"].sudo().write({"quality_exempted": True})
        # withdrawn by its requester
        exemption.with_user(self.engineer).action_withdraw()
        self.assertEqual(exemption.state, "withdrawn")

        statements = self.env["quality_ops.sla.statement"]._draft_statements([D(2031, 3, 1)])
        mine = statements.filtered(lambda s: s.scheme_id == self.scheme)
        other = statements - mine
        # project leads see their contracts only
        self.assertEqual(
            self.env["quality_ops.sla.statement"].with_user(self.lead).search([]), mine
        )
        with self.assertRaises(AccessError):
            other.with_user(self.lead).action_confirm()
        with self.assertRaises(UserError):
            mine.with_user(self.lead).write({"net_credit": 0})
        with self.assertRaises(AccessError):
            mine.with_user(self.engineer).read(["net_credit"])
        with self.assertRaises(AccessError):
            mine.with_user(self.portal).read(["net_credit"])
        with self.assertRaises(AccessError):
            self.scheme.with_user(self.lead).write({"monthly_fee": 1})
        with self.assertRaises(UserError):
            mine.line_ids[:1].with_user(self.manager).write({"credit": 0})
        # a draft can be deleted, an approved statement never
        mine.with_user(self.lead).action_confirm()
        mine.with_user(self.manager).action_approve()
        with self.assertRaises(UserError):
            mine.with_user(self.manager).unlink()
        other.with_user(self.manager).unlink()

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
