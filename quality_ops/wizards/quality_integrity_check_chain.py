from odoo import fields, models


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
