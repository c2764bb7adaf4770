from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    quality_manager_id = fields.Many2one(
        comodel_name="res.users",
        help="Head of the quality department: receives escalations and owns plans.",
    )
    quality_representative_id = fields.Many2one(
        comodel_name="res.users",
        string="Management Representative",
        help="Technical VP with final authority on quality: approves plans and reports.",
    )
    quality_audit_month_h1 = fields.Selection(
        [(str(m), str(m)) for m in range(1, 7)],
        string="First Internal Audit Month",
        default="6",
    )
    quality_audit_month_h2 = fields.Selection(
        [(str(m), str(m)) for m in range(7, 13)],
        string="Second Internal Audit Month",
        default="12",
    )
