from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    quality_manager_id = fields.Many2one(
        related="company_id.quality_manager_id",
        readonly=False,
    )
    quality_representative_id = fields.Many2one(
        related="company_id.quality_representative_id",
        readonly=False,
    )
    quality_plan_notify_on_publish = fields.Boolean(
        string="Notify Departments on Publication",
        config_parameter="quality_ops.plan_notify_on_publish",
        default=True,
        help="Schedule an activity for each department head or project manager "
        "when a quality plan is published.",
    )
