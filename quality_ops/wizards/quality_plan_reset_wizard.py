from odoo import fields, models

from ..tools.argument_guard import arguments


class QualityPlanResetWizard(models.TransientModel):
    _name = "quality_ops.plan.reset.wizard"
    _description = "Reset Quality Plan to Draft"

    plan_ids = fields.Many2many(
        comodel_name="quality_ops.plan",
        default=lambda self: self.env["quality_ops.plan"].browse(
            self.env.context.get("active_ids", [])
        ),
    )
    reason = fields.Text(required=True)

    @arguments()
    def action_confirm(self):
        self.plan_ids.action_reset_to_draft(self.reason)
        return {"type": "ir.actions.act_window_close"}
