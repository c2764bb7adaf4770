"""Onboarding an existing helpdesk: a policy covers the open tickets at once, and
the SLA history is rebuilt from what the helpdesk recorded. The oracle is the
live engine: tickets lived through time with quality_ops, their clocks deleted
and rebuilt, must come back as they were."""

import datetime as dt
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.queue_job.tests.common import trap_jobs

from ..quality_ops.models import quality_job_sla_rebuild
from ..quality_ops.wizards import quality_sla_rebuild_wizard
from .common import (
    QualityCommon,
    helpdesk_team,
    local,
    office_calendar,
    role_user,
    set_stages,
)

COMPARED = (
    "kind",
    "cycle",
    "is_current",
    "state",
    "target_hours",
    "start_at",
    "segment_start",
    "deadline",
    "warning1_at",
    "warning2_at",
    "warning_level",
    "reached_at",
    "breached_at",
    "consumed_hours",
    "paused_hours",
    "paused_since",
    "policy_id",
    "calendar_id",
)


@tagged("post_install", "-at_install")
class TestSlaRebuild(QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the rebuild reads the stage tracking: this class keeps it
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        set_stages(cls)
        cls.calendar = office_calendar(cls.env, "Rebuild office")
        cls.agent = role_user(cls.env, "qo_rebuild_agent", "agent")
        cls.quality_manager = role_user(cls.env, "qo_rebuild_manager", "manager")
        cls.officer = role_user(cls.env, "qo_rebuild_officer", "officer")
        cls.env.company.quality_manager_id = cls.quality_manager
        cls.team = helpdesk_team(cls.env, "Rebuild desk", members=cls.agent)
        cls.policy_vals = {
            "name": "Rebuild standard",
            "team_ids": [(6, 0, cls.team.ids)],
            "calendar_id": cls.calendar.id,
            "pause_stage_ids": [(6, 0, cls.stage_waiting.ids)],
            "excluded_stage_ids": [(6, 0, cls.stage_cancelled.ids)],
            "line_ids": [
                (0, 0, {"priority": "2", "response_hours": 2, "resolution_hours": 16}),
                (0, 0, {"priority": "1", "response_hours": 4, "resolution_hours": 24}),
            ],
        }

    # ------------------------------------------------------------------
    def at(self, instant):
        """Freeze time at a Shanghai instant given as a tuple."""
        return freeze_time(local(*instant))

    def create_ticket(self, instant, priority="2", name="Disk full"):
        with self.at(instant):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": name,
                    "description": "<p>x</p>",
                    "team_id": self.team.id,
                    "priority": priority,
                    "user_id": self.agent.id,
                    "stage_id": self.stage_new.id,
                }
            )
            self.env.cr.flush()  # the creation message and its tracking, dated now
            # the row's creation date is the transaction's: the helpdesk recorded it then
            self.env.cr.execute(
                "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
                (fields.Datetime.now(), ticket.id),
            )
            ticket.invalidate_recordset(["create_date"])
        return ticket

    def move(self, ticket, stage, instant):
        with self.at(instant):
            self.sweep()
            ticket.write({"stage_id": stage.id})
            self.env.cr.flush()

    def reply(self, ticket, instant):
        with self.at(instant):
            self.sweep()
            ticket.with_user(self.agent).message_post(
                body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            self.env.cr.flush()

    def sweep(self):
        """The scheduled sweep, as it runs every few minutes."""
        self.env["quality_ops.ticket.sla"]._cron_sweep(now=fields.Datetime.now())

    def clocks_of(self, tickets):
        clocks = (
            self.env["quality_ops.ticket.sla"]
            .with_context(active_test=False)
            .search([("ticket_id", "in", tickets.ids)], order="ticket_id, kind, cycle")
        )
        return [(clock.ticket_id.number, *(clock[name] for name in COMPARED)) for clock in clocks]

    def lived_tickets(self):
        """Tickets created, answered, paused, reopened and closed through a
        fortnight with the live engine."""
        self.env["quality_ops.sla.policy"].create(self.policy_vals)
        answered = self.create_ticket((2026, 9, 28, 9))
        reopened = self.create_ticket((2026, 9, 28, 10), priority="1")
        forgotten = self.create_ticket((2026, 9, 28, 11))
        cancelled = self.create_ticket((2026, 9, 29, 9))
        waiting = self.create_ticket((2026, 9, 29, 15))
        late = self.create_ticket((2026, 10, 2, 17, 30))
        self.reply(answered, (2026, 9, 28, 9, 30))
        self.move(answered, self.stage_waiting, (2026, 9, 28, 10))
        self.move(reopened, self.stage_progress, (2026, 9, 28, 11))
        self.move(answered, self.stage_progress, (2026, 9, 28, 14))
        self.move(answered, self.stage_done, (2026, 9, 28, 16))
        self.move(cancelled, self.stage_cancelled, (2026, 9, 29, 10))
        self.move(waiting, self.stage_waiting, (2026, 9, 29, 16))
        self.reply(reopened, (2026, 9, 29, 11))
        self.move(reopened, self.stage_done, (2026, 9, 29, 17))
        self.move(reopened, self.stage_progress, (2026, 9, 30, 9))
        self.move(reopened, self.stage_done, (2026, 9, 30, 11))
        self.reply(late, (2026, 10, 5, 9, 10))
        self.move(late, self.stage_waiting, (2026, 10, 5, 10))
        self.move(late, self.stage_progress, (2026, 10, 6, 10))
        # resolved in September, reopened in October: a cycle of its own
        self.move(answered, self.stage_progress, (2026, 10, 8, 9))
        tickets = answered | reopened | forgotten | cancelled | waiting | late
        return tickets

    def forget_clocks(self, tickets):
        """The tickets as they were before quality_ops: no clock."""
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM quality_ops_ticket_sla WHERE ticket_id = ANY(%s)", [tickets.ids]
        )
        self.env["quality_ops.ticket.sla"].invalidate_model()
        tickets.invalidate_recordset()

    # ------------------------------------------------------------------
    def test_rebuilt_clocks_equal_the_live_ones(self):
        tickets = self.lived_tickets()
        end = local(2026, 10, 9, 12)
        with freeze_time(end):
            self.sweep()
        live = self.clocks_of(tickets)
        # 6 tickets x 2 kinds, and the next cycle of the one reopened in a
        # later month (the one closed twice in September went on in place)
        self.assertEqual(len(live), 13)
        states = {row[4] for row in live}
        self.assertTrue({"met", "breached", "paused", "cancelled"} <= states, states)
        self.forget_clocks(tickets)
        Rebuild = self.env["quality_ops.sla.rebuild"]
        ids = Rebuild._tickets_without_clocks(self.env.company, teams=self.team)
        self.assertEqual(ids, tickets.sorted("id").ids)
        counts = Rebuild._rebuild(ids, now=end)
        self.assertEqual(counts["tickets"], 6)
        self.assertEqual(counts["clocks"], 13)
        self.assertEqual(self.clocks_of(tickets), live)
        self.assertTrue(all(tickets.quality_sla_ids.mapped("reconstructed")))
        # a second run finds nothing to do and changes nothing
        self.assertFalse(Rebuild._tickets_without_clocks(self.env.company, teams=self.team))
        self.assertEqual(self.clocks_of(tickets), live)

    def test_new_policy_covers_the_open_tickets(self):
        """Tickets older than their policy: the open ones come under it from
        their creation, the breached ones without a notification each."""
        old_open = self.create_ticket((2026, 9, 28, 9))
        old_waiting = self.create_ticket((2026, 9, 28, 9, 30))
        old_closed = self.create_ticket((2026, 9, 28, 10))
        self.move(old_waiting, self.stage_waiting, (2026, 9, 28, 10))
        self.move(old_closed, self.stage_done, (2026, 9, 28, 11))
        self.assertFalse((old_open | old_waiting | old_closed).quality_sla_ids)
        activities = self.env["mail.activity"].search_count([])
        with freeze_time(local(2026, 10, 9, 12)):
            policy = self.env["quality_ops.sla.policy"].create(self.policy_vals)
            self.env.cr.flush()  # the policy covers the open tickets before the commit
        self.assertFalse(old_closed.quality_sla_ids, "history is the rebuild's, not the policy's")
        clocks = old_open.quality_sla_ids
        self.assertEqual(len(clocks), 2)
        self.assertEqual(set(clocks.mapped("start_at")), {local(2026, 9, 28, 9)})
        self.assertEqual(set(clocks.mapped("state")), {"breached"})
        self.assertTrue(all(clocks.mapped("reconstructed")))
        self.assertEqual(set(old_waiting.quality_sla_ids.mapped("state")), {"paused"})
        # one summary for the quality manager, not one notification per breach
        self.assertEqual(self.env["mail.activity"].search_count([]), activities + 1)
        summary = self.env["mail.activity"].search(
            [("res_model", "=", "quality_ops.sla.policy"), ("res_id", "=", policy.id)]
        )
        self.assertEqual(summary.user_id, self.quality_manager)
        # a ticket whose team changes so that it now matches gets its clocks
        elsewhere = self.env["helpdesk.ticket.team"].create({"name": "Elsewhere"})
        outside = self.env["helpdesk.ticket"].create(
            {"name": "Elsewhere", "description": "<p>x</p>", "team_id": elsewhere.id}
        )
        self.assertFalse(outside.quality_sla_ids)
        outside.team_id = self.team
        self.assertEqual(len(outside.quality_sla_ids), 2)

    def test_rebuilt_month_counts_the_tickets_closed_in_it(self):
        tickets = self.lived_tickets()
        self.forget_clocks(tickets)
        self.env["quality_ops.sla.rebuild"]._rebuild(tickets.ids, now=local(2026, 10, 9, 12))
        Measurement = self.env["quality_ops.measurement"]
        Measurement._compute_period("month", dt.date(2026, 9, 1), dt.date(2026, 9, 30))
        measurement = Measurement.search(
            [
                ("indicator_id.code", "=", "RESO_SLA"),
                ("periodicity", "=", "month"),
                ("date_from", "=", dt.date(2026, 9, 1)),
                ("scope", "=", "team"),
                ("team_id", "=", self.team.id),
            ]
        )
        # closed in September (local): the answered ticket (reopened in
        # October, its September verdict stays) and the reopened one, closed
        # twice in September: one verdict; the cancelled one counts neither way
        closed_in_september = self.env["quality_ops.ticket.sla"].search_count(
            [
                ("ticket_id", "in", tickets.ids),
                ("kind", "=", "resolution"),
                ("reached_at", ">=", local(2026, 9, 1)),
                ("reached_at", "<", local(2026, 10, 1)),
            ]
        )
        self.assertEqual(closed_in_september, 2)
        # and the forgotten one, breached in September while still open: a
        # breach counts in the month it happened
        breached_open = self.env["quality_ops.ticket.sla"].search_count(
            [
                ("ticket_id", "in", tickets.ids),
                ("kind", "=", "resolution"),
                ("state", "=", "breached"),
                ("reached_at", "=", False),
                ("breached_at", ">=", local(2026, 9, 1)),
                ("breached_at", "<", local(2026, 10, 1)),
            ]
        )
        self.assertEqual(breached_open, 1)
        self.assertEqual(measurement.denominator, closed_in_september + breached_open)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_rebuild_wizard_is_the_quality_managers(self):
        tickets = self.lived_tickets()
        self.forget_clocks(tickets)
        wizard = (
            self.env["quality_ops.sla.rebuild.wizard"]
            .with_user(self.quality_manager)
            .create({"date_from": dt.date(2026, 9, 1), "team_ids": [(6, 0, self.team.ids)]})
        )
        self.assertEqual(wizard.ticket_count, 6)
        with self.assertRaises(AccessError):
            wizard.with_user(self.officer).action_rebuild()
        self.assertFalse(tickets.quality_sla_ids)
        action = wizard.action_rebuild()
        self.assertEqual(action["params"]["type"], "success")
        tickets.invalidate_recordset()
        self.assertEqual(len(tickets.quality_sla_ids), 12)
        wizard.invalidate_recordset(["ticket_count"])
        self.assertEqual(wizard.ticket_count, 0)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_large_rebuild_runs_as_jobs_then_tells_the_manager(self):
        """More tickets than a batch: one job per batch, then the year measured
        again (one job per indicator), then the quality manager told; the
        clocks come back as the live engine made them."""
        tickets = self.lived_tickets()
        end = local(2026, 10, 9, 12)
        with freeze_time(end):
            self.sweep()
        live = self.clocks_of(tickets)
        self.forget_clocks(tickets)
        Rebuild = self.env["quality_ops.sla.rebuild"]
        Measurement = self.env["quality_ops.measurement"]
        indicators = len(Measurement._builtin_indicators())
        wizard = (
            self.env["quality_ops.sla.rebuild.wizard"]
            .with_user(self.quality_manager)
            .create({"date_from": dt.date(2026, 9, 1), "team_ids": [(6, 0, self.team.ids)]})
        )
        with (
            patch.object(quality_sla_rebuild_wizard, "REBUILD_BATCH", 2),
            patch.object(quality_job_sla_rebuild, "BATCH", 2),
            freeze_time(end),
            trap_jobs() as trap,
        ):
            action = wizard.action_rebuild()
            self.assertIn("background", action["params"]["message"])
            trap.assert_jobs_count(3, only=Rebuild._quality_rebuild_piece)
            trap.assert_enqueued_job(
                Rebuild._quality_rebuild_piece, args=(tickets.sorted("id").ids[:2],)
            )
            trap.assert_jobs_count(indicators, only=Measurement._quality_measure_year)
            trap.assert_jobs_count(1, only=Rebuild._quality_rebuild_done)
            trap.assert_jobs_count(3 + indicators + 1)
            by_method = {}
            for job in trap.enqueued_jobs:
                by_method.setdefault(job.method_name, []).append(job)
            # the year waits for every batch, the notification for the year
            for job in by_method["_quality_measure_year"]:
                self.assertEqual(set(job.depends_on), set(by_method["_quality_rebuild_piece"]))
            (done,) = by_method["_quality_rebuild_done"]
            self.assertEqual(set(done.depends_on), set(by_method["_quality_measure_year"]))
            tickets.invalidate_recordset()
            self.assertFalse(tickets.quality_sla_ids, "queued, not rebuilt")
            trap.perform_enqueued_jobs()
        self.assertEqual(self.clocks_of(tickets), live)
        told = self.env["mail.message"].search(
            [("partner_ids", "in", self.quality_manager.partner_id.id)], order="id desc", limit=1
        )
        self.assertIn("2026-09", told.body)
        self.assertEqual(told.message_type, "user_notification")
