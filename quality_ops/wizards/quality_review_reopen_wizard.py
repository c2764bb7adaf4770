from odoo import fields, models

from ..tools.argument_guard import arguments


class QualityReviewReopenWizard(models.TransientModel):
    _name = "quality_ops.review.reopen.wizard"
    _description = "Reopen a Closed Management Review"

    review_ids = fields.Many2many(
        comodel_name="quality_ops.review",
        default=lambda self: self.env["quality_ops.review"].browse(
            self.env.context.get("active_ids", [])
        ),
    )
    reason = fields.Text(required=True)

    @arguments()
    def action_confirm(self):
        self.review_ids.action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
