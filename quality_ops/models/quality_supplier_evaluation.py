from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_MANAGER, GROUP_OFFICER
from ..integrity import SEAL, UNSEAL
from ..tools.argument_guard import arguments
from ..tools.record_fields import company_field, current_user, internal_user_field, vendor_field
from ..tools.smart_buttons import window_action
from ..tools.workflow_pass import Transition, transitions
from ..vendors import PASSING_GRADES, evaluation_total, grade, rate

_lt = LazyTranslate(__name__)

STATES = [("draft", "Draft"), ("approved", "Approved")]
GRADES = [("a", "A (Excellent)"), ("b", "B (Qualified)"), ("c", "C (Not Qualified)")]
SCORES = ("score_service", "score_cooperation", "score_technical")
# the year's figures, copied from the vendor figures when the evaluation is
# made or refreshed (a snapshot: the evaluation says when it was taken)
FIGURES = (
    "case_count",
    "response_counted",
    "response_met",
    "resolution_counted",
    "resolution_met",
    "response_mean_hours",
    "resolution_mean_hours",
    "figures_at",
)
STEPS = {
    "approve": Transition(
        "draft", "approved", GROUP_MANAGER, stamp=("approved_by_id", "approved_on"), seal=SEAL
    ),
    "reset": Transition(
        "approved",
        "draft",
        GROUP_MANAGER,
        clear=("approved_by_id", "approved_on"),
        seal=UNSEAL,
        reason=True,
    ),
    "refresh": Transition("draft", None, GROUP_OFFICER),
}
DENIED = {
    "approve": _lt("Only the quality manager approves a supplier evaluation."),
    "reset": _lt("Only the quality manager returns a supplier evaluation to draft."),
    "refresh": _lt("Only the quality department refreshes the figures of an evaluation."),
}
VERBS = {
    "approve": _lt("approved (it must be a draft)"),
    "reset": _lt("returned to draft (it must be approved)"),
    "refresh": _lt("refreshed (it must be a draft)"),
}


class QualitySupplierEvaluation(models.Model):
    """The yearly evaluation of a vendor (供应商年度评价): the year's vendor
    figures (cases, response and resolution on time against the contract),
    the evaluator's scores and comment, a total and a grade; approved by the
    quality manager, then kept as approved, sealed."""

    _name = "quality_ops.supplier.evaluation"
    _description = "Supplier Evaluation"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.workflow.mixin",
    ]
    _order = "year desc, partner_id, id"
    _check_company_auto = True

    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset({"state", "approved_by_id", "approved_on", *FIGURES})
    _quality_immutable_fields = frozenset({"partner_id", "year", "company_id"})
    _quality_frozen_states = ("approved",)
    _quality_seal_fields = (
        "partner_id",
        "year",
        "company_id",
        *FIGURES,
        *SCORES,
        "comment",
        "evaluator_id",
        "approved_by_id",
        "approved_on",
    )

    partner_id = vendor_field()
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year - 1,
        index=True,
        tracking=True,
    )
    company_id = company_field()
    evaluator_id = internal_user_field(
        default=current_user,
        tracking=True,
    )
    case_count = fields.Integer(string="Cases", readonly=True, copy=False)
    response_counted = fields.Integer(string="Responses Judged", readonly=True, copy=False)
    response_met = fields.Integer(string="Responses on Time", readonly=True, copy=False)
    resolution_counted = fields.Integer(string="Resolutions Judged", readonly=True, copy=False)
    resolution_met = fields.Integer(string="Resolutions on Time", readonly=True, copy=False)
    response_mean_hours = fields.Float(string="Mean Response (h)", readonly=True, copy=False)
    resolution_mean_hours = fields.Float(string="Mean Resolution (h)", readonly=True, copy=False)
    figures_at = fields.Datetime(
        string="Figures Taken At",
        readonly=True,
        copy=False,
        help="When the year's vendor figures were copied into the evaluation.",
    )
    response_rate = fields.Float(
        string="Response on Time (%)", compute="_compute_total", store=True
    )
    resolution_rate = fields.Float(
        string="Resolution on Time (%)", compute="_compute_total", store=True
    )
    score_service = fields.Integer(
        string="Quality of Service", tracking=True, help="0-100: the evaluator's score."
    )
    score_cooperation = fields.Integer(
        string="Cooperation", tracking=True, help="0-100: the evaluator's score."
    )
    score_technical = fields.Integer(
        string="Technical Competence", tracking=True, help="0-100: the evaluator's score."
    )
    comment = fields.Text(string="Assessment")
    total = fields.Float(
        string="Total Score",
        compute="_compute_total",
        store=True,
        help="60% the year's on-time rates (mean of response and resolution, those "
        "measured), 40% the mean of the evaluator's scores; the scores alone when no case "
        "was measured.",
    )
    grade = fields.Selection(
        GRADES,
        compute="_compute_total",
        store=True,
        help="A from 90, B (qualified) from 70, C (not qualified) below 70.",
    )
    qualified = fields.Boolean(compute="_compute_total", store=True)
    state = fields.Selection(
        STATES, required=True, default="draft", readonly=True, copy=False, tracking=True
    )
    approved_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    approved_on = fields.Date(readonly=True, copy=False)

    _vendor_year_unique = models.Constraint(
        "UNIQUE(company_id, partner_id, year)", "A vendor is evaluated once a year."
    )

    @api.depends("partner_id", "year")
    def _compute_display_name(self):
        for evaluation in self:
            # printed in the running header of its form: no character the
            # header's font lacks
            evaluation.display_name = f"{evaluation.partner_id.name or ''} {evaluation.year}"

    @api.depends(
        "response_counted", "response_met", "resolution_counted", "resolution_met", *SCORES
    )
    def _compute_total(self):
        for evaluation in self:
            response = rate(evaluation.response_met, evaluation.response_counted)
            resolution = rate(evaluation.resolution_met, evaluation.resolution_counted)
            scores = [evaluation[name] if evaluation[name] else None for name in SCORES]
            total = evaluation_total(response, resolution, scores)
            evaluation.response_rate = response or 0.0
            evaluation.resolution_rate = resolution or 0.0
            evaluation.total = total or 0.0
            evaluation.grade = grade(total) or False
            evaluation.qualified = grade(total) in PASSING_GRADES

    @api.constrains(*SCORES)
    def _check_scores(self):
        for evaluation in self:
            if any(not 0 <= evaluation[name] <= 100 for name in SCORES):
                raise ValidationError(
                    self.env._(
                        "Evaluation %(evaluation)s: each score is between 0 and 100.",
                        evaluation=evaluation.display_name,
                    )
                )

    @api.constrains("year")
    def _check_year(self):
        for evaluation in self:
            if not 2000 <= evaluation.year <= 2100:
                raise ValidationError(self.env._("Give the evaluated year, e.g. 2026."))

    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        Evaluation = self._quality_checked_for_create(vals_list)
        self._quality_check_once_a_year(vals_list)
        records = super(QualitySupplierEvaluation, Evaluation).create(vals_list)
        records._quality_take_figures()
        return records.with_env(self.env)

    @api.model
    def _quality_check_once_a_year(self, vals_list):
        """A clear message instead of the database's refusal: a vendor is
        evaluated once a year per company."""
        keys = [
            (
                vals.get("partner_id"),
                vals.get("year", fields.Date.context_today(self).year - 1),
                vals.get("company_id", self.env.company.id),
            )
            for vals in vals_list
        ]
        existing = self.sudo().search(
            [
                ("partner_id", "in", [key[0] for key in keys]),
                ("year", "in", [key[1] for key in keys]),
            ]
        )
        taken = {(e.partner_id.id, e.year, e.company_id.id) for e in existing}
        for key in keys:
            if key in taken or keys.count(key) > 1:
                raise ValidationError(
                    self.env._(
                        "%(vendor)s is already evaluated for %(year)s.",
                        vendor=self.env["res.partner"].browse(key[0]).display_name,
                        year=key[1],
                    )
                )

    def _quality_frozen_message(self):
        return self.env._(
            "Supplier evaluation %(evaluation)s is approved: it is kept, sealed, as it was "
            "approved. The quality manager may return it to draft.",
            evaluation=self.display_name,
        )

    def _quality_year_figures(self, partners, years, companies):
        """``{(partner id, year, company id): {figure: value}}`` of the vendor
        figures (one grouped read of the SQL view, whoever asks)."""
        groups = (
            self.env["quality_ops.vendor.report"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("year", "in", list(years)),
                    ("company_id", "in", companies.ids),
                ],
                ["partner_id", "year", "company_id"],
                [
                    "case_count:sum",
                    "response_counted:sum",
                    "response_met:sum",
                    "resolution_counted:sum",
                    "resolution_met:sum",
                    "response_elapsed:avg",
                    "resolution_elapsed:avg",
                ],
            )
        )
        return {
            (partner.id, year, company.id): {
                "case_count": cases,
                "response_counted": response_counted,
                "response_met": response_met,
                "resolution_counted": resolution_counted,
                "resolution_met": resolution_met,
                "response_mean_hours": response_hours or 0.0,
                "resolution_mean_hours": resolution_hours or 0.0,
            }
            for (
                partner,
                year,
                company,
                cases,
                response_counted,
                response_met,
                resolution_counted,
                resolution_met,
                response_hours,
                resolution_hours,
            ) in groups
        }

    def _quality_take_figures(self):
        """Copy the year's vendor figures into the evaluations (one write per
        distinct set of figures)."""
        if not self:
            return
        figures = self._quality_year_figures(
            self.partner_id, set(self.mapped("year")), self.company_id
        )
        empty = dict.fromkeys(FIGURES[:-1], 0)
        now = fields.Datetime.now()
        groups = self.grouped(
            lambda e: tuple(figures.get((e.partner_id.id, e.year, e.company_id.id), empty).items())
        )
        for items, evaluations in groups.items():
            evaluations._quality_write({**dict(items), "figures_at": now})

    # ------------------------------------------------------------------
    @arguments()
    def action_refresh_figures(self):
        self._quality_check_transition("refresh")
        self._quality_take_figures()
        return True

    @arguments()
    def action_approve(self):
        self._quality_check_transition("approve")
        for evaluation in self:
            if (
                any(not evaluation[name] for name in SCORES)
                or not (evaluation.comment or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "Evaluation %(evaluation)s: give the three scores and the "
                        "assessment before approving it.",
                        evaluation=evaluation.display_name,
                    )
                )
        return self._quality_transition("approve")

    @arguments(reason="text")
    def action_reset(self, reason=None):
        return self._quality_transition("reset", reason=reason)

    @api.model
    @arguments()
    def action_generate_last_year(self):
        """Last year's evaluations (the company's local year) for every vendor
        with cases that year and no evaluation yet; opens them."""
        year = fields.Date.context_today(self).year - 1
        created = self._quality_generate(year, self.env.company)
        return window_action(
            self.env,
            "quality_ops.quality_supplier_evaluation_action",
            [("year", "=", year), ("company_id", "=", self.env.company.id)],
            {"created": len(created)},
        )

    @api.model
    def _quality_generate(self, year, company):
        """Create, in one go, the evaluations of ``year`` of the vendors with
        cases in ``company`` that year and none yet; returns them."""
        self.browse()._quality_check_transition("refresh")
        groups = (
            self.env["quality_ops.vendor.report"]
            .sudo()
            ._read_group(
                [("year", "=", year), ("company_id", "=", company.id)],
                ["partner_id"],
                [],
            )
        )
        vendors = {partner.id for (partner,) in groups}
        existing = (
            self.sudo()
            .search([("year", "=", year), ("company_id", "=", company.id)])
            .partner_id.ids
        )
        todo = sorted(vendors - set(existing))
        return self.create(
            [{"partner_id": pid, "year": year, "company_id": company.id} for pid in todo]
        )
