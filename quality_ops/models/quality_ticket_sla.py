import datetime
import logging

from markupsafe import Markup
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..worktime import NoWorkingTime

_logger = logging.getLogger(__name__)

KINDS = [("response", "First Response"), ("resolution", "Resolution")]
STATES = [
    ("running", "Running"),
    ("paused", "Paused"),
    ("warning", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("running", "paused", "warning", "breached")
SWEEP_BATCH = 1000
SWEEP_LOCK = 0x51A5_3E3E  # advisory lock key of the SLA sweep
EPSILON_HOURS = 1e-6


class WorkTimeCache:
    """Per-calendar working time shared by all clocks of one operation."""

    def __init__(self, env):
        self.env = env
        self.windows = {}  # calendar id -> (date_from, date_to, WorkTime)

    def get(self, calendar, date_from, date_to):
        cached = self.windows.get(calendar.id)
        if cached and cached[0] <= date_from and cached[1] >= date_to:
            return cached[2]
        if cached:
            date_from, date_to = min(date_from, cached[0]), max(date_to, cached[1])
        work = calendar._quality_worktime(date_from, date_to)
        self.windows[calendar.id] = (date_from, date_to, work)
        return work

    def worktime_around(self, calendar, start, hours=0.0):
        days = 31 + int(hours // 2)
        return self.get(
            calendar,
            start.date() - datetime.timedelta(days=1),
            start.date() + datetime.timedelta(days=days),
        )

    def add_hours(self, calendar, start, hours):
        """Deadline after ``hours`` working hours; widens the window as needed."""
        days = 31 + int(hours // 2)
        for _attempt in range(5):
            work = self.get(
                calendar,
                start.date() - datetime.timedelta(days=1),
                start.date() + datetime.timedelta(days=days),
            )
            try:
                return work.add_hours(start, hours)
            except NoWorkingTime:
                days *= 4
        raise UserError(
            self.env._(
                "The working calendar %(calendar)s has no working hours after %(date)s: "
                "SLA deadlines cannot be computed. Check its attendances and holidays.",
                calendar=calendar.display_name,
                date=start.date(),
            )
        )

    def hours_between(self, calendar, start, end):
        if end <= start:
            return 0.0
        work = self.get(
            calendar,
            start.date() - datetime.timedelta(days=1),
            end.date() + datetime.timedelta(days=1),
        )
        return work.hours_between(start, end)


class QualityTicketSla(models.Model):
    _name = "quality_ops.ticket.sla"
    _description = "Ticket SLA Clock"
    _order = "ticket_id, kind, cycle"
    _inherit = ["quality_ops.xlsx.mixin"]
    _rec_name = "kind"
    _quality_xlsx_fields = [
        ("ticket_id", "number"),
        ("ticket_id", "name"),
        "kind",
        "policy_id",
        "target_hours",
        "start_at",
        "deadline",
        "reached_at",
        "consumed_hours",
        "paused_hours",
        "state",
        "cycle",
    ]

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    # the ticket's company, copied (not related) so that clocks are inserted in bulk
    company_id = fields.Many2one(comodel_name="res.company", index=True)
    kind = fields.Selection(KINDS, required=True)
    policy_id = fields.Many2one(
        comodel_name="quality_ops.sla.policy", ondelete="restrict", index=True
    )
    calendar_id = fields.Many2one(comodel_name="resource.calendar", ondelete="restrict")
    target_hours = fields.Float(digits=(16, 2))
    start_at = fields.Datetime(string="Started", required=True)
    segment_start = fields.Datetime(
        help="Start of the current running segment (creation or last resume)."
    )
    consumed_hours = fields.Float(
        digits=(16, 2),
        help="Working hours consumed before the current segment; the final "
        "consumption once the target is reached.",
    )
    paused_hours = fields.Float(digits=(16, 2))
    paused_since = fields.Datetime()
    deadline = fields.Datetime()
    warning1_at = fields.Datetime(string="First Warning At")
    warning2_at = fields.Datetime(string="Second Warning At")
    warning_level = fields.Integer(default=0, help="Warnings already notified (0, 1 or 2).")
    reached_at = fields.Datetime(string="Reached")
    breached_at = fields.Datetime(string="Breached")
    state = fields.Selection(STATES, required=True, default="running", index=True)
    cycle = fields.Integer(default=1, help="Resolution cycles: a reopened ticket starts a new one.")
    is_current = fields.Boolean(default=True, index=True)
    consumed_now = fields.Float(
        compute="_compute_consumed_now", digits=(16, 2), string="Consumed (h)"
    )
    consumed_percent = fields.Float(compute="_compute_consumed_now", string="Consumed (%)")

    _sweep_warning1_idx = models.Index(
        "(warning1_at) WHERE state IN ('running', 'warning') AND warning_level < 1"
    )
    _sweep_warning2_idx = models.Index(
        "(warning2_at) WHERE state IN ('running', 'warning') AND warning_level < 2"
    )
    _sweep_deadline_idx = models.Index("(deadline) WHERE state IN ('running', 'warning')")
    _one_current_clock = models.UniqueIndex(
        "(ticket_id, kind) WHERE is_current",
        "A ticket has one current clock of each kind.",
    )

    @api.depends("consumed_hours", "segment_start", "paused_since", "reached_at", "target_hours")
    def _compute_consumed_now(self):
        cache = WorkTimeCache(self.env)
        now = fields.Datetime.now()
        for clock in self:
            consumed = clock.consumed_hours
            if (
                clock.state not in ("met", "cancelled")
                and not clock.reached_at
                and not clock.paused_since
                and clock.segment_start
                and clock.calendar_id
            ):
                consumed += cache.hours_between(clock.calendar_id, clock.segment_start, now)
            clock.consumed_now = consumed
            clock.consumed_percent = (
                100.0 * consumed / clock.target_hours if clock.target_hours else 0.0
            )

    @api.depends("kind", "ticket_id")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for clock in self:
            # the ticket reference only, readable by whoever may read the clock
            number = clock.sudo().ticket_id.number
            clock.display_name = f"{number} {labels.get(clock.kind, '')}"

    # ------------------------------------------------------------------
    # scheduling arithmetic
    # ------------------------------------------------------------------
    def _schedule_vals(self, cache, calendar, segment_start, banked, target, policy, level):
        """Deadline and warning instants of a running segment."""
        remaining = max(target - banked, 0.0)
        vals = {"deadline": cache.add_hours(calendar, segment_start, remaining)}
        for number, percent in ((1, policy.warning1_percent), (2, policy.warning2_percent)):
            if level >= number:
                continue
            share = max(target * percent / 100.0 - banked, 0.0)
            vals[f"warning{number}_at"] = cache.add_hours(calendar, segment_start, share)
        return vals

    @api.model
    def _new_clock_vals(self, cache, ticket, policy, line, kind, start):
        target = line.response_hours if kind == "response" else line.resolution_hours
        calendar = policy._calendar_for(ticket)
        if not calendar:
            raise UserError(
                self.env._(
                    "SLA policy %(policy)s needs working hours: set a calendar on the "
                    "policy, the team or the company.",
                    policy=policy.display_name,
                )
            )
        vals = {
            "ticket_id": ticket.id,
            "company_id": ticket.company_id.id,
            "kind": kind,
            "policy_id": policy.id,
            "calendar_id": calendar.id,
            "target_hours": target,
            "start_at": start,
            "segment_start": start,
            "consumed_hours": 0.0,
            "state": "running",
        }
        vals.update(self._schedule_vals(cache, calendar, start, 0.0, target, policy, 0))
        return vals

    # ------------------------------------------------------------------
    # events from tickets (called with many tickets at once)
    # ------------------------------------------------------------------
    @api.model
    def _apply_policies(self, tickets, now=None):
        """Create, retarget or cancel the clocks of tickets after a change of
        the fields that select a policy (or at creation)."""
        now = now or fields.Datetime.now()
        cache = WorkTimeCache(self.env)
        matches = self.env["quality_ops.sla.policy"]._quality_match(tickets)
        clocks = self.search([("ticket_id", "in", tickets.ids), ("is_current", "=", True)])
        by_ticket = {}
        for clock in clocks:
            by_ticket.setdefault(clock.ticket_id.id, {})[clock.kind] = clock
        new_vals, to_cancel = [], self.browse()
        for ticket in tickets:
            match = matches.get(ticket.id)
            existing = by_ticket.get(ticket.id, {})
            for kind in ("response", "resolution"):
                clock = existing.get(kind)
                target = 0.0
                if match:
                    line = match[1]
                    target = line.response_hours if kind == "response" else line.resolution_hours
                if clock and (clock.reached_at or clock.state == "cancelled"):
                    continue  # finished clocks are history
                if not target:
                    to_cancel |= clock or self.browse()
                    continue
                policy, line = match
                if not clock:
                    # the clock starts when a policy starts applying: at creation,
                    # or when a later change makes the ticket match one
                    new_vals.append(self._new_clock_vals(cache, ticket, policy, line, kind, now))
                elif clock.policy_id != policy or clock.target_hours != target:
                    clock._retarget(cache, policy, ticket, target, now)
        for ticket in tickets:
            for clock in by_ticket.get(ticket.id, {}).values():
                if clock.company_id != ticket.company_id:
                    clock.company_id = ticket.company_id
        if to_cancel:
            to_cancel._cancel(now)
        created = self._insert(new_vals)
        tickets.invalidate_recordset(["quality_sla_ids", "quality_sla_history_ids"])
        if created:
            # a ticket may be created directly in a pause, closed or cancelled stage
            created._apply_stage(cache, now, old_stages={})
        return created

    @api.model
    def _insert(self, vals_list):
        """Bulk INSERT of new clocks (one query): ticket creation is the hot path.

        Clocks have no computed stored field and no constraint to check, so the
        ORM's per-record create work buys nothing here.
        """
        if not vals_list:
            return self.browse()
        self.env.flush_all()
        columns = sorted({key for vals in vals_list for key in vals})
        defaults = {"cycle": 1, "is_current": True, "warning_level": 0, "paused_hours": 0.0}
        columns = sorted(set(columns) | set(defaults))
        now = fields.Datetime.now()
        uid = self.env.uid
        booleans = {"is_current"}

        def value(vals, col):
            # the ORM writes False for an empty field; SQL wants NULL
            val = vals.get(col, defaults.get(col))
            return None if val is False and col not in booleans else val

        rows = [
            SQL(
                "(%s)", SQL(", ").join([value(vals, col) for col in columns] + [uid, now, uid, now])
            )
            for vals in vals_list
        ]
        names = SQL(", ").join(SQL.identifier(col) for col in columns)
        self.env.cr.execute(
            SQL(
                "INSERT INTO quality_ops_ticket_sla (%s, create_uid, create_date, write_uid, "
                "write_date) VALUES %s RETURNING id",
                names,
                SQL(", ").join(rows),
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _retarget(self, cache, policy, ticket, target, now):
        self.ensure_one()
        calendar = policy._calendar_for(ticket)
        vals = {"policy_id": policy.id, "calendar_id": calendar.id, "target_hours": target}
        if not self.paused_since:
            banked = self.consumed_hours + cache.hours_between(
                self.calendar_id, self.segment_start, now
            )
            vals.update(consumed_hours=banked, segment_start=now)
            vals.update(
                self._schedule_vals(
                    cache, calendar, now, banked, target, policy, self.warning_level
                )
            )
            if banked >= target - EPSILON_HOURS and self.state != "breached":
                vals.update(state="breached", breached_at=now)
        self.write(vals)

    @api.model
    def _on_stage_change(self, tickets, old_stages, now=None):
        now = now or fields.Datetime.now()
        clocks = self.search([("ticket_id", "in", tickets.ids), ("is_current", "=", True)])
        clocks._apply_stage(WorkTimeCache(self.env), now, old_stages)

    def _apply_stage(self, cache, now, old_stages):
        """React to the current stage of each clock's ticket."""
        reopened = self.browse()
        for clock in self:
            ticket = clock.ticket_id
            stage = ticket.stage_id
            policy = clock.policy_id
            old_stage = old_stages.get(ticket.id)
            if stage in policy.excluded_stage_ids:
                if clock.state != "cancelled":
                    clock._cancel(now)
                continue
            if clock.state == "cancelled":
                continue
            if clock.reached_at:
                if (
                    clock.kind == "resolution"
                    and old_stage is not None
                    and old_stage.closed
                    and not stage.closed
                ):
                    reopened |= clock
                continue
            if stage.closed or (clock.kind == "response" and stage in policy.response_stage_ids):
                clock._reach(cache, now)
            elif stage in policy.pause_stage_ids:
                if not clock.paused_since:
                    clock._pause(cache, now)
            elif clock.paused_since:
                clock._resume(cache, now)
        if reopened:
            reopened._reopen(cache, now)

    def _consumed_until(self, cache, now):
        self.ensure_one()
        if self.paused_since or not self.segment_start:
            return self.consumed_hours
        return self.consumed_hours + cache.hours_between(self.calendar_id, self.segment_start, now)

    def _reach(self, cache, now):
        for clock in self:
            consumed = clock._consumed_until(cache, now)
            vals = {"reached_at": now, "consumed_hours": consumed, "paused_since": False}
            if clock.paused_since:
                vals["paused_hours"] = clock.paused_hours + cache.hours_between(
                    clock.calendar_id, clock.paused_since, now
                )
            if consumed <= clock.target_hours + EPSILON_HOURS and clock.state != "breached":
                vals["state"] = "met"
            else:
                vals["state"] = "breached"
                vals["breached_at"] = clock.breached_at or clock.deadline or now
            clock.write(vals)

    def _pause(self, cache, now):
        for clock in self:
            vals = {
                "consumed_hours": clock._consumed_until(cache, now),
                "paused_since": now,
            }
            if clock.state in ("running", "warning"):
                vals["state"] = "paused"
            clock.write(vals)

    def _resume(self, cache, now):
        for clock in self:
            vals = {
                "paused_hours": clock.paused_hours
                + cache.hours_between(clock.calendar_id, clock.paused_since, now),
                "paused_since": False,
                "segment_start": now,
            }
            vals.update(
                self._schedule_vals(
                    cache,
                    clock.calendar_id,
                    now,
                    clock.consumed_hours,
                    clock.target_hours,
                    clock.policy_id,
                    clock.warning_level,
                )
            )
            if clock.state == "paused":
                if clock.consumed_hours >= clock.target_hours - EPSILON_HOURS:
                    vals.update(state="breached", breached_at=now)
                else:
                    vals["state"] = "warning" if clock.warning_level else "running"
            clock.write(vals)

    def _reopen(self, cache, now):
        """A resolved ticket came back: history stays, a new cycle resumes it.

        The time the ticket spent resolved counts as paused.
        """
        new_vals = []
        for clock in self:
            paused = clock.paused_hours + cache.hours_between(
                clock.calendar_id, clock.reached_at, now
            )
            vals = {
                "ticket_id": clock.ticket_id.id,
                "company_id": clock.company_id.id,
                "kind": clock.kind,
                "policy_id": clock.policy_id.id,
                "calendar_id": clock.calendar_id.id,
                "target_hours": clock.target_hours,
                "start_at": clock.start_at,
                "segment_start": now,
                "consumed_hours": clock.consumed_hours,
                "paused_hours": paused,
                "warning_level": clock.warning_level,
                "cycle": clock.cycle + 1,
                "breached_at": clock.breached_at,
                "state": "breached"
                if clock.state == "breached"
                else ("warning" if clock.warning_level else "running"),
            }
            vals.update(
                self._schedule_vals(
                    cache,
                    clock.calendar_id,
                    now,
                    clock.consumed_hours,
                    clock.target_hours,
                    clock.policy_id,
                    clock.warning_level,
                )
            )
            new_vals.append(vals)
        self.write({"is_current": False})
        self.flush_recordset(["is_current"])  # before the new cycle's INSERT
        created = self._insert(new_vals)
        self.ticket_id.invalidate_recordset(["quality_sla_ids", "quality_sla_history_ids"])
        bodies = {
            clock.ticket_id.id: Markup("%s")
            % self.env._(
                "Ticket reopened: resolution clock resumed (cycle %(cycle)s).", cycle=clock.cycle
            )
            for clock in created
        }
        created.ticket_id._message_log_batch(bodies=bodies)
        return created

    def _cancel(self, now):
        self.write({"state": "cancelled", "paused_since": False})

    @api.model
    def _on_response(self, tickets, now=None):
        """A public reply by an internal user: first response reached."""
        now = now or fields.Datetime.now()
        clocks = self.search(
            [
                ("ticket_id", "in", tickets.ids),
                ("is_current", "=", True),
                ("kind", "=", "response"),
                ("reached_at", "=", False),
                ("state", "in", OPEN_STATES),
            ]
        )
        if clocks:
            clocks._reach(WorkTimeCache(self.env), now)

    # ------------------------------------------------------------------
    # scheduled sweep: warnings and breaches from stored instants
    # ------------------------------------------------------------------
    @api.model
    def _cron_sweep(self, now=None, batch=SWEEP_BATCH):
        """Promote clocks to warning / breached, each notified exactly once.

        Each step claims rows with one UPDATE ... RETURNING on an indexed
        instant, whose WHERE clause excludes what was already claimed, so a
        second run finds nothing.  A session advisory lock keeps two runs from
        sweeping at the same moment: the later one returns at once, and should
        its snapshot predate the other's commits, the serialization failure is
        absorbed the same way.
        """
        now = now or fields.Datetime.now()
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_try_advisory_lock(%s)", SWEEP_LOCK))
        if not cr.fetchone()[0]:
            _logger.info("SLA sweep already running elsewhere: nothing to do")
            return 0
        try:
            return self._sweep_steps(now, batch)
        finally:
            cr.execute(SQL("SELECT pg_advisory_unlock(%s)", SWEEP_LOCK))

    def _sweep_steps(self, now, batch):
        steps = [
            (
                1,
                SQL("warning_level < 1 AND warning1_at <= %s", now),
                SQL(
                    "warning_level = 1, state = CASE WHEN state = 'running' "
                    "THEN 'warning' ELSE state END"
                ),
            ),
            (
                2,
                SQL("warning_level < 2 AND warning2_at <= %s", now),
                SQL(
                    "warning_level = 2, state = CASE WHEN state = 'running' "
                    "THEN 'warning' ELSE state END"
                ),
            ),
            (3, SQL("deadline <= %s", now), SQL("state = 'breached', breached_at = deadline")),
        ]
        total = 0
        for level, condition, assignment in steps:
            while True:
                try:
                    with self.env.cr.savepoint():
                        # no ORDER BY: the partial index on the instant is the plan
                        self.env.cr.execute(
                            SQL(
                                """
                            UPDATE quality_ops_ticket_sla
                               SET %(assignment)s, write_date = %(now)s
                             WHERE id IN (
                                SELECT id FROM quality_ops_ticket_sla
                                 WHERE state IN ('running', 'warning') AND %(condition)s
                                 LIMIT %(batch)s
                                   FOR UPDATE SKIP LOCKED)
                               AND state IN ('running', 'warning')
                            RETURNING id
                            """,
                                assignment=assignment,
                                condition=condition,
                                now=now,
                                batch=batch,
                            )
                        )
                        ids = [row[0] for row in self.env.cr.fetchall()]
                except errors.SerializationFailure:
                    _logger.info("SLA sweep: rows swept by a concurrent run, stopping")
                    return total
                if not ids:
                    break
                self.invalidate_model(["warning_level", "state", "breached_at", "write_date"])
                self.browse(ids)._notify_threshold(level)
                total += len(ids)
                self._commit_batch(len(ids))
        return total

    def _commit_batch(self, count):
        if self.env.context.get("cron_id"):
            self.env["ir.cron"]._commit_progress(count)

    def _notify_threshold(self, level):
        """Chatter note and activity for each clock, in batches."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        field = {1: "notify_warning1", 2: "notify_warning2", 3: "notify_breach"}[level]
        todo = self.env.ref("mail.mail_activity_data_todo")
        ticket_model = self.env["ir.model"]._get_id("helpdesk.ticket")
        bodies, activities = {}, []
        for clock in self.sudo():
            ticket = clock.ticket_id
            if level == 3:
                text = self.env._(
                    "SLA breached: %(kind)s target of %(hours)s working hours missed.",
                    kind=kinds[clock.kind],
                    hours=clock.target_hours,
                )
            else:
                percent = clock.policy_id[f"warning{level}_percent"]
                text = self.env._(
                    "SLA at risk: %(percent)s%% of the %(kind)s target used.",
                    percent=round(percent),
                    kind=kinds[clock.kind],
                )
            bodies[ticket.id] = bodies.get(ticket.id, Markup("")) + Markup("<p>%s</p>") % text
            user = clock._recipient(clock.policy_id[field])
            if user:
                activities.append(
                    {
                        "res_model_id": ticket_model,
                        "res_id": ticket.id,
                        "user_id": user.id,
                        "activity_type_id": todo.id,
                        "summary": text,
                        "date_deadline": fields.Date.context_today(self),
                        "automated": True,
                    }
                )
        tickets = self.env["helpdesk.ticket"].browse(list(bodies))
        tickets._message_log_batch(bodies=bodies)
        if activities:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                activities
            )

    def _recipient(self, who):
        self.ensure_one()
        ticket = self.ticket_id
        if who == "assignee":
            return ticket.user_id or ticket.team_id.user_id
        if who == "team_leader":
            return ticket.team_id.user_id or ticket.company_id.quality_manager_id
        if who == "quality_manager":
            return ticket.company_id.quality_manager_id
        return self.env["res.users"]
