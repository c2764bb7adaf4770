from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..sla_clock import KINDS
from ..tools.argument_guard import check_ids, check_vals, check_vals_list
from ..tools.record_fields import belongs_to_field, company_of_field
from ..tools.workflow_pass import effective_vals
from .quality_sla_policy_line import PRIORITIES


class QualitySlaCreditSchemeLine(models.Model):
    _name = "quality_ops.sla.credit.scheme.line"
    _description = "SLA Credit per Breach"
    _order = "scheme_id, priority desc, kind"

    scheme_id = belongs_to_field("quality_ops.sla.credit.scheme")
    company_id = company_of_field("scheme_id")
    priority = fields.Selection(PRIORITIES, required=True, default="1")
    kind = fields.Selection(KINDS, required=True, default="resolution")
    credit = fields.Float(
        string="Credit per Breach",
        digits=(16, 2),
        help="Points or amount (the scheme's unit) charged for each breach not exempted.",
    )

    _scheme_priority_kind_unique = models.UniqueIndex(
        "(scheme_id, priority, kind)", "A credit scheme has one line per priority and kind."
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        # the context's default scheme counts as sent (``default_scheme_id``)
        effective = [effective_vals(self, vals) for vals in vals_list]
        schemes = self.env["quality_ops.sla.credit.scheme"].browse(
            {vals.get("scheme_id") for vals in effective if vals.get("scheme_id")}
        )
        schemes._check_settled({"line_ids": True})
        return super().create(vals_list)

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        (
            self.scheme_id
            | self.env["quality_ops.sla.credit.scheme"].browse(vals.get("scheme_id") or [])
        )._check_settled({"line_ids": True})
        return super().write(vals)

    def unlink(self):
        check_ids(self)
        self.scheme_id._check_settled({"line_ids": True})
        return super().unlink()

    @api.constrains("credit")
    def _check_credit(self):
        if any(line.credit < 0 for line in self):
            raise ValidationError(self.env._("A credit per breach cannot be negative."))
