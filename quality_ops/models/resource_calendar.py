import datetime

import pytz

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..sla_clock import TICKING_STATES
from ..worktime import (
    NoWorkingTime,
    WorkTime,
    compose,
    day_intervals,
    local_day_hours,
    makeup_source_day,
    quarter_dates,
    quarter_window,
)

# the name of a calendar's working-time version (quality_ops.cache.version)
VERSION_PREFIX = "worktime:"
FLEXIBLE_WINDOW = datetime.timedelta(days=14)  # plan_hours' steps

# calendar fields the working time of SLA clocks is built from
WORKTIME_FIELDS = {
    "attendance_ids",
    "tz",
    "company_id",
    "leave_ids",
    "global_leave_ids",
    "quality_makeup_day_ids",
    "two_weeks_calendar",
    "flexible_hours",
    "schedule_type",  # flexible_hours is computed from it
}


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    quality_makeup_day_ids = fields.One2many(
        comodel_name="quality_ops.makeup.day",
        inverse_name="calendar_id",
        string="Make-up Working Days",
    )

    def write(self, vals):
        if not WORKTIME_FIELDS & set(vals):
            return super().write(vals)
        self._quality_check_serves(self)
        result = super().write(vals)
        self._quality_replan(self)
        return result

    def unlink(self):
        self._quality_check_serves(self)
        self._quality_worktime_changed(self)
        return super().unlink()

    @api.model
    def _quality_served_companies(self, calendars):
        """The companies whose SLA deadlines the working time of ``calendars``
        drives: their own company, and the companies of the clocks counting
        down on them, of the SLA policies and helpdesk teams naming them and
        of the companies working by them (one query)."""
        ids = [calendar_id for calendar_id in set(calendars.ids) if calendar_id]
        if not ids:
            return self.env["res.company"]
        for model in ("quality_ops.ticket.sla", "quality_ops.sla.policy", "helpdesk.ticket.team"):
            self.env[model].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT company_id FROM resource_calendar WHERE id = ANY(%(ids)s)
                UNION SELECT company_id FROM quality_ops_ticket_sla
                       WHERE state IN %(ticking)s AND calendar_id = ANY(%(ids)s)
                UNION SELECT company_id FROM quality_ops_sla_policy
                       WHERE calendar_id = ANY(%(ids)s)
                UNION SELECT company_id FROM helpdesk_ticket_team
                       WHERE quality_calendar_id = ANY(%(ids)s)
                UNION SELECT id FROM res_company WHERE resource_calendar_id = ANY(%(ids)s)
                """,
                ids=ids,
                ticking=TICKING_STATES,
            )
        )
        return self.env["res.company"].browse(
            sorted({company_id for (company_id,) in self.env.cr.fetchall() if company_id})
        )

    @api.model
    def _quality_check_serves(self, calendars):
        """A calendar shared by several companies (one without a company, or
        public holidays of none) is changed only by a user of every company
        whose SLA deadlines it drives: otherwise one company would move
        another's deadlines."""
        if self.env.su or not calendars:
            return
        foreign = self._quality_served_companies(calendars) - self.env.user.company_ids
        if foreign:
            raise AccessError(
                self.env._(
                    "This working time also drives the SLA deadlines of companies you do "
                    "not belong to: only a user of every company it serves changes its "
                    "hours, public holidays or make-up working days (%(calendars)s).",
                    calendars=", ".join(calendars.sudo().mapped("display_name")),
                )
            )

    @api.model
    def _quality_worktime_changed(self, calendars):
        """A new version of the working time of ``calendars``: their cached
        working time is no longer read, in this worker or another; the rest
        of the registry cache stays."""
        self.env["quality_ops.cache.version"].sudo()._bump(
            *(f"{VERSION_PREFIX}{calendar_id}" for calendar_id in calendars.ids)
        )

    def _quality_worktime_version(self):
        self.ensure_one()
        return (
            self.env["quality_ops.cache.version"].sudo()._current(f"{VERSION_PREFIX}{self.id}")[0]
        )

    @api.model
    def _quality_calendars_sharing(self, days):
        """The calendars whose working time public holidays or make-up days
        ``days`` shape: their own calendar, or, for days without one, every
        calendar of their company (of every company for days without one),
        as ``_quality_worktime`` reads them."""
        calendar_ids = set(days.calendar_id.ids)
        shared = days.filtered(lambda day: not day.calendar_id)
        Calendar = self.sudo().with_context(active_test=False)
        if shared.filtered(lambda day: not day.company_id):
            calendar_ids.update(Calendar.search([("active", "in", (True, False))]).ids)
        elif shared:
            calendar_ids.update(Calendar.search([("company_id", "in", shared.company_id.ids)]).ids)
        return self.sudo().browse(calendar_ids)

    @api.model
    def _quality_replan(self, calendars):
        """After a change of working time of ``calendars``: a new version of
        their working time, and their open SLA clocks moved (a consequence of
        the change, not a right of whoever made it: clocks are written by the
        system only)."""
        if calendars:
            self._quality_worktime_changed(calendars)
            self.env["quality_ops.ticket.sla"].sudo()._replan_open_clocks(calendars)

    def _quality_worktime_block(self, first_quarter, quarters):
        """Working time of whole quarters, cached by the registry across
        transactions under the calendar's working-time version: SLA clocks of
        the same weeks share one window."""
        return self._quality_cached_block(self._quality_worktime_version(), first_quarter, quarters)

    def _quality_flexible(self):
        """Whether this calendar has flexible hours, cached under its
        working-time version like its working time (``flexible_hours`` is one
        of ``WORKTIME_FIELDS``): the hot path reads no calendar row."""
        return self._quality_cached_flexible(self._quality_worktime_version())

    @tools.ormcache("self.id", "version")
    def _quality_cached_flexible(self, version):
        return bool(self.sudo().flexible_hours)

    @tools.ormcache("self.id", "version", "first_quarter", "quarters")
    def _quality_cached_block(self, version, first_quarter, quarters):
        date_from, date_to = quarter_dates(first_quarter, quarters)
        return self.sudo()._quality_worktime(date_from, date_to)

    def _quality_attendance_intervals(self, start, end):
        """Odoo's attendance intervals of this calendar (week types of a
        two-week calendar, the hours of a flexible one) from ``start`` to
        ``end`` (naive UTC), as naive UTC pairs."""
        self.ensure_one()
        intervals = self._attendance_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(end)
        )[False]
        return [
            (
                begin.astimezone(pytz.utc).replace(tzinfo=None),
                stop.astimezone(pytz.utc).replace(tzinfo=None),
            )
            for begin, stop, _attendance in intervals
        ]

    def _quality_local_days(self, date_from, date_to):
        """``[start, end)`` in naive UTC of local dates ``date_from`` to ``date_to``."""
        zone = pytz.timezone(self.tz or "UTC")

        def midnight(day):
            local = zone.localize(datetime.datetime.combine(day, datetime.time()))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return midnight(date_from), midnight(date_to + datetime.timedelta(days=1))

    def _quality_flexible_worktime(self, start, days):
        """Working time of a flexible-hours calendar from ``start`` (naive UTC)
        on, as ``plan_hours`` walks it: Odoo places a flexible calendar's hours
        from the instant it starts counting, in windows of 14 days."""
        self.ensure_one()
        calendar = self.sudo()
        steps = max(1, -(-days // FLEXIBLE_WINDOW.days))
        regular = []
        for step in range(steps):
            begin = start + FLEXIBLE_WINDOW * step
            regular += calendar._quality_attendance_intervals(begin, begin + FLEXIBLE_WINDOW)
        end = start + FLEXIBLE_WINDOW * steps
        holidays = calendar._quality_holidays(start, end)
        return WorkTime(compose(regular, holidays, ()))

    def _quality_worktime(self, date_from, date_to):
        """Working time of this calendar between two local dates, as a WorkTime:
        Odoo's attendance intervals (the week types of a two-week calendar
        included), minus the public holidays (global leaves of the calendar or
        of its company), plus the make-up days, which work the hours of the
        weekday they stand for in the same week. A flexible-hours calendar has
        no weekly pattern to read by quarters: see ``_quality_flexible_worktime``."""
        self.ensure_one()
        start, end = self._quality_local_days(date_from, date_to)
        regular = self._quality_attendance_intervals(start, end)
        holidays = self._quality_holidays(start, end)
        makeups = (
            self.env["quality_ops.makeup.day"]
            .sudo()
            .search_fetch(
                [
                    "|",
                    ("calendar_id", "=", self.id),
                    "&",
                    ("calendar_id", "=", False),
                    ("company_id", "in", [self.company_id.id, False]),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                ["date", "works_like"],
            )
        )
        makeup = []
        if makeups and not self.flexible_hours:
            sources = {day.date: makeup_source_day(day.date, day.works_like) for day in makeups}
            # the weekdays they stand for, read as Odoo plans them (week types)
            hours = local_day_hours(
                self._quality_attendance_intervals(
                    *self._quality_local_days(min(sources.values()), max(sources.values()))
                ),
                self.tz,
            )
            for day, source in sources.items():
                makeup += day_intervals(day, hours.get(source, ()), self.tz)
        return WorkTime(compose(regular, holidays, makeup))

    def _quality_holidays(self, start, end):
        """Public holidays of this calendar overlapping ``[start, end)`` (naive
        UTC): its own (whatever company they were typed in: a calendar may be
        shared), or its company's, as UTC intervals."""
        self.ensure_one()
        margin = datetime.timedelta(days=1)
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search_fetch(
                [
                    ("resource_id", "=", False),
                    "|",
                    ("calendar_id", "=", self.id),
                    "&",
                    ("calendar_id", "=", False),
                    ("company_id", "in", [self.company_id.id, False]),
                    ("date_from", "<", end + margin),
                    ("date_to", ">", start - margin),
                ],
                ["date_from", "date_to"],
            )
        )
        return [(leave.date_from, leave.date_to) for leave in leaves]


# windows of working time: widened this many times (doubling) before giving up
WINDOW_ATTEMPTS = 5


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
                if calendar._quality_flexible():
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
        if calendar._quality_flexible():
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
