from odoo import api, models

# the fields of a leave the working time is built from
WORKTIME_FIELDS = {"date_from", "date_to", "calendar_id", "company_id", "resource_id", "time_type"}


class ResourceCalendarLeaves(models.Model):
    """Public holidays (leaves without a resource) shape the SLA working time
    and re-plan the open clocks of the calendars they apply to; an employee's
    time off does not."""

    _inherit = "resource.calendar.leaves"

    def _quality_public(self):
        return self.filtered(lambda leave: not leave.resource_id)

    def _quality_calendars(self):
        return self.env["resource.calendar"]._quality_calendars_sharing(self._quality_public())

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        self.env["resource.calendar"]._quality_replan(leaves._quality_calendars())
        return leaves

    def write(self, vals):
        if not WORKTIME_FIELDS & set(vals):
            return super().write(vals)
        before = self._quality_calendars()
        result = super().write(vals)
        self.env["resource.calendar"]._quality_replan(before | self._quality_calendars())
        return result

    def unlink(self):
        before = self._quality_calendars()
        result = super().unlink()
        self.env["resource.calendar"]._quality_replan(before.exists())
        return result
