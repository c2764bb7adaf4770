from odoo import fields, models

from ..tools.argument_guard import arguments


class QualityComplaintReopenWizard(models.TransientModel):
    _name = "quality_ops.complaint.reopen.wizard"
    _description = "Reopen a Closed Complaint"

    complaint_ids = fields.Many2many(
        comodel_name="quality_ops.complaint",
        default=lambda self: self.env["quality_ops.complaint"].browse(
            self.env.context.get("active_ids", [])
        ),
    )
    reason = fields.Text(required=True)

    @arguments()
    def action_confirm(self):
        self.complaint_ids.action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
