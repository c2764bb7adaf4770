from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..appraisal_scoring import measured_score, total_score
from ..groups import GROUP_ENGINEER, GROUP_OM_MANAGER
from ..integrity import SEAL
from ..periods import add_months, period_bounds
from ..tools.argument_guard import arguments
from ..tools.field_checks import is_mail_field
from ..tools.people import check_internal_users
from ..tools.record_fields import company_field, internal_user_field
from ..tools.unique_guard import unique_violation_as_validation_error
from ..tools.workflow_pass import Transition, effective_vals, has_pass, transitions
from .quality_appraisal_line import SEALED

_lt = LazyTranslate(__name__)

STATES = [
    ("draft", "Draft"),
    ("submitted", "With the Engineer"),
    ("confirmed", "Confirmed by the Engineer"),
    ("approved", "Approved"),
]
STEPS = {
    "submit": Transition("draft", "submitted", GROUP_OM_MANAGER, stamp=(None, "submitted_on")),
    "confirm": Transition("submitted", "confirmed", GROUP_ENGINEER, stamp=(None, "confirmed_on")),
    "approve": Transition(
        "confirmed",
        "approved",
        GROUP_OM_MANAGER,
        stamp=("approved_by_id", "approved_on"),
        seal=SEAL,
    ),
    "refresh": Transition("draft", None, GROUP_OM_MANAGER),
    "reset": Transition(
        ("submitted", "confirmed"),
        "draft",
        GROUP_OM_MANAGER,
        clear=("submitted_on", "confirmed_on"),
        reason=True,
    ),
}
DENIED = {
    "submit": _lt("Only the O&M manager submits an appraisal to the engineer."),
    "confirm": _lt("Only the appraised engineer confirms his appraisal."),
    "approve": _lt("Only the O&M manager approves an appraisal."),
    "refresh": _lt("Only the O&M manager takes the month's figures of an appraisal."),
    "reset": _lt("Only the O&M manager takes an appraisal back to draft."),
}
VERBS = {
    "submit": _lt("submitted (only a draft is)"),
    "confirm": _lt("confirmed (only an appraisal submitted to the engineer is)"),
    "approve": _lt("approved (the engineer confirms it first)"),
    "refresh": _lt("measured again (only a draft is)"),
    "reset": _lt("taken back to draft (an approved appraisal is kept as it was approved)"),
}
# what the engineer writes: his comment, while the appraisal is with him
ENGINEER_FIELDS = frozenset({"engineer_comment"})


def _last_month(record):
    """The month an O&M manager appraises: the last one."""
    return period_bounds("month", add_months(fields.Date.context_today(record), -1))[0]


def _first_template(record):
    return record.env["quality_ops.appraisal.template"].search(
        [("company_id", "=", record.env.company.id)], limit=1
    )


class QualityAppraisal(models.Model):
    """An engineer's monthly appraisal (运维人员绩效考核): his measured figures of
    the month (snapshot of the engine's engineer-scope measurements), scored
    and weighted by the template, plus the O&M manager's assessment; the
    engineer confirms it (and may comment), the O&M manager approves it, and
    it is then frozen and sealed."""

    _name = "quality_ops.appraisal"
    _description = "Engineer Appraisal"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.month.mixin",
    ]
    _order = "date_from desc, total_score desc, id"
    _check_company_auto = True

    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {
            "state",
            "manager_id",
            "measured_share",
            "snapshot_at",
            "submitted_on",
            "confirmed_on",
            "approved_by_id",
            "approved_on",
        }
    )
    _quality_immutable_fields = frozenset({"user_id", "date_from", "company_id"})
    # with the engineer, confirmed or approved: only his comment is still
    # written (while it is with him); approved, nothing
    _quality_frozen_states = ("submitted", "confirmed", "approved")
    _quality_free_fields = frozenset({"color", "engineer_comment"})
    _quality_deletable_states = ("draft",)
    _quality_seal_fields = (
        "user_id",
        "date_from",
        "template_id",
        "company_id",
        "manager_id",
        "measured_share",
        "measured_score",
        "manager_score",
        "manager_comment",
        "total_score",
        "engineer_comment",
        "snapshot_at",
        "submitted_on",
        "confirmed_on",
        "approved_by_id",
        "approved_on",
    )
    _quality_seal_lines = {"line_ids": SEALED}

    user_id = internal_user_field(
        string="Engineer",
        required=True,
        index=True,
        tracking=True,
    )
    date_from = fields.Date(string="Month", required=True, index=True, default=_last_month)
    date_to = fields.Date(string="Month End", compute="_compute_date_to", store=True)
    template_id = fields.Many2one(
        comodel_name="quality_ops.appraisal.template",
        required=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
        default=_first_template,
    )
    company_id = company_field()
    manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Appraised By",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
        help="The O&M manager who drew up the appraisal.",
    )
    line_ids = fields.One2many(
        comodel_name="quality_ops.appraisal.line",
        inverse_name="appraisal_id",
        string="Measured Indicators",
    )
    measured_share = fields.Integer(string="Measured Part (%)", readonly=True, copy=False)
    measured_score = fields.Float(
        compute="_compute_scores",
        store=True,
        digits=(16, 2),
        aggregator="avg",
    )
    has_measured = fields.Boolean(string="Measured", compute="_compute_scores", store=True)
    manager_score = fields.Float(
        string="Manager's Assessment",
        digits=(16, 2),
        tracking=True,
        aggregator="avg",
        help="The O&M manager's assessment of the month's work, 0 to 100.",
    )
    manager_comment = fields.Text(string="Manager's Comments")
    total_score = fields.Float(
        compute="_compute_scores",
        store=True,
        digits=(16, 2),
        aggregator="avg",
    )
    engineer_comment = fields.Text(
        string="Engineer's Comments",
        tracking=True,
        help="The engineer's own words on his appraisal, written while it is with him.",
    )
    snapshot_at = fields.Datetime(string="Figures Taken On", readonly=True, copy=False)
    state = fields.Selection(
        STATES,
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand=True,
    )
    submitted_on = fields.Date(readonly=True, copy=False)
    confirmed_on = fields.Date(readonly=True, copy=False)
    approved_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    approved_on = fields.Date(readonly=True, copy=False)

    is_mine = fields.Boolean(string="My Appraisal", compute="_compute_is_mine")
    rank = fields.Integer(
        compute="_compute_rank",
        help="Place by total score among the approved appraisals of the month that you may "
        "read; an appraisal not approved yet has no place.",
    )

    _engineer_month_unique = models.UniqueIndex(
        "(user_id, date_from, company_id)", "This engineer already has an appraisal for this month."
    )

    @api.depends("user_id", "date_from")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for appraisal in self:
            appraisal.display_name = " · ".join(
                part for part in (appraisal.user_id.name, appraisal.month_label) if part
            )

    @api.depends("total_score", "date_from", "company_id", "state")
    @api.depends_context("uid")
    def _compute_rank(self):
        """One read of the months' approved appraisals the user may read (his
        rules): an engineer ranks among his own, an O&M manager among his
        teams'. A score still open to change ranks nobody: 0, shown empty."""
        saved = self.filtered(lambda appraisal: appraisal.id and appraisal.state == "approved")
        visible = self.search_fetch(
            [
                ("state", "=", "approved"),
                ("date_from", "in", list(set(saved.mapped("date_from")))),
                ("company_id", "in", saved.company_id.ids),
            ],
            ["total_score", "date_from", "company_id"],
        )
        scores = defaultdict(list)
        for appraisal in visible:
            scores[(appraisal.company_id.id, appraisal.date_from)].append(appraisal.total_score)
        for appraisal in self:
            month = scores.get((appraisal.company_id.id, appraisal.date_from), [])
            appraisal.rank = (
                1 + sum(1 for score in month if score > appraisal.total_score)
                if appraisal in saved
                else 0
            )

    @api.depends("user_id")
    @api.depends_context("uid")
    def _compute_is_mine(self):
        for appraisal in self:
            appraisal.is_mine = appraisal.user_id == self.env.user

    @api.depends("date_from")
    def _compute_date_to(self):
        for appraisal in self:
            appraisal.date_to = (
                period_bounds("month", appraisal.date_from)[1] if appraisal.date_from else False
            )

    @api.depends(
        "line_ids.weight", "line_ids.score", "line_ids.has_value", "manager_score", "measured_share"
    )
    def _compute_scores(self):
        for appraisal in self:
            measured = measured_score(
                [
                    (line.weight, line.score if line.has_value else None)
                    for line in appraisal.line_ids
                ]
            )
            appraisal.has_measured = measured is not None
            appraisal.measured_score = measured or 0.0
            appraisal.total_score = total_score(
                measured, appraisal.manager_score, appraisal.measured_share
            )

    @api.constrains("manager_score")
    def _check_manager_score(self):
        for appraisal in self:
            if not 0 <= appraisal.manager_score <= 100:
                raise ValidationError(
                    self.env._(
                        "The manager's assessment of %(appraisal)s is a score from 0 to 100.",
                        appraisal=appraisal.display_name,
                    )
                )

    @api.constrains("user_id", "date_from")
    def _check_engineer_month(self):
        check_internal_users(self, "user_id")
        for appraisal in self:
            if appraisal.date_from.day != 1:
                raise ValidationError(self.env._("An appraisal covers a month: its 1st day."))

    # ------------------------------------------------------------------
    # ORM guards
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """The month from any of its days; nobody appraises himself; the
        figures are taken at once (the template's lines, measured)."""
        Appraisal = self._quality_checked_for_create(vals_list)
        for vals in vals_list:
            sent = effective_vals(self, vals)
            if sent.get("date_from"):
                day = fields.Date.to_date(sent["date_from"])
                if not 2000 <= day.year <= 2100:
                    raise ValidationError(
                        self.env._("An appraisal covers a month of the years 2000 to 2100.")
                    )
                vals["date_from"] = period_bounds("month", day)[0]
            if sent.get("user_id") == self.env.uid and not self.env.su:
                raise UserError(
                    self.env._("Your own appraisal is drawn up by your O&M manager, not by you.")
                )
        records = super(QualityAppraisal, Appraisal).create(vals_list).with_env(self.env)
        records._check_month_started()
        records._quality_take_figures()
        return records

    def copy(self, default=None):
        # a copy for the same month is the engineer's second: a message, for
        # every caller, not a database error
        with unique_violation_as_validation_error(self):
            return super().copy(default=default)

    def write(self, vals):
        if self and not has_pass(self) and not self.env.su:
            self._check_engineer_write(vals)
        result = super().write(vals)
        if "template_id" in vals:
            # another template, other lines and share: never a total made
            # with one template's lines under another's name
            self._quality_take_figures()
        return result

    def _check_engineer_write(self, vals):
        """The engineer writes his comment, only while the appraisal is with
        him; nobody else writes it, and he writes nothing else."""
        names = {name for name in vals if not is_mail_field(name)} - {"color"}
        if not names:
            return
        user = self.env.user
        own = self.filtered(lambda a: a.user_id == user)
        if names & ENGINEER_FIELDS:
            if own != self:
                raise UserError(
                    self.env._("Only the appraised engineer writes his comments on an appraisal.")
                )
            waiting = own.filtered(lambda a: a.state != "submitted")
            if waiting:
                raise UserError(
                    self.env._(
                        "%(appraisal)s is %(state)s: you comment on it while it is with you.",
                        appraisal=waiting[0].display_name,
                        state=waiting[0]._quality_state_label(),
                    )
                )
        if own and names - ENGINEER_FIELDS:
            raise UserError(
                self.env._(
                    "You may comment on your appraisal, not change it: its scores are the "
                    "O&M manager's."
                )
            )

    def _check_month_started(self):
        today = fields.Date.context_today(self)
        for appraisal in self:
            if appraisal.date_from > today:
                raise ValidationError(
                    self.env._(
                        "%(month)s has not begun: an appraisal covers a month already worked.",
                        month=appraisal.month_label,
                    )
                )

    def _quality_frozen_message(self):
        self.ensure_one()
        if self.state == "approved":
            return self.env._(
                "Appraisal %(appraisal)s is approved and sealed: it is kept as it was approved.",
                appraisal=self.display_name,
            )
        return self.env._(
            "Appraisal %(appraisal)s is %(state)s: the O&M manager takes it back to draft "
            "to change it.",
            appraisal=self.display_name,
            state=self._quality_state_label(),
        )

    # ------------------------------------------------------------------
    # figures
    # ------------------------------------------------------------------
    def _quality_take_figures(self):
        """The lines of each appraisal from its template, with the engineer's
        measurements of the month (measured now unless locked): one engine
        run per company, month and set of indicators, one read of the
        measurements, one write per appraisal."""
        if not self:
            return
        Measurement = self.env["quality_ops.measurement"].sudo()
        groups = self.grouped(lambda a: (a.company_id, a.date_from, a.date_to))
        found = {}
        for (company, date_from, date_to), appraisals in groups.items():
            indicators = appraisals.template_id.line_ids.indicator_id.sudo()
            if not indicators:
                continue
            Measurement._compute_period(
                "month", date_from, date_to, indicators=indicators, companies=company
            )
            for measurement in Measurement.search(
                [
                    ("scope", "=", "engineer"),
                    ("periodicity", "=", "month"),
                    ("date_from", "=", date_from),
                    ("company_id", "=", company.id),
                    ("indicator_id", "in", indicators.ids),
                    ("user_id", "in", appraisals.user_id.ids),
                ]
            ):
                key = (company.id, date_from, measurement.user_id.id, measurement.indicator_id.id)
                found[key] = measurement
        self.env["quality_ops.appraisal.line"]._quality_replace_lines(self, found)
        self._quality_write({"snapshot_at": fields.Datetime.now()})

    @arguments()
    def action_refresh(self):
        """Take the month's figures again (a draft's, by the O&M manager)."""
        self._quality_check_transition("refresh")
        self._check_not_own()
        self._quality_take_figures()
        return True

    # ------------------------------------------------------------------
    # steps
    # ------------------------------------------------------------------
    def _check_not_own(self):
        if self.filtered(lambda a: a.user_id == self.env.user):
            raise UserError(
                self.env._("Your own appraisal is the business of your O&M manager, not yours.")
            )

    @arguments()
    def action_submit(self):
        self._quality_check_transition("submit")
        self._check_not_own()
        return self._quality_transition("submit")

    @arguments()
    def action_confirm(self):
        self._quality_check_transition("confirm")
        others = self.filtered(lambda a: a.user_id != self.env.user)
        if others:
            raise UserError(
                self.env._(
                    "Only %(engineer)s confirms %(appraisal)s: nobody confirms it on his behalf.",
                    engineer=others[0].user_id.name,
                    appraisal=others[0].display_name,
                )
            )
        return self._quality_transition("confirm")

    @arguments()
    def action_approve(self):
        self._quality_check_transition("approve")
        self._check_not_own()
        return self._quality_transition("approve")

    @arguments(reason="text")
    def action_reset(self, reason=None):
        self._quality_check_transition("reset")
        self._check_not_own()
        return self._quality_transition("reset", reason=reason)
