from odoo import models
from odoo.exceptions import AccessError

# the fields of a leave the working time is built from
WORKTIME_FIELDS = {"date_from", "date_to", "calendar_id", "company_id", "resource_id", "time_type"}


class ResourceCalendarLeaves(models.Model):
    """Public holidays (leaves without a resource) shape the SLA working time
    and re-plan the open clocks of the calendars they apply to; an employee's
    time off does not."""

    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "quality_ops.worktime.source.mixin"]
    _quality_worktime_fields = WORKTIME_FIELDS

    def _quality_public(self):
        return self.filtered(lambda leave: not leave.resource_id)

    def _quality_calendars(self):
        return self.env["resource.calendar"]._quality_calendars_sharing(self._quality_public())

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
        return super().write(vals)
