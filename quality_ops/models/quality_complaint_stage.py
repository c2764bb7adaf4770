from odoo import fields, models


class QualityComplaintStage(models.Model):
    _name = "quality_ops.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    is_response = fields.Boolean(
        string="Counts as Response",
        help="Entering this stage is the response to the complaint (its first deadline).",
    )
    is_closing = fields.Boolean(
        string="Closing Stage",
        help="The complaint is closed: cause analysis and the customer's confirmation "
        "are required.",
    )
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        comodel_name="res.company", index=True, help="Empty: shared by every company."
    )
