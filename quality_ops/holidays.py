"""Parse lists of public holidays and make-up working days (plain Python)."""

import datetime
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
