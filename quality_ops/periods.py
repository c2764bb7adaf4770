"""Calendar periods used by plans, targets and measurements (plain Python)."""

import datetime
import zoneinfo

from dateutil.relativedelta import relativedelta

PERIODICITIES = ("month", "quarter", "half_year", "year")


def period_bounds(periodicity, day):
    """Return ``(first_day, last_day)`` of the period containing ``day``."""
    year = day.year
    if periodicity == "year":
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if periodicity == "half_year":
        if day.month <= 6:
            return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    if periodicity == "quarter":
        start = datetime.date(year, 3 * ((day.month - 1) // 3) + 1, 1)
        return start, start + relativedelta(months=3, days=-1)
    if periodicity == "month":
        start = day.replace(day=1)
        return start, start + relativedelta(months=1, days=-1)
    raise ValueError(f"unknown periodicity {periodicity!r}")


def add_months(day, months):
    """``day`` moved by ``months`` calendar months, kept within the month
    (31 January + 1 month is 28 or 29 February)."""
    return day + relativedelta(months=months)


def months_of(date_from, date_to):
    """The first day of each month from ``date_from``'s to ``date_to``'s."""
    month, months = date_from.replace(day=1), []
    while month <= date_to:
        months.append(month)
        month = add_months(month, 1)
    return months


def previous_period(periodicity, day):
    """Bounds of the period just before the one containing ``day``."""
    start, _end = period_bounds(periodicity, day)
    return period_bounds(periodicity, start - datetime.timedelta(days=1))


def covering_period(date_from, date_to):
    """``(periodicity, first_day, last_day)`` of the shortest calendar period
    that starts on ``date_from`` and contains ``date_to``: the measurements that
    describe ``date_from`` to ``date_to`` (a period in progress is measured to
    date, so the year to date is read from the year's measurements).

    ValueError when no month, quarter, half-year or year fits."""
    if date_to < date_from:
        raise ValueError("a period cannot end before it starts")
    for periodicity in PERIODICITIES:
        first, last = period_bounds(periodicity, date_from)
        if first == date_from and date_to <= last:
            return periodicity, first, last
    raise ValueError("no calendar period starts on the first day and holds the last")


def year_bounds(year):
    """First and last day of a calendar year."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def report_period(kind, year, half=None):
    """``(periodicity, first_day, last_day)`` covered by a quality report:
    a half of the year for the half-year report, the year otherwise."""
    if kind == "half_year":
        if half not in ("1", "2", 1, 2):
            raise ValueError("a half-year report needs the half (1 or 2)")
        day = datetime.date(year, 1 if str(half) == "1" else 7, 1)
        return ("half_year", *period_bounds("half_year", day))
    if kind in ("annual", "improvement"):
        return ("year", *year_bounds(year))
    raise ValueError(f"unknown report kind {kind!r}")


def _zone(tz_name):
    try:
        return zoneinfo.ZoneInfo(tz_name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_date(instant, tz_name):
    """The local date of a naive UTC instant (the day a period counts it in)."""
    return instant.replace(tzinfo=datetime.UTC).astimezone(_zone(tz_name)).date()


def utc_bounds(date_from, date_to, tz_name):
    """``[start, end)`` in naive UTC of the local days ``date_from`` to
    ``date_to`` (both included): from local midnight to local midnight.

    A ticket closed at 2026-07-01 03:00 in Asia/Shanghai (2026-06-30 19:00 UTC)
    falls in July, not in June.
    """
    zone = _zone(tz_name)

    def midnight(day):
        local = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
        return local.astimezone(datetime.UTC).replace(tzinfo=None)

    return midnight(date_from), midnight(date_to + datetime.timedelta(days=1))


def period_key(periodicity, day):
    """Sortable, language-neutral key of the period containing ``day``:
    ``2026-12``, ``2026-Q4``, ``2026-H2`` or ``2026`` (what a list groups by,
    instead of a date read as "12月1日" or "一月 2026")."""
    start, _end = period_bounds(periodicity, day)
    if periodicity == "month":
        return f"{start.year}-{start.month:02d}"
    if periodicity == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if periodicity == "half_year":
        return f"{start.year}-H{1 if start.month <= 6 else 2}"
    return f"{start.year}"
