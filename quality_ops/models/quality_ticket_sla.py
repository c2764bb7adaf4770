import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_datetime

from .. import sla_clock
from ..ratios import percent
from ..sla_clock import (
    BREACHED,
    CANCELLED,
    FINAL_STATES,
    KINDS,
    RESOLUTION,
    RESPONSE,
    STATES,
    sql_states,
)
from ..tools.argument_guard import arguments, check_ids, check_vals
from ..tools.calendars import working_calendar
from ..tools.record_fields import belongs_to_field
from ..tools.workflow_pass import has_pass
from .quality_ticket_sla_store import ROW_SELECT, TICKING_SQL, Row
from .resource_calendar import WorkTimeCache

_logger = logging.getLogger(__name__)
# a deadline in a chatter line, read the same way in every language
SHORT = "yyyy-MM-dd HH:mm"


class QualityTicketSla(models.Model):
    _name = "quality_ops.ticket.sla"
    _description = "Ticket SLA Clock"
    _order = "ticket_id, kind, cycle"
    _inherit = [
        "quality_ops.xlsx.mixin",
        "quality_ops.ticket.sla.store",
        "quality_ops.ticket.sla.sweep",
    ]
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

    ticket_id = belongs_to_field("helpdesk.ticket")
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
    # stamped when the verdict falls (quality_ticket_sla_store.verdict_people)
    verdict_stamped = fields.Boolean(readonly=True, copy=False)
    verdict_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Engineer at Verdict",
        readonly=True,
        help="The ticket's engineer when the clock was met or breached: its verdict "
        "counts for him, whoever the ticket is handed to afterwards.",
    )
    verdict_team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="Team at Verdict",
        readonly=True,
        help="The ticket's team when the clock was met or breached.",
    )
    cancelled_at = fields.Datetime(
        string="Cancelled",
        help="When the ticket was cancelled or left every policy; taken back, the "
        "clock goes on, the time since counted as consumed.",
    )
    state = fields.Selection(STATES, required=True, default="running", index=True)
    cycle = fields.Integer(default=1, help="Resolution cycles: a reopened ticket starts a new one.")
    is_current = fields.Boolean(default=True, index=True)
    # set only by the rebuild from the helpdesk's history (quality_ops.sla.rebuild)
    reconstructed = fields.Boolean(
        readonly=True,
        copy=False,
        help="Rebuilt from what the helpdesk recorded (creation, stage tracking, first "
        "public reply, closing) instead of measured live: the ticket predates its SLA "
        "policy or quality_ops.",
    )
    replanned_at = fields.Datetime(
        string="Re-planned",
        help="Last time the deadline was computed again because the working calendar's "
        "hours, public holidays or make-up working days, or the ticket's priority, team "
        "or contract changed.",
    )
    deadline_before_replan = fields.Datetime(
        string="Deadline Before Re-plan",
        help="The deadline the clock had before its last re-plan.",
    )
    # set and cleared only by the transitions of an exemption (免责)
    quality_exempted = fields.Boolean(
        string="Exempted",
        index=True,
        readonly=True,
        copy=False,
        help="An approved exemption takes the clock out of the SLA compliance "
        "indicators and of the service credits (neither met nor breached).",
    )
    exemption_ids = fields.One2many(
        comodel_name="quality_ops.sla.exemption", inverse_name="clock_id", string="Exemptions"
    )
    consumed_now = fields.Float(
        compute="_compute_consumed_now", digits=(16, 2), string="Consumed (h)"
    )
    consumed_percent = fields.Float(compute="_compute_consumed_now", string="Consumed (%)")

    _sweep_warning1_idx = models.Index(
        f"(warning1_at) WHERE state IN {TICKING_SQL} AND warning_level < 1"
    )
    _sweep_warning2_idx = models.Index(
        f"(warning2_at) WHERE state IN {TICKING_SQL} AND warning_level < 2"
    )
    _sweep_deadline_idx = models.Index(f"(deadline) WHERE state IN {TICKING_SQL}")
    # the breaches an escalation rule looks at: a range of this index, from the
    # rule's activation on, whatever the history before it
    _escalation_breached_idx = models.Index(
        f"(breached_at) WHERE state IN {sql_states([BREACHED])} AND is_current"
    )
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
                clock.state not in FINAL_STATES
                and not clock.reached_at
                and not clock.paused_since
                and clock.segment_start
                and clock.calendar_id
            ):
                consumed += cache.hours_between(clock.calendar_id, clock.segment_start, now)
            clock.consumed_now = consumed
            clock.consumed_percent = percent(consumed, clock.target_hours, digits=None) or 0.0

    @api.depends("kind", "ticket_id")
    @api.depends_context("lang")  # a translated name is part of it
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for clock in self:
            # the ticket reference only, readable by whoever may read the clock
            number = clock.sudo().ticket_id.number
            clock.display_name = f"{number} {labels.get(clock.kind, '')}"

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if "quality_exempted" in vals and not has_pass(self):
            raise UserError(
                self.env._(
                    "A clock is exempted only by the approval of an exemption request, "
                    "and no longer exempted only when that approval is revoked."
                )
            )
        return super().write(vals)

    @arguments()
    def action_request_exemption(self):
        """A new exemption request (免责申请) for this clock."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Exemption"),
            "res_model": "quality_ops.sla.exemption",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_clock_id": self.id},
        }

    def _calendar(self, policy, ticket):
        """The clock's calendar: the policy's, else the team's, else the company's."""
        Calendar = self.env["resource.calendar"]
        if policy and policy.calendar_id:
            return Calendar.browse(policy.calendar_id)
        calendar = working_calendar(Calendar, ticket.team_id, ticket.company_id)
        if not calendar:
            policy = self.env["quality_ops.sla.policy"].browse(policy.id if policy else [])
            raise UserError(
                self.env._(
                    "SLA policy %(policy)s needs working hours: set a calendar on the "
                    "policy, the team or the company.",
                    policy=policy.display_name,
                )
            )
        return calendar

    # ------------------------------------------------------------------
    # events from tickets (called with one ticket or many at once)
    # ------------------------------------------------------------------
    @api.model
    def _apply_policies(self, tickets, now=None, new=False):
        """Create, retarget or cancel the clocks of tickets after a change of
        the fields that select a policy, or at creation (``new``: the tickets
        have no clock yet)."""
        now = now or fields.Datetime.now()
        matches = self.env["quality_ops.sla.policy"]._quality_match(tickets)
        if new and not any(matches.values()):
            return self.browse()
        cache = WorkTimeCache(self.env)
        current = {}
        for row in [] if new else self._load(tickets.ids):
            current.setdefault(row.ticket_id, {})[row.clock.kind] = row
        inserts, changes, started, taken_back, replanned = [], {}, {}, set(), {}
        for ticket in tickets:
            policy = matches[ticket.id]
            existing = current.get(ticket.id, {})
            calendar = None
            for kind in (RESPONSE, RESOLUTION):
                target = policy.target(ticket.priority, kind) if policy else 0.0
                row = existing.get(kind)
                cycle = 1
                if row is not None and target and row.clock.state == CANCELLED:
                    calendar = calendar or self._calendar(policy, ticket)
                    clock = self._take_back(cache, row, policy, ticket, target, calendar, now)
                    if clock is not None:
                        # a cancellation taken back: the clock continues
                        changes[row.id] = {"is_current": False}
                        inserts.append(
                            (ticket.id, ticket.company_id.id, policy.id, calendar.id, clock)
                        )
                        taken_back.add(ticket.id)
                        continue
                if row is not None and target and self._restarts(row, policy, ticket):
                    # cancelled before its time was banked (an older clock) and
                    # matching a policy again: measured again from now on
                    changes[row.id] = {"is_current": False}
                    cycle, row = row.clock.cycle, None
                if row is None:
                    if target:
                        # the clock starts when a policy starts applying: at
                        # creation, or when a later change makes the ticket match
                        calendar = calendar or self._calendar(policy, ticket)
                        stage = ticket.stage_id
                        flags = policy.stage(stage.id, stage.closed)
                        # clocks are values: tickets created together share them
                        key = (kind, target, calendar.id, policy.warnings, flags)
                        clock = started.get(key)
                        if clock is None:
                            clock = started[key] = sla_clock.start(
                                kind, target, now, cache.work(calendar), policy.warnings, flags
                            )
                        if cycle != clock.cycle:
                            clock = clock._replace(cycle=cycle)
                        inserts.append(
                            (ticket.id, ticket.company_id.id, policy.id, calendar.id, clock)
                        )
                    continue
                clock = row.clock
                if not target:
                    work = cache.work_of(row.calendar_id) if row.calendar_id else None
                    clock = sla_clock.retarget(row.clock, 0.0, now, work)
                else:
                    calendar = calendar or self._calendar(policy, ticket)
                    if (
                        row.policy_id != policy.id
                        or row.clock.target_hours != target
                        or row.calendar_id != calendar.id
                    ):
                        old_calendar = self.env["resource.calendar"].browse(row.calendar_id)
                        clock = sla_clock.retarget(
                            row.clock,
                            target,
                            now,
                            cache.work(old_calendar or calendar),
                            cache.work(calendar),
                            policy.warnings,
                        )
                vals = sla_clock.changes(row.clock, clock)
                if target and clock is not row.clock:
                    vals.update(policy_id=policy.id, calendar_id=calendar.id)
                if "deadline" in vals and row.clock.deadline:
                    # the earlier deadline stays on the clock and in the chatter
                    vals.update(replanned_at=now, deadline_before_replan=row.clock.deadline)
                    replanned.setdefault(ticket.id, []).append((row.clock, clock))
                if row.company_id != ticket.company_id.id:
                    vals["company_id"] = ticket.company_id.id
                if vals:
                    changes[row.id] = vals
        self._write_changes(changes)
        created = self._insert(inserts)
        tickets.invalidate_recordset(["quality_sla_ids", "quality_sla_history_ids"])
        if taken_back:
            body = Markup("%s") % self._note_env()._(
                "SLA clocks going on: the time since they stopped (the ticket cancelled, or "
                "matched by no policy) counts as consumed, the deadlines stay where they were."
            )
            bodies = dict.fromkeys(taken_back, body)
            tickets.browse(list(taken_back))._message_log_batch(bodies=bodies)
        if replanned:
            self._log_retargets(tickets.browse(list(replanned)), replanned)
        return created

    def _log_retargets(self, tickets, replanned):
        """A chatter line per ticket whose deadlines a change of priority,
        team or contract moved: each clock's deadline before and after, in
        the company's time zone."""
        env = self._note_env()
        kinds = dict(self._fields["kind"]._description_selection(env))
        bodies = {}
        for ticket in tickets:
            zone = ticket.company_id._quality_tz()
            lines = [
                env._(
                    "%(kind)s due %(new)s instead of %(old)s",
                    kind=kinds[new.kind],
                    new=format_datetime(env, new.deadline, tz=zone, dt_format=SHORT),
                    old=format_datetime(env, old.deadline, tz=zone, dt_format=SHORT),
                )
                for old, new in replanned[ticket.id]
            ]
            bodies[ticket.id] = Markup("%s") % env._(
                "SLA re-planned for the ticket's new priority, team or contract: %(lines)s.",
                lines="; ".join(lines),
            )
        tickets._message_log_batch(bodies=bodies)

    def _note_env(self):
        """The environment of the chatter notes the clocks write on tickets: in
        the language of the request, else the acting user's (a client that
        sends no language, a scheduled action)."""
        return self.with_context(lang=self.env.lang or self.env.user.lang).env

    def _take_back(self, cache, row, policy, ticket, target, calendar, now):
        """The clock that goes on from a cancelled one whose ticket counts again
        (``sla_clock.take_back``), under the policy, target and calendar that
        apply now; None when it stays cancelled."""
        stage = ticket.stage_id
        flags = policy.stage(stage.id, stage.closed)
        old_work = self._row_work(cache, row, policy, ticket)
        clock = sla_clock.take_back(row.clock, flags, now, old_work, policy.warnings)
        if clock is None or (row.clock.target_hours == target and row.calendar_id == calendar.id):
            return clock
        return sla_clock.retarget(
            clock, target, now, old_work, cache.work(calendar), policy.warnings
        )

    @api.model
    def _restarts(self, row, policy, ticket):
        """Whether a cancelled current clock gives way to a new one: the ticket
        matches a policy again and sits in a stage where clocks run (not a
        closing stage, nor one the policy excludes)."""
        if row.clock.state != CANCELLED:
            return False
        stage = ticket.stage_id
        flags = policy.stage(stage.id, stage.closed)
        return not (flags.excluded or flags.closed)

    @api.model
    def _on_stage_change(self, tickets, old_stages, now=None):
        """Tickets entered a new stage (``old_stages``: ticket id -> the stage left)."""
        now = now or fields.Datetime.now()
        rows = self._load(tickets.ids)
        if not rows:
            return self.browse()
        book = self.env["quality_ops.sla.policy"]._quality_book()
        cache = WorkTimeCache(self.env)
        tickets_by_id = {ticket.id: ticket for ticket in tickets}
        # per ticket: the stage entered and whether the one left was closed
        moves = {
            ticket.id: (
                ticket.stage_id.id,
                ticket.stage_id.closed,
                bool(old_stages.get(ticket.id) and old_stages[ticket.id].closed),
            )
            for ticket in tickets
        }
        flags_cache = {}
        changes, cycles, cancelled, reopened = {}, [], set(), {}
        for row in rows:
            stage_id, closed, left_closed = moves[row.ticket_id]
            policy = book.by_id.get(row.policy_id)
            key = (row.policy_id, stage_id)
            flags = flags_cache.get(key)
            if flags is None:
                flags = flags_cache[key] = (
                    policy.stage(stage_id, closed) if policy else sla_clock.Stage(closed=closed)
                )
            if row.clock.cancelled_at and not flags.excluded:
                cancelled.add(row.ticket_id)  # perhaps taken back: see below
            work = self._row_work(cache, row, policy, tickets_by_id[row.ticket_id])
            clock, new_cycle = sla_clock.enter_stage(
                row.clock,
                flags,
                now,
                work,
                policy.warnings if policy else sla_clock.DEFAULT_WARNINGS,
                left_closed=left_closed,
            )
            vals = sla_clock.changes(row.clock, clock)
            if new_cycle:
                ticket = tickets_by_id[row.ticket_id]
                in_place = sla_clock.reopened_in_place(
                    row.clock, new_cycle, now, self._month_of(ticket.company_id)
                )
                if in_place:
                    vals = sla_clock.changes(row.clock, in_place)
                    if not row.calendar_id:  # stored without one (history)
                        vals["calendar_id"] = work.calendar.id
                else:
                    vals["is_current"] = False
                    cycles.append(
                        (row.ticket_id, row.company_id, row.policy_id, work.calendar.id, new_cycle)
                    )
                reopened[row.ticket_id] = new_cycle.cycle
            if vals:
                changes[row.id] = vals
        self._write_changes(changes)
        created = self._insert(cycles)
        if reopened:
            tickets.invalidate_recordset(["quality_sla_ids", "quality_sla_history_ids"])
            env = self._note_env()
            bodies = {
                ticket_id: Markup("%s")
                % env._("Ticket reopened: resolution clock resumed (cycle %(cycle)s).", cycle=cycle)
                for ticket_id, cycle in reopened.items()
            }
            tickets.browse(list(reopened))._message_log_batch(bodies=bodies)
        if cancelled:
            # a ticket taken back from a cancelled stage: the policy that
            # matches it now continues its cancelled clocks
            created |= self._apply_policies(tickets.browse(list(cancelled)), now)
        return created

    @api.model
    def _month_of(self, company):
        """The local month (its first day) of a naive UTC instant, in
        ``company``'s time zone: where a clock's verdict is counted."""
        return lambda instant: company._quality_local_date(instant).replace(day=1)

    def _row_work(self, cache, row, policy, ticket):
        """The working time of a stored clock's calendar."""
        if row.calendar_id:
            return cache.work_of(row.calendar_id)
        return cache.work(self._calendar(policy, ticket))  # stored without one (history)

    @api.model
    def _on_response(self, tickets, now=None):
        """A public reply by an internal user: first response reached."""
        now = now or fields.Datetime.now()
        rows = self._load(
            tickets.ids,
            SQL("kind = %s AND reached_at IS NULL AND state != %s", RESPONSE, CANCELLED),
        )
        if not rows:
            return
        # the policy only gives the calendar of a clock stored without one
        book = (
            self.env["quality_ops.sla.policy"]._quality_book()
            if any(not row.calendar_id for row in rows)
            else None
        )
        cache = WorkTimeCache(self.env)
        tickets_by_id = {ticket.id: ticket for ticket in tickets}
        changes = {}
        for row in rows:
            policy = book.by_id.get(row.policy_id) if book else None
            work = self._row_work(cache, row, policy, tickets_by_id[row.ticket_id])
            clock = sla_clock.reply(row.clock, now, work)
            if vals := sla_clock.changes(row.clock, clock):
                changes[row.id] = vals
        self._write_changes(changes)

    @api.model
    def _replan_open_clocks(self, calendars):
        """The working time of ``calendars`` changed: the clocks still counting
        down on them get their deadline and pending warnings again, from the
        start of their running segment (see ``sla_clock.replan``). One query
        to load, one UPDATE per set of changed fields; the previous deadline
        and the instant stay on each clock. Returns the number of clocks moved."""
        calendar_ids = [calendar_id for calendar_id in set(calendars.ids) if calendar_id]
        if not calendar_ids:
            return 0
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM quality_ops_ticket_sla WHERE calendar_id = ANY(%s) "
                "AND state IN %s AND paused_since IS NULL AND reached_at IS NULL ORDER BY id",
                SQL(ROW_SELECT),
                calendar_ids,
                SQL(TICKING_SQL),
            )
        )
        rows = [Row(*values[:5], sla_clock.Clock(*values[5:])) for values in self.env.cr.fetchall()]
        if not rows:
            return 0
        book = self.env["quality_ops.sla.policy"]._quality_book()
        cache = WorkTimeCache(self.env)
        now = fields.Datetime.now()
        changes = {}
        for row in rows:
            policy = book.by_id.get(row.policy_id)
            warnings = policy.warnings if policy else sla_clock.DEFAULT_WARNINGS
            clock = sla_clock.replan(row.clock, cache.work_of(row.calendar_id), warnings)
            if vals := sla_clock.changes(row.clock, clock):
                if "deadline" in vals:
                    vals["deadline_before_replan"] = row.clock.deadline
                vals["replanned_at"] = now
                changes[row.id] = vals
        self._write_changes(changes)
        _logger.info(
            "SLA: working time of calendars %s changed, %s of %s open clocks re-planned",
            calendar_ids,
            len(changes),
            len(rows),
        )
        return len(changes)
