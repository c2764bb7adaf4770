import csv
import datetime as dt
from pathlib import Path

import pytest

from quality_ops.holidays import (
    HolidayLineError,
    OfficialCalendarUnavailable,
    official_days,
    parse_holiday_lines,
)

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_2026_file():
    with (ROOT / "data" / "cn_public_holidays_2026.csv").open(encoding="utf-8") as handle:
        days = parse_holiday_lines(csv.reader(handle))
    holidays = [d for d in days if d.kind == "holiday"]
    workdays = [d for d in days if d.kind == "workday"]
    assert len(holidays) == 7  # the seven statutory holidays
    assert sum((d.date_to - d.date_from).days + 1 for d in holidays) == 33
    assert {d.date_from for d in workdays} == {
        dt.date(2026, 1, 4),
        dt.date(2026, 2, 14),
        dt.date(2026, 2, 28),
        dt.date(2026, 5, 9),
        dt.date(2026, 9, 20),
        dt.date(2026, 10, 10),
    }
    # make-up working days fall on weekends
    assert all(d.date_from.weekday() >= 5 for d in workdays)


def test_single_day_comment_and_header():
    rows = [
        ["date_from", "date_to", "kind", "name"],
        ["# comment"],
        [],
        ["2026-10-10", "", "workday", "National Day", "make-up"],
    ]
    (day,) = parse_holiday_lines(rows)
    assert day.date_from == day.date_to == dt.date(2026, 10, 10)
    assert day.name == "National Day,make-up"


@pytest.mark.parametrize(
    "row,reason",
    [
        (["2026-10-01"], "format"),
        (["2026/10/01", "", "holiday"], "date"),
        (["2026-10-07", "2026-10-01", "holiday"], "order"),
        (["2026-01-01", "2026-03-01", "holiday"], "length"),
        (["2026-10-01", "", "vacation"], "kind"),
    ],
)
def test_bad_lines(row, reason):
    with pytest.raises(HolidayLineError) as info:
        parse_holiday_lines([["2026-01-01", "", "holiday", "ok"], row])
    assert info.value.line_number == 2
    assert info.value.reason == reason


def test_official_calendar_2026_is_the_state_council_schedule():
    """The maintained library gives the same days as the State Council's 2026
    notice typed by hand into the shipped file."""
    with (ROOT / "data" / "cn_public_holidays_2026.csv").open(encoding="utf-8") as handle:
        typed = parse_holiday_lines(csv.reader(handle))
    official = official_days(2026)

    def spans(days, kind):
        return {(d.date_from, d.date_to) for d in days if d.kind == kind}

    assert spans(official, "holiday") == spans(typed, "holiday")
    assert spans(official, "workday") == spans(typed, "workday")
    national_day = next(d for d in official if d.date_from == dt.date(2026, 10, 1))
    assert national_day.date_to == dt.date(2026, 10, 7)
    assert national_day.name == "国庆节 National Day"
    make_up = next(d for d in official if d.date_from == dt.date(2026, 10, 10))
    assert make_up.kind == "workday" and make_up.name.startswith("国庆节调休上班")


def test_official_calendar_of_an_uncovered_year():
    with pytest.raises(OfficialCalendarUnavailable) as caught:
        official_days(1999)
    assert caught.value.first <= 2004 and caught.value.last >= 2026
