"""A company whose figures are counted by hand (test_numbers, test_numbers_names)."""

import datetime as dt

from freezegun import freeze_time

from odoo.tests import TransactionCase
from odoo.tools import SQL

from .common import company_of_their_own, office_calendar, role_user, set_stages, sla_policy

D = dt.date
SHANGHAI = dt.timedelta(hours=8)


def utc(*args):
    """A naive UTC datetime from Asia/Shanghai local time."""
    return dt.datetime(*args) - SHANGHAI


# the numerator of these sources is a count of records (0 or 1 per record)
COUNTED = (
    "resp_sla",
    "reso_sla",
    "reopen",
    "fcr",
    "reassign",
    "backlog",
    "tickets_closed",
    "tickets_open",
    "csat",
    "complaint",
    "complaint_close",
    "action_ontime",
    "audit_conf",
    "inspection",
)


class NumbersCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = company_of_their_own(cls, "Numbers O&M", tz="Asia/Shanghai")
        cls.manager = role_user(cls.env, "qo_n_manager", "manager", company=company)
        cls.agent = role_user(cls.env, "qo_n_agent", "agent", company=company)
        company.quality_manager_id = cls.manager
        cls.calendar = office_calendar(
            cls.env, "Shanghai days", hours=(("d", 9, 17, "morning"),), company=company
        )
        set_stages(cls)
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "N desk", "company_id": company.id}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "N Bank", "is_company": True, "email": "bank@example.com"}
        )
        cls.project = cls.env["project.project"].create(
            {"name": "N Bank O&M", "partner_id": cls.customer.id, "company_id": company.id}
        )
        sla_policy(
            cls.env,
            "N policy",
            company,
            cls.calendar,
            pause_stage_ids=[(6, 0, cls.stage_waiting.ids)],
            excluded_stage_ids=[(6, 0, cls.stage_cancelled.ids)],
        )
        cls.Measurement = cls.env["quality_ops.measurement"]

    def backdate(self, record, created):
        """create_date is the database's transaction time: set it by hand."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET create_date = %s WHERE id = %s",
                SQL.identifier(record._table),
                created,
                record.id,
            )
        )
        record.invalidate_recordset(["create_date"])
        return record

    def ticket(self, created, **extra):
        with freeze_time(created):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": "n",
                    "description": "<p>n</p>",
                    "team_id": self.team.id,
                    "company_id": self.company.id,
                    "partner_id": self.customer.id,
                    "project_id": self.project.id,
                    "priority": "1",
                    "stage_id": self.stage_new.id,
                    **extra,
                }
            )
        return self.backdate(ticket, created)

    def move(self, ticket, stage, when):
        with freeze_time(when):
            ticket.stage_id = stage

    def reply(self, ticket, when):
        with freeze_time(when):
            ticket.with_user(self.agent).message_post(
                body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def survey_campaign(self):
        """The customers' survey of the first half of 2026."""
        return self.env["quality_ops.survey.campaign"].create(
            {
                "name": "N survey",
                "company_id": self.company.id,
                "date_from": D(2026, 1, 1),
                "date_to": D(2026, 6, 30),
            }
        )

    def survey_answers(self, campaign, *answers):
        """The customer's completed answers to ``campaign``, one per dict of
        values."""
        return (
            self.env["survey.user_input"]
            .sudo()
            .create(
                [
                    {
                        "survey_id": campaign.survey_id.id,
                        "partner_id": self.customer.id,
                        "quality_campaign_id": campaign.id,
                        "state": "done",
                        **values,
                    }
                    for values in answers
                ]
            )
        )

    def build_march(self):
        """Tickets of March 2026 in every clock state the indicators meet."""
        t1 = self.ticket(utc(2026, 3, 2, 9))  # replied, closed: both met
        self.reply(t1, utc(2026, 3, 2, 9, 30))
        self.move(t1, self.stage_done, utc(2026, 3, 2, 10))
        t2 = self.ticket(utc(2026, 3, 3, 9))  # closed after 6 h: response late
        self.move(t2, self.stage_done, utc(2026, 3, 3, 15))
        t3 = self.ticket(utc(2026, 3, 4, 9))  # left open: breached, not reached
        t4 = self.ticket(utc(2026, 3, 9, 9))  # waiting for the customer: paused
        self.move(t4, self.stage_waiting, utc(2026, 3, 9, 10))
        t5 = self.ticket(utc(2026, 3, 10, 9))  # closed, reopened, closed again
        self.move(t5, self.stage_done, utc(2026, 3, 10, 11))
        self.move(t5, self.stage_progress, utc(2026, 3, 11, 9))
        self.move(t5, self.stage_done, utc(2026, 3, 11, 10))
        t6 = self.ticket(utc(2026, 3, 12, 9))  # cancelled: counted neither way
        self.move(t6, self.stage_cancelled, utc(2026, 3, 12, 10))
        # created and closed on the last night of March, local time: closed in April
        t7 = self.ticket(utc(2026, 3, 31, 23, 30))
        self.move(t7, self.stage_done, utc(2026, 4, 1, 0, 30))
        with freeze_time(utc(2026, 3, 6, 12)):
            self.env["quality_ops.ticket.sla"]._cron_sweep(now=utc(2026, 3, 6, 12))
        ratings = self.env["rating.rating"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                    "res_id": ticket.id,
                    "rating": value,
                    "consumed": True,
                }
                for ticket, value in ((t1, 5), (t2, 1))
            ]
        )
        with freeze_time(utc(2026, 3, 3, 16)):
            complaint = self.env["quality_ops.complaint"].create(
                {"ticket_id": t2.id, "name": "Slow"}
            )
        self.backdate(complaint, utc(2026, 3, 3, 16))
        Action = self.env["quality_ops.action"]
        for due, done in ((D(2026, 3, 20), D(2026, 3, 18)), (D(2026, 3, 25), D(2026, 3, 27))):
            action = Action.create(
                {
                    "name": "Fix",
                    "company_id": self.company.id,
                    "project_id": self.project.id,
                    "owner_id": self.manager.id,
                    "due_date": due,
                    "result": "<p>Done</p>",
                }
            )
            with freeze_time(done):
                action.action_done()
        audit = self.env["quality_ops.audit"].create(
            {
                "name": "March check",
                "kind": "project",
                "project_id": self.project.id,
                "company_id": self.company.id,
                "planned_date": D(2026, 3, 16),
                "line_ids": [
                    (0, 0, {"question": q, "result": r})
                    for q, r in (("A", "conform"), ("B", "minor"), ("C", "not_applicable"))
                ],
            }
        )
        self.survey_answers(
            self.survey_campaign(),
            *(
                {
                    "end_datetime": utc(2026, 3, 20, 10),
                    "quality_score": score,
                    "quality_nps_value": nps,
                    "quality_nps_answered": True,
                }
                for score, nps in ((90, 10), (60, 3))
            ),
        )
        # five daily inspections: three on time, one a day late, one missed
        plan = self.env["quality_ops.inspection.plan"].create(
            {
                "name": "N room",
                "target": "N room",
                "project_id": self.project.id,
                "team_id": self.team.id,
                "company_id": self.company.id,
                "user_id": self.manager.id,
                "frequency": "daily",
                "start_date": D(2026, 3, 1),
                "end_date": D(2026, 3, 5),
                "item_ids": [(0, 0, {"name": "UPS"})],
            }
        )
        inspections = plan._materialise(D(2026, 3, 1), D(2026, 3, 31)).sorted("due_date")
        for inspection, late in zip(inspections[:4], (0, 0, 1, 0), strict=True):
            inspection.line_ids.write({"result": "ok"})
            with freeze_time(utc(2026, 3, inspection.due_date.day + late, 12)):
                inspection.with_user(self.manager).action_done()
        return {
            "tickets": (t1, t2, t3, t4, t5, t6, t7),
            "ratings": ratings,
            "audit": audit,
            "inspections": inspections,
        }

    def measure(self, periodicity, date_from, date_to):
        self.Measurement._compute_period(periodicity, date_from, date_to)
        return self.Measurement.search(
            [
                ("company_id", "=", self.company.id),
                ("periodicity", "=", periodicity),
                ("date_from", "=", date_from),
            ]
        )

    def of(self, measurements, code, scope="company"):
        return measurements.filtered(lambda m: m.indicator_id.code == code and m.scope == scope)
