from odoo import fields, models

from ..tools.argument_guard import arguments
from ..tools.record_fields import active_records_field


class QualityReviewReopenWizard(models.TransientModel):
    _name = "quality_ops.review.reopen.wizard"
    _description = "Reopen a Closed Management Review"

    review_ids = active_records_field("quality_ops.review")
    reason = fields.Text(required=True)

    @arguments()
    def action_confirm(self):
        self.review_ids.action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
