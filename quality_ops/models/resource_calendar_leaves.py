from odoo import api, models
from odoo.exceptions import AccessError

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
        calendars = leaves._quality_calendars()
        self.env["resource.calendar"]._quality_check_serves(calendars)
        self.env["resource.calendar"]._quality_replan(calendars)
        return leaves

    def write(self, vals):
        # Odoo's rules let an employee modify their own time off, checked before
        # the write: turning it into a public holiday would move every SLA
        # deadline of the calendar. Public holidays are the administrator's.
        if (
            "resource_id" in vals
            and not vals["resource_id"]
            and not self.env.su
            and self.filtered("resource_id")
            and not self.env.user.has_group("base.group_erp_manager")
        ):
            raise AccessError(
                self.env._(
                    "Time off cannot become a public holiday: public holidays move the SLA "
                    "deadlines of the calendar and are declared by an administrator."
                )
            )
        if not WORKTIME_FIELDS & set(vals):
            return super().write(vals)
        Calendar = self.env["resource.calendar"]
        before = self._quality_calendars()
        Calendar._quality_check_serves(before)
        result = super().write(vals)
        after = self._quality_calendars()
        Calendar._quality_check_serves(after - before)
        Calendar._quality_replan(before | after)
        return result

    def unlink(self):
        before = self._quality_calendars()
        self.env["resource.calendar"]._quality_check_serves(before)
        result = super().unlink()
        self.env["resource.calendar"]._quality_replan(before.exists())
        return result
