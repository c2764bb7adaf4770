"""What a settled SLA statement keeps: its scheme, its tickets' contracts and priorities,
no cancellation or deletion; who may ask for exemptions; the service report states the
approved statement only."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, users

from . import sla_credits_common as fixture
from .common import load_chinese, role_user
from .sla_credits_common import D


@tagged("post_install", "-at_install")
@freeze_time("2031-04-10 04:00:00")  # March 2031 is over: its statements can be drawn up
class TestSlaSettlement(fixture.SlaCreditsCase):
    def test_schemes_do_not_overlap(self):
        with self.assertRaises(UserError):
            self.env["quality_ops.sla.credit.scheme"].create(
                {
                    "name": "Overlap",
                    "company_id": self.company.id,
                    "project_id": self.project.id,
                    "partner_id": self.customer.id,
                    "date_start": "2031-06-01",
                    "cap_type": "none",
                }
            )
        with self.assertRaises(UserError):
            self.env["quality_ops.sla.credit.scheme"].create(
                {
                    "name": "Mid-month",
                    "company_id": self.company.id,
                    "partner_id": self.customer.id,
                    "date_start": "2032-01-15",
                    "cap_type": "none",
                }
            )

    @users("qo_c_lead")
    def test_statement_created_by_hand_gets_its_figures(self):
        Statement = self.env["quality_ops.sla.statement"]
        statement = Statement.create({"scheme_id": self.scheme.id, "date_from": "2031-03-01"})
        self.assertEqual(statement.breach_count, 7)
        with self.assertRaises(UserError):
            Statement.create(
                {"scheme_id": self.scheme.id, "date_from": "2031-04-01", "net_credit": 5}
            )

    def test_no_statement_of_a_month_not_over(self):
        Statement = self.env["quality_ops.sla.statement"]
        with self.assertRaisesRegex(UserError, "2031-04 has not ended"):
            Statement.with_user(self.lead).create(
                {"scheme_id": self.scheme.id, "date_from": "2031-04-01"}
            )
        self.assertFalse(Statement._draft_statements([D(2031, 4, 1)], self.scheme))
        # the last local hours of the month: 30 April 16:00 UTC is 1 May in Shanghai
        with freeze_time("2031-04-30 15:59:00"):
            with self.assertRaises(UserError):
                Statement.create({"scheme_id": self.scheme.id, "date_from": "2031-04-01"})
        with freeze_time("2031-04-30 16:00:01"):
            self.assertTrue(
                Statement.create({"scheme_id": self.scheme.id, "date_from": "2031-04-01"})
            )

    @users("qo_c_lead")
    def test_nothing_said_of_a_scheme_the_user_cannot_read(self):
        with self.assertRaises(AccessError):
            self.env["quality_ops.sla.statement"].create(
                {"scheme_id": self.other_scheme.id, "date_from": "2032-01-01"}
            )

    def test_a_settled_scheme_keeps_what_its_statements_were_computed_from(self):
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        scheme = self.scheme.with_user(self.manager)
        scheme.write({"monthly_fee": 12000})  # a draft statement: still free
        statement.with_user(self.lead).action_confirm()
        for vals in (
            {"project_id": self.other_project.id},
            {"partner_id": self.env["res.partner"].create({"name": "X", "is_company": True}).id},
            {"date_start": "2031-04-01"},
            {"date_end": "2031-02-28"},
            {"active": False},
            {"monthly_fee": 1},
        ):
            with self.assertRaises(UserError):
                scheme.write(vals)
        with self.assertRaises(UserError):
            scheme.line_ids[:1].write({"credit": 9999})
        with self.assertRaises(UserError):
            scheme.line_ids[:1].unlink()
        with self.assertRaises(UserError):
            self.env["quality_ops.sla.credit.scheme.line"].with_user(self.manager).create(
                {"scheme_id": scheme.id, "priority": "0", "kind": "response", "credit": 1}
            )
        with self.assertRaises(UserError):
            scheme.unlink()
        scheme.write({"name": "Bank SLA 2031 (renamed)", "date_end": "2032-06-30"})
        self.assertEqual(statement.project_id, self.project)

    def test_a_settled_ticket_keeps_its_contract_and_priority(self):
        # the O&M manager of the helpdesk, and one who also works in the
        # quality department (who corrects a ticket filed under the wrong
        # contract or priority)
        helpdesk = "base.group_user,helpdesk_mgmt.group_helpdesk_manager"
        om_manager = role_user(self.env, "qo_c_om", groups=helpdesk, company=self.company)
        dispatcher = role_user(
            self.env,
            "qo_c_dispatcher",
            groups=f"{helpdesk},quality_ops.group_quality_officer",
            company=self.company,
        )
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        ticket = self.clocks["C", "resolution"].ticket_id
        other = self.clocks["H", "resolution"].ticket_id
        # a breached ticket stays on its contract and priority for the people
        # measured, not moved off the customer's credits...
        for vals in ({"project_id": self.other_project.id}, {"priority": "1"}):
            with self.assertRaisesRegex(UserError, "service credits are charged under"):
                ticket.with_user(om_manager).write(vals)
        ticket.with_user(om_manager).write({"priority": ticket.priority, "name": "Same"})
        # another contact of the same customer company is no move
        teller = self.env["res.partner"].create({"name": "Teller", "parent_id": self.customer.id})
        ticket.with_user(om_manager).write({"partner_id": teller.id})
        self.assertEqual(ticket.commercial_partner_id, self.customer)
        # ...the quality department corrects it, and a draft follows
        ticket.with_user(dispatcher).write({"priority": "1"})
        ticket.with_user(dispatcher).write({"priority": "2"})
        statement.with_user(self.lead).action_confirm()
        for vals in ({"project_id": self.other_project.id}, {"priority": "3"}):
            with self.assertRaisesRegex(UserError, "is counted in SLA statement"):
                ticket.with_user(dispatcher).write(vals)
        # nor may a ticket of another contract move into the settled month
        with self.assertRaises(UserError):
            other.with_user(dispatcher).write({"project_id": self.project.id})
        self.assertEqual(statement.breach_count, 7)
        ticket.with_user(dispatcher).write({"name": "Still free to rename"})

    def dispatcher_and_cancelled_stage(self):
        """A helpdesk manager of the company, and the cancelled stage, which a
        policy of the company excludes."""
        dispatcher = role_user(
            self.env,
            "qo_c_dispatcher_hd",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
            company=self.company,
        )
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.env["quality_ops.sla.policy"].create(
            {
                "name": "Cancels",
                "company_id": self.company.id,
                "excluded_stage_ids": [(6, 0, cancelled.ids)],
                "line_ids": [(0, 0, {"priority": "0", "response_hours": 1})],
            }
        )
        return dispatcher, cancelled

    def test_a_settled_ticket_is_not_cancelled(self):
        """Cancelling would take its clocks out of a statement already settled."""
        dispatcher, cancelled = self.dispatcher_and_cancelled_stage()
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        statement.with_user(self.lead).action_confirm()
        ticket = self.clocks["C", "resolution"].ticket_id
        with self.assertRaisesRegex(UserError, "is counted in SLA statement"):
            ticket.with_user(dispatcher).write({"stage_id": cancelled.id})
        self.assertNotEqual(ticket.stage_id, cancelled)
        self.assertEqual(self.clocks["C", "resolution"].state, "breached")

    def test_a_ticket_cancelled_when_its_month_was_settled_stays_cancelled(self):
        """Taking it back would count again the response it had been given in
        the settled month."""
        dispatcher, cancelled = self.dispatcher_and_cancelled_stage()
        response = self.clocks["F", "response"]
        ticket = response.ticket_id
        ticket.sudo().stage_id = cancelled
        response.sudo().write({"state": "cancelled", "cancelled_at": response.reached_at})
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        statement.with_user(self.lead).action_confirm()
        working = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        with self.assertRaisesRegex(UserError, "it stays cancelled"):
            ticket.with_user(dispatcher).write({"stage_id": working.id})
        self.assertEqual((ticket.stage_id, response.state), (cancelled, "cancelled"))

    def test_a_settled_contract_and_its_tickets_are_not_deleted(self):
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        statement.with_user(self.lead).action_confirm()
        ticket = self.clocks["C", "resolution"].ticket_id
        with self.assertRaisesRegex(UserError, "is counted in SLA statement"):
            ticket.unlink()
        # the scheme's project, whose tickets have verdicts: archived, not deleted
        with self.assertRaisesRegex(UserError, "archive the project"):
            self.project.unlink()
        self.assertEqual(self.scheme.project_id, self.project)
        # not moved into a company its user does not work for
        other = self.env["res.company"].create({"name": "Elsewhere"})
        with self.assertRaises(AccessError):
            self.other_scheme.with_user(self.manager).write({"company_id": other.id})

    def test_who_asks_does_not_decide(self):
        exemption = self.request("D", user=self.officer)
        with self.assertRaisesRegex(UserError, "another QA/QC officer"):
            exemption.with_user(self.officer).action_approve()
        with self.assertRaises(UserError):
            exemption.with_user(self.officer).action_reject(comment="no")
        exemption.with_user(self.manager).action_approve()
        self.assertTrue(self.clocks["D", "resolution"].quality_exempted)

    def test_requests_on_own_tickets_and_projects_only(self):
        # the other project's lead may not ask for the bank's clocks
        with self.assertRaises(AccessError):
            self.request("E", user=self.other_lead)
        # an O&M engineer reading the team's tickets, not his own ticket
        with self.assertRaisesRegex(AccessError, "your tickets or of your projects"):
            self.request("E", user=self.team_engineer)
        self.assertTrue(self.request("E", user=self.lead))
        self.assertTrue(self.request("H", user=self.other_lead))

    def test_service_report_states_the_approved_statement_only(self):
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        report = self.env["quality_ops.service.report"].create(
            {
                "partner_id": self.customer.id,
                "project_id": self.project.id,
                "date_from": "2031-03-01",
                "company_id": self.company.id,
            }
        )
        self.assertEqual(report._sla_statement_rows(), [])
        statement.with_user(self.lead).action_confirm()
        self.assertEqual(report._sla_statement_rows(), [], "confirmed is not yet told")
        statement.with_user(self.manager).action_approve()
        rows = dict(report._sla_statement_rows())
        self.assertEqual((rows["Breaches"], rows["Credit after Cap"]), (7, 1000.0))
        # amounts printed in the company's currency (yuan), with thousands separators
        text = self.render_pdf_text("quality_ops.report_service_report", report, self.lead)
        self.assertInPdf("Service Credits", text)
        self.assertInPdf("Credit before Cap ¥ 2,200.00", text)
        self.assertInPdf("Credit after Cap ¥ 1,000.00", text)
        self.assertNotIn("2200.0", text)
        # the customer reads Chinese: so does the report, amounts in 元 / ¥
        load_chinese(self.env)
        self.customer.lang = "zh_CN"
        text = self.render_pdf_text("quality_ops.report_service_report", report, self.lead)
        self.assertInPdf("六、SLA 考核与服务抵扣", text)
        self.assertInPdf("净扣减", text)
        self.assertInPdf("¥ 2,200.00", text)
        self.assertPagesNumbered(text)
        # the XLSX states the same amounts, its labels naming the currency
        rows = dict(report._sla_statement_display(for_sheet=True))
        self.assertEqual(rows["Credit after Cap (CNY)"], 1000.0)
