from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.argument_guard import check_ids, check_vals, check_vals_list
from ..tools.record_fields import belongs_to_field, company_of_field

PRIORITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Very High"),
]


class QualitySlaPolicyLine(models.Model):
    _name = "quality_ops.sla.policy.line"
    _description = "SLA Target per Priority"
    _order = "policy_id, priority desc"

    policy_id = belongs_to_field("quality_ops.sla.policy")
    company_id = company_of_field("policy_id")
    priority = fields.Selection(PRIORITIES, required=True, default="1")
    response_hours = fields.Float(
        string="First Response (working hours)",
        digits=(16, 2),
        help="Zero: no response target.",
    )
    resolution_hours = fields.Float(
        string="Resolution (working hours)",
        digits=(16, 2),
        help="Zero: no resolution target.",
    )

    _policy_priority_unique = models.UniqueIndex(
        "(policy_id, priority)", "A policy has one line per priority."
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        self.env["quality_ops.sla.policy"]._quality_book_changed()
        lines = super().create(vals_list)
        lines.policy_id._quality_cover_open_tickets()
        return lines

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        self.env["quality_ops.sla.policy"]._quality_book_changed()
        result = super().write(vals)
        self.policy_id._quality_cover_open_tickets()
        return result

    def unlink(self):
        check_ids(self)
        self.env["quality_ops.sla.policy"]._quality_book_changed()
        return super().unlink()

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for line in self:
            if line.response_hours < 0 or line.resolution_hours < 0:
                raise ValidationError(self.env._("SLA targets cannot be negative."))
            if not line.response_hours and not line.resolution_hours:
                raise ValidationError(
                    self.env._("Give a response target, a resolution target or both.")
                )
            if line.resolution_hours and line.response_hours > line.resolution_hours:
                raise ValidationError(
                    self.env._(
                        "The first response target (%(response)s h) cannot exceed the "
                        "resolution target (%(resolution)s h).",
                        response=line.response_hours,
                        resolution=line.resolution_hours,
                    )
                )
