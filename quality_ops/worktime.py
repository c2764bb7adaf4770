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
            target.append((
                _to_utc_naive(midnight + _hours_to_time(hour_from), zone),
                _to_utc_naive(midnight + _hours_to_time(hour_to), zone),
            ))
        day += dt.timedelta(days=1)
    # a make-up day is worked by decree, even inside a holiday period
    return normalize(subtract(regular, holidays) + makeup)


def working_hours(intervals, start, end):
    """Working hours between two instants (0 when ``end <= start``)."""
    if end <= start:
        return 0.0
    total = dt.timedelta()
    index = bisect.bisect_right([i[1] for i in intervals], start)
    for i_start, i_end in intervals[index:]:
        if i_start >= end:
            break
        total += min(i_end, end) - max(i_start, start)
    return total / HOUR


def add_working_hours(intervals, start, hours):
    """Instant at which ``hours`` of working time have elapsed since ``start``.

    Zero hours gives ``start`` itself.  Raises :class:`NoWorkingTime` when the
    intervals end before that much working time has passed.
    """
    if hours < 0:
        raise ValueError("hours must not be negative")
    remaining = dt.timedelta(hours=hours)
    if not remaining:
        return start
    index = bisect.bisect_right([i[1] for i in intervals], start)
    for i_start, i_end in intervals[index:]:
        begin = max(i_start, start)
        span = i_end - begin
        if span >= remaining:
            return begin + remaining
        remaining -= span
    raise NoWorkingTime(f"{remaining / HOUR:.2f} working hours missing after the last interval")


def clock_status(intervals, start, target_hours, pauses=(), now=None, thresholds=(0.5, 0.75)):
    """Everything an SLA clock stores, from its start, target and pauses.

    :param pauses: ``(start, end)`` instants during which the clock was paused;
        ``end`` may be None for a pause still running at ``now``
    :returns: dict with ``deadline`` (None while paused), ``paused_hours`` and
        ``consumed_hours`` at ``now`` (working hours, pauses excluded), and
        ``warnings``: the instants at which each threshold share of the target
        is consumed (None while paused)
    """
    now = now or dt.datetime.utcnow()
    closed = [(s, e) for s, e in pauses if e is not None]
    running_pause = [s for s, e in pauses if e is None]
    effective = subtract(intervals, closed)
    paused_hours = sum(working_hours(intervals, s, e) for s, e in normalize(closed))
    until = min([now, *running_pause]) if running_pause else now
    consumed = working_hours(effective, start, until)
    if running_pause:
        paused_hours += working_hours(intervals, running_pause[0], now)
        return {"deadline": None, "warnings": [None] * len(thresholds),
                "consumed_hours": consumed, "paused_hours": paused_hours}
    return {
        "deadline": add_working_hours(effective, start, target_hours),
        "warnings": [add_working_hours(effective, start, target_hours * t) for t in thresholds],
        "consumed_hours": consumed,
        "paused_hours": paused_hours,
    }
