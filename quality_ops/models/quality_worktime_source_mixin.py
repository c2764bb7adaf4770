from odoo import api, models


class QualityWorktimeSourceMixin(models.AbstractModel):
    """Records the SLA working time is built from (public holidays, make-up
    days): whoever changes one serves every company of the calendars it
    touches, and their open clocks are re-planned after the change."""

    _name = "quality_ops.worktime.source.mixin"
    _description = "Source of SLA Working Time"

    # the fields a change of which changes the working time
    _quality_worktime_fields = frozenset()

    def _quality_calendars(self):
        """The calendars whose working time these records shape."""
        raise NotImplementedError

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        calendars = records._quality_calendars()
        self.env["resource.calendar"]._quality_check_serves(calendars)
        self.env["resource.calendar"]._quality_replan(calendars)
        return records

    def write(self, vals):
        if not self._quality_worktime_fields & set(vals):
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
