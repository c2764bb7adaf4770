"""The ticket hot path of the SLA clocks: working time cached until a calendar changes,
policies compiled once, the queries of many tickets those of one, tickets created in any
stage."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from . import sla_common as fixture
from .common import local, utc_str


@tagged("post_install", "-at_install")
class TestSlaHotPath(fixture.SlaClocksCase):
    # ------------------------------------------------------------------
    # the hot path: caches, bulk storage, stages at creation
    # ------------------------------------------------------------------
    def count_worktime_builds(self):
        """Patch the calendar's working-time builder to count its calls."""
        Calendar = type(self.env["resource.calendar"])
        original = Calendar._quality_worktime
        calls = []

        def counting(calendar, date_from, date_to):
            calls.append((calendar.id, date_from, date_to))
            return original(calendar, date_from, date_to)

        self.env.registry.clear_cache()
        self.addCleanup(self.env.registry.clear_cache)
        patcher = patch.object(Calendar, "_quality_worktime", counting)
        patcher.start()
        self.addCleanup(patcher.stop)
        return calls

    def test_working_time_is_cached_until_the_calendar_changes(self):
        # (and a change re-plans the open clocks: the window is rebuilt once)
        calls = self.count_worktime_builds()
        with freeze_time(utc_str(2026, 9, 28, 9)):
            first = self.new_ticket()
            self.new_ticket()
        self.assertEqual(len(calls), 1, "the tickets of the same weeks share one window")
        self.assertEqual(self.clock(first, "resolution").deadline, local(2026, 9, 29, 18))
        # an engineer's time off is no public holiday: nothing to rebuild
        engineer = self.env["resource.resource"].create(
            {"name": "Engineer", "calendar_id": self.calendar.id}
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Dentist",
                "calendar_id": self.calendar.id,
                "resource_id": engineer.id,
                "date_from": local(2026, 9, 29, 9),
                "date_to": local(2026, 9, 29, 12),
            }
        )
        with freeze_time(utc_str(2026, 9, 28, 9)):
            self.new_ticket()
        self.assertEqual(len(calls), 1)
        # a public holiday on Tuesday moves the next deadlines and the open ones
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Typhoon",
                "calendar_id": self.calendar.id,
                "date_from": local(2026, 9, 29),
                "date_to": local(2026, 9, 30),
            }
        )
        with freeze_time(utc_str(2026, 9, 28, 9)):
            third = self.new_ticket()
        self.assertEqual(len(calls), 2)
        self.assertEqual(self.clock(third, "resolution").deadline, local(2026, 9, 30, 18))
        first.invalidate_recordset()
        self.assertEqual(self.clock(first, "resolution").deadline, local(2026, 9, 30, 18))
        self.assertEqual(
            self.clock(first, "resolution").deadline_before_replan, local(2026, 9, 29, 18)
        )
        # shorter Mondays: the attendances changed
        monday_pm = self.calendar.attendance_ids.filtered(
            lambda a: a.dayofweek == "0" and a.hour_from == 13
        )
        monday_pm.hour_to = 17
        with freeze_time(utc_str(2026, 9, 28, 9)):
            fourth = self.new_ticket()
        self.assertEqual(len(calls), 3)
        self.assertEqual(self.clock(fourth, "resolution").deadline, local(2026, 10, 8, 10))

    def test_a_new_makeup_day_applies_to_the_next_ticket_and_the_open_ones(self):
        calls = self.count_worktime_builds()
        with freeze_time(utc_str(2026, 10, 16, 17)):
            before = self.new_ticket()
        # Friday 1 h, Monday 8 h, Tuesday 7 h
        self.assertEqual(self.clock(before, "resolution").deadline, local(2026, 10, 20, 17))
        self.env["quality_ops.makeup.day"].create(
            {"name": "Make-up Saturday", "date": "2026-10-17", "calendar_id": self.calendar.id}
        )
        with freeze_time(utc_str(2026, 10, 16, 17)):
            after = self.new_ticket()
        # Friday 1 h, the make-up Saturday 8 h, Monday 7 h
        self.assertEqual(self.clock(after, "resolution").deadline, local(2026, 10, 19, 17))
        before.invalidate_recordset()
        self.assertEqual(self.clock(before, "resolution").deadline, local(2026, 10, 19, 17))
        self.assertEqual(len(calls), 2)

    def test_policy_changes_apply_to_the_next_ticket(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            before = self.new_ticket()
        self.assertEqual(self.clock(before, "resolution").target_hours, 16)
        self.policy.line_ids.filtered(lambda line: line.priority == "2").resolution_hours = 8
        with freeze_time(utc_str(2026, 9, 28, 9)):
            after = self.new_ticket()
        self.assertEqual(self.clock(after, "resolution").target_hours, 8)
        self.assertEqual(self.clock(after, "resolution").deadline, local(2026, 9, 28, 18))
        # a policy before it in the order, for one customer, takes their tickets
        vip = self.env["res.partner"].create({"name": "VIP Bank", "is_company": True})
        self.env["quality_ops.sla.policy"].create(
            {
                "name": "VIP",
                "sequence": 1,
                "partner_ids": [(6, 0, vip.ids)],
                "calendar_id": self.calendar.id,
                "line_ids": [(0, 0, {"priority": "2", "response_hours": 1, "resolution_hours": 4})],
            }
        )
        contact = self.env["res.partner"].create({"name": "Ms Li", "parent_id": vip.id})
        with freeze_time(utc_str(2026, 9, 28, 9)):
            vip_ticket = self.new_ticket(partner_id=contact.id)
        self.assertEqual(self.clock(vip_ticket, "resolution").policy_id.name, "VIP")
        self.assertEqual(self.clock(vip_ticket, "response").deadline, local(2026, 9, 28, 10))
        # an archived policy starts no clock, and the clocks it started keep its stages
        self.policy.active = False
        self.assertFalse(self.new_ticket().quality_sla_ids)
        with freeze_time(utc_str(2026, 9, 28, 10)):
            before.stage_id = self.stage_waiting
        self.assertEqual(self.clock(before, "resolution").state, "paused")

    def test_ticket_created_in_a_closing_waiting_or_cancelled_stage(self):
        at = local(2026, 9, 28, 10)
        with freeze_time(utc_str(2026, 9, 28, 10)):
            done = self.new_ticket(stage_id=self.stage_done.id)
            waiting = self.new_ticket(stage_id=self.stage_waiting.id)
            cancelled = self.new_ticket(stage_id=self.stage_cancelled.id)
            working = self.new_ticket(stage_id=self.stage_progress.id)
        self.assertEqual(set(done.quality_sla_ids.mapped("state")), {"met"})
        self.assertEqual(set(done.quality_sla_ids.mapped("reached_at")), {at})
        self.assertEqual(set(waiting.quality_sla_ids.mapped("state")), {"paused"})
        self.assertEqual(set(waiting.quality_sla_ids.mapped("paused_since")), {at})
        self.assertEqual(set(cancelled.quality_sla_ids.mapped("state")), {"cancelled"})
        self.assertEqual(set(working.quality_sla_ids.mapped("state")), {"running"})
        with freeze_time(utc_str(2026, 9, 28, 11)):
            waiting.stage_id = self.stage_progress
        resolution = self.clock(waiting, "resolution")
        self.assertEqual(resolution.state, "running")
        self.assertAlmostEqual(resolution.paused_hours, 1)
        self.assertEqual(resolution.deadline, local(2026, 9, 30, 11))

    def clock_queries(self, func):
        """Queries naming the clock table while ``func`` runs."""
        Cursor = type(self.env.cr)
        original = Cursor.execute
        queries = []

        def execute(cr, query, params=None, log_exceptions=True):
            text = str(getattr(query, "code", query))
            if "quality_ops_ticket_sla" in text:
                queries.append(text)
            return original(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", execute):
            func()
            self.env.flush_all()
        return len(queries)

    def test_many_tickets_cost_the_clock_queries_of_one(self):
        counts = []
        for size in (1, 25):
            created = []
            vals_list = [
                {
                    "name": f"Outage {i}",
                    "description": "<p>down</p>",
                    "team_id": self.team.id,
                    "priority": "2",
                    "stage_id": self.stage_new.id,
                }
                for i in range(size)
            ]
            steps = []
            with freeze_time(utc_str(2026, 9, 28, 9)):
                steps.append(
                    self.clock_queries(
                        lambda vals_list=vals_list, created=created: created.append(
                            self.env["helpdesk.ticket"].create(vals_list)
                        )
                    )
                )
            tickets = created[0]
            for stage, hour in (
                (self.stage_waiting, 11),
                (self.stage_progress, 14),
                (self.stage_done, 16),
            ):
                with freeze_time(utc_str(2026, 9, 28, hour)):
                    steps.append(
                        self.clock_queries(
                            lambda stage=stage, tickets=tickets: tickets.write(
                                {"stage_id": stage.id}
                            )
                        )
                    )
            counts.append(steps)
            clocks = tickets.quality_sla_ids
            self.assertEqual(len(clocks), 2 * size)
            resolution = clocks.filtered(lambda c: c.kind == "resolution")
            self.assertEqual(set(resolution.mapped("state")), {"met"})
            # 09-11 and 14-16 worked, 11-14 waiting (one hour of it lunch)
            self.assertEqual(set(resolution.mapped("consumed_hours")), {4.0})
            self.assertEqual(set(resolution.mapped("paused_hours")), {2.0})
            response = clocks - resolution
            self.assertEqual(set(response.mapped("state")), {"breached"})
            self.assertEqual(set(response.mapped("breached_at")), {local(2026, 9, 28, 11)})
        self.assertEqual(counts[0], counts[1])
        # the insert, then per stage move the load and the update(s)
        self.assertEqual(counts[0][0], 1)
        self.assertLessEqual(max(counts[0][1:]), 3)

    def test_reopened_into_a_waiting_stage_the_new_cycle_waits(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        with freeze_time(utc_str(2026, 9, 28, 13)):
            ticket.stage_id = self.stage_done
        with freeze_time(utc_str(2026, 9, 29, 9)):
            ticket.stage_id = self.stage_waiting
        second = self.clock(ticket, "resolution")
        self.assertEqual((second.cycle, second.state), (2, "paused"))
        self.assertEqual(second.paused_since, local(2026, 9, 29, 9))
        self.assertIn("cycle 2", " ".join(ticket.message_ids.mapped(lambda m: str(m.body or ""))))
        with freeze_time(utc_str(2026, 9, 29, 11)):
            ticket.stage_id = self.stage_progress
        self.assertEqual(second.state, "running")
        self.assertAlmostEqual(second.paused_hours, 7)  # 5 h resolved and 2 h waiting
        self.assertEqual(second.deadline, local(2026, 9, 30, 17))

    def test_history_clock_without_calendar_reopens_on_the_policy_calendar(self):
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket = self.new_ticket()
        with freeze_time(utc_str(2026, 9, 28, 13)):
            ticket.stage_id = self.stage_done
        # clocks loaded from history carry no policy and no calendar
        ticket.quality_sla_ids.write({"policy_id": False, "calendar_id": False})
        self.policy.team_ids = False
        other_team = self.env["helpdesk.ticket.team"].create(
            {"name": "Night desk", "quality_calendar_id": self.calendar.id}
        )
        ticket.with_context(tracking_disable=True).team_id = other_team
        with freeze_time(utc_str(2026, 9, 29, 9)):
            ticket.stage_id = self.stage_progress
        second = self.clock(ticket, "resolution")
        self.assertEqual(second.cycle, 2)
        self.assertEqual(second.calendar_id, self.calendar)
        self.assertEqual(second.deadline, local(2026, 9, 30, 15))

    def test_mail_gateway_ticket_starts_its_clocks(self):
        customer = self.env["res.partner"].create(
            {"name": "Mr Wang", "email": "wang@customer.example"}
        )
        raw = (
            "From: Mr Wang <wang@customer.example>\r\n"
            "To: helpdesk@ops.example\r\n"
            "Subject: VPN down\r\n"
            "Message-Id: <qo-sla-gateway-1@customer.example>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "The VPN of the branch is down.\r\n"
        )
        with freeze_time(utc_str(2026, 9, 28, 9)):
            ticket_id = self.env["mail.thread"].message_process(
                "helpdesk.ticket", raw, custom_values={"team_id": self.team.id, "priority": "2"}
            )
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(ticket.partner_id, customer)
        response = self.clock(ticket, "response")
        self.assertEqual(response.deadline, local(2026, 9, 28, 11))
        self.assertFalse(response.reached_at, "the customer's own e-mail is no response")
        with freeze_time(utc_str(2026, 9, 28, 9, 45)):
            ticket.with_user(self.agent).message_post(
                body="Looking into it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(response.state, "met")
        self.assertAlmostEqual(response.consumed_hours, 0.75)
