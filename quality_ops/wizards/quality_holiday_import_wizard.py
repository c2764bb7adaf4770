import base64
import binascii
import csv
import datetime
import io

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..groups import GROUP_MANAGER
from ..holidays import (
    HolidayLineError,
    NoticeError,
    OfficialCalendarUnavailable,
    official_days,
    parse_holiday_lines,
    parse_notice,
)
from ..periods import utc_bounds
from ..tools.argument_guard import arguments, check_vals_list
from ..tools.group_guard import require_group
from ..tools.smart_buttons import notification_action


class QualityHolidayImportWizard(models.TransientModel):
    """Import a year's public holidays and make-up working days (调休)."""

    _name = "quality_ops.holiday.import.wizard"
    _description = "Import Public Holidays and Make-up Working Days"

    source = fields.Selection(
        [
            ("official", "Official calendar of China"),
            ("lines", "CSV file or pasted lines"),
        ],
        required=True,
        default="official",
        help="The official calendar is the State Council's schedule of public holidays "
        "and make-up working days, kept up to date by the chinesecalendar package.",
    )
    year = fields.Integer(
        default=lambda self: fields.Date.context_today(self).year,
        help="The year whose official holidays and make-up working days are imported.",
    )
    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Calendar",
        help="Leave empty to apply the days to every calendar of the company.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    lines = fields.Text(
        string="Days",
        help="One line per day or range: date_from,date_to,kind,name where kind is "
        "'holiday' or 'workday' and date_to may be empty, e.g.\n"
        "2026-10-01,2026-10-07,holiday,National Day\n"
        "2026-10-10,,workday,National Day make-up working day",
    )
    file = fields.Binary(string="CSV File")
    file_name = fields.Char()
    works_like = fields.Selection(
        [("0", "Monday"), ("1", "Tuesday"), ("2", "Wednesday"), ("3", "Thursday"), ("4", "Friday")],
        string="Make-up Days Work Like",
        required=True,
        default="0",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        # days given as text or file mean that source, whatever the default
        for vals in vals_list:
            if "source" not in vals and (vals.get("lines") or vals.get("file")):
                vals["source"] = "lines"
        return super().create(vals_list)

    def _read_text(self):
        self.ensure_one()
        if self.file:
            try:
                return base64.b64decode(self.file, validate=True).decode("utf-8-sig")
            except (binascii.Error, ValueError) as exc:  # not base64, not UTF-8
                raise UserError(self.env._("The file must be a UTF-8 CSV file.")) from exc
        return self.lines or ""

    def _official_days(self):
        try:
            return official_days(self.year)
        except OfficialCalendarUnavailable as exc:
            if exc.first is None:
                raise UserError(
                    self.env._(
                        "The official calendar needs the Python package chinesecalendar: "
                        "ask your administrator to install it, or import a CSV file."
                    )
                ) from exc
            raise UserError(
                self.env._(
                    "The official calendar knows the years %(first)s to %(last)s, not "
                    "%(year)s yet. Once the State Council has published the notice of "
                    "%(year)s (国务院办公厅关于%(year)s年部分节假日安排的通知), choose 'CSV file "
                    "or pasted lines', keep the year %(year)s and paste the notice's "
                    "lines as published, from '一、元旦：' to the last festival: the holidays "
                    "(放假) and make-up working days (上班) are read from them. A CSV file "
                    "works too, and so does updating the chinesecalendar package.",
                    first=exc.first,
                    last=exc.last,
                    year=exc.year,
                )
            ) from exc

    def _days(self):
        self.ensure_one()
        if self.source == "official":
            return self._official_days()
        text = self._read_text()
        notice = self._notice_days(text)
        if notice:
            return notice
        try:
            days = parse_holiday_lines(csv.reader(io.StringIO(text)))
        except HolidayLineError as exc:
            reasons = {
                "format": self.env._("expected date_from,date_to,kind,name"),
                "date": self.env._("dates must be written YYYY-MM-DD"),
                "order": self.env._("the end date is before the start date"),
                "length": self.env._("a holiday period cannot exceed a month"),
                "kind": self.env._("the kind must be 'holiday' or 'workday'"),
            }
            raise UserError(
                self.env._(
                    "Line %(line)s cannot be read (%(content)s): %(reason)s",
                    line=exc.line_number,
                    content=exc.content,
                    reason=reasons.get(exc.reason, exc.reason),
                )
            ) from exc
        if not days:
            raise UserError(self.env._("Paste some days or choose a CSV file first."))
        return self._check_range(days)

    def _notice_days(self, text):
        """The days of the State Council's notice pasted as published, or
        None when the text has no festival line (CSV lines then)."""
        year = self.year or fields.Date.context_today(self).year
        if not datetime.MINYEAR < year < datetime.MAXYEAR:
            raise UserError(self.env._("The year %s is not a year of a calendar.", year))
        try:
            days = parse_notice(text, year)
        except NoticeError:
            return None
        except (ValueError, OverflowError) as exc:  # a date that does not exist
            raise UserError(
                self.env._("The notice names a date that does not exist: %s", exc)
            ) from exc
        if any((day.date_to - day.date_from).days > 31 for day in days):
            raise UserError(self.env._("A holiday period of the notice exceeds a month."))
        return self._check_range(days)

    def _check_range(self, days):
        """The end of every day must be a date too (its next midnight)."""
        if any(day.date_to >= datetime.date.max for day in days):
            raise UserError(self.env._("A date is out of the calendar's range."))
        return days

    @arguments()
    def action_import(self):
        self.ensure_one()
        days = self._days()
        calendar = self.calendar_id
        tz = calendar.tz or self.env.user.tz or "Asia/Shanghai"
        # public holidays are the administrator's in Odoo (a record rule): the
        # import is the quality manager's, checked here, and writes them as such
        require_group(
            self.env,
            GROUP_MANAGER,
            self.env._("Only a quality manager imports public holidays and make-up days."),
        )
        if not self.env.su and (
            self.company_id not in self.env.user.company_ids
            or (calendar.company_id and calendar.company_id not in self.env.user.company_ids)
        ):
            raise AccessError(self.env._("You can import holidays only for your companies."))
        # a calendar shared by several companies moves each one's deadlines
        self.env["resource.calendar"]._quality_check_serves(calendar)
        Leave = self.env["resource.calendar.leaves"].sudo()
        Makeup = self.env["quality_ops.makeup.day"].sudo()
        leave_vals, makeup_vals = [], []
        for day in days:
            if day.kind == "holiday":
                start, end = utc_bounds(day.date_from, day.date_to, tz)
                duplicate = Leave.search_count(
                    [
                        ("resource_id", "=", False),
                        ("calendar_id", "=", calendar.id),
                        ("company_id", "=", self.company_id.id),
                        ("date_from", "=", start),
                        ("date_to", "=", end),
                    ]
                )
                if not duplicate:
                    leave_vals.append(
                        {
                            "name": day.name,
                            "calendar_id": calendar.id,
                            "company_id": self.company_id.id,
                            "date_from": start,
                            "date_to": end,
                            "time_type": "leave",
                        }
                    )
            else:
                current = day.date_from
                while current <= day.date_to:
                    exists = Makeup.search_count(
                        [
                            ("date", "=", current),
                            ("calendar_id", "=", calendar.id),
                            ("company_id", "=", self.company_id.id),
                        ]
                    )
                    if not exists:
                        makeup_vals.append(
                            {
                                "name": day.name,
                                "date": current,
                                "calendar_id": calendar.id,
                                "company_id": self.company_id.id,
                                "works_like": self.works_like,
                            }
                        )
                    current += datetime.timedelta(days=1)
        Leave.create(leave_vals)
        Makeup.create(makeup_vals)
        return notification_action(
            self.env._(
                "%(holidays)s holiday periods and %(workdays)s make-up working days imported.",
                holidays=len(leave_vals),
                workdays=len(makeup_vals),
            ),
            "success",
            close=True,
        )
