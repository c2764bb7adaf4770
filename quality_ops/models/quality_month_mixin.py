from odoo import api, fields, models

from ..periods import period_bounds, period_key
from ..tools.period_label import period_label


class QualityMonthMixin(models.AbstractModel):
    """A record of one month (``date_from`` its first day): the month as a
        reader says it (2026年12月 / 2026-12) and a key lists and charts group by,
        instead of the first day's date ("12月1日") or a month name ("一月 2026"); its
    last day ``date_to``."""

    _name = "quality_ops.month.mixin"
    _description = "Monthly Record"

    date_from = fields.Date(string="Month")
    date_to = fields.Date(compute="_compute_date_to", store=True)
    month_key = fields.Char(
        string="Month (YYYY-MM)", compute="_compute_month_key", store=True, readonly=True
    )
    month_label = fields.Char(string="Month Name", compute="_compute_month_label")

    @api.depends("date_from")
    def _compute_date_to(self):
        for record in self:
            record.date_to = (
                period_bounds("month", record.date_from)[1] if record.date_from else False
            )

    @api.depends("date_from")
    def _compute_month_key(self):
        for record in self:
            record.month_key = period_key("month", record.date_from) if record.date_from else False

    @api.depends("date_from")
    @api.depends_context("lang")
    def _compute_month_label(self):
        for record in self:
            record.month_label = period_label(self.env, "month", record.date_from)
