import datetime as dt

import pytest

from quality_ops.periods import (
    covering_period,
    months_of,
    period_bounds,
    previous_period,
    report_period,
    year_bounds,
)

D = dt.date


@pytest.mark.parametrize(
    "periodicity,day,expected",
    [
        ("month", D(2026, 2, 14), (D(2026, 2, 1), D(2026, 2, 28))),
        ("month", D(2028, 2, 29), (D(2028, 2, 1), D(2028, 2, 29))),
        ("month", D(2026, 12, 31), (D(2026, 12, 1), D(2026, 12, 31))),
        ("quarter", D(2026, 5, 1), (D(2026, 4, 1), D(2026, 6, 30))),
        ("quarter", D(2026, 12, 1), (D(2026, 10, 1), D(2026, 12, 31))),
        ("half_year", D(2026, 6, 30), (D(2026, 1, 1), D(2026, 6, 30))),
        ("half_year", D(2026, 7, 1), (D(2026, 7, 1), D(2026, 12, 31))),
        ("year", D(2026, 7, 1), (D(2026, 1, 1), D(2026, 12, 31))),
    ],
)
def test_period_bounds(periodicity, day, expected):
    assert period_bounds(periodicity, day) == expected


def test_previous_period_crosses_year():
    assert previous_period("month", D(2026, 1, 10)) == (D(2025, 12, 1), D(2025, 12, 31))
    assert previous_period("half_year", D(2026, 3, 1)) == (D(2025, 7, 1), D(2025, 12, 31))
    assert previous_period("quarter", D(2026, 4, 1)) == (D(2026, 1, 1), D(2026, 3, 31))


def test_unknown_periodicity():
    with pytest.raises(ValueError):
        period_bounds("fortnight", D(2026, 1, 1))


def test_year_bounds():
    assert year_bounds(2026) == (D(2026, 1, 1), D(2026, 12, 31))


def test_report_periods():
    assert report_period("half_year", 2026, "1") == (
        "half_year",
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 30),
    )
    assert report_period("half_year", 2026, 2)[1:] == (
        dt.date(2026, 7, 1),
        dt.date(2026, 12, 31),
    )
    for kind in ("annual", "improvement"):
        assert report_period(kind, 2025) == (
            "year",
            dt.date(2025, 1, 1),
            dt.date(2025, 12, 31),
        )
    with pytest.raises(ValueError):
        report_period("half_year", 2026)
    with pytest.raises(ValueError):
        report_period("monthly", 2026)


@pytest.mark.parametrize(
    "date_from,date_to,expected",
    [
        # the year to date of a review held in December is read from the year
        (D(2026, 1, 1), D(2026, 12, 10), ("year", D(2026, 1, 1), D(2026, 12, 31))),
        (D(2026, 1, 1), D(2026, 6, 30), ("half_year", D(2026, 1, 1), D(2026, 6, 30))),
        (D(2026, 1, 1), D(2026, 5, 2), ("half_year", D(2026, 1, 1), D(2026, 6, 30))),
        (D(2026, 7, 1), D(2026, 9, 30), ("quarter", D(2026, 7, 1), D(2026, 9, 30))),
        (D(2026, 3, 1), D(2026, 3, 1), ("month", D(2026, 3, 1), D(2026, 3, 31))),
        (D(2026, 1, 1), D(2026, 1, 31), ("month", D(2026, 1, 1), D(2026, 1, 31))),
    ],
)
def test_covering_period_is_the_shortest_that_starts_on_the_first_day(date_from, date_to, expected):
    assert covering_period(date_from, date_to) == expected


@pytest.mark.parametrize(
    "date_from,date_to",
    [
        (D(2026, 1, 15), D(2026, 12, 31)),  # not the first day of a period
        (D(2026, 2, 1), D(2026, 4, 30)),  # February starts no quarter
        (D(2025, 12, 1), D(2026, 11, 30)),  # twelve months across two years
        (D(2026, 1, 1), D(2027, 1, 1)),  # longer than a year
        (D(2026, 6, 1), D(2026, 5, 31)),  # ends before it starts
    ],
)
def test_covering_period_refuses_what_no_measurement_describes(date_from, date_to):
    with pytest.raises(ValueError):
        covering_period(date_from, date_to)


def test_period_key_names_the_period_not_its_first_day():
    from quality_ops.periods import period_key

    day = D(2026, 11, 17)
    assert period_key("month", day) == "2026-11"
    assert period_key("month", D(2026, 1, 31)) == "2026-01"
    assert period_key("quarter", day) == "2026-Q4"
    assert period_key("quarter", D(2026, 3, 31)) == "2026-Q1"
    assert period_key("half_year", day) == "2026-H2"
    assert period_key("half_year", D(2026, 6, 30)) == "2026-H1"
    assert period_key("year", day) == "2026"
    # keys sort like the periods they name
    months = [period_key("month", D(2026, m, 1)) for m in range(1, 13)]
    assert months == sorted(months)


def test_months_of_a_period_every_month_once():
    assert months_of(D(2026, 1, 1), D(2026, 6, 30)) == [D(2026, m, 1) for m in range(1, 7)]
    assert months_of(D(2025, 12, 15), D(2026, 1, 1)) == [D(2025, 12, 1), D(2026, 1, 1)]
    assert months_of(D(2026, 3, 1), D(2026, 2, 28)) == []
