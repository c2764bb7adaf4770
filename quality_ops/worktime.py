"""Working-time arithmetic for SLA clocks (plain Python, no Odoo import).

Everything works on *work intervals*: sorted, non-overlapping ``(start, end)``
pairs of naive UTC datetimes, the way Odoo stores datetimes.  They are built
from a weekly attendance pattern in the calendar's time zone, minus holidays,
plus make-up working days (调休: a weekend date worked with given hours),
which Odoo's resource.calendar cannot express by itself.

The functions never loop without bound: a deadline that cannot be reached in
the given intervals raises :class:`NoWorkingTime` so the caller can widen its
window or report a calendar without working hours.
"""

import bisect
import datetime as dt
from zoneinfo import ZoneInfo

HOUR = dt.timedelta(hours=1)


class NoWorkingTime(ValueError):
    """The intervals do not contain enough working time."""


def _to_utc_naive(local, zone):
    return local.replace(tzinfo=zone).astimezone(dt.timezone.utc).replace(tzinfo=None)


def _hours_to_time(hours):
    """9.5 -> 09:30; 24 -> end of day (returned as a timedelta from midnight)."""
    return dt.timedelta(seconds=round(hours * 3600))


def normalize(intervals):
    """Sort and merge overlapping or touching intervals; drop empty ones."""
    merged = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract(intervals, removed):
    """Intervals minus the ``removed`` intervals (both normalized first)."""
    removed = normalize(removed)
    result = []
    for start, end in normalize(intervals):
        cursor = start
        for r_start, r_end in removed:
            if r_end <= cursor or r_start >= end:
                continue
            if r_start > cursor:
                result.append((cursor, r_start))
            cursor = max(cursor, r_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end))
    return result


def build_intervals(attendances, tz_name, date_from, date_to, holidays=(), makeup_days=None):
    """Work intervals in UTC between two local dates (both included).

    :param attendances: iterable of ``(weekday, hour_from, hour_to)`` with
        weekday 0 = Monday and hours as floats in local time (lunch breaks are
        simply two attendances of the same day)
    :param tz_name: the calendar's time zone, e.g. ``"Asia/Shanghai"``
    :param holidays: UTC ``(start, end)`` intervals without work (public
        holidays, company closures)
    :param makeup_days: ``{date: [(hour_from, hour_to), ...]}`` local dates
        worked with those hours whatever the weekly pattern says (调休上班)
    """
    zone = ZoneInfo(tz_name or "UTC")
    by_weekday = {}
    for weekday, hour_from, hour_to in attendances:
        if hour_to > hour_from:
            by_weekday.setdefault(int(weekday), []).append((hour_from, hour_to))
    makeup_days = makeup_days or {}
    regular, makeup = [], []
    day = date_from
    while day <= date_to:
        midnight = dt.datetime.combine(day, dt.time())
        hours = makeup_days.get(day)
        target = makeup if hours else regular
        for hour_from, hour_to in hours or by_weekday.get(day.weekday(), ()):
            target.append(
                (
                    _to_utc_naive(midnight + _hours_to_time(hour_from), zone),
                    _to_utc_naive(midnight + _hours_to_time(hour_to), zone),
                )
            )
        day += dt.timedelta(days=1)
    return compose(regular, holidays, makeup)


def compose(regular, holidays, makeup):
    """The working time of a calendar: its regular intervals minus its public
    holidays, plus its make-up days' intervals (a make-up day is worked by
    decree, even inside a holiday period)."""
    return normalize(subtract(regular, holidays) + list(makeup))


def makeup_source_day(day, works_like):
    """The day of the same week (Monday first) whose hours a make-up day
    ``day`` works: 调休 on a Saturday "worked like Monday" takes that
    Monday's hours (and, in a two-week calendar, that week's)."""
    return day + dt.timedelta(days=int(works_like) - day.weekday())


def local_day_hours(intervals, tz_name):
    """``{local date: [(from, to), ...]}`` of UTC intervals, as timedeltas from
    the local midnight, for copying one day's hours onto another day."""
    zone = ZoneInfo(tz_name or "UTC")
    result = {}
    for start, end in intervals:
        local_start = start.replace(tzinfo=dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
        local_end = end.replace(tzinfo=dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
        midnight = dt.datetime.combine(local_start.date(), dt.time())
        result.setdefault(local_start.date(), []).append(
            (local_start - midnight, local_end - midnight)
        )
    return result


def day_intervals(day, hours, tz_name):
    """UTC intervals of local ``day`` worked with ``hours`` (timedeltas from
    midnight, as :func:`local_day_hours` gives them)."""
    zone = ZoneInfo(tz_name or "UTC")
    midnight = dt.datetime.combine(day, dt.time())
    return [
        (_to_utc_naive(midnight + start, zone), _to_utc_naive(midnight + end, zone))
        for start, end in hours
    ]


class WorkTime:
    """Work intervals with a running total, for O(log n) queries.

    ``position(t)`` is the working time elapsed from the first interval to
    ``t``; working hours between two instants and deadlines are differences
    and inverse look-ups of it, so thousands of clocks share one calendar
    window cheaply.
    """

    def __init__(self, intervals):
        self.intervals = normalize(intervals)
        self.starts = [i[0] for i in self.intervals]
        self.ends = [i[1] for i in self.intervals]
        self.totals = []  # working seconds before each interval
        total = 0.0
        for i_start, i_end in self.intervals:
            self.totals.append(total)
            total += (i_end - i_start).total_seconds()
        self.total = total

    def position(self, instant):
        """Working seconds between the window start and ``instant``."""
        index = bisect.bisect_right(self.starts, instant) - 1
        if index < 0:
            return 0.0
        i_start, i_end = self.intervals[index]
        return self.totals[index] + (min(instant, i_end) - i_start).total_seconds()

    def hours_between(self, start, end):
        if end <= start:
            return 0.0
        return (self.position(end) - self.position(start)) / 3600.0

    def add_hours(self, start, hours):
        if hours < 0:
            raise ValueError("hours must not be negative")
        if not hours:
            return start
        goal = self.position(start) + hours * 3600.0
        if goal > self.total + 1e-6:
            missing = (goal - self.total) / 3600.0
            raise NoWorkingTime(f"{missing:.2f} working hours missing after the last interval")
        index = bisect.bisect_left(self.totals, goal) - 1
        # the interval in which the goal falls (totals are strictly increasing)
        while index + 1 < len(self.totals) and self.totals[index + 1] < goal:
            index += 1
        index = max(index, 0)
        i_start, _i_end = self.intervals[index]
        result = i_start + dt.timedelta(seconds=goal - self.totals[index])
        return max(result, start)


# ----------------------------------------------------------------------
# windows of working time cached per calendar
# ----------------------------------------------------------------------
def quarter_of(day):
    """Index of the calendar quarter of a date (consecutive across years)."""
    return day.year * 4 + (day.month - 1) // 3


def quarter_start(quarter):
    return dt.date(quarter // 4, quarter % 4 * 3 + 1, 1)


def quarter_window(date_from, date_to, min_quarters=2):
    """``(first_quarter, quarters)``: whole quarters covering two dates, at least
    ``min_quarters`` of them, so that instants of the same weeks share a window."""
    first = quarter_of(date_from)
    last = max(quarter_of(date_to), first + min_quarters - 1)
    return first, last - first + 1


def quarter_dates(first_quarter, quarters):
    """First and last date of ``quarters`` quarters from ``first_quarter``."""
    return (
        quarter_start(first_quarter),
        quarter_start(first_quarter + quarters) - dt.timedelta(days=1),
    )
