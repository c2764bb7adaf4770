"""Quality reports, exports and service reports on a company of their own (test_report,
test_report_exports)."""

import datetime as dt

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user

from .pdf_common import PdfTextMixin

D = dt.date


class QualityReportCase(PdfTextMixin, TransactionCase):
    """Reports, exports and service reports on a company of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": "Reported O&M"})
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))

        def user(login, group):
            return new_test_user(
                cls.env,
                login,
                groups=group,
                company_id=cls.company.id,
                company_ids=[(6, 0, cls.company.ids)],
            )

        cls.representative = user("qo_r_rep", "quality_ops.group_quality_representative")
        cls.manager = user("qo_r_manager", "quality_ops.group_quality_manager")
        cls.officer = user("qo_r_officer", "quality_ops.group_quality_officer")
        cls.lead = user(
            "qo_r_lead", "quality_ops.group_quality_project_lead,project.group_project_user"
        )
        cls.company.write(
            {
                "quality_manager_id": cls.manager.id,
                "quality_representative_id": cls.representative.id,
            }
        )
        attendances = [
            (0, 0, {"name": "day", "dayofweek": str(d), "hour_from": 9, "hour_to": 17})
            for d in range(5)
        ]
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "Reported",
                "tz": "UTC",
                "attendance_ids": attendances,
                "company_id": cls.company.id,
            }
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "R team", "company_id": cls.company.id}
        )
        cls.env["quality_ops.sla.policy"].create(
            {
                "name": "R policy",
                "company_id": cls.company.id,
                "calendar_id": calendar.id,
                "line_ids": [(0, 0, {"priority": "1", "response_hours": 2, "resolution_hours": 8})],
            }
        )
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
        with freeze_time(created):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": name,
                    "description": "<p>r</p>",
                    "team_id": self.team.id,
                    "project_id": self.project.id,
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "priority": "1",
                }
            )
        if closed:
            with freeze_time(closed):
                ticket.stage_id = self.done
        return ticket

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
