import datetime
import functools
import logging
from collections import namedtuple

from markupsafe import Markup
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

from .. import sla_clock
from ..sla_clock import (
    BREACHED,
    CANCELLED,
    FINAL_STATES,
    KINDS,
    RESOLUTION,
    RESPONSE,
    RUNNING,
    STATES,
    TICKING_STATES,
    WARNING,
    sql_states,
)
from ..worktime import NoWorkingTime, quarter_window
from .argument_guard import arguments, check_ids, check_vals
from .quality_workflow_mixin import has_pass
from .reader_lang import reader_env

_logger = logging.getLogger(__name__)

SWEEP_BATCH = 1000
SWEEP_LOCK = 0x51A5_3E3E  # advisory lock key of the SLA sweep
TICKING_SQL = sql_states(TICKING_STATES)
# windows of working time: widened this many times (doubling) before giving up
WINDOW_ATTEMPTS = 5

# a stored clock as loaded for an event: the model's links and the state
# machine's values
Row = namedtuple("Row", "id ticket_id policy_id calendar_id company_id clock")
ROW_COLUMNS = ("id", "ticket_id", "policy_id", "calendar_id", "company_id", *sla_clock.FIELDS)
# numbers as floats and no NULL where the state machine wants a value
ROW_SELECT = ", ".join(
    {
        "target_hours": "COALESCE(target_hours, 0)::float8",
        "consumed_hours": "COALESCE(consumed_hours, 0)::float8",
        "paused_hours": "COALESCE(paused_hours, 0)::float8",
        "warning_level": "COALESCE(warning_level, 0)",
        "cycle": "COALESCE(cycle, 1)",
    }.get(column, column)
    for column in ROW_COLUMNS
)
INSERT_COLUMNS = (
    "ticket_id",
    "company_id",
    "policy_id",
    "calendar_id",
    "is_current",
    "reconstructed",
)
INSERT_COLUMNS += sla_clock.FIELDS
# what a re-plan after a change of working time leaves on the clock
REPLAN_COLUMNS = ("replanned_at", "deadline_before_replan")


def _converters(model):
    """Per field, a function giving the SQL value the ORM would write."""
    cls = type(model)
    converters = cls.__dict__.get("_quality_converters")
    if converters is None:
        converters = {}
        for name in (*INSERT_COLUMNS, "company_id", *REPLAN_COLUMNS):
            field = model._fields[name]
            if field.type == "float":
                scale = field.get_digits(model.env)[1]
                converters[name] = functools.partial(_round, scale=scale)
            elif field.type == "datetime":
                converters[name] = _whole_seconds
            elif field.type == "integer":
                converters[name] = _integer
            elif field.type == "boolean":
                converters[name] = bool
            else:  # many2one, selection
                converters[name] = _or_null
        cls._quality_converters = converters
    return converters


def _round(value, scale):
    return float_round(value or 0.0, precision_digits=scale)


def _whole_seconds(value):
    return value.replace(microsecond=0) if value else None


def _integer(value):
    return int(value or 0)


def _or_null(value):
    return value or None


class WorkTimeCache:
    """Working time of the calendars used by one operation.

    Windows are whole quarters (``worktime.quarter_window``) taken from the
    registry cache of each calendar (``resource.calendar._quality_worktime_block``),
    so that tickets of the same weeks share one window across transactions and
    nothing is rebuilt until a calendar, its leaves or its make-up days change.
    """

    def __init__(self, env):
        self.env = env
        self.blocks = {}  # (calendar id, first quarter, quarters) -> WorkTime
        self.adapters = {}

    def _block(self, calendar, first, quarters):
        key = (calendar.id, first, quarters)
        work = self.blocks.get(key)
        if work is None:
            work = self.blocks[key] = calendar._quality_worktime_block(first, quarters)
        return work

    def get(self, calendar, date_from, date_to):
        return self._block(calendar, *quarter_window(date_from, date_to))

    def _flexible(self, calendar, start, days):
        """A flexible-hours calendar's working time counted from ``start``, as
        Odoo's ``plan_hours`` places it (not shared between instants)."""
        key = (calendar.id, start, days)
        work = self.blocks.get(key)
        if work is None:
            work = self.blocks[key] = calendar._quality_flexible_worktime(start, days)
        return work

    def add_hours(self, calendar, start, hours):
        """Deadline after ``hours`` working hours; widens the window as needed."""
        day = start.date()
        days = 31 + int(hours // 2)
        first, quarters = quarter_window(
            day - datetime.timedelta(days=1), day + datetime.timedelta(days=days)
        )
        for _attempt in range(WINDOW_ATTEMPTS):
            try:
                if calendar.sudo().flexible_hours:
                    return self._flexible(calendar, start, days).add_hours(start, hours)
                return self._block(calendar, first, quarters).add_hours(start, hours)
            except NoWorkingTime:
                quarters *= 2
                days *= 2
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
        if calendar.sudo().flexible_hours:
            days = (end - start).days + 1
            return self._flexible(calendar, start, days).hours_between(start, end)
        work = self.get(
            calendar,
            start.date() - datetime.timedelta(days=1),
            end.date() + datetime.timedelta(days=1),
        )
        return work.hours_between(start, end)

    def work(self, calendar):
        """The working time of one calendar, as the state machine wants it."""
        adapter = self.adapters.get(calendar.id)
        if adapter is None:
            adapter = self.adapters[calendar.id] = CalendarWork(self, calendar)
        return adapter

    def work_of(self, calendar_id):
        adapter = self.adapters.get(calendar_id)
        if adapter is None:
            adapter = self.work(self.env["resource.calendar"].browse(calendar_id))
        return adapter


class CalendarWork:
    """``hours_between`` / ``add_hours`` of one calendar (see sla_clock)."""

    __slots__ = ("cache", "calendar")

    def __init__(self, cache, calendar):
        self.cache = cache
        self.calendar = calendar

    def hours_between(self, start, end):
        return self.cache.hours_between(self.calendar, start, end)

    def add_hours(self, start, hours):
        return self.cache.add_hours(self.calendar, start, hours)


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
        "hours, public holidays or make-up working days changed.",
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

    # ------------------------------------------------------------------
    # loading and storing clocks in bulk (the state machine does the rest)
    # ------------------------------------------------------------------
    def _load(self, ticket_ids, condition=None):
        """The current clocks of tickets as :class:`Row` s: one query."""
        if not ticket_ids:
            return []
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM quality_ops_ticket_sla "
                "WHERE ticket_id = ANY(%s) AND is_current AND %s ORDER BY id",
                SQL(ROW_SELECT),
                list(ticket_ids),
                condition or SQL("TRUE"),
            )
        )
        return [Row(*values[:5], sla_clock.Clock(*values[5:])) for values in self.env.cr.fetchall()]

    def _write_changes(self, changes):
        """Store ``{clock id: {field: value}}``: one UPDATE per set of changed
        fields, whatever the number of clocks; a field with the same new value
        for all is set once, the others come as one array each (``unnest``)."""
        if not changes:
            return
        groups = {}
        for clock_id, vals in changes.items():
            groups.setdefault(tuple(sorted(vals)), []).append((clock_id, vals))
        convert = _converters(self)
        now = fields.Datetime.now()
        for names, items in groups.items():
            assignments, params = [], []
            arrays, aliases, array_params = ["%s::int4[]"], ["id"], [[cid for cid, _v in items]]
            for name in names:
                column_type = self._fields[name].column_type[1]
                values = [convert[name](vals[name]) for _cid, vals in items]
                if all(value == values[0] for value in values):
                    assignments.append(f"{name} = %s::{column_type}")
                    params.append(values[0])
                else:
                    assignments.append(f"{name} = v.{name}")
                    arrays.append(f"%s::{column_type}[]")
                    aliases.append(name)
                    array_params.append(values)
            self.env.cr.execute(
                f"UPDATE quality_ops_ticket_sla AS t SET {', '.join(assignments)}, "
                f"write_uid = %s, write_date = %s FROM unnest({', '.join(arrays)}) "
                f"AS v({', '.join(aliases)}) WHERE t.id = v.id",
                [*params, self.env.uid, now, *array_params],
            )
        self.browse(list(changes)).invalidate_recordset(flush=False)

    @api.model
    def _insert(self, rows, reconstructed=False):
        """Bulk INSERT of new clocks, given as ``(ticket id, company id, policy
        id, calendar id, Clock)`` (a sixth item False: an earlier cycle, not the
        current clock): one query, ticket creation is the hot path.

        Clocks have no computed stored field and no constraint to check, so the
        ORM's per-record create work buys nothing here; the tickets' rows exist
        already, so nothing needs flushing first but pending clock changes.
        A column with one value for every row is sent once, the others as one
        array each (``unnest``), which keeps a batch of 1,000 clocks cheap.
        """
        if not rows:
            return self.browse()
        self.flush_model(["is_current"])
        convert = _converters(self)
        now = fields.Datetime.now()
        uid = self.env.uid
        # tickets created together share their clocks: convert each one once
        converted = {}
        records = []
        for ticket_id, company_id, policy_id, calendar_id, clock, *current in rows:
            values = converted.get(id(clock))
            if values is None:
                values = converted[id(clock)] = tuple(
                    convert[name](value)
                    for name, value in zip(sla_clock.FIELDS, clock, strict=True)
                )
            records.append(
                (
                    ticket_id,
                    company_id or None,
                    policy_id or None,
                    calendar_id or None,
                    current[0] if current else True,
                    reconstructed,
                )
                + values
            )
        selected, arrays, params, array_params = [], [], [], []
        for name, values in zip(INSERT_COLUMNS, zip(*records, strict=True), strict=True):
            field = self._fields[name]
            if len(set(values)) == 1:
                selected.append(f"%s::{field.column_type[1]}")
                params.append(values[0])
            else:
                selected.append(f"v.{name}")
                arrays.append((f"%s::{field.column_type[1]}[]", name))
                array_params.append(list(values))
        if not arrays:  # one row: unnest something all the same
            arrays.append(("%s::int4[]", "row_number"))
            array_params.append(list(range(len(rows))))
        self.env.cr.execute(
            f"INSERT INTO quality_ops_ticket_sla ({', '.join(INSERT_COLUMNS)}, create_uid, "
            f"create_date, write_uid, write_date) SELECT {', '.join(selected)}, %s, %s, %s, %s "
            f"FROM unnest({', '.join(cast for cast, _name in arrays)}) "
            f"AS v({', '.join(name for _cast, name in arrays)}) RETURNING id",
            [*params, uid, now, uid, now, *array_params],
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _calendar(self, policy, ticket):
        """The clock's calendar: the policy's, else the team's, else the company's."""
        Calendar = self.env["resource.calendar"]
        if policy and policy.calendar_id:
            return Calendar.browse(policy.calendar_id)
        calendar = ticket.team_id.quality_calendar_id or ticket.company_id.resource_calendar_id
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
        inserts, changes, started = [], {}, {}
        for ticket in tickets:
            policy = matches[ticket.id]
            existing = current.get(ticket.id, {})
            calendar = None
            for kind in (RESPONSE, RESOLUTION):
                target = policy.target(ticket.priority, kind) if policy else 0.0
                row = existing.get(kind)
                cycle = 1
                if row is not None and target and self._restarts(row, policy, ticket):
                    # the ticket left every policy (its clock was cancelled) and
                    # matches one again: it is measured again from now on
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
                    clock = sla_clock.retarget(row.clock, 0.0, now, None)
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
                if row.company_id != ticket.company_id.id:
                    vals["company_id"] = ticket.company_id.id
                if vals:
                    changes[row.id] = vals
        self._write_changes(changes)
        created = self._insert(inserts)
        tickets.invalidate_recordset(["quality_sla_ids", "quality_sla_history_ids"])
        return created

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
        changes, cycles = {}, []
        for row in rows:
            stage_id, closed, left_closed = moves[row.ticket_id]
            policy = book.by_id.get(row.policy_id)
            key = (row.policy_id, stage_id)
            flags = flags_cache.get(key)
            if flags is None:
                flags = flags_cache[key] = (
                    policy.stage(stage_id, closed) if policy else sla_clock.Stage(closed=closed)
                )
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
                vals["is_current"] = False
                cycles.append(
                    (row.ticket_id, row.company_id, row.policy_id, work.calendar.id, new_cycle)
                )
            if vals:
                changes[row.id] = vals
        self._write_changes(changes)
        created = self._insert(cycles)
        if created:
            tickets.invalidate_recordset(["quality_sla_ids", "quality_sla_history_ids"])
            bodies = {
                clock.ticket_id.id: Markup("%s")
                % self.env._(
                    "Ticket reopened: resolution clock resumed (cycle %(cycle)s).",
                    cycle=clock.cycle,
                )
                for clock in created
            }
            created.ticket_id._message_log_batch(bodies=bodies)
        return created

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
            tickets.ids, SQL("kind = %s AND NOT %s", RESPONSE, SQL(sla_clock.sql_finished()))
        )
        if not rows:
            return
        book = self.env["quality_ops.sla.policy"]._quality_book()
        cache = WorkTimeCache(self.env)
        tickets_by_id = {ticket.id: ticket for ticket in tickets}
        changes = {}
        for row in rows:
            policy = book.by_id.get(row.policy_id)
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

    @api.model
    def _sweep_thresholds(self, now):
        """``(level, condition, assignment)`` of each step of the sweep."""
        # the sweep's share of the state machine: ticking clocks whose stored
        # instants passed get a warning level, or breach at their deadline
        warn = SQL("state = CASE WHEN state = %s THEN %s ELSE state END", RUNNING, WARNING)
        steps = [
            (
                1,
                SQL("warning_level < 1 AND warning1_at <= %s", now),
                SQL("warning_level = 1, %s", warn),
            ),
            (
                2,
                SQL("warning_level < 2 AND warning2_at <= %s", now),
                SQL("warning_level = 2, %s", warn),
            ),
            (3, SQL("deadline <= %s", now), SQL("state = %s, breached_at = deadline", BREACHED)),
        ]
        return steps

    @api.model
    def _sweep_claim(self, condition, assignment, now, batch):
        """The UPDATE that claims up to ``batch`` ticking clocks matching
        ``condition``: rows locked by another transaction are skipped, the
        others found through the partial index of their instant (no ORDER
        BY), then updated by id; the WHERE clause excludes what is claimed."""
        return SQL(
            """
            UPDATE quality_ops_ticket_sla
               SET %(assignment)s, write_date = %(now)s
             WHERE id = ANY(ARRAY(
                SELECT id FROM quality_ops_ticket_sla
                 WHERE state IN %(ticking)s AND %(condition)s
                 LIMIT %(batch)s
                   FOR UPDATE SKIP LOCKED))
               AND state IN %(ticking)s
            RETURNING id
            """,
            assignment=assignment,
            condition=condition,
            now=now,
            batch=batch,
            ticking=SQL(TICKING_SQL),
        )

    def _sweep_steps(self, now, batch):
        total = 0
        for level, condition, assignment in self._sweep_thresholds(now):
            while True:
                try:
                    with self.env.cr.savepoint():
                        self.env.cr.execute(self._sweep_claim(condition, assignment, now, batch))
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
        field = {1: "notify_warning1", 2: "notify_warning2", 3: "notify_breach"}[level]
        todo = self.env.ref("mail.mail_activity_data_todo")
        ticket_model = self.env["ir.model"]._get_id("helpdesk.ticket")
        bodies, activities = {}, []
        kinds = {}  # {language: {kind: label}}
        for clock in self.sudo():
            ticket = clock.ticket_id
            user = clock._recipient(clock.policy_id[field])
            # the note and the activity are read by the recipient
            env = reader_env(self.env, user)
            if env.lang not in kinds:
                kinds[env.lang] = dict(self._fields["kind"]._description_selection(env))
            if level == 3:
                text = env._(
                    "SLA breached: %(kind)s target of %(hours)s working hours missed.",
                    kind=kinds[env.lang][clock.kind],
                    hours=clock.target_hours,
                )
            else:
                percent = clock.policy_id[f"warning{level}_percent"]
                text = env._(
                    "SLA at risk: %(percent)s%% of the %(kind)s target used.",
                    percent=round(percent),
                    kind=kinds[env.lang][clock.kind],
                )
            bodies[ticket.id] = bodies.get(ticket.id, Markup("")) + Markup("<p>%s</p>") % text
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
