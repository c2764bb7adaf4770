"""Quality reports, exports and service reports on a company of their own (test_report,
test_report_exports)."""

import datetime as dt

from odoo.tests import TransactionCase

from .common import (
    DAY_HOURS,
    company_of_their_own,
    dated_ticket,
    office_calendar,
    role_user,
    sla_policy,
)
from .pdf_common import PdfTextMixin

D = dt.date


class QualityReportCase(PdfTextMixin, TransactionCase):
    """Reports, exports and service reports on a company of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = company_of_their_own(cls, "Reported O&M")
        cls.representative = role_user(cls.env, "qo_r_rep", "representative", company=company)
        cls.manager = role_user(cls.env, "qo_r_manager", "manager", company=company)
        cls.officer = role_user(cls.env, "qo_r_officer", "officer", company=company)
        cls.lead = role_user(cls.env, "qo_r_lead", "lead", company=company)
        company.write(
            {
                "quality_manager_id": cls.manager.id,
                "quality_representative_id": cls.representative.id,
            }
        )
        calendar = office_calendar(cls.env, "Reported", tz="UTC", hours=DAY_HOURS, company=company)
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "R team", "company_id": cls.company.id}
        )
        sla_policy(cls.env, "R policy", cls.company, calendar)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Reported Bank", "is_company": True, "email": "it@bank.example"}
        )
        cls.project = cls.env["project.project"].create(
            {
                "name": "Reported O&M project",
                "partner_id": cls.customer.id,
                "user_id": cls.lead.id,
                "company_id": cls.company.id,
            }
        )
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.Report = cls.env["quality_ops.report"]
        cls.Measurement = cls.env["quality_ops.measurement"]
        cls.resp = cls.env.ref("quality_ops.indicator_resp_sla")

    def ticket(self, name, created, closed=None):
        return dated_ticket(
            self.env,
            created,
            closed,
            name=name,
            team_id=self.team.id,
            project_id=self.project.id,
            partner_id=self.customer.id,
            company_id=self.company.id,
        )

    def build(self):
        # March 2026: one on time, one late on both clocks (11 working hours)
        self.ticket("on time", "2026-03-02 09:00:00", "2026-03-02 10:00:00")
        late = self.ticket("late", "2026-03-04 09:00:00", "2026-03-05 12:00:00")
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "res_id": late.id,
            }
        )
        rating.write({"rating": 1, "consumed": True})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = '2026-03-02 09:00' WHERE company_id = %s",
            [self.company.id],
        )
        self.env.invalidate_all()

    def half_report(self, year=2026):
        return self.Report.with_user(self.officer).create(
            {
                "name": f"{year} H1",
                "kind": "half_year",
                "year": year,
                "half": "1",
                "company_id": self.company.id,
            }
        )
