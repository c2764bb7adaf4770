"""A period as its reader says it: 2026年12月 in Chinese, 2026-12 in English,
never the date of its first day ("12月1日") nor a month name ("一月 2026")."""

from ..periods import period_bounds


def period_label(env, periodicity, day):
    """Label of the period of ``periodicity`` containing ``day``, in the
    language of ``env``; empty without a day."""
    if not day:
        return ""
    start, _end = period_bounds(periodicity or "month", day)
    year = start.year
    if periodicity == "quarter":
        return env._("%(year)s Q%(quarter)s", year=year, quarter=(start.month - 1) // 3 + 1)
    if periodicity == "half_year":
        if start.month <= 6:
            return env._("%(year)s H1", year=year)
        return env._("%(year)s H2", year=year)
    if periodicity == "year":
        return env._("Year %(year)s", year=year)
    return env._("%(year)s-%(mm)s", year=year, mm=f"{start.month:02d}", month=start.month)
