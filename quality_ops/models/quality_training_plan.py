from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_MANAGER
from ..tools.argument_guard import arguments
from ..tools.record_fields import company_field
from ..tools.workflow_pass import Transition, transitions

_lt = LazyTranslate(__name__)

STATES = [("draft", "Draft"), ("approved", "Approved"), ("closed", "Closed")]
STEPS = {
    "approve": Transition(
        "draft", "approved", GROUP_MANAGER, stamp=("approved_by_id", "approved_on")
    ),
    "reset": Transition(
        "approved", "draft", GROUP_MANAGER, clear=("approved_by_id", "approved_on"), reason=True
    ),
    "close": Transition("approved", "closed", GROUP_MANAGER),
}
DENIED = {
    "approve": _lt("Only the quality manager approves the training plan."),
    "reset": _lt("Only the quality manager returns a training plan to draft."),
    "close": _lt("Only the quality manager closes the training plan."),
}
VERBS = {
    "approve": _lt("approved (it must be a draft)"),
    "reset": _lt("returned to draft (it must be approved)"),
    "close": _lt("closed (it must be approved)"),
}


class QualityTrainingPlan(models.Model):
    """The yearly training plan of a company (年度培训计划): technical
    training, company-wide quality management training and customer
    training, planned from the skill gaps; approved by the quality manager,
    then carried out session by session."""

    _name = "quality_ops.training.plan"
    _description = "Training Plan"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.workflow.mixin",
    ]
    _order = "year desc, id desc"
    _check_company_auto = True

    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset({"state", "approved_by_id", "approved_on"})
    _quality_frozen_states = ("approved", "closed")

    name = fields.Char(required=True, tracking=True)
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
        index=True,
    )
    company_id = company_field()
    skill_gaps = fields.Text(
        string="Skill Gaps Addressed",
        help="The gaps of the skills matrix and the key positions the plan answers.",
    )
    session_ids = fields.One2many(
        comodel_name="quality_ops.training.session", inverse_name="plan_id", string="Sessions"
    )
    session_count = fields.Integer(compute="_compute_totals", string="Sessions Planned")
    done_count = fields.Integer(compute="_compute_totals", string="Sessions Held")
    planned_hours = fields.Float(compute="_compute_totals", string="Hours Planned")
    state = fields.Selection(
        STATES, required=True, default="draft", readonly=True, copy=False, tracking=True
    )
    approved_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    approved_on = fields.Date(readonly=True, copy=False)

    _year_unique = models.Constraint(
        "UNIQUE(company_id, year)", "A company has one training plan per year."
    )

    @api.depends("session_ids.state", "session_ids.hours")
    def _compute_totals(self):
        for plan in self:
            sessions = plan.session_ids.filtered(lambda s: s.state != "cancelled")
            plan.session_count = len(sessions)
            plan.done_count = len(sessions.filtered(lambda s: s.state == "done"))
            plan.planned_hours = sum(sessions.mapped("hours"))

    @api.constrains("year")
    def _check_year(self):
        for plan in self:
            if not 2000 <= plan.year <= 2100:
                raise ValidationError(self.env._("Give the plan's year, e.g. 2026."))

    def _quality_frozen_message(self):
        return self.env._(
            "Training plan %(plan)s is %(state)s: its content is kept as approved; "
            "add or record its sessions under Training Sessions.",
            plan=self.display_name,
            state=self._quality_state_label(),
        )

    @arguments()
    def action_approve(self):
        return self._quality_transition("approve")

    @arguments(reason="text")
    def action_reset(self, reason=None):
        self._quality_check_transition("reset")
        if self.session_ids.filtered(lambda s: s.state == "done"):
            raise ValidationError(
                self.env._("Sessions of this plan were held: the plan stays approved.")
            )
        return self._quality_transition("reset", reason=reason)

    @arguments()
    def action_close(self):
        return self._quality_transition("close")
