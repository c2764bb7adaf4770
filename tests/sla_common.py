"""SLA clocks: a Shanghai office calendar with National Day and its make-up days, a team
and its policy (test_sla, test_sla_hot_path)."""

import datetime as dt

from odoo.tests import TransactionCase, new_test_user


def local(*args):
    """Shanghai wall-clock time as the naive UTC datetime Odoo stores."""
    return dt.datetime(*args) - dt.timedelta(hours=8)


def utc_str(*args):
    return local(*args).strftime("%Y-%m-%d %H:%M:%S")


class SlaClocksCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        ref = cls.env.ref
        cls.stage_new = ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_waiting = ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_done = ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        attendances = []
        for day in range(5):
            attendances += [
                (
                    0,
                    0,
                    {
                        "name": "AM",
                        "dayofweek": str(day),
                        "hour_from": 9,
                        "hour_to": 12,
                        "day_period": "morning",
                    },
                ),
                (
                    0,
                    0,
                    {
                        "name": "PM",
                        "dayofweek": str(day),
                        "hour_from": 13,
                        "hour_to": 18,
                        "day_period": "afternoon",
                    },
                ),
            ]
        cls.attendances = attendances
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Shanghai office",
                "tz": "Asia/Shanghai",
                "attendance_ids": attendances,
            }
        )
        wizard = cls.env["quality_ops.holiday.import.wizard"].create(
            {
                "calendar_id": cls.calendar.id,
                "lines": "2026-10-01,2026-10-07,holiday,National Day\n"
                "2026-09-27,,workday,Make-up Sunday\n"
                "2026-10-10,,workday,Make-up Saturday\n",
            }
        )
        wizard.action_import()
        cls.manager = new_test_user(
            cls.env, "qo_sla_manager", groups="quality_ops.group_quality_manager"
        )
        cls.leader = new_test_user(
            cls.env, "qo_sla_leader", groups="helpdesk_mgmt.group_helpdesk_manager"
        )
        cls.agent = new_test_user(
            cls.env, "qo_sla_agent", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.env.company.quality_manager_id = cls.manager
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "SLA desk",
                "user_id": cls.leader.id,
                "user_ids": [(6, 0, (cls.leader | cls.agent).ids)],
            }
        )
        cls.policy = cls.env["quality_ops.sla.policy"].create(
            {
                "name": "Standard",
                "team_ids": [(6, 0, cls.team.ids)],
                "calendar_id": cls.calendar.id,
                "pause_stage_ids": [(6, 0, cls.stage_waiting.ids)],
                "excluded_stage_ids": [
                    (
                        6,
                        0,
                        (
                            cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
                            | cls.stage_cancelled
                        ).ids,
                    )
                ],
                "line_ids": [
                    (0, 0, {"priority": "2", "response_hours": 2, "resolution_hours": 16}),
                    (0, 0, {"priority": "1", "response_hours": 4, "resolution_hours": 24}),
                ],
            }
        )

    def new_ticket(self, **vals):
        values = {
            "name": "Printer on fire",
            "description": "<p>help</p>",
            "team_id": self.team.id,
            "priority": "2",
            "user_id": self.agent.id,
            "stage_id": self.stage_new.id,
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].create(values)

    def clock(self, ticket, kind):
        return ticket.quality_sla_ids.filtered(lambda c: c.kind == kind)
