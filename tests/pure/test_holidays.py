import csv
import datetime as dt
from pathlib import Path

import pytest

from quality_ops import holidays
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


NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
"""


def _each_day(days):
    result = set()
    for day in days:
        date = day.date_from
        while date <= day.date_to:
            result.add((date, day.kind))
            date += dt.timedelta(days=1)
    return result


def test_state_council_notice_reads_like_the_official_calendar():
    """The notice pasted as published gives the days the maintained calendar has."""
    parsed = holidays.parse_notice(NOTICE_2026, 2026)
    assert _each_day(parsed) == _each_day(holidays.official_days(2026))
    national = [d for d in parsed if d.name == "国庆节" and d.kind == "holiday"]
    assert national[0].date_from == dt.date(2026, 10, 1)
    assert national[0].date_to == dt.date(2026, 10, 7)


def test_notice_of_a_year_the_library_does_not_know():
    """December: next year's notice is out, the library does not carry it yet."""
    text = (
        "一、元旦：2026年12月31日（周四）至2027年1月2日（周六）放假，共3天。\n"
        "二、春节：2月6日（周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。\n"
    )
    days = holidays.parse_notice(text, 2027)
    assert (days[0].date_from, days[0].date_to) == (
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 2),
    )
    assert [(d.date_from, d.kind) for d in days[1:]] == [
        (dt.date(2027, 2, 6), "holiday"),
        (dt.date(2027, 2, 20), "workday"),
    ]
    with pytest.raises(holidays.NoticeError):
        holidays.parse_notice("2026-10-01,2026-10-07,holiday,国庆节放假", 2026)
