import datetime

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..sla_clock import TICKING_STATES, sql_states
from ..worktime import WorkTime, build_intervals, quarter_dates

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
        self._quality_worktime_changed()
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
                ticking=SQL(sql_states(TICKING_STATES)),
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
    def _quality_worktime_changed(self):
        """Drop the cached working time (attendances, public holidays or make-up
        days changed); other workers drop theirs at their next request."""
        self.env.registry.clear_cache()

    @api.model
    def _quality_calendars_sharing(self, days):
        """The calendars whose working time public holidays or make-up days
        ``days`` shape: their own calendar, or, for days without one, every
        calendar of their company (of every company for days without one),
        as ``_quality_worktime`` reads them."""
        calendar_ids = set(days.calendar_id.ids)
        companies = days.filtered(lambda day: not day.calendar_id).company_id
        shared = days.filtered(lambda day: not day.calendar_id and not day.company_id)
        Calendar = self.sudo().with_context(active_test=False)
        if shared:
            # days of every company: every calendar with clocks counting down
            groups = (
                self.env["quality_ops.ticket.sla"]
                .sudo()
                ._read_group([("state", "in", TICKING_STATES)], ["calendar_id"])
            )
            calendar_ids.update(calendar.id for (calendar,) in groups)
        elif companies:
            calendar_ids.update(Calendar.search([("company_id", "in", companies.ids)]).ids)
        return self.sudo().browse(calendar_ids)

    @api.model
    def _quality_replan(self, calendars):
        """After a change of working time: drop the cache and move the open SLA
        clocks of ``calendars`` (a consequence of the change, not a right of
        whoever made it: clocks are written by the system only)."""
        if calendars:
            self._quality_worktime_changed()
            self.env["quality_ops.ticket.sla"].sudo()._replan_open_clocks(calendars)

    @tools.ormcache("self.id", "first_quarter", "quarters")
    def _quality_worktime_block(self, first_quarter, quarters):
        """Working time of whole quarters, cached by the registry across
        transactions: SLA clocks of the same weeks share one window."""
        date_from, date_to = quarter_dates(first_quarter, quarters)
        return self.sudo()._quality_worktime(date_from, date_to)

    def _quality_worktime(self, date_from, date_to):
        """Working time of this calendar between two local dates, as a WorkTime.

        Three queries whatever the window: attendances, public holidays
        (global leaves of the calendar or of the company) and make-up days.
        """
        self.ensure_one()
        attendances = [
            (int(a.dayofweek), a.hour_from, a.hour_to)
            for a in self.attendance_ids
            if not a.display_type and a.day_period != "lunch"
        ]
        start = datetime.datetime.combine(date_from, datetime.time()) - datetime.timedelta(days=1)
        end = datetime.datetime.combine(date_to, datetime.time()) + datetime.timedelta(days=2)
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search_fetch(
                [
                    ("resource_id", "=", False),
                    # the calendar's own days (whatever company they were typed
                    # in: a calendar may be shared), or its company's
                    "|",
                    ("calendar_id", "=", self.id),
                    "&",
                    ("calendar_id", "=", False),
                    ("company_id", "in", [self.company_id.id, False]),
                    ("date_from", "<", end),
                    ("date_to", ">", start),
                ],
                ["date_from", "date_to"],
            )
        )
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
        by_weekday = {}
        for weekday, hour_from, hour_to in attendances:
            by_weekday.setdefault(weekday, []).append((hour_from, hour_to))
        makeup_days = {day.date: by_weekday.get(int(day.works_like), []) for day in makeups}
        intervals = build_intervals(
            attendances,
            self.tz or "UTC",
            date_from,
            date_to,
            holidays=[(leave.date_from, leave.date_to) for leave in leaves],
            makeup_days=makeup_days,
        )
        return WorkTime(intervals)
