import datetime as dt

import pytest

from quality_ops.assurance import (
    done_on_time,
    due_dates,
    next_version,
    parse_version,
    review_due,
)
from quality_ops.periods import add_months

D = dt.date


def test_versions():
    assert parse_version("3.0") == (3, 0)
    assert parse_version(" 1.10 ") == (1, 10)
    assert next_version("1.0") == "1.1"
    assert next_version("1.9") == "1.10"
    assert next_version("1.3", major=True) == "2.0"
    # versions sort as numbers, not as text
    assert parse_version("1.10") > parse_version("1.9")
    for bad in ("", "1", "v1.0", "1.0.1", "1,0", None):
        with pytest.raises(ValueError):
            parse_version(bad)


def test_months_and_periodic_review():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert add_months(D(2026, 3, 15), -3) == D(2025, 12, 15)
    assert review_due(D(2026, 3, 1), None, 12) == D(2027, 3, 1)
    # the last periodic review resets the clock
    assert review_due(D(2026, 3, 1), D(2026, 9, 10), 6) == D(2027, 3, 10)
    assert review_due(None, None, 12) is None
    assert review_due(D(2026, 3, 1), None, 0) is None


def test_daily_and_weekly_due_dates():
    days = due_dates("daily", D(2026, 11, 1), D(2026, 11, 1), D(2026, 11, 30))
    assert len(days) == 30 and days[0] == D(2026, 11, 1) and days[-1] == D(2026, 11, 30)
    # a window before the start holds nothing of it; after the end neither
    assert due_dates("daily", D(2026, 11, 10), D(2026, 11, 1), D(2026, 11, 9)) == []
    assert due_dates("daily", D(2026, 11, 1), D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 3)) == [
        D(2026, 11, 1),
        D(2026, 11, 2),
        D(2026, 11, 3),
    ]
    # weekly keeps the start's weekday whatever the window
    weeks = due_dates("weekly", D(2026, 10, 7), D(2026, 11, 1), D(2026, 11, 30))
    assert weeks == [D(2026, 11, 4), D(2026, 11, 11), D(2026, 11, 18), D(2026, 11, 25)]
    assert all(day.weekday() == D(2026, 10, 7).weekday() for day in weeks)


def test_monthly_and_quarterly_due_dates():
    months = due_dates("monthly", D(2026, 1, 31), D(2026, 1, 1), D(2026, 5, 31))
    assert months == [
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 31),
        D(2026, 4, 30),
        D(2026, 5, 31),
    ]
    quarters = due_dates("quarterly", D(2025, 11, 15), D(2026, 1, 1), D(2026, 12, 31))
    assert quarters == [D(2026, 2, 15), D(2026, 5, 15), D(2026, 8, 15), D(2026, 11, 15)]
    # the window of one month of a quarterly plan holds one date or none
    assert due_dates("quarterly", D(2025, 11, 15), D(2026, 3, 1), D(2026, 3, 31)) == []
    with pytest.raises(ValueError):
        due_dates("hourly", D(2026, 1, 1), D(2026, 1, 1), D(2026, 1, 2))


def test_windows_are_a_partition():
    """Two adjacent windows give each due date once: the scheduler may run
    any day and never plans an inspection twice nor forgets one."""
    start = D(2026, 1, 3)
    for frequency in ("daily", "weekly", "monthly", "quarterly"):
        whole = due_dates(frequency, start, D(2026, 1, 1), D(2026, 12, 31))
        cut = D(2026, 6, 17)
        parts = due_dates(frequency, start, D(2026, 1, 1), cut) + due_dates(
            frequency, start, cut + dt.timedelta(days=1), D(2026, 12, 31)
        )
        assert parts == whole, frequency


def test_on_time():
    assert done_on_time(D(2026, 11, 3), D(2026, 11, 3))
    assert done_on_time(D(2026, 11, 3), D(2026, 11, 1))
    assert not done_on_time(D(2026, 11, 3), D(2026, 11, 4))
    assert not done_on_time(D(2026, 11, 3), None)
