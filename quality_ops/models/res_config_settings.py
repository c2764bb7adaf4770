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
    quality_audit_month_h1 = fields.Selection(
        related="company_id.quality_audit_month_h1", readonly=False
    )
    quality_audit_month_h2 = fields.Selection(
        related="company_id.quality_audit_month_h2", readonly=False
    )
    quality_audit_auto_findings = fields.Boolean(
        string="Findings from Nonconformities",
        config_parameter="quality_ops.audit_auto_findings",
        help="When an audit is reported, each nonconforming checklist line opens a finding.",
    )
    quality_complaint_category_ids = fields.Many2many(
        related="company_id.quality_complaint_category_ids", readonly=False
    )
    quality_complaint_tag_ids = fields.Many2many(
        related="company_id.quality_complaint_tag_ids", readonly=False
    )
    quality_complaint_channel_ids = fields.Many2many(
        related="company_id.quality_complaint_channel_ids", readonly=False
    )
    quality_low_rating_complaint = fields.Boolean(
        string="Low Ratings Open Complaints",
        config_parameter="quality_ops.low_rating_complaint",
        help="A rating of 2 or less also opens a complaint, besides the follow-up.",
    )
    quality_missed_target_finding = fields.Boolean(
        string="Findings from Missed Targets",
        config_parameter="quality_ops.missed_target_finding",
        help="A measurement that misses its target opens a finding for the quality manager.",
    )
