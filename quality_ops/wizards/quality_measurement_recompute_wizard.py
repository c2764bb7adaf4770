from odoo import fields, models

from ..tools.argument_guard import arguments


class QualityMeasurementRecomputeWizard(models.TransientModel):
    """Recompute locked measurements on purpose, saying why (logged on each)."""

    _name = "quality_ops.measurement.recompute.wizard"
    _description = "Recompute Locked Measurements"

    measurement_ids = fields.Many2many(
        comodel_name="quality_ops.measurement",
        relation="quality_ops_measurement_recompute_rel",
        column1="wizard_id",
        column2="measurement_id",
        default=lambda self: self.env["quality_ops.measurement"].browse(
            self.env.context.get("active_ids", [])
        ),
    )
    reason = fields.Text(required=True)

    @arguments()
    def action_confirm(self):
        self.measurement_ids.filtered(lambda m: m.source != "manual").action_recompute_locked(
            self.reason
        )
        return {"type": "ir.actions.act_window_close"}
