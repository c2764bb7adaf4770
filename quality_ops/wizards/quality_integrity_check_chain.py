from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.argument_guard import check_ids, check_vals, check_vals_list
from ..models.group_guard import uninstalling
from ..models.quality_workflow_mixin import has_pass


class QualityIntegrityCheckChain(models.Model):
    """A chain as a verification saw it, head included: an anchor the next
    verifications compare the chain with."""

    _name = "quality_ops.integrity.check.chain"
    _description = "Integrity Verification: Chain"
    _order = "company_id, chain"

    check_id = fields.Many2one(
        comodel_name="quality_ops.integrity.check",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(comodel_name="res.company", index=True)
    chain = fields.Char()
    # the kind of record, in the reader's language (not the verifier's)
    chain_label = fields.Char(string="Records", compute="_compute_chain_label")
    seal_count = fields.Integer(string="Seals")
    record_count = fields.Integer(string="Sealed Records")
    first_sealed = fields.Datetime()
    last_sealed = fields.Datetime()
    head_sequence = fields.Integer(string="Last Seal No.")
    head_hash = fields.Char(string="Last Seal Hash")
    problem_count = fields.Integer(string="Problems")

    @api.depends_context("lang")
    @api.depends("chain")
    def _compute_chain_label(self):
        for row in self:
            row.chain_label = self.env["ir.model"]._get(row.chain).name or row.chain

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

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if uninstalling(self.env):
            return
        raise UserError(self.env._("A verification is kept: it is never deleted."))
