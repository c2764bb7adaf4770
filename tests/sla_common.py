"""SLA clocks: a Shanghai office calendar with National Day and its make-up days, a team
and its policy (test_sla, test_sla_hot_path)."""

from odoo.tests import TransactionCase

from . import common
from .common import helpdesk_team, office_attendances, role_user, set_stages

# their former home: still importable from here
local, utc_str = common.local, common.utc_str


class SlaClocksCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        set_stages(cls)
        cls.attendances = office_attendances(periods=True)
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Shanghai office",
                "tz": "Asia/Shanghai",
                "attendance_ids": cls.attendances,
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
        cls.manager = role_user(cls.env, "qo_sla_manager", "manager")
        cls.leader = role_user(cls.env, "qo_sla_leader", "helpdesk_manager")
        cls.agent = role_user(cls.env, "qo_sla_agent", "agent")
        cls.env.company.quality_manager_id = cls.manager
        cls.team = helpdesk_team(cls.env, "SLA desk", cls.leader, cls.agent)
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
