from odoo import api, fields, models

from ..groups import GROUP_MANAGER
from ..tools.argument_guard import arguments
from ..tools.group_guard import require_group
from .quality_setup import STEPS


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

    # the checklist of the first steps (quality_ops.setup)
    quality_setup_calendar = fields.Boolean(compute="_compute_quality_setup")
    quality_setup_holidays = fields.Boolean(compute="_compute_quality_setup")
    quality_setup_holiday_year = fields.Integer(compute="_compute_quality_setup")
    quality_setup_roles = fields.Boolean(compute="_compute_quality_setup")
    quality_setup_policies = fields.Boolean(compute="_compute_quality_setup")
    quality_setup_plan = fields.Boolean(compute="_compute_quality_setup")
    quality_setup_history = fields.Boolean(compute="_compute_quality_setup")

    @api.depends("company_id")
    def _compute_quality_setup(self):
        Setup = self.env["quality_ops.setup"]
        year = Setup._holiday_year(fields.Date.context_today(self))
        for settings in self:
            done = Setup._done(settings.company_id)
            settings.quality_setup_holiday_year = year
            for step in STEPS:
                settings[f"quality_setup_{step}"] = done[step]

    @arguments()
    def action_quality_setup_step(self):
        """Open what a step of the checklist needs (the button's ``step`` context)."""
        step = self.env.context.get("quality_setup_step")
        if step not in STEPS:
            return False
        if not self.env.user.has_group("base.group_system"):  # the settings' own readers
            require_group(
                self.env,
                GROUP_MANAGER,
                self.env._("Only the quality manager sets up quality_ops."),
            )
        return self.env["quality_ops.setup"]._action(step, self.company_id)
