from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.argument_guard import check_ids, check_vals, check_vals_list
from ..models.quality_workflow_mixin import has_pass


class QualityIntegrityCheckChain(models.TransientModel):
    _name = "quality_ops.integrity.check.chain"
    _description = "Integrity Verification: Chain"
    _order = "company_id, chain"

    check_id = fields.Many2one(
        comodel_name="quality_ops.integrity.check", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(comodel_name="res.company")
    chain = fields.Char()
    chain_label = fields.Char(string="Records")
    seal_count = fields.Integer(string="Seals")
    record_count = fields.Integer(string="Sealed Records")
    first_sealed = fields.Datetime()
    last_sealed = fields.Datetime()
    problem_count = fields.Integer(string="Problems")

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
