from odoo import api, fields, models


class QualityIntegrityCheckChain(models.Model):
    """A chain as a verification saw it, head included: an anchor the next
    verifications compare the chain with."""

    _name = "quality_ops.integrity.check.chain"
    _inherit = ["quality_ops.integrity.check.row.mixin"]
    _description = "Integrity Verification: Chain"
    _order = "company_id, chain"

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
