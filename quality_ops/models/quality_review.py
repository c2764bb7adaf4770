from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..choices import PERIODICITIES
from ..groups import GROUP_MANAGER, GROUP_OFFICER
from ..integrity import SEAL, UNSEAL
from ..periods import covering_period
from ..tools.argument_guard import arguments, check_vals_list
from ..tools.record_fields import company_field, internal_user_field, internal_users_field
from ..tools.smart_buttons import count_by, window_action
from ..tools.workflow_fields import signer_field, state_field, step_date_field
from ..tools.workflow_pass import Transition, transitions, with_pass
from .quality_section_line import section_lines, snapshot_text

_lt = LazyTranslate(__name__)

STEPS = {
    "start": Transition("planned", "in_progress", GROUP_OFFICER, stamp=(None, "date_held")),
    "refresh": Transition(("planned", "in_progress"), None, GROUP_OFFICER),
    "close": Transition(
        "in_progress", "closed", GROUP_MANAGER, stamp=("closed_by_id", "closed_date"), seal=SEAL
    ),
    "reopen": Transition(
        "closed",
        "in_progress",
        GROUP_MANAGER,
        clear=("closed_by_id", "closed_date"),
        seal=UNSEAL,
        reason=True,
    ),
}
DENIED = {
    "start": _lt("Only the quality department holds management reviews."),
    "refresh": _lt("Only the quality department gathers the inputs of a management review."),
    "close": _lt(
        "Only the quality manager or the management representative closes a management review."
    ),
    "reopen": _lt("Only the quality manager reopens a management review."),
}
VERBS = {
    "start": _lt("started"),
    "refresh": _lt("refreshed (its inputs are frozen once it is closed)"),
    "close": _lt("closed (it must be held first)"),
    "reopen": _lt("reopened (only a closed review is)"),
}
STATES = [("planned", "Planned"), ("in_progress", "Held"), ("closed", "Closed")]
INPUT_SEAL_FIELDS = (
    "section",
    "sequence",
    "indicator_id",
    "scope",
    "team_id",
    "project_id",
    "level_id",
    "audit_id",
    "severity",
    "action_type",
    "decision_id",
    "value",
    "has_value",
    "target_value",
    "has_target",
    "previous_value",
    "has_previous",
    "status",
    "trend",
    "count",
    "open_count",
    "closed_count",
    "on_time_count",
    "overdue_count",
    "done_count",
    "effective_count",
    "not_effective_count",
    "action_state",
    "effectiveness",
    "due_date",
    "is_overdue",
    "assurance_kind",
)


def section_input(string, section):
    return section_lines("quality_ops.review.input", "review_id", string, section, readonly=True)


class QualityReview(models.Model):
    """Management review 管理评审 (ISO 9001 §9.3): its inputs are the results
    of the period, read from the measurements and the quality records, stored
    as figures and rendered in the reader's language; its outputs are the
    decisions, each becoming an action when the review closes."""

    _name = "quality_ops.review"
    _description = "Management Review"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.numbered.mixin",
    ]
    _order = "planned_date desc, id desc"
    _check_company_auto = True

    _quality_initial_state = "planned"
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {
            "reference",
            "state",
            "date_held",
            "closed_by_id",
            "closed_date",
            "previous_review_id",
            "inputs_refreshed_at",
        }
    )
    # the inputs and decisions are those of one company
    _quality_immutable_fields = frozenset({"company_id"})
    _quality_frozen_states = ("closed",)
    _quality_deletable_states = ("planned",)
    _quality_seal_fields = (
        "reference",
        "name",
        "year",
        "date_from",
        "date_to",
        "periodicity",
        "planned_date",
        "date_held",
        "chair_id",
        "participant_ids",
        "company_id",
        "previous_review_id",
        "inputs_refreshed_at",
        "minutes",
        "conclusions",
        "closed_by_id",
        "closed_date",
    )
    _quality_seal_lines = {
        "decision_ids": ("sequence", "name", "owner_id", "due_date", "action_type", "action_id"),
        "input_ids": INPUT_SEAL_FIELDS,
    }
    # added since sealed reviews exist: hashed only when set
    _quality_seal_optional = frozenset({"assurance_kind"})

    name = fields.Char(required=True, tracking=True)
    year = fields.Integer(compute="_compute_year", store=True, aggregator=False)
    planned_date = fields.Date(required=True, tracking=True, index=True)
    date_from = fields.Date(
        string="Period From",
        required=True,
        tracking=True,
        help="First day of the period whose results the review looks at (by default "
        "the year to date of the planned date).",
    )
    date_to = fields.Date(string="Period To", required=True, tracking=True)
    periodicity = fields.Selection(
        PERIODICITIES,
        string="Measured As",
        compute="_compute_periodicity",
        store=True,
        help="The measurements read for the period: those of the month, quarter, "
        "half-year or year that starts on its first day.",
    )
    date_held = fields.Date(string="Held On", readonly=True, copy=False, tracking=True)
    chair_id = internal_user_field(
        tracking=True,
        default=lambda self: self.env.company.quality_representative_id,
        help="The management representative, who chairs the review.",
    )
    participant_ids = internal_users_field(
        relation="quality_ops_review_participant_rel", string="Participants"
    )
    company_id = company_field()
    state = state_field(STATES, default="planned")
    previous_review_id = fields.Many2one(
        comodel_name="quality_ops.review", readonly=True, copy=False, check_company=True
    )
    inputs_refreshed_at = fields.Datetime(string="Inputs Gathered On", readonly=True, copy=False)
    snapshot_note = fields.Char(
        string="Snapshot",
        compute="_compute_snapshot_note",
        help="The inputs of the review are the figures measured when they were gathered.",
    )
    minutes = fields.Html()
    conclusions = fields.Html(
        help="Conclusions on the suitability, adequacy and "
        "effectiveness of the quality management system."
    )
    closed_by_id = signer_field()
    closed_date = step_date_field("Closed Date")
    decision_ids = fields.One2many(
        comodel_name="quality_ops.review.decision",
        inverse_name="review_id",
        string="Decisions",
        copy=False,
    )
    action_ids = fields.One2many(
        comodel_name="quality_ops.action", inverse_name="review_id", string="Actions"
    )
    action_count = fields.Integer(compute="_compute_action_count")
    input_ids = fields.One2many(
        comodel_name="quality_ops.review.input",
        inverse_name="review_id",
        string="Inputs",
        copy=False,
        readonly=True,
    )
    # one tab per §9.3.2 input
    previous_input_ids = section_input("Actions of Previous Reviews", "previous")
    objective_input_ids = section_input("Quality Objectives", "objective")
    satisfaction_input_ids = section_input("Customer Satisfaction", "satisfaction")
    complaint_input_ids = section_input("Complaints", "complaint")
    sla_input_ids = section_input("SLA Performance", "sla")
    audit_input_ids = section_input("Audit Results", "audit")
    finding_input_ids = section_input("Nonconformities", "finding")
    action_input_ids = section_input("Corrective Actions", "action")
    assurance_input_ids = section_input("Quality Assurance", "assurance")
    color = fields.Integer()

    # ------------------------------------------------------------------
    @api.depends("planned_date")
    def _compute_year(self):
        for review in self:
            review.year = review.planned_date.year if review.planned_date else 0

    @api.depends("date_from", "date_to")
    def _compute_periodicity(self):
        for review in self:
            try:
                review.periodicity = covering_period(review.date_from, review.date_to)[0]
            except (TypeError, ValueError):
                review.periodicity = False

    @api.depends("inputs_refreshed_at", "company_id")
    @api.depends_context("lang")
    def _compute_snapshot_note(self):
        for review in self:
            review.snapshot_note = snapshot_text(
                self.env, review.inputs_refreshed_at, review.company_id
            )

    @api.depends("action_ids")
    def _compute_action_count(self):
        counts = count_by(self.env["quality_ops.action"], "review_id", self)
        for review in self:
            review.action_count = counts.get(review, 0)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for review in self:
            try:
                covering_period(review.date_from, review.date_to)
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "The period of %(review)s (%(date_from)s to %(date_to)s) must start on "
                        "the first day of a month, quarter, half-year or year and end within "
                        "it: its results are read from the measurements of that period.",
                        review=review.display_name,
                        date_from=review.date_from,
                        date_to=review.date_to,
                    )
                ) from None

    @api.onchange("planned_date")
    def _onchange_planned_date(self):
        """The period follows the planned date while it is the year to date."""
        for review in self:
            if not review.planned_date:
                continue
            old = review._origin.planned_date
            if not review.date_from or (
                old and (review.date_from, review.date_to) == (old.replace(month=1, day=1), old)
            ):
                review.date_from = review.planned_date.replace(month=1, day=1)
                review.date_to = review.planned_date

    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        Review = self._quality_checked_for_create(vals_list)
        today = fields.Date.context_today(self)
        self._quality_set_references(
            vals_list,
            "quality_ops.review",
            day_of=lambda vals: fields.Date.to_date(vals.get("planned_date")),
        )
        for vals in vals_list:
            planned = fields.Date.to_date(vals.get("planned_date")) or today
            # the year to date of the planned date, unless said otherwise
            if not vals.get("date_from"):
                vals["date_from"] = planned.replace(month=1, day=1)
            if not vals.get("date_to"):
                vals["date_to"] = planned
        return super(QualityReview, Review).create(vals_list).with_env(self.env)

    def _quality_frozen_message(self):
        return self.env._(
            "Management review %(review)s is closed: its inputs and decisions are kept as "
            "they were. The quality manager may reopen it, with a reason, to change it.",
            review=self.display_name,
        )

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    @arguments()
    def action_start(self):
        """The review is held: its inputs are gathered from the period's results."""
        self._quality_transition("start")
        self._gather_inputs()
        return True

    @arguments()
    def action_refresh_inputs(self):
        self._quality_check_transition("refresh")
        self._gather_inputs()
        return True

    @arguments()
    def action_close(self):
        """Closed by the quality manager or the management representative:
        each decision becomes an action, then the review is frozen and sealed."""
        self._quality_check_transition("close")
        self.decision_ids.filtered(lambda d: not d.action_id)._create_actions()
        return self._quality_transition("close")

    @arguments(reason="text")
    def action_reopen(self, reason=None):
        """A closed review back to held, saying why; releases its seal."""
        return self._quality_transition("reopen", reason=reason)

    @api.readonly
    @arguments()
    def action_view_actions(self):
        self.ensure_one()
        return window_action(
            self.env, "quality_ops.quality_action_action", [("review_id", "=", self.id)], {}
        )

    # ------------------------------------------------------------------
    # inputs (ISO 9001 §9.3.2)
    # ------------------------------------------------------------------
    def _gather_inputs(self):
        """Replace the stored inputs by the results as they stand now.

        Only figures and references are stored, never a text: what a reader
        sees is rendered in their language from the indicators' names, the
        selections' labels and the templates."""
        Input = self.env["quality_ops.review.input"].sudo()
        for review in self:
            if review._quality_frozen():
                raise UserError(review._quality_frozen_message())
            previous = review._find_previous_review()
            lines = review._input_values(previous)
            now = fields.Datetime.now()
            review.input_ids.sudo().unlink()
            with_pass(Input, creating=True).create(
                [dict(line, review_id=review.id, snapshot_at=now) for line in lines]
            )
            review._quality_write({"previous_review_id": previous.id, "inputs_refreshed_at": now})
        return True

    def _find_previous_review(self):
        self.ensure_one()
        return self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("id", "!=", self.id),
                "|",
                ("planned_date", "<", self.planned_date),
                "&",
                ("planned_date", "=", self.planned_date),
                ("id", "<", self.id),
            ],
            order="planned_date desc, id desc",
            limit=1,
        )

    def _input_values(self, previous):
        """Every input line of the review, section by section."""
        return self.env["quality_ops.review.builder"]._input_values(self, previous)
