from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    """Office hours shape the SLA working time: a change re-plans the open
    clocks of the calendar (``resource.calendar._quality_replan`` also drops
    the cached working time)."""

    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        self.env["resource.calendar"]._quality_replan(attendances.calendar_id)
        return attendances

    def write(self, vals):
        calendars = self.calendar_id
        result = super().write(vals)
        self.env["resource.calendar"]._quality_replan(calendars | self.calendar_id)
        return result

    def unlink(self):
        calendars = self.calendar_id
        result = super().unlink()
        self.env["resource.calendar"]._quality_replan(calendars.exists())
        return result
