import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_MANAGER, GROUP_REPRESENTATIVE
from ..integrity import SEAL, UNSEAL
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.reader_lang import reader_env
from ..tools.record_fields import company_field, internal_users_field
from ..tools.smart_buttons import count_by
from ..tools.unique_guard import unique_violation_as_validation_error
from ..tools.workflow_fields import (
    SIGNATURES,
    signer_field,
    state_field,
    step_date_field,
)
from ..tools.workflow_pass import Transition, transitions

_lt = LazyTranslate(__name__)


STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("published", "Published"),
    ("closed", "Closed"),
]
STEPS = {
    "submit": Transition(
        "draft", "submitted", GROUP_MANAGER, stamp=("reviewed_by_id", "reviewed_date")
    ),
    "approve": Transition(
        "submitted",
        "approved",
        GROUP_REPRESENTATIVE,
        stamp=("approved_by_id", "approved_date"),
        seal=SEAL,
    ),
    "publish": Transition("approved", "published", GROUP_MANAGER, stamp=(None, "published_date")),
    "close": Transition("published", "closed", GROUP_MANAGER),
    "reset": Transition(
        ("submitted", "approved", "published"),
        "draft",
        GROUP_MANAGER,
        clear=(
            "reviewed_by_id",
            "reviewed_date",
            "approved_by_id",
            "approved_date",
            "published_date",
        ),
        seal=UNSEAL,
        reason=True,
    ),
}
DENIED = {
    "submit": _lt("Only the quality manager can submit a quality plan."),
    "approve": _lt("Only the management representative can approve a quality plan."),
    "publish": _lt("Only the quality manager can publish a quality plan."),
    "close": _lt("Only the quality manager can close a quality plan."),
    "reset": _lt("Only the quality manager can reset a quality plan to draft."),
}
VERBS = {
    "submit": _lt("submitted"),
    "approve": _lt("approved"),
    "publish": _lt("published"),
    "close": _lt("closed"),
    "reset": _lt("reset to draft"),
}


class QualityPlan(models.Model):
    _name = "quality_ops.plan"
    _description = "Quality Plan"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.numbered.mixin",
    ]
    _order = "year desc, plan_type, reference desc, id desc"
    _check_company_auto = True

    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {
            "reference",
            "state",
            "version",
            "previous_plan_id",
            *SIGNATURES,
            "published_date",
        }
    )
    _quality_frozen_states = ("submitted", "approved", "published", "closed")
    # who receives the plan is distribution, not content: the manager may
    # still name them once the plan is approved
    _quality_free_fields = frozenset({"color", "recipient_user_ids"})
    _quality_field_groups = {"recipient_user_ids": GROUP_MANAGER}
    _quality_seal_fields = (
        "reference",
        "name",
        "plan_type",
        "year",
        "project_id",
        "company_id",
        "version",
        "objectives",
        *SIGNATURES,
        "document_ids",
    )
    # cited since sealed plans exist: hashed only when set
    _quality_seal_optional = frozenset({"document_ids"})
    _quality_seal_lines = {
        "target_ids": (
            "sequence",
            "indicator_id",
            "scope",
            "team_id",
            "project_id",
            "partner_id",
            "target_value",
            "warning_value",
            "weight",
            "note",
        )
    }

    name = fields.Char(string="Title", required=True, tracking=True)
    plan_type = fields.Selection(
        [("organisation", "Organisation"), ("project", "Project")],
        required=True,
        default="organisation",
        tracking=True,
    )
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
        aggregator=False,
    )
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True)
    project_id = fields.Many2one(
        comodel_name="project.project",
        index=True,
        check_company=True,
        ondelete="restrict",
        tracking=True,
        domain="[('company_id', 'in', [company_id, False])]",
    )
    partner_id = fields.Many2one(related="project_id.partner_id", string="Customer", store=True)
    project_manager_id = fields.Many2one(related="project_id.user_id", string="Project Manager")
    company_id = company_field()
    version = fields.Integer(default=1, required=True, readonly=True, copy=False, tracking=True)
    state = state_field(STATES)
    objectives = fields.Html(help="Quality objectives and the measures to reach them.")
    target_ids = fields.One2many(
        comodel_name="quality_ops.target",
        inverse_name="plan_id",
        string="Targets",
        copy=True,
    )
    target_count = fields.Integer(compute="_compute_target_count")
    document_ids = fields.Many2many(
        comodel_name="quality_ops.document",
        relation="quality_ops_plan_document_rel",
        string="Procedures Applied",
        domain="[('state', '=', 'released')]",
        help="The controlled documents (in their version) the plan applies and its "
        "QA activities check against.",
    )
    qa_activity_ids = fields.One2many(
        comodel_name="quality_ops.qa.activity",
        inverse_name="plan_id",
        string="QA Activities",
    )
    qa_activity_count = fields.Integer(
        compute="_compute_qa_activity_count", string="QA Activity Count"
    )
    recipient_user_ids = internal_users_field(
        string="Publish To",
        help="Department heads and project managers who receive the plan when "
        "it is published. Left empty, the team leaders of the helpdesk teams "
        "and the managers of the projects concerned are used.",
    )
    previous_plan_id = fields.Many2one(
        comodel_name="quality_ops.plan",
        copy=False,
        readonly=True,
    )
    # document control (seed: prepared / reviewed / approved by)
    prepared_by_id = fields.Many2one(
        comodel_name="res.users",
        default=lambda self: self.env.user,
        copy=False,
        tracking=True,
    )
    prepared_date = fields.Date(string="Prepared On", default=fields.Date.context_today, copy=False)
    reviewed_by_id = signer_field()
    reviewed_date = step_date_field("Reviewed On")
    approved_by_id = signer_field()
    approved_date = step_date_field("Approved On")
    published_date = step_date_field("Published On")
    color = fields.Integer()

    _organisation_year_unique = models.UniqueIndex(
        "(company_id, year) WHERE plan_type = 'organisation'",
        "There is already an organisation quality plan for this year.",
    )
    _project_year_unique = models.UniqueIndex(
        "(project_id, year) WHERE plan_type = 'project'",
        "There is already a quality plan for this project and year.",
    )

    # ------------------------------------------------------------------
    # computes and constraints
    # ------------------------------------------------------------------
    @api.depends("year")
    def _compute_dates(self):
        for plan in self:
            if 2000 <= plan.year <= 2100:
                plan.date_from = datetime.date(plan.year, 1, 1)
                plan.date_to = datetime.date(plan.year, 12, 31)
            else:
                plan.date_from = plan.date_to = False

    @api.depends("target_ids")
    def _compute_target_count(self):
        counts = count_by(self.env["quality_ops.target"], "plan_id", self)
        for plan in self:
            plan.target_count = counts.get(plan, 0)

    @api.depends("qa_activity_ids")
    def _compute_qa_activity_count(self):
        counts = count_by(self.env["quality_ops.qa.activity"], "plan_id", self)
        for plan in self:
            plan.qa_activity_count = counts.get(plan, 0)

    @api.constrains("year")
    def _check_year(self):
        for plan in self:
            if not 2000 <= plan.year <= 2100:
                raise ValidationError(
                    self.env._("The plan year %(year)s is not a valid year.", year=plan.year)
                )

    @api.constrains("plan_type", "project_id", "year", "company_id")
    def _check_scope(self):
        for plan in self:
            if plan.plan_type == "project" and not plan.project_id:
                raise ValidationError(self.env._("A project quality plan needs a project."))
            if plan.plan_type == "organisation" and plan.project_id:
                raise ValidationError(
                    self.env._("An organisation quality plan cannot be tied to a project.")
                )
            if plan.plan_type == "organisation":
                domain = [
                    ("plan_type", "=", "organisation"),
                    ("company_id", "=", plan.company_id.id),
                    ("year", "=", plan.year),
                ]
                message = self.env._(
                    "There is already an organisation quality plan for %(year)s.",
                    year=plan.year,
                )
            else:
                domain = [
                    ("plan_type", "=", "project"),
                    ("project_id", "=", plan.project_id.id),
                    ("year", "=", plan.year),
                ]
                message = self.env._(
                    "There is already a quality plan for project %(project)s in %(year)s.",
                    project=plan.project_id.display_name,
                    year=plan.year,
                )
            if self.sudo().search_count([("id", "!=", plan.id), *domain], limit=1):
                raise ValidationError(message)

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        Plan = self._quality_checked_for_create(vals_list)
        # an invalid year is reported by _check_year, not by the sequence
        self._quality_set_references(
            [vals for vals in vals_list if 2000 <= self._year_of(vals) <= 2100],
            "quality_ops.plan",
            lambda vals: datetime.date(self._year_of(vals), 1, 1),
        )
        with unique_violation_as_validation_error(self):
            records = super(QualityPlan, Plan).create(vals_list)
        return records.with_env(self.env)

    @api.model
    def _year_of(self, vals):
        return int(vals.get("year") or fields.Date.context_today(self).year)

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if {"year", "plan_type", "project_id", "company_id"} & set(vals):
            with unique_violation_as_validation_error(self):
                return super().write(vals)
        return super().write(vals)

    def _quality_frozen_message(self):
        return self.env._(
            "Plan %(plan)s is %(state)s and can no longer be changed. "
            "Reset it to draft, with a reason, to prepare a new version.",
            plan=self.display_name,
            state=self._quality_state_label(),
        )

    def _check_editable(self):
        frozen = self._quality_frozen()
        if frozen:
            raise UserError(frozen[0]._quality_frozen_message())

    def _state_label(self):
        return self._quality_state_label()

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    @arguments()
    def action_submit(self):
        self._quality_check_transition("submit")
        for plan in self:
            if not plan.target_ids:
                raise UserError(
                    self.env._(
                        "Plan %(plan)s has no target: add the indicators and their "
                        "targets before submitting it.",
                        plan=plan.display_name,
                    )
                )
        self._quality_transition("submit")
        for plan in self:
            representative = plan.company_id.quality_representative_id
            if representative:
                plan.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=representative.id,
                    summary=reader_env(self.env, representative)._("Approve the quality plan"),
                )
        return True

    @arguments()
    def action_approve(self):
        self._quality_transition("approve")
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    @arguments()
    def action_close(self):
        return self._quality_transition("close")

    @arguments(reason="text")
    def action_reset_to_draft(self, reason=None):
        """Back to draft for a new version; the reason is kept in the chatter."""
        self._quality_check_transition("reset")
        for plan in self:
            new_version = plan.version + (1 if plan.state in ("approved", "published") else 0)
            plan._quality_transition("reset", {"version": new_version}, reason=reason)
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True
