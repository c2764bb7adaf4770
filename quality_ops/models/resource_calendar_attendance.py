from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    """Office hours shape the SLA working time: a change re-plans the open
    clocks of the calendar."""

    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        Calendar = self.env["resource.calendar"]
        Calendar._quality_worktime_changed()
        attendances = super().create(vals_list)
        Calendar._quality_replan(attendances.calendar_id)
        return attendances

    def write(self, vals):
        Calendar = self.env["resource.calendar"]
        Calendar._quality_worktime_changed()
        calendars = self.calendar_id
        result = super().write(vals)
        Calendar._quality_replan(calendars | self.calendar_id)
        return result

    def unlink(self):
        Calendar = self.env["resource.calendar"]
        Calendar._quality_worktime_changed()
        calendars = self.calendar_id
        result = super().unlink()
        Calendar._quality_replan(calendars.exists())
        return result
