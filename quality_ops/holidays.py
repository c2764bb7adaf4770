"""Parse lists of public holidays and make-up working days (plain Python)."""

import datetime
import re
from dataclasses import dataclass

KINDS = {
    "holiday": "holiday",
    "workday": "workday",
    "假日": "holiday",
    "休": "holiday",
    "班": "workday",
    "上班": "workday",
    "调休上班": "workday",
}


@dataclass
class HolidayDay:
    date_from: datetime.date
    date_to: datetime.date
    kind: str
    name: str


class HolidayLineError(ValueError):
    """``reason`` is a code: format, date, order, length or kind."""

    def __init__(self, line_number, content, reason):
        super().__init__(f"line {line_number}: {reason}")
        self.line_number = line_number
        self.content = content
        self.reason = reason


def parse_holiday_lines(rows):
    """Rows of ``date_from, date_to, kind, name`` (a header row and blank or
    ``#`` comment lines are skipped) into HolidayDay objects."""
    days = []
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#") or cells[0].lower() == "date_from":
            continue
        content = ",".join(cells)
        if len(cells) < 3:
            raise HolidayLineError(number, content, "format")
        try:
            date_from = datetime.date.fromisoformat(cells[0])
            date_to = datetime.date.fromisoformat(cells[1]) if cells[1] else date_from
        except ValueError as exc:
            raise HolidayLineError(number, content, "date") from exc
        if date_to < date_from:
            raise HolidayLineError(number, content, "order")
        if (date_to - date_from).days > 31:
            raise HolidayLineError(number, content, "length")
        kind = KINDS.get(cells[2].lower())
        if not kind:
            raise HolidayLineError(number, content, "kind")
        name = ",".join(cells[3:]).strip() or cells[2]
        days.append(HolidayDay(date_from, date_to, kind, name))
    return days


class OfficialCalendarUnavailable(LookupError):
    """The maintained calendar does not cover ``year`` (yet): it covers
    ``first`` to ``last``, or nothing if the library is missing."""

    def __init__(self, year, first=None, last=None):
        super().__init__(f"no official calendar for {year}")
        self.year = year
        self.first = first
        self.last = last


def official_days(year):
    """China's public holidays and make-up working days (调休) of ``year``, as
    the State Council publishes them, from the maintained ``chinesecalendar``
    package: one HolidayDay per holiday period (consecutive days of the same
    festival) and per make-up working day, named in Chinese and English like
    the shipped CSV file."""
    try:
        from chinese_calendar import constants
    except ImportError as exc:
        raise OfficialCalendarUnavailable(year) from exc
    years = {day.year for day in constants.holidays}
    if year not in years:
        raise OfficialCalendarUnavailable(year, min(years), max(years))
    chinese = {holiday.value: holiday.chinese for holiday in constants.Holiday}
    days = []
    for date, english in sorted(constants.holidays.items()):
        if date.year != year:
            continue
        name = f"{chinese.get(english, english)} {english}"
        last = days[-1] if days else None
        if last and last.name == name and last.date_to + datetime.timedelta(days=1) == date:
            last.date_to = date
        else:
            days.append(HolidayDay(date, date, "holiday", name))
    for date, english in sorted(constants.workdays.items()):
        if date.year == year:
            label = chinese.get(english, english)
            name = f"{label}调休上班 {english} make-up working day"
            days.append(HolidayDay(date, date, "workday", name))
    return sorted(days, key=lambda day: (day.date_from, day.kind))


# the State Council's yearly notice (国务院办公厅关于部分节假日安排的通知): one
# line per festival, "七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。
# 9月20日（周日）、10月10日（周六）上班。"
_NOTE = r"(?:[（(][^）)]*[）)])?"
_DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日" + _NOTE
_FESTIVAL = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*([^：:]+)[：:](.*)$")
_HOLIDAY = re.compile(
    _DATE + r"(?:\s*[至到\-—~]\s*(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日" + _NOTE + r")?"
    r"[^。；;]*?放假"
)
_ANY_DATE = re.compile(_DATE)


class NoticeError(ValueError):
    """Nothing in the text reads as the State Council's notice."""


def parse_notice(text, year):
    """Holidays and make-up working days of ``year`` from the text of the
    State Council's notice as published (pasted as it is). A date without a
    year is of ``year``, except a December date in the New Year's line, which
    is of the year before."""
    days = []
    for line in text.splitlines():
        match = _FESTIVAL.match(line)
        if not match:
            continue
        festival, rest = match.group(1).strip(), match.group(2)
        holiday = _HOLIDAY.search(rest)
        if holiday:
            y1, m1, d1, y2, m2, d2 = holiday.groups()
            start = _notice_date(y1, m1, d1, year)
            end = _notice_date(y2 or y1, m2 or m1, d2, year) if d2 else start
            if end < start and not y2:  # "12月31日至1月2日": the range crosses the year
                end = end.replace(year=end.year + 1)
            days.append(HolidayDay(start, end, "holiday", festival))
        # make-up working days: the dates of the sentences that end in 上班
        for sentence in re.split(r"[。；;]", rest[holiday.end() if holiday else 0 :]):
            if "上班" not in sentence:
                continue
            for y, m, d in _ANY_DATE.findall(sentence):
                date = _notice_date(y, m, d, year)
                days.append(HolidayDay(date, date, "workday", f"{festival}调休上班"))
    if not days:
        raise NoticeError("no festival line")
    return sorted(days, key=lambda day: (day.date_from, day.kind))


def _notice_date(year_text, month, day, year):
    month, day = int(month), int(day)
    if year_text:
        return datetime.date(int(year_text), month, day)
    # the New Year holiday may start on 31 December of the year before
    return datetime.date(year - 1 if month == 12 else year, month, day)
