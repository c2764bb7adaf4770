from odoo import fields, models

from ..tools.argument_guard import arguments
from ..tools.record_fields import active_records_field


class QualityComplaintReopenWizard(models.TransientModel):
    _name = "quality_ops.complaint.reopen.wizard"
    _description = "Reopen a Closed Complaint"

    complaint_ids = active_records_field("quality_ops.complaint")
    reason = fields.Text(required=True)

    @arguments()
    def action_confirm(self):
        self.complaint_ids.action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
