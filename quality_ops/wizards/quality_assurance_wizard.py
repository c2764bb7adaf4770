from odoo import api, fields, models

from ..tools.argument_guard import arguments

STEPS = [
    ("activity_reopen", "Reopen QA Activity"),
    ("inspection_cancel", "Cancel Inspection"),
    ("inspection_reopen", "Reopen Inspection"),
]


class QualityAssuranceWizard(models.TransientModel):
    """The reason of a step of a QA activity or an inspection (reopen,
    cancel), kept in the record's chatter."""

    _name = "quality_ops.assurance.wizard"
    _description = "Quality Assurance Step"

    step = fields.Selection(STEPS, required=True)
    activity_ids = fields.Many2many(comodel_name="quality_ops.qa.activity")
    inspection_ids = fields.Many2many(comodel_name="quality_ops.inspection")
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if model == "quality_ops.qa.activity":
            values["activity_ids"] = [(6, 0, ids)]
        elif model == "quality_ops.inspection":
            values["inspection_ids"] = [(6, 0, ids)]
        return values

    @arguments()
    def action_confirm(self):
        self.ensure_one()
        if self.step == "activity_reopen":
            self.activity_ids.action_reopen(self.reason)
        elif self.step == "inspection_cancel":
            self.inspection_ids.action_cancel(self.reason)
        else:
            self.inspection_ids.action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
