from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """Public holidays (leaves without a resource) shape the SLA working time;
    an employee's time off does not."""

    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        if any(not vals.get("resource_id") for vals in vals_list):
            self.env["resource.calendar"]._quality_worktime_changed()
        return super().create(vals_list)

    def write(self, vals):
        if not all(self.mapped("resource_id")) or (
            "resource_id" in vals and not vals["resource_id"]
        ):
            self.env["resource.calendar"]._quality_worktime_changed()
        return super().write(vals)

    def unlink(self):
        if not all(self.mapped("resource_id")):
            self.env["resource.calendar"]._quality_worktime_changed()
        return super().unlink()
