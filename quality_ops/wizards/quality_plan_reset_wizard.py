from odoo import fields, models

from ..tools.argument_guard import arguments
from ..tools.record_fields import active_records_field


class QualityPlanResetWizard(models.TransientModel):
    _name = "quality_ops.plan.reset.wizard"
    _description = "Reset Quality Plan to Draft"

    plan_ids = active_records_field("quality_ops.plan")
    reason = fields.Text(required=True)

    @arguments()
    def action_confirm(self):
        self.plan_ids.action_reset_to_draft(self.reason)
        return {"type": "ir.actions.act_window_close"}
