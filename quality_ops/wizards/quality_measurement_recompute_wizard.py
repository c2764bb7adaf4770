from odoo import fields, models

from ..tools.argument_guard import arguments
from ..tools.record_fields import active_records_field


class QualityMeasurementRecomputeWizard(models.TransientModel):
    """Recompute locked measurements on purpose, saying why (logged on each)."""

    _name = "quality_ops.measurement.recompute.wizard"
    _description = "Recompute Locked Measurements"

    measurement_ids = active_records_field(
        "quality_ops.measurement",
        relation="quality_ops_measurement_recompute_rel",
        column1="wizard_id",
        column2="measurement_id",
    )
    reason = fields.Text(required=True)

    @arguments()
    def action_confirm(self):
        self.measurement_ids.filtered(lambda m: m.source != "manual").action_recompute_locked(
            self.reason
        )
        return {"type": "ir.actions.act_window_close"}
