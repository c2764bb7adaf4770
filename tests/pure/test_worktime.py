import datetime as dt

import pytest

from quality_ops.worktime import (
    NoWorkingTime,
    WorkTime,
    build_intervals,
    normalize,
    quarter_dates,
    quarter_window,
    subtract,
)

SHANGHAI = "Asia/Shanghai"
# Monday-Friday 09:00-12:00 and 13:00-18:00
OFFICE = [(wd, 9, 12) for wd in range(5)] + [(wd, 13, 18) for wd in range(5)]


def local(*args):
    """A Shanghai wall-clock time as the naive UTC datetime Odoo stores."""
    return dt.datetime(*args) - dt.timedelta(hours=8)


def golden_week(date_from=dt.date(2026, 9, 1), date_to=dt.date(2026, 12, 31)):
    holidays = [(local(2026, 10, 1), local(2026, 10, 8))]
    makeup = {dt.date(2026, 9, 27): [(9, 12), (13, 18)], dt.date(2026, 10, 10): [(9, 12), (13, 18)]}
    return build_intervals(OFFICE, SHANGHAI, date_from, date_to, holidays, makeup)


def test_intervals_are_utc_and_skip_lunch():
    intervals = build_intervals(OFFICE, SHANGHAI, dt.date(2026, 9, 29), dt.date(2026, 9, 29))
    assert intervals == [
        (dt.datetime(2026, 9, 29, 1), dt.datetime(2026, 9, 29, 4)),
        (dt.datetime(2026, 9, 29, 5), dt.datetime(2026, 9, 29, 10)),
    ]


def test_acceptance_scenario_deadlines():
    intervals = golden_week()
    created = local(2026, 9, 29, 17, 30)
    assert WorkTime(intervals).add_hours(created, 2) == local(2026, 9, 30, 10, 30)
    assert WorkTime(intervals).add_hours(created, 16) == local(2026, 10, 8, 17, 30)


def test_creation_outside_working_hours_starts_next_morning():
    intervals = golden_week()
    # Friday 20:00 -> Monday 09:00 start; 1 h -> Monday 10:00
    assert WorkTime(intervals).add_hours(local(2026, 9, 18, 20), 1) == local(2026, 9, 21, 10)
    # inside the lunch break -> 13:00 + 1 h
    assert WorkTime(intervals).add_hours(local(2026, 9, 28, 12, 15), 1) == local(2026, 9, 28, 14)


def test_makeup_sunday_is_worked():
    intervals = golden_week()
    # Saturday 2026-09-26 evening: next work is the make-up Sunday 09:00
    assert WorkTime(intervals).add_hours(local(2026, 9, 26, 18), 2) == local(2026, 9, 27, 11)
    assert WorkTime(intervals).hours_between(
        local(2026, 9, 27), local(2026, 9, 28)
    ) == pytest.approx(8)


def test_holiday_week_has_no_work():
    intervals = golden_week()
    assert WorkTime(intervals).hours_between(local(2026, 10, 1), local(2026, 10, 8)) == 0


def test_makeup_day_inside_a_holiday_range_is_worked():
    holidays = [(local(2026, 10, 1), local(2026, 10, 11))]
    makeup = {dt.date(2026, 10, 10): [(9, 12)]}
    intervals = build_intervals(
        OFFICE, SHANGHAI, dt.date(2026, 10, 1), dt.date(2026, 10, 12), holidays, makeup
    )
    assert WorkTime(intervals).hours_between(
        local(2026, 10, 1), local(2026, 10, 11)
    ) == pytest.approx(3)


def test_pause_across_nights_counts_only_working_hours():
    intervals = golden_week()
    assert WorkTime(intervals).hours_between(
        local(2026, 9, 28, 17), local(2026, 9, 29, 10)
    ) == pytest.approx(2)


def test_no_working_hours_raises_instead_of_looping():
    intervals = build_intervals([], SHANGHAI, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert intervals == []
    with pytest.raises(NoWorkingTime):
        WorkTime(intervals).add_hours(local(2026, 1, 5), 1)
    with pytest.raises(NoWorkingTime):
        WorkTime(golden_week()).add_hours(local(2026, 12, 31), 100)


def test_zero_and_negative_hours():
    intervals = golden_week()
    start = local(2026, 9, 28, 20)
    assert WorkTime(intervals).add_hours(start, 0) == start
    with pytest.raises(ValueError):
        WorkTime(intervals).add_hours(start, -1)
    assert WorkTime(intervals).hours_between(local(2026, 9, 29), local(2026, 9, 28)) == 0


def test_utc_calendar_and_other_zone():
    utc = build_intervals([(0, 9, 17)], "UTC", dt.date(2026, 9, 28), dt.date(2026, 9, 28))
    assert utc == [(dt.datetime(2026, 9, 28, 9), dt.datetime(2026, 9, 28, 17))]
    paris = build_intervals(
        [(0, 9, 17)], "Europe/Paris", dt.date(2026, 9, 28), dt.date(2026, 9, 28)
    )
    assert paris == [(dt.datetime(2026, 9, 28, 7), dt.datetime(2026, 9, 28, 15))]


def test_normalize_and_subtract():
    a = dt.datetime(2026, 1, 1)
    h = dt.timedelta(hours=1)
    assert normalize([(a + 2 * h, a + 3 * h), (a, a + h), (a + h, a + 2 * h), (a, a)]) == [
        (a, a + 3 * h)
    ]
    assert subtract([(a, a + 4 * h)], [(a + h, a + 2 * h)]) == [(a, a + h), (a + 2 * h, a + 4 * h)]
    assert subtract([(a, a + h)], [(a - h, a + 2 * h)]) == []


def test_deadline_on_an_interval_end_stays_before_the_break():
    intervals = golden_week()
    assert WorkTime(intervals).add_hours(local(2026, 9, 28, 9), 3) == local(2026, 9, 28, 12)


def test_add_then_measure_round_trips():
    import random

    from quality_ops.worktime import WorkTime

    work = WorkTime(golden_week())
    rng = random.Random(7)
    for _ in range(500):
        start = local(2026, 9, 1) + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 80))
        hours = rng.choice([0.25, 1, 2, 4, 7.5, 16, 40])
        deadline = work.add_hours(start, hours)
        assert deadline >= start
        assert work.hours_between(start, deadline) == pytest.approx(hours)
        # the deadline is the earliest such instant: a minute earlier is not enough
        assert work.hours_between(start, deadline - dt.timedelta(minutes=1)) < hours


def test_pause_across_holiday_and_makeup_saturday_counts_working_hours():
    intervals = golden_week()
    created = local(2026, 9, 29, 17, 30)
    pause = (local(2026, 10, 8, 10), local(2026, 10, 10, 11))
    assert WorkTime(intervals).hours_between(created, pause[0]) == pytest.approx(9.5)
    assert WorkTime(intervals).hours_between(*pause) == pytest.approx(17)


def test_quarter_windows_are_shared_by_the_same_weeks():
    # two quarters at least: instants of late September and October share one
    assert quarter_window(dt.date(2026, 9, 28), dt.date(2026, 10, 30)) == (2026 * 4 + 2, 2)
    assert quarter_window(dt.date(2026, 8, 1), dt.date(2026, 9, 1)) == (2026 * 4 + 2, 2)
    assert quarter_window(dt.date(2026, 11, 20), dt.date(2027, 1, 5)) == (2026 * 4 + 3, 2)
    # a long window: every quarter up to the last date
    assert quarter_window(dt.date(2026, 1, 1), dt.date(2026, 12, 31), 1) == (2026 * 4, 4)
    assert quarter_dates(2026 * 4 + 3, 2) == (dt.date(2026, 10, 1), dt.date(2027, 3, 31))
    assert quarter_dates(2026 * 4, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
