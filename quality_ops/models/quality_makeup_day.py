from odoo import api, fields, models

from ..tools.argument_guard import check_ids, check_vals, check_vals_list
from ..tools.group_guard import check_target_company
from ..tools.record_fields import company_field

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class QualityMakeupDay(models.Model):
    """A date worked although the weekly pattern says otherwise (调休上班).

    resource.calendar can remove working time (leaves) but cannot add a
    working Saturday or Sunday; SLA clocks read these on top of it.
    """

    _name = "quality_ops.makeup.day"
    _description = "Make-up Working Day"
    _order = "date desc"
    _inherit = ["quality_ops.worktime.source.mixin"]
    _check_company_auto = True
    _quality_worktime_fields = frozenset({"date", "calendar_id", "company_id", "works_like"})

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True, index=True)
    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Calendar",
        index=True,
        ondelete="cascade",
        check_company=True,
        help="Leave empty for every calendar of the company.",
    )
    company_id = company_field()
    works_like = fields.Selection(
        WEEKDAYS,
        required=True,
        default="0",
        help="The day is worked with the hours this weekday has in the calendar.",
    )

    _date_calendar_unique = models.UniqueIndex(
        "(date, company_id, COALESCE(calendar_id, 0))",
        "This make-up working day already exists.",
    )

    # a make-up day adds working time: the open clocks of its calendars are
    # re-planned (resource.calendar._quality_replan)
    def _quality_calendars(self):
        return self.env["resource.calendar"]._quality_calendars_sharing(self)

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        check_target_company(self.env, vals)
        return super().write(vals)

    def unlink(self):
        check_ids(self)
        return super().unlink()
