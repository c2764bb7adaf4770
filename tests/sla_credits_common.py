"""March 2031 of a bank's SLA contract (test_sla_credits, test_sla_settlement)."""

import datetime as dt

from odoo.tests import TransactionCase

from .common import CurrentUser, company_of_their_own, role_user
from .pdf_common import PdfTextMixin

D = dt.date


def utc(*args):
    return dt.datetime(*args)


class SlaCreditsCase(CurrentUser, PdfTextMixin, TransactionCase):
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
        cny = cls.env.ref("base.CNY")
        cny.active = True
        company = company_of_their_own(cls, "Credit O&M", tz="Asia/Shanghai", currency_id=cny.id)

        def user(login, role=None, groups=None):
            return role_user(cls.env, login, role, groups, company=company)

        cls.manager = user("qo_c_manager", "manager")
        cls.officer = user("qo_c_officer", "officer")
        cls.lead = user("qo_c_lead", "lead")
        cls.other_lead = user("qo_c_lead2", "lead")
        cls.engineer = user("qo_c_engineer", "engineer")
        cls.other_engineer = user("qo_c_engineer2", "engineer")
        cls.portal = role_user(cls.env, "qo_c_portal", "portal")
        cls.team_engineer = user(
            "qo_c_team_engineer",
            groups="quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user",
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
