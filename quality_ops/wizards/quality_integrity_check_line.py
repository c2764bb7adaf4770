from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..models.quality_workflow_mixin import has_pass
from .quality_integrity_check import PROBLEMS


class QualityIntegrityCheckLine(models.TransientModel):
    _name = "quality_ops.integrity.check.line"
    _description = "Integrity Verification: Problem"
    _order = "company_id, chain, sequence"

    check_id = fields.Many2one(
        comodel_name="quality_ops.integrity.check", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(comodel_name="res.company")
    chain = fields.Char()
    sequence = fields.Integer(string="Seal No.")
    res_model = fields.Char(string="Model")
    res_id = fields.Integer(string="Record ID")
    record_name = fields.Char(string="Record")
    sealed_at = fields.Datetime()
    problem = fields.Selection(PROBLEMS)

    @arguments()
    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    @api.depends("record_name", "problem")
    def _compute_display_name(self):
        labels = dict(self._fields["problem"]._description_selection(self.env))
        for line in self:
            line.display_name = f"{line.record_name or ''}: {labels.get(line.problem, '')}"

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        checks = self.env["quality_ops.integrity.check"].browse(
            sorted({vals.get("check_id") for vals in vals_list} - {None, False})
        )
        if (
            len(checks) == 0
            or any(not vals.get("check_id") for vals in vals_list)
            or not (has_pass(checks))
        ):
            raise UserError(self.env._("A verification is made by Verify, not typed."))
        return super().create(vals_list)

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if vals:
            raise UserError(self.env._("A verification is made by Verify, not typed."))
        return super().write(vals)
