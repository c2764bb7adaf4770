"""SLA exemptions (免责) and service credits (SLA 考核): a month counted by hand."""

import datetime as dt

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .pdf_common import PdfTextMixin

D = dt.date


def utc(*args):
    return dt.datetime(*args)


@tagged("post_install", "-at_install")
@freeze_time("2031-04-10 04:00:00")  # March 2031 is over: its statements can be drawn up
class TestSlaCredits(PdfTextMixin, TransactionCase):
    """March 2031 of the bank's contract, in Shanghai time (UTC+8).

    Resolution clocks judged in March (local):
      A  P3 breached                      charged 500
      B  P3 breached, not yet reached     charged 500
      Z  P3 breached 1 March 00:30 local  charged 500 (28 Feb 16:30 UTC)
      C  P2 breached                      charged 200
      D  P2 breached, exemption approved  not charged
      E  P1 breached, exemption rejected  charged 100
      F  P1 met
    Response clocks judged in March: A met, B breached (charged 200), C met, F met.
    Not in March: Y (P3 breached 1 April 00:30 local), H (another project),
    I (cancelled).

    Breaches 7, exempted 1, charged 6; credit 1500 + 200 + 200 + 100 = 2000,
    capped at 10 % of the fee of 10000: 1000.  Compliance: 4 met of the 11
    judged clocks less the exempted one: 40 %.  RESO_SLA of the project in
    March: 1 / 7 before the exemption, 1 / 6 after (the company's counts H too)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cny = cls.env.ref("base.CNY")
        cny.active = True
        company = cls.company = cls.env["res.company"].create(
            {"name": "Credit O&M", "currency_id": cny.id}
        )
        company.partner_id.tz = "Asia/Shanghai"
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))

        def user(login, groups):
            return new_test_user(
                cls.env,
                login,
                groups=groups,
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )

        lead_groups = "quality_ops.group_quality_project_lead,project.group_project_user"
        cls.manager = user("qo_c_manager", "quality_ops.group_quality_manager")
        cls.officer = user("qo_c_officer", "quality_ops.group_quality_officer")
        cls.lead = user("qo_c_lead", lead_groups)
        cls.other_lead = user("qo_c_lead2", lead_groups)
        cls.engineer = user("qo_c_engineer", "quality_ops.group_quality_engineer")
        cls.other_engineer = user("qo_c_engineer2", "quality_ops.group_quality_engineer")
        cls.portal = new_test_user(cls.env, "qo_c_portal", groups="base.group_portal")
        cls.team_engineer = user(
            "qo_c_team_engineer",
            "quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user",
        )
        company.quality_manager_id = cls.manager
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "C desk", "company_id": company.id}
        )
        cls.customer = cls.env["res.partner"].create({"name": "C Bank", "is_company": True})
        cls.project = cls.env["project.project"].create(
            {
                "name": "C Bank O&M",
                "partner_id": cls.customer.id,
                "company_id": company.id,
                "user_id": cls.lead.id,
            }
        )
        cls.other_project = cls.env["project.project"].create(
            {"name": "C Hospital O&M", "company_id": company.id, "user_id": cls.other_lead.id}
        )
        Scheme = cls.env["quality_ops.sla.credit.scheme"]
        lines = [
            ("3", "resolution", 500),
            ("3", "response", 200),
            ("2", "resolution", 200),
            ("1", "resolution", 100),
            ("1", "response", 50),
        ]
        cls.scheme = Scheme.create(
            {
                "name": "Bank SLA 2031",
                "company_id": company.id,
                "project_id": cls.project.id,
                "partner_id": cls.customer.id,
                "date_start": "2031-01-01",
                "date_end": "2031-12-31",
                "unit": "amount",
                "monthly_fee": 10000,
                "cap_type": "fee_percent",
                "cap_value": 10,
                "bonus_target": 95,
                "bonus_value": 300,
                "line_ids": [(0, 0, {"priority": p, "kind": k, "credit": c}) for p, k, c in lines],
            }
        )
        cls.other_scheme = Scheme.create(
            {
                "name": "Hospital SLA 2031",
                "company_id": company.id,
                "project_id": cls.other_project.id,
                "partner_id": cls.customer.id,
                "date_start": "2031-01-01",
                "cap_type": "none",
                "line_ids": [(0, 0, {"priority": "1", "kind": "resolution", "credit": 10})],
            }
        )
        reso, resp = "resolution", "response"
        cls.clocks = {}
        march = utc(2031, 3, 10, 3)
        spec = {
            "A": ("3", [(reso, "breached", march), (resp, "met", march)]),
            "B": ("3", [(reso, "breached-open", march), (resp, "breached", march)]),
            "Z": ("3", [(reso, "breached", utc(2031, 2, 28, 16, 30))]),
            "C": ("2", [(reso, "breached", march), (resp, "met", march)]),
            "D": ("2", [(reso, "breached", march)]),
            "E": ("1", [(reso, "breached", march)]),
            "F": ("1", [(reso, "met", march), (resp, "met", march)]),
            "Y": ("3", [(reso, "breached", utc(2031, 3, 31, 16, 30))]),
            "H": ("1", [(reso, "breached", march)]),
            "I": ("1", [(reso, "cancelled", march)]),
        }
        for name, (priority, clocks) in spec.items():
            project = cls.other_project if name == "H" else cls.project
            ticket = cls.env["helpdesk.ticket"].create(
                {
                    "name": f"Ticket {name}",
                    "description": "<p>x</p>",
                    "team_id": cls.team.id,
                    "company_id": company.id,
                    "partner_id": cls.customer.id,
                    "project_id": project.id,
                    "priority": priority,
                    "user_id": cls.engineer.id,
                }
            )
            cls.env["quality_ops.ticket.sla"].sudo().search(
                [("ticket_id", "=", ticket.id)]
            ).unlink()
            for kind, state, when in clocks:
                cls.clocks[name, kind] = cls._clock(ticket, kind, state, when)
        cls.Measurement = cls.env["quality_ops.measurement"]

    @classmethod
    def _clock(cls, ticket, kind, state, when):
        start = when - dt.timedelta(days=2)
        values = {
            "ticket_id": ticket.id,
            "company_id": ticket.company_id.id,
            "kind": kind,
            "target_hours": 4,
            "start_at": start,
            "deadline": start + dt.timedelta(hours=4),
            "state": state.split("-")[0],
        }
        if state == "met":
            values["reached_at"] = when
        elif state == "breached":
            values.update(breached_at=when - dt.timedelta(hours=1), reached_at=when)
        elif state == "breached-open":
            values.update(breached_at=when)
        return cls.env["quality_ops.ticket.sla"].sudo().create(values).with_env(cls.env)

    def request(self, name, kind="resolution", user=None, reason="customer"):
        clock = self.clocks[name, kind]
        return (
            self.env["quality_ops.sla.exemption"]
            .with_user(user or self.engineer)
            .create(
                {
                    "clock_id": clock.id,
                    "reason": reason,
                    "description": "The customer's machine room was closed.",
                }
            )
        )

    def reso_march(self):
        self.Measurement._compute_period("month", D(2031, 3, 1), D(2031, 3, 31))
        return self.Measurement.search(
            [
                ("company_id", "=", self.company.id),
                ("periodicity", "=", "month"),
                ("date_from", "=", D(2031, 3, 1)),
                ("scope", "=", "project"),
                ("project_id", "=", self.project.id),
                ("indicator_id", "=", self.env.ref("quality_ops.indicator_reso_sla").id),
            ]
        )

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
        Statement._cron_draft(today=D(2031, 4, 2))
        Statement._cron_draft(today=D(2031, 4, 3))
        found = Statement.search([("company_id", "=", self.company.id)])
        self.assertEqual(
            sorted(found.mapped("contract_key")),
            sorted([self.scheme.contract_key, self.other_scheme.contract_key]),
        )
        self.assertEqual(set(found.mapped("date_from")), {D(2031, 3, 1)})

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

    def test_statement_created_by_hand_gets_its_figures(self):
        statement = (
            self.env["quality_ops.sla.statement"]
            .with_user(self.lead)
            .create({"scheme_id": self.scheme.id, "date_from": "2031-03-01"})
        )
        self.assertEqual(statement.breach_count, 7)
        with self.assertRaises(UserError):
            self.env["quality_ops.sla.statement"].with_user(self.lead).create(
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

    def test_nothing_said_of_a_scheme_the_user_cannot_read(self):
        with self.assertRaises(AccessError):
            self.env["quality_ops.sla.statement"].with_user(self.lead).create(
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
        dispatcher = new_test_user(
            self.env,
            "qo_c_dispatcher",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        ticket = self.clocks["C", "resolution"].ticket_id
        other = self.clocks["H", "resolution"].ticket_id
        # a draft follows the tickets
        ticket.with_user(dispatcher).write({"priority": "1"})
        ticket.with_user(dispatcher).write({"priority": "2"})
        statement.with_user(self.lead).action_confirm()
        for vals in ({"project_id": self.other_project.id}, {"priority": "3"}):
            with self.assertRaisesRegex(UserError, "confirmed or approved SLA statement"):
                ticket.with_user(dispatcher).write(vals)
        # nor may a ticket of another contract move into the settled month
        with self.assertRaises(UserError):
            other.with_user(dispatcher).write({"project_id": self.project.id})
        self.assertEqual(statement.breach_count, 7)
        ticket.with_user(dispatcher).write({"name": "Still free to rename"})

    def test_a_settled_ticket_is_not_cancelled(self):
        """Cancelling would take its clocks out of a statement already settled."""
        dispatcher = new_test_user(
            self.env,
            "qo_c_canceller",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
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
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        statement.with_user(self.lead).action_confirm()
        ticket = self.clocks["C", "resolution"].ticket_id
        with self.assertRaisesRegex(UserError, "confirmed or approved SLA statement"):
            ticket.with_user(dispatcher).write({"stage_id": cancelled.id})
        self.assertNotEqual(ticket.stage_id, cancelled)
        self.assertEqual(self.clocks["C", "resolution"].state, "breached")

    def test_a_settled_contract_and_its_tickets_are_not_deleted(self):
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        statement.with_user(self.lead).action_confirm()
        ticket = self.clocks["C", "resolution"].ticket_id
        with self.assertRaisesRegex(UserError, "confirmed or approved SLA statement"):
            ticket.unlink()
        # the scheme's project: restrict (Odoo tells an RPC client "another model
        # requires the record being deleted")
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"):
            self.project.unlink()
            self.env.flush_all()
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
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_ops"], ["zh_CN"])
        self.customer.lang = "zh_CN"
        text = self.render_pdf_text("quality_ops.report_service_report", report, self.lead)
        self.assertInPdf("六、SLA 考核与服务抵扣", text)
        self.assertInPdf("净扣减", text)
        self.assertInPdf("¥ 2,200.00", text)
        self.assertPagesNumbered(text)
        # the XLSX states the same amounts, its labels naming the currency
        rows = dict(report._sla_statement_display(for_sheet=True))
        self.assertEqual(rows["Credit after Cap (CNY)"], 1000.0)
