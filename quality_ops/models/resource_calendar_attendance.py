from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    """Office hours shape the SLA working time: a change re-plans the open
    clocks of the calendar (``resource.calendar._quality_replan`` also drops
    the cached working time)."""

    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        Calendar = self.env["resource.calendar"]
        Calendar._quality_check_serves(attendances.calendar_id)
        Calendar._quality_replan(attendances.calendar_id)
        return attendances

    def write(self, vals):
        calendars = self.calendar_id
        Calendar = self.env["resource.calendar"]
        Calendar._quality_check_serves(calendars)
        result = super().write(vals)
        Calendar._quality_check_serves(self.calendar_id - calendars)
        Calendar._quality_replan(calendars | self.calendar_id)
        return result

    def unlink(self):
        calendars = self.calendar_id
        self.env["resource.calendar"]._quality_check_serves(calendars)
        result = super().unlink()
        self.env["resource.calendar"]._quality_replan(calendars.exists())
        return result
