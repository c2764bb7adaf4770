import datetime as dt

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


def local(*args):
    """Shanghai wall-clock time as the naive UTC datetime Odoo stores."""
    return dt.datetime(*args) - dt.timedelta(hours=8)


def utc_str(*args):
    return local(*args).strftime("%Y-%m-%d %H:%M:%S")


@tagged("post_install", "-at_install")
class TestSlaClocks(TransactionCase):
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

    def test_acceptance_scenario(self):
        with freeze_time(utc_str(2026, 9, 29, 17, 30)):
            ticket = self.new_ticket()
        response, resolution = self.clock(ticket, "response"), self.clock(ticket, "resolution")
        self.assertEqual(response.deadline, local(2026, 9, 30, 10, 30))
        self.assertEqual(resolution.deadline, local(2026, 10, 8, 17, 30))
        self.assertEqual(resolution.target_hours, 16)
        with freeze_time(utc_str(2026, 10, 8, 10)):
            ticket.stage_id = self.stage_waiting
        self.assertEqual(resolution.state, "paused")
        self.assertAlmostEqual(resolution.consumed_hours, 9.5)
        with freeze_time(utc_str(2026, 10, 10, 11)):
            ticket.stage_id = self.stage_progress
        self.assertEqual(resolution.state, "running")
        self.assertAlmostEqual(resolution.paused_hours, 17)
        self.assertEqual(resolution.deadline, local(2026, 10, 12, 9, 30))
        with freeze_time(utc_str(2026, 10, 12, 9, 15)):
            ticket.stage_id = self.stage_done
        self.assertEqual(resolution.state, "met")
        self.assertAlmostEqual(resolution.consumed_hours, 15.75)
        # closing reaches the response too: it was late (due 09-30 10:30)
        self.assertEqual(response.state, "breached")

    def test_cancelled_ticket_is_neither_met_nor_breached(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        with freeze_time(utc_str(2026, 9, 28, 10)):
            ticket.stage_id = self.stage_cancelled
        self.assertEqual(set(ticket.quality_sla_ids.mapped("state")), {"cancelled"})
        report = self.env["quality_ops.sla.report"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(sum(report.mapped("met_count")), 0)
        self.assertEqual(sum(report.mapped("breached_count")), 0)

    def test_public_reply_is_first_response_internal_note_is_not(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        with freeze_time(utc_str(2026, 9, 28, 9, 30)):
            ticket.with_user(self.agent).message_post(
                body="internal", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        response = self.clock(ticket, "response")
        self.assertFalse(response.reached_at)
        with freeze_time(utc_str(2026, 9, 28, 10)):
            ticket.with_user(self.agent).message_post(
                body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(response.state, "met")
        self.assertEqual(response.reached_at, local(2026, 9, 28, 10))
        self.assertAlmostEqual(response.consumed_hours, 1)
        self.assertFalse(self.clock(ticket, "resolution").reached_at)

    def test_customer_message_is_not_a_response(self):
        customer = self.env["res.partner"].create({"name": "Customer", "email": "c@x.com"})
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket(partner_id=customer.id)
            ticket.message_post(
                body="any news?",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=customer.id,
            )
        self.assertFalse(self.clock(ticket, "response").reached_at)

    def test_reopen_resumes_resolution_and_keeps_history(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        with freeze_time(utc_str(2026, 9, 28, 13)):
            ticket.stage_id = self.stage_done
        first = self.clock(ticket, "resolution")
        self.assertEqual(first.state, "met")
        self.assertAlmostEqual(first.consumed_hours, 3)
        with freeze_time(utc_str(2026, 9, 29, 9)):
            ticket.stage_id = self.stage_progress
        second = self.clock(ticket, "resolution")
        self.assertNotEqual(first, second)
        self.assertFalse(first.is_current)
        self.assertEqual(first.state, "met")
        self.assertEqual(ticket.quality_sla_history_ids, first)
        self.assertEqual(second.cycle, 2)
        self.assertEqual(second.state, "running")
        # 13 h left from Tuesday 09:00: 8 h that day, 5 h on Wednesday
        self.assertEqual(second.deadline, local(2026, 9, 30, 15))
        self.assertAlmostEqual(second.paused_hours, 5)  # the afternoon it stayed resolved

    def test_priority_change_retargets_running_clock(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket(priority="1")
        resolution = self.clock(ticket, "resolution")
        self.assertEqual(resolution.target_hours, 24)
        with freeze_time(utc_str(2026, 9, 28, 11)):
            ticket.priority = "2"
        self.assertEqual(resolution.target_hours, 16)
        self.assertEqual(resolution.start_at, local(2026, 9, 28, 9))
        # 2 h consumed, 14 h left from Monday 11:00: 6 h on Monday, 8 h on Tuesday
        self.assertEqual(resolution.deadline, local(2026, 9, 29, 18))
        # no line for low priority: the open clocks are cancelled
        ticket.priority = "0"
        self.assertEqual(set(ticket.quality_sla_ids.mapped("state")), {"cancelled"})

    def test_ticket_outside_any_policy_has_no_clock(self):
        other_team = self.env["helpdesk.ticket.team"].create({"name": "No SLA"})
        ticket = self.new_ticket(team_id=other_team.id)
        self.assertFalse(ticket.quality_sla_ids)
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket.team_id = self.team
        self.assertEqual(len(ticket.quality_sla_ids), 2)

    def test_sweep_notifies_each_threshold_once(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        Clock = self.env["quality_ops.ticket.sla"]
        resolution = self.clock(ticket, "resolution")
        self.assertEqual(resolution.warning1_at, local(2026, 9, 28, 18))  # 8 h = 50 %
        self.assertEqual(resolution.warning2_at, local(2026, 9, 29, 14))  # 12 h = 75 %
        self.assertEqual(resolution.deadline, local(2026, 9, 29, 18))

        def activities(user):
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket.id),
                    ("user_id", "=", user.id),
                ]
            )

        Clock._cron_sweep(now=local(2026, 9, 28, 10))
        self.assertEqual(resolution.state, "running")
        # response (2 h) is at 50 % at 10:00: first warning for the assignee
        self.assertEqual(self.clock(ticket, "response").state, "warning")
        self.assertEqual(len(activities(self.agent)), 1)
        Clock._cron_sweep(now=local(2026, 9, 28, 10))
        self.assertEqual(len(activities(self.agent)), 1, "a second run must not notify again")
        Clock._cron_sweep(now=local(2026, 9, 29, 15))
        # response breached, resolution passed both warnings
        self.assertEqual(self.clock(ticket, "response").state, "breached")
        self.assertEqual(resolution.state, "warning")
        self.assertEqual(resolution.warning_level, 2)
        self.assertEqual(len(activities(self.manager)), 1)  # response breach
        self.assertEqual(len(activities(self.leader)), 2)  # second warnings of both clocks
        for _run in range(2):
            Clock._cron_sweep(now=local(2026, 9, 30, 18))
        self.assertEqual(resolution.state, "breached")
        self.assertEqual(resolution.breached_at, local(2026, 9, 29, 18))
        self.assertEqual(len(activities(self.manager)), 2)
        self.assertEqual(len(activities(self.agent)), 2)
        notes = ticket.message_ids.filtered(lambda m: "SLA breached" in (m.body or ""))
        self.assertEqual(len(notes), 2)

    def test_calendar_without_hours_gives_clear_error(self):
        empty = self.env["resource.calendar"].create(
            {"name": "Nobody works", "tz": "Asia/Shanghai", "attendance_ids": [(5, 0, 0)]}
        )
        self.policy.calendar_id = empty
        with self.assertRaisesRegex(UserError, "has no working hours"):
            self.new_ticket()

    def test_policy_constraints(self):
        with self.assertRaisesRegex(ValidationError, "cannot exceed the resolution target"):
            self.policy.line_ids[0].response_hours = 20
        with self.assertRaisesRegex(ValidationError, "Warning thresholds"):
            self.policy.warning1_percent = 80
        with self.assertRaisesRegex(ValidationError, "both pause and cancel"):
            self.policy.excluded_stage_ids |= self.stage_waiting

    def test_report_matches_a_hand_count(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            tickets = self.new_ticket() | self.new_ticket() | self.new_ticket()
        with freeze_time(utc_str(2026, 9, 28, 10)):
            tickets[0].stage_id = self.stage_done  # met (1 h)
        with freeze_time(utc_str(2026, 10, 12, 10)):
            tickets[1].stage_id = self.stage_done  # breached
        rows = self.env["quality_ops.sla.report"]._read_group(
            [("ticket_id", "in", tickets.ids), ("kind", "=", "resolution")],
            [],
            ["met_count:sum", "breached_count:sum", "open_count:sum", "compliance:avg"],
        )
        self.assertEqual(rows[0], (1, 1, 1, 50.0))

    def test_holiday_import_rejects_bad_lines_and_keeps_data(self):
        before = self.env["quality_ops.makeup.day"].search_count([])
        wizard = self.env["quality_ops.holiday.import.wizard"].create(
            {
                "calendar_id": self.calendar.id,
                "lines": "2026-05-09,,workday,ok\n2026/05/01,,holiday,bad date\n",
            }
        )
        with self.assertRaisesRegex(UserError, "Line 2"):
            wizard.action_import()
        self.assertEqual(self.env["quality_ops.makeup.day"].search_count([]), before)
        # importing the same days twice creates nothing new
        again = self.env["quality_ops.holiday.import.wizard"].create(
            {"calendar_id": self.calendar.id, "lines": "2026-10-10,,workday,dup\n"}
        )
        again.action_import()
        self.assertEqual(self.env["quality_ops.makeup.day"].search_count([]), before)

    def test_ticket_form_shows_clocks(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        with Form(ticket) as form:
            self.assertEqual(len(form.quality_sla_ids), 2)

    def test_sweep_running_elsewhere_is_left_alone(self):
        """A second sweep started while one holds the lock does nothing."""
        from odoo.sql_db import db_connect

        from odoo.addons.quality_ops.quality_ops.models.quality_ticket_sla import SWEEP_LOCK

        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        other = db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute("SELECT pg_advisory_lock(%s)", [SWEEP_LOCK])
            swept = self.env["quality_ops.ticket.sla"]._cron_sweep(now=local(2026, 10, 30))
            self.assertEqual(swept, 0)
            self.assertEqual(set(ticket.quality_sla_ids.mapped("state")), {"running"})
        finally:
            other.execute("SELECT pg_advisory_unlock(%s)", [SWEEP_LOCK])
            other.close()
        # once the other run is over, this one does the work, once
        self.assertEqual(self.env["quality_ops.ticket.sla"]._cron_sweep(now=local(2026, 10, 30)), 6)
        self.assertEqual(set(ticket.quality_sla_ids.mapped("state")), {"breached"})
