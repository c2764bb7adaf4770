from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        self.env["resource.calendar"]._quality_worktime_changed()
        return super().create(vals_list)

    def write(self, vals):
        self.env["resource.calendar"]._quality_worktime_changed()
        return super().write(vals)

    def unlink(self):
        self.env["resource.calendar"]._quality_worktime_changed()
        return super().unlink()
