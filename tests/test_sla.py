"""SLA clocks on helpdesk tickets: deadlines in working time, pauses, reopenings, breaches
and their notifications, holidays and make-up days, policies."""

import datetime as dt

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from . import sla_common as fixture
from .common import local, utc_str


@tagged("post_install", "-at_install")
class TestSlaClocks(fixture.SlaClocksCase):
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

    def test_a_breach_stays_a_breach(self):
        """Done -> Cancelled -> Done by the engineer does not erase a breach:
        cancelling cancels only the clocks that have not breached."""
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        self.env["quality_ops.ticket.sla"]._cron_sweep(now=local(2026, 9, 28, 12))
        response = self.clock(ticket, "response")
        self.assertEqual(response.state, "breached")
        agent_ticket = ticket.with_user(self.agent)
        for stage, at in (
            (self.stage_done, (2026, 9, 28, 15)),
            (self.stage_cancelled, (2026, 9, 28, 16)),
            (self.stage_done, (2026, 9, 28, 17)),
        ):
            with freeze_time(utc_str(*at)):
                agent_ticket.stage_id = stage
        response.invalidate_recordset()
        self.assertEqual(response.state, "breached")
        self.assertEqual(response.breached_at, local(2026, 9, 28, 11))
        report = self.env["quality_ops.sla.report"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(sum(report.mapped("breached_count")), 1)

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
        """Reopened in the month it was resolved: the clock goes on, one
        verdict when resolved again; reopened in a later month: the verdict
        stays in its month and the next cycle is a clock of its own."""
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        with freeze_time(utc_str(2026, 9, 28, 13)):
            ticket.stage_id = self.stage_done
        first = self.clock(ticket, "resolution")
        self.assertEqual(first.state, "met")
        self.assertAlmostEqual(first.consumed_hours, 3)
        with freeze_time(utc_str(2026, 9, 29, 9)):
            ticket.stage_id = self.stage_progress
        first.invalidate_recordset()
        self.assertEqual(self.clock(ticket, "resolution"), first)
        self.assertEqual((first.cycle, first.state, first.reached_at), (2, "running", False))
        self.assertFalse(ticket.quality_sla_history_ids)
        # 13 h left from Tuesday 09:00: 8 h that day, 5 h on Wednesday
        self.assertEqual(first.deadline, local(2026, 9, 30, 15))
        self.assertAlmostEqual(first.paused_hours, 5)  # the afternoon it stayed resolved
        # closed and reopened again and again: still one verdict in September
        for day in (29, 30):
            with freeze_time(utc_str(2026, 9, day, 10)):
                ticket.stage_id = self.stage_done
            with freeze_time(utc_str(2026, 9, day, 11)):
                ticket.stage_id = self.stage_progress
        with freeze_time(utc_str(2026, 9, 30, 12)):
            ticket.stage_id = self.stage_done
        report = self.env["quality_ops.sla.report"].search(
            [("ticket_id", "=", ticket.id), ("kind", "=", "resolution")]
        )
        self.assertEqual((sum(report.mapped("met_count")), len(report)), (1, 1))
        self.assertEqual(first.cycle, 4)
        # reopened in October: September keeps its verdict, a new cycle counts
        with freeze_time(utc_str(2026, 10, 8, 9)):
            ticket.stage_id = self.stage_progress
        second = self.clock(ticket, "resolution")
        self.assertNotEqual(second, first)
        self.assertEqual(ticket.quality_sla_history_ids, first)
        self.assertEqual((first.state, first.is_current), ("met", False))
        self.assertEqual((second.cycle, second.state), (5, "running"))

    def test_priority_change_retargets_running_clock(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket(priority="1")
        resolution = self.clock(ticket, "resolution")
        self.assertEqual(resolution.target_hours, 24)
        before = resolution.deadline
        with freeze_time(utc_str(2026, 9, 28, 11)):
            ticket.with_user(self.agent).priority = "2"
        self.assertEqual(resolution.target_hours, 16)
        self.assertEqual(resolution.start_at, local(2026, 9, 28, 9))
        # 2 h consumed, 14 h left from Monday 11:00: 6 h on Monday, 8 h on Tuesday
        self.assertEqual(resolution.deadline, local(2026, 9, 29, 18))
        # the earlier deadline stays on the clock and in the chatter, in Shanghai time
        self.assertEqual(
            (resolution.deadline_before_replan, resolution.replanned_at),
            (before, local(2026, 9, 28, 11)),
        )
        trace = ticket.message_ids[0].body
        self.assertIn("SLA re-planned", trace)
        self.assertIn("Resolution due 2026-09-29 18:00 instead of", trace)
        # no line for low priority: the open clocks are cancelled, except the
        # response clock, breached when its target dropped to 2 h at 11:00 (a
        # breach stays a breach)
        with freeze_time(utc_str(2026, 9, 28, 12)):
            ticket.priority = "0"
        self.assertEqual(resolution.state, "cancelled")
        self.assertEqual(self.clock(ticket, "response").state, "breached")

    def test_a_cancellation_taken_back_continues_the_clocks(self):
        """Cancelled by the engineer and taken back the next day: the clocks
        go on with the time cancelled counted (only a waiting stage pauses a
        clock), the response given kept; not a reopening (the same cycle)."""
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        agent_ticket = ticket.with_user(self.agent)
        with freeze_time(utc_str(2026, 9, 28, 10)):
            agent_ticket.message_post(
                body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        first = ticket.quality_sla_ids
        with freeze_time(utc_str(2026, 9, 28, 11)):
            agent_ticket.stage_id = self.stage_cancelled
        self.assertEqual(first.mapped("state"), ["cancelled", "cancelled"])
        with freeze_time(utc_str(2026, 9, 29, 10)):
            agent_ticket.stage_id = self.stage_progress
        ticket.invalidate_recordset()
        response, resolution = self.clock(ticket, "response"), self.clock(ticket, "resolution")
        self.assertEqual(
            (response.state, response.reached_at, response.cycle),
            ("met", local(2026, 9, 28, 10), 1),
        )
        self.assertEqual((resolution.state, resolution.cycle), ("running", 1))
        # 2 working hours before the cancellation, 7 while cancelled
        self.assertAlmostEqual(resolution.consumed_hours, 9)
        self.assertEqual(resolution.deadline, local(2026, 9, 29, 18))  # as if never cancelled
        self.assertEqual(ticket.quality_sla_history_ids, first)
        self.assertIn("SLA clocks going on", ticket.message_ids[0].body)
        report = self.env["quality_ops.sla.report"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(sum(report.mapped("met_count")), 1)
        # cancelled again and taken back after its target was used up: breached
        with freeze_time(utc_str(2026, 9, 29, 11)):
            agent_ticket.stage_id = self.stage_cancelled
        with freeze_time(utc_str(2026, 9, 30, 10)):
            agent_ticket.stage_id = self.stage_progress
        resolution = self.clock(ticket, "resolution")
        self.assertEqual(
            (resolution.state, resolution.breached_at, resolution.cycle),
            ("breached", local(2026, 9, 30, 10), 1),
        )

    def test_a_ticket_back_in_its_policy_keeps_the_time_consumed(self):
        """Out of every policy at 10:00 (a priority without a target, or a team
        without a policy) and back at 10:30: the clock continues with its
        deadline, instead of starting again with a later one."""
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        first = self.clock(ticket, "resolution")
        agent_ticket = ticket.with_user(self.agent)
        with freeze_time(utc_str(2026, 9, 28, 10)):
            agent_ticket.priority = "0"
        self.assertEqual(first.state, "cancelled")
        with freeze_time(utc_str(2026, 9, 28, 10, 30)):
            agent_ticket.priority = "2"
        again = self.clock(ticket, "resolution")
        self.assertEqual((again.cycle, again.state, again.target_hours), (1, "running", 16))
        self.assertAlmostEqual(again.consumed_hours, 1.5)  # away 10:00-10:30, counted
        self.assertEqual(again.deadline, first.deadline)
        self.assertEqual(again.start_at, local(2026, 9, 28, 9))

    def test_a_verdict_counts_under_the_engineer_it_fell_under(self):
        """Handing an open, breached ticket on moves no breach: the analyses
        count it for the engineer and team it breached under; a verdict still
        to fall counts for whoever has the ticket when it falls."""
        other_team = self.env["helpdesk.ticket.team"].create({"name": "L2"})
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        # the response was due at 11:00: the sweep breaches it at noon
        self.env["quality_ops.ticket.sla"]._cron_sweep(now=local(2026, 9, 28, 12))
        response = self.clock(ticket, "response")
        self.assertEqual(
            (response.state, response.verdict_user_id, response.verdict_team_id),
            ("breached", self.agent, self.team),
        )
        with freeze_time(utc_str(2026, 9, 28, 13)):
            ticket.write({"user_id": self.leader.id})
        with freeze_time(utc_str(2026, 9, 28, 14)):
            ticket.stage_id = self.stage_done
        resolution = self.clock(ticket, "resolution")

        def analysis():
            self.env.flush_all()
            self.env.invalidate_all()  # the analysis is an SQL view
            return {
                row.kind: (row.user_id, row.team_id, row.met_count, row.breached_count)
                for row in self.env["quality_ops.sla.report"].search(
                    [("ticket_id", "=", ticket.id)]
                )
            }

        self.assertEqual(
            analysis(),
            {
                "response": (self.agent, self.team, 0, 1),
                "resolution": (self.leader, self.team, 1, 0),
            },
        )
        # reopened in its month, the resolution's verdict is withdrawn; it
        # falls again under whoever has the ticket then
        with freeze_time(utc_str(2026, 9, 29, 9)):
            ticket.stage_id = self.stage_progress
        self.assertFalse(resolution.verdict_stamped)
        with freeze_time(utc_str(2026, 9, 29, 10)):
            ticket.write({"user_id": self.agent.id})
            ticket.stage_id = self.stage_done
        self.assertEqual(analysis()["resolution"], (self.agent, self.team, 1, 0))
        # the response's breach stays the agent's and his team's
        ticket.stage_id = self.stage_progress
        ticket.write({"team_id": other_team.id, "user_id": self.leader.id})
        self.assertEqual(analysis()["response"], (self.agent, self.team, 0, 1))

    def test_a_deadline_passed_before_a_change_is_the_tickets_breach_as_it_was(self):
        """Between a deadline and the sweep, a lower priority or a handover
        does not take the breach away: it is the breach of the target,
        engineer and team the ticket had."""
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        # the response was due at 11:00; no sweep has come by at 11:30
        with freeze_time(utc_str(2026, 9, 28, 11, 30)):
            with self.assertRaisesRegex(UserError, "service credits"):
                ticket.with_user(self.agent).write({"priority": "1"})
            ticket.write({"user_id": self.leader.id})
        response = self.clock(ticket, "response")
        self.assertEqual(
            (response.state, response.breached_at, response.target_hours),
            ("breached", local(2026, 9, 28, 11), 2),
        )
        self.assertEqual(
            (response.verdict_user_id, response.verdict_team_id), (self.agent, self.team)
        )
        self.assertEqual(self.clock(ticket, "resolution").state, "running")

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
        # due that day in Shanghai, whatever the day of the user running the sweep
        self.assertEqual(activities(self.agent).date_deadline, dt.date(2026, 9, 28))
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

    def test_official_calendar_import_moves_open_deadlines_across_national_day(self):
        plain = self.env["resource.calendar"].create(
            {"name": "Plain weeks", "tz": "Asia/Shanghai", "attendance_ids": self.attendances}
        )
        self.policy.calendar_id = plain
        with freeze_time(utc_str(2026, 9, 30, 16)):
            ticket = self.new_ticket()
        resolution, response = self.clock(ticket, "resolution"), self.clock(ticket, "response")
        # 16 h from Wednesday 30 September 16:00 without holidays: 2 h, Thursday
        # 8 h, Friday 09-12 and 13-16
        self.assertEqual(resolution.deadline, local(2026, 10, 2, 16))
        self.assertEqual(response.deadline, local(2026, 9, 30, 18))
        wizard = self.env["quality_ops.holiday.import.wizard"].create(
            {"source": "official", "year": 2026, "calendar_id": plain.id}
        )
        wizard.action_import()
        leaves = self.env["resource.calendar.leaves"].search([("calendar_id", "=", plain.id)])
        makeups = self.env["quality_ops.makeup.day"].search([("calendar_id", "=", plain.id)])
        # the State Council's 2026 schedule: seven holidays over 33 days, six make-up days
        self.assertEqual(len(leaves), 7)
        self.assertEqual(sum((leave.date_to - leave.date_from).days for leave in leaves), 33)
        self.assertEqual(
            sorted(makeups.mapped("date")),
            [
                dt.date(2026, 1, 4),
                dt.date(2026, 2, 14),
                dt.date(2026, 2, 28),
                dt.date(2026, 5, 9),
                dt.date(2026, 9, 20),
                dt.date(2026, 10, 10),
            ],
        )
        national_day = leaves.filtered(lambda leave: "National Day" in leave.name)
        self.assertEqual(
            (national_day.date_from, national_day.date_to),
            (local(2026, 10, 1), local(2026, 10, 8)),
        )
        # the open clock moves: 2 h on the 30th, Thursday 8 October 8 h, Friday
        # 9 October 09-12 and 13-16; the response (due on the 30th) does not
        ticket.invalidate_recordset()
        (resolution | response).invalidate_recordset()
        self.assertEqual(resolution.deadline, local(2026, 10, 9, 16))
        self.assertEqual(resolution.deadline_before_replan, local(2026, 10, 2, 16))
        self.assertTrue(resolution.replanned_at)
        self.assertEqual(response.deadline, local(2026, 9, 30, 18))
        self.assertFalse(response.replanned_at)
        # importing the year again changes nothing; withdrawing the week restores the plan
        self.env["quality_ops.holiday.import.wizard"].create(
            {"source": "official", "year": 2026, "calendar_id": plain.id}
        ).action_import()
        self.assertEqual(
            self.env["resource.calendar.leaves"].search_count([("calendar_id", "=", plain.id)]), 7
        )
        national_day.unlink()
        resolution.invalidate_recordset()
        self.assertEqual(resolution.deadline, local(2026, 10, 2, 16))
        # a year the library does not know yet is refused with a clear message
        with self.assertRaisesRegex(UserError, r"knows the years 2004 to \d{4}, not 2100"):
            self.env["quality_ops.holiday.import.wizard"].create(
                {"source": "official", "year": 2100, "calendar_id": plain.id}
            ).action_import()

    def test_only_managers_declare_public_holidays(self):
        """A public holiday moves every open deadline of its calendar: an agent
        cannot declare one (nor turn their time off into one) to escape a breach;
        the quality manager imports them through the wizard."""
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        resolution = self.clock(ticket, "resolution")
        Leaves = self.env["resource.calendar.leaves"]
        holiday = {
            "name": "Day off for everyone",
            "calendar_id": self.calendar.id,
            "date_from": local(2026, 9, 29),
            "date_to": local(2026, 9, 30),
        }
        with self.assertRaises(AccessError):
            Leaves.with_user(self.agent).create(holiday)
        resource = self.env["resource.resource"].create(
            {"name": "Agent", "calendar_id": self.calendar.id, "user_id": self.agent.id}
        )
        own = Leaves.with_user(self.agent).create(dict(holiday, resource_id=resource.id))
        with self.assertRaises(AccessError):
            own.write({"resource_id": False})
        resolution.invalidate_recordset()
        self.assertEqual(resolution.deadline, local(2026, 9, 29, 18))
        Wizard = self.env["quality_ops.holiday.import.wizard"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.agent).create(
                {"calendar_id": self.calendar.id, "lines": "2026-09-29,,holiday,Off\n"}
            )
        manager = new_test_user(
            self.env, "qo_sla_holidays", groups="base.group_user,quality_ops.group_quality_manager"
        )
        Wizard.with_user(manager).create(
            {"calendar_id": self.calendar.id, "lines": "2026-09-29,,holiday,Off\n"}
        ).action_import()
        resolution.invalidate_recordset()
        self.assertEqual(resolution.deadline, local(2026, 9, 30, 18))
        other = self.env["res.company"].create({"name": "Other company"})
        with self.assertRaisesRegex(AccessError, "only for your companies"):
            Wizard.with_user(manager).create(
                {"company_id": other.id, "lines": "2026-09-30,,holiday,Off\n"}
            ).action_import()

    def test_a_shared_calendar_reads_its_own_holidays(self):
        """A calendar of no company (shared) counts the days imported into it,
        whichever company the import was made in."""
        shared = self.env["resource.calendar"].create(
            {
                "name": "Shared office",
                "tz": "Asia/Shanghai",
                "company_id": False,
                "attendance_ids": self.attendances,
            }
        )
        self.policy.calendar_id = shared
        with freeze_time(utc_str(2026, 9, 30, 16)):
            ticket = self.new_ticket()
        resolution = self.clock(ticket, "resolution")
        self.assertEqual(resolution.deadline, local(2026, 10, 2, 16))
        self.env["quality_ops.holiday.import.wizard"].create(
            {
                "calendar_id": shared.id,
                "company_id": self.env.company.id,
                "lines": "2026-10-01,2026-10-07,holiday,National Day\n",
            }
        ).action_import()
        resolution.invalidate_recordset()
        self.assertEqual(resolution.deadline, local(2026, 10, 9, 16))

    def test_make_up_days_are_the_quality_managers(self):
        """A make-up day adds working time to every open clock of its calendar."""
        Makeup = self.env["quality_ops.makeup.day"]
        day = {"name": "Fake Saturday", "date": "2026-10-17", "calendar_id": self.calendar.id}
        leader = new_test_user(
            self.env,
            "qo_sla_dispatcher",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
        )
        with self.assertRaises(AccessError):
            Makeup.with_user(leader).create(day)
        made = Makeup.create(day)
        with self.assertRaises(AccessError):
            made.with_user(leader).write({"date": "2026-10-18"})
        with self.assertRaises(AccessError):
            made.with_user(leader).unlink()
        # a calendar of another company is not this company's make-up day
        other = self.env["res.company"].create({"name": "Other O&M"})
        foreign = self.env["resource.calendar"].create(
            {"name": "Elsewhere", "company_id": other.id, "tz": "Asia/Shanghai"}
        )
        with self.assertRaises(UserError):
            Makeup.create(
                dict(day, calendar_id=foreign.id, date="2026-10-24", company_id=self.env.company.id)
            )

    def test_ticket_form_shows_clocks(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        with Form(ticket) as form:
            self.assertEqual(len(form.quality_sla_ids), 2)

    def test_sweep_running_elsewhere_is_left_alone(self):
        """A second sweep started while one holds the lock does nothing."""
        from odoo.sql_db import db_connect

        from odoo.addons.quality_ops.quality_ops.models.quality_ticket_sla_sweep import SWEEP_LOCK

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
