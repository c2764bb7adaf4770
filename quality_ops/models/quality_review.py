from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_MANAGER, GROUP_OFFICER
from ..integrity import SEAL, UNSEAL
from ..periods import covering_period, previous_period
from ..targets import evaluate, trend
from .argument_guard import arguments, check_vals_list
from .quality_workflow_mixin import Transition, with_pass

_lt = LazyTranslate(__name__)

TRANSITIONS = {
    "start": Transition(
        sources=("planned",),
        target="in_progress",
        group=GROUP_OFFICER,
        denied=_lt("Only the quality department holds management reviews."),
        verb=_lt("started"),
        stamp=(None, "date_held"),
    ),
    "refresh": Transition(
        sources=("planned", "in_progress"),
        target=None,
        group=GROUP_OFFICER,
        denied=_lt("Only the quality department gathers the inputs of a management review."),
        verb=_lt("refreshed (its inputs are frozen once it is closed)"),
    ),
    "close": Transition(
        sources=("in_progress",),
        target="closed",
        group=GROUP_MANAGER,
        denied=_lt(
            "Only the quality manager or the management representative closes a management review."
        ),
        verb=_lt("closed (it must be held first)"),
        stamp=("closed_by_id", "closed_date"),
        seal=SEAL,
    ),
    "reopen": Transition(
        sources=("closed",),
        target="in_progress",
        group=GROUP_MANAGER,
        denied=_lt("Only the quality manager reopens a management review."),
        verb=_lt("reopened (only a closed review is)"),
        clear=("closed_by_id", "closed_date"),
        seal=UNSEAL,
    ),
}
STATES = [("planned", "Planned"), ("in_progress", "Held"), ("closed", "Closed")]
PERIODICITIES = [
    ("month", "Month"),
    ("quarter", "Quarter"),
    ("half_year", "Half-year"),
    ("year", "Year"),
]
SATISFACTION_SOURCES = ("csat", "survey", "nps")
SLA_SOURCES = ("resp_sla", "reso_sla")
PLAN_STATES = ("approved", "published", "closed")
OPEN_FINDING = ("closed", "cancelled")
SEVERITIES = ("major", "minor", "observation")
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


class QualityReview(models.Model):
    """Management review 管理评审 (ISO 9001 §9.3): its inputs are the results
    of the period, read from the measurements and the quality records, stored
    as figures and rendered in the reader's language; its outputs are the
    decisions, each becoming an action when the review closes."""

    _name = "quality_ops.review"
    _description = "Management Review"
    _inherit = ["quality_ops.trail.mixin", "mail.activity.mixin", "quality_ops.workflow.mixin"]
    _order = "planned_date desc, id desc"
    _rec_names_search = ["reference", "name"]
    _check_company_auto = True

    _quality_initial_state = "planned"
    _quality_transitions = TRANSITIONS
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

    reference = fields.Char(required=True, readonly=True, copy=False, default="/", index=True)
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
    chair_id = fields.Many2one(
        comodel_name="res.users",
        tracking=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.company.quality_representative_id,
        help="The management representative, who chairs the review.",
    )
    participant_ids = fields.Many2many(
        comodel_name="res.users",
        relation="quality_ops_review_participant_rel",
        string="Participants",
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        STATES,
        required=True,
        default="planned",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand=True,
    )
    previous_review_id = fields.Many2one(
        comodel_name="quality_ops.review", readonly=True, copy=False, check_company=True
    )
    inputs_refreshed_at = fields.Datetime(string="Inputs Gathered On", readonly=True, copy=False)
    minutes = fields.Html()
    conclusions = fields.Html(
        help="Conclusions on the suitability, adequacy and "
        "effectiveness of the quality management system."
    )
    closed_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    closed_date = fields.Date(readonly=True, copy=False)
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
    # one tab per §9.3.2 input (a field appears once per form)
    previous_input_ids = fields.One2many(
        string="Actions of Previous Reviews",
        comodel_name="quality_ops.review.input",
        inverse_name="review_id",
        domain=[("section", "=", "previous")],
        readonly=True,
    )
    objective_input_ids = fields.One2many(
        string="Quality Objectives",
        comodel_name="quality_ops.review.input",
        inverse_name="review_id",
        domain=[("section", "=", "objective")],
        readonly=True,
    )
    satisfaction_input_ids = fields.One2many(
        string="Customer Satisfaction",
        comodel_name="quality_ops.review.input",
        inverse_name="review_id",
        domain=[("section", "=", "satisfaction")],
        readonly=True,
    )
    complaint_input_ids = fields.One2many(
        string="Complaints",
        comodel_name="quality_ops.review.input",
        inverse_name="review_id",
        domain=[("section", "=", "complaint")],
        readonly=True,
    )
    sla_input_ids = fields.One2many(
        string="SLA Performance",
        comodel_name="quality_ops.review.input",
        inverse_name="review_id",
        domain=[("section", "=", "sla")],
        readonly=True,
    )
    audit_input_ids = fields.One2many(
        string="Audit Results",
        comodel_name="quality_ops.review.input",
        inverse_name="review_id",
        domain=[("section", "=", "audit")],
        readonly=True,
    )
    finding_input_ids = fields.One2many(
        string="Nonconformities",
        comodel_name="quality_ops.review.input",
        inverse_name="review_id",
        domain=[("section", "=", "finding")],
        readonly=True,
    )
    action_input_ids = fields.One2many(
        string="Corrective Actions",
        comodel_name="quality_ops.review.input",
        inverse_name="review_id",
        domain=[("section", "=", "action")],
        readonly=True,
    )
    assurance_input_ids = fields.One2many(
        string="Quality Assurance",
        comodel_name="quality_ops.review.input",
        inverse_name="review_id",
        domain=[("section", "=", "assurance")],
        readonly=True,
    )
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

    @api.depends("action_ids")
    def _compute_action_count(self):
        counts = dict(
            self.env["quality_ops.action"]._read_group(
                [("review_id", "in", self.ids)], ["review_id"], ["__count"]
            )
        )
        for review in self:
            review.action_count = counts.get(review, 0)

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for review in self:
            review.display_name = (
                f"{review.reference} {review.name}"
                if review.reference and review.reference != "/"
                else review.name
            )

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
        for vals in vals_list:
            planned = fields.Date.to_date(vals.get("planned_date")) or today
            if vals.get("reference", "/") == "/":
                vals["reference"] = (
                    self.env["ir.sequence"].next_by_code(
                        "quality_ops.review", sequence_date=planned
                    )
                    or "/"
                )
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
        self._quality_check_transition("reopen")
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Say why the management review is reopened."))
        for review in self:
            review.message_post(
                body=self.env._("Reopened: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return self._quality_transition("reopen", reason=reason)

    @api.readonly
    @arguments()
    def action_view_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_ops.quality_action_action")
        action["domain"] = [("review_id", "=", self.id)]
        action["context"] = {}
        return action

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
            review.input_ids.sudo().unlink()
            with_pass(Input, creating=True).create(
                [dict(line, review_id=review.id) for line in lines]
            )
            review._quality_write(
                {"previous_review_id": previous.id, "inputs_refreshed_at": fields.Datetime.now()}
            )
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
        self.ensure_one()
        lines = []
        for section in (
            self._previous_decision_inputs(previous),
            self._objective_inputs(),
            self._satisfaction_inputs(),
            self._complaint_inputs(),
            self._sla_inputs(),
            self._audit_inputs(),
            self._finding_inputs(),
            self._action_inputs(),
            self._assurance_inputs(),
        ):
            for sequence, line in enumerate(section):
                line.setdefault("sequence", sequence)
                lines.append(line)
        return lines

    # --- measurements --------------------------------------------------
    def _measurements(self, date_from, domain=()):
        """Measurements of the review's company and periodicity starting on
        ``date_from`` (read as the system: the review shows the company's results
        to the quality department, which reads them all)."""
        return (
            self.env["quality_ops.measurement"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("periodicity", "=", self.periodicity),
                    ("date_from", "=", date_from),
                    *domain,
                ]
            )
        )

    def _previous_date_from(self):
        return previous_period(self.periodicity, self.date_from)[0]

    def _plan_targets(self):
        """Company targets of the year's approved organisation plan, by indicator."""
        targets = (
            self.env["quality_ops.target"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("year", "=", self.date_from.year),
                    ("scope", "=", "company"),
                    ("plan_id.plan_type", "=", "organisation"),
                    ("plan_id.state", "in", PLAN_STATES),
                ],
                order="sequence, id",
            )
        )
        found = {}
        for target in targets:
            found.setdefault(target.indicator_id, target)
        return found

    @api.model
    def _result_line(self, section, indicator, measurement, previous, target=None):
        """A result against its target: value, target, status and trend."""
        has_value = bool(measurement and measurement.has_value)
        if measurement and measurement.target_id:
            target_value, warning = measurement.target_value, measurement.warning_value
        elif target:
            target_value, warning = target.target_value, target.warning_value
        else:
            target_value = warning = None
        value = measurement.value if has_value else None
        before = previous.value if previous and previous.has_value else None
        return {
            "section": section,
            "indicator_id": indicator.id,
            "measurement_id": measurement.id if measurement else False,
            "value": value or 0.0,
            "has_value": has_value,
            "target_value": target_value or 0.0,
            "has_target": target_value is not None,
            "previous_value": before or 0.0,
            "has_previous": before is not None,
            "status": evaluate(indicator.direction, value, target_value, warning),
            "trend": trend(indicator.direction, value, before) or False,
            "count": int(measurement.denominator) if measurement else 0,
        }

    def _company_results(self, indicators):
        """Result lines of the company scope for ``indicators`` (in their order)."""
        current = {
            m.indicator_id: m
            for m in self._measurements(
                self.date_from,
                [("scope", "=", "company"), ("indicator_id", "in", indicators.ids)],
            )
        }
        before = {
            m.indicator_id: m
            for m in self._measurements(
                self._previous_date_from(),
                [("scope", "=", "company"), ("indicator_id", "in", indicators.ids)],
            )
        }
        return current, before

    def _objective_inputs(self):
        """c) 2: the extent to which the quality objectives were met: every
        indicator with a target of the year or a result of the period."""
        targets = self._plan_targets()
        measured = self._measurements(self.date_from, [("scope", "=", "company")])
        indicators = measured.indicator_id | self.env["quality_ops.indicator"].union(*targets)
        indicators = indicators.sudo().sorted(lambda i: (i.sequence, i.code or "", i.id))
        current, before = self._company_results(indicators)
        return [
            self._result_line(
                "objective",
                indicator,
                current.get(indicator),
                before.get(indicator),
                targets.get(indicator),
            )
            for indicator in indicators
        ]

    def _satisfaction_inputs(self):
        """c) 1: customer satisfaction, by ticket ratings, surveys and NPS, shown
        even when nothing was measured (as no data)."""
        indicators = (
            self.env["quality_ops.indicator"]
            .sudo()
            .search(
                [
                    ("source", "in", SATISFACTION_SOURCES),
                    ("company_id", "in", [self.company_id.id, False]),
                ]
            )
            .sorted(lambda i: (i.sequence, i.code or "", i.id))
        )
        targets = self._plan_targets()
        current, before = self._company_results(indicators)
        return [
            self._result_line(
                "satisfaction",
                indicator,
                current.get(indicator),
                before.get(indicator),
                targets.get(indicator),
            )
            for indicator in indicators
        ]

    def _sla_inputs(self):
        """c) 3: response and resolution SLA by team and by project."""
        domain = [("scope", "in", ("team", "project")), ("source", "in", SLA_SOURCES)]
        current = self._measurements(self.date_from, domain)
        before = {
            (m.indicator_id, m.scope, m.scope_key): m
            for m in self._measurements(self._previous_date_from(), domain)
        }
        lines = []
        for measurement in current.sorted(
            lambda m: (
                m.scope != "team",
                (m.team_id or m.project_id).display_name or "",
                m.indicator_id.sequence,
                m.indicator_id.id,
            )
        ):
            line = self._result_line(
                "sla",
                measurement.indicator_id,
                measurement,
                before.get((measurement.indicator_id, measurement.scope, measurement.scope_key)),
            )
            line.update(
                scope=measurement.scope,
                team_id=measurement.team_id.id,
                project_id=measurement.project_id.id,
            )
            lines.append(line)
        return lines

    # --- quality records -------------------------------------------------
    def _complaint_inputs(self):
        """c) 1: complaints by level: received and closed in the period, closed
        on time, open when the inputs are gathered."""
        Complaint = self.env["quality_ops.complaint"].sudo()
        start, end = self.company_id._quality_utc_bounds(self.date_from, self.date_to)
        company = [("company_id", "=", self.company_id.id)]
        received = dict(
            Complaint._read_group(
                [*company, ("create_date", ">=", start), ("create_date", "<", end)],
                ["level_id"],
                ["__count"],
            )
        )
        still_open = dict(
            Complaint._read_group([*company, ("is_closed", "=", False)], ["level_id"], ["__count"])
        )
        closed = {}
        for level, on_time, count in Complaint._read_group(
            [*company, ("closed_at", ">=", start), ("closed_at", "<", end)],
            ["level_id", "closed_on_time"],
            ["__count"],
        ):
            totals = closed.setdefault(level, [0, 0])
            totals[0] += count
            totals[1] += count if on_time else 0
        Level = self.env["quality_ops.complaint.level"].sudo()
        levels = Level.search([("company_id", "in", [self.company_id.id, False])]).union(
            *received, *still_open, *closed
        )
        lines = []
        for level in levels.filtered("id").sorted(lambda lv: (lv.sequence, lv.id)):
            total, on_time = closed.get(level, (0, 0))
            lines.append(
                {
                    "section": "complaint",
                    "level_id": level.id,
                    "count": received.get(level, 0),
                    "closed_count": total,
                    "on_time_count": on_time,
                    "open_count": still_open.get(level, 0),
                    "value": round(100.0 * on_time / total, 2) if total else 0.0,
                    "has_value": bool(total),
                }
            )
        return lines

    def _audit_inputs(self):
        """c) 6: the audits of the period (reported or closed) and their conformity."""
        audits = (
            self.env["quality_ops.audit"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("state", "in", ("reported", "closed")),
                    ("planned_date", ">=", self.date_from),
                    ("planned_date", "<=", self.date_to),
                ],
                order="planned_date, id",
            )
        )
        open_findings = dict(
            self.env["quality_ops.finding"]
            .sudo()
            ._read_group(
                [("audit_id", "in", audits.ids), ("state", "not in", OPEN_FINDING)],
                ["audit_id"],
                ["__count"],
            )
        )
        return [
            {
                "section": "audit",
                "audit_id": audit.id,
                "value": audit.score if audit.applicable_count else 0.0,
                "has_value": bool(audit.applicable_count),
                "count": audit.nonconformity_count,
                "open_count": open_findings.get(audit, 0),
            }
            for audit in audits
        ]

    def _finding_inputs(self):
        """c) 4: nonconformities by severity: raised and closed in the period,
        open when the inputs are gathered."""
        Finding = self.env["quality_ops.finding"].sudo()
        start, end = self.company_id._quality_utc_bounds(self.date_from, self.date_to)
        company = [("company_id", "=", self.company_id.id)]
        raised = dict(
            Finding._read_group(
                [*company, ("create_date", ">=", start), ("create_date", "<", end)],
                ["severity"],
                ["__count"],
            )
        )
        closed = dict(
            Finding._read_group(
                [
                    *company,
                    ("state", "=", "closed"),
                    ("closed_date", ">=", self.date_from),
                    ("closed_date", "<=", self.date_to),
                ],
                ["severity"],
                ["__count"],
            )
        )
        still_open = dict(
            Finding._read_group(
                [*company, ("state", "not in", OPEN_FINDING)], ["severity"], ["__count"]
            )
        )
        return [
            {
                "section": "finding",
                "severity": severity,
                "count": raised.get(severity, 0),
                "closed_count": closed.get(severity, 0),
                "open_count": still_open.get(severity, 0),
            }
            for severity in SEVERITIES
        ]

    def _action_inputs(self):
        """c) 4: corrective actions by type: open, overdue and awaiting
        verification when the inputs are gathered, verified effective or not in
        the period."""
        Action = self.env["quality_ops.action"].sudo()
        today = fields.Date.context_today(self)
        company = [("company_id", "=", self.company_id.id)]
        now = {
            (kind, state): count
            for kind, state, count in Action._read_group(
                [*company, ("state", "in", ("open", "done"))],
                ["action_type", "state"],
                ["__count"],
            )
        }
        overdue = dict(
            Action._read_group(
                [*company, *Action._overdue_domain(today)],
                ["action_type"],
                ["__count"],
            )
        )
        verified = {
            (kind, effectiveness): count
            for kind, effectiveness, count in Action._read_group(
                [
                    *company,
                    ("state", "=", "verified"),
                    ("verified_date", ">=", self.date_from),
                    ("verified_date", "<=", self.date_to),
                ],
                ["action_type", "effectiveness"],
                ["__count"],
            )
        }
        lines = []
        for kind, _label in Action._fields["action_type"].selection:
            counts = {
                "open_count": now.get((kind, "open"), 0),
                "overdue_count": overdue.get(kind, 0),
                "done_count": now.get((kind, "done"), 0),
                "effective_count": verified.get((kind, "effective"), 0),
                "not_effective_count": verified.get((kind, "not_effective"), 0),
            }
            if any(counts.values()):
                lines.append({"section": "action", "action_type": kind, **counts})
        return lines

    def _assurance_inputs(self):
        """c) 3 and 5: quality assurance — the controlled documents due for
        their periodic review, the QA activities of the period (done, on
        time, overdue) and the inspection coverage, for the company and by
        project."""
        today = fields.Date.context_today(self)
        company = [("company_id", "=", self.company_id.id)]
        Document = self.env["quality_ops.document"].sudo()
        in_force = Document.search_count([*company, ("state", "=", "released")])
        due = Document.search_count(
            [
                *company,
                ("state", "=", "released"),
                ("next_review_date", "!=", False),
                ("next_review_date", "<=", max(today, self.date_to)),
            ]
        )
        in_preparation = Document.search_count(
            [*company, ("state", "in", ("draft", "in_review", "approved"))]
        )
        Activity = self.env["quality_ops.qa.activity"].sudo()
        period = [
            *company,
            ("state", "!=", "cancelled"),
            ("planned_date", ">=", self.date_from),
            ("planned_date", "<=", self.date_to),
        ]
        activities = Activity.search(period)
        done = activities.filtered(lambda a: a.state == "done")
        lines = [
            {
                "section": "assurance",
                "assurance_kind": "documents",
                "count": in_force,
                "overdue_count": due,
                "open_count": in_preparation,
            },
            {
                "section": "assurance",
                "assurance_kind": "qa_activities",
                "count": len(activities),
                "closed_count": len(done),
                "on_time_count": len(done.filtered(lambda a: a.date_done <= a.planned_date)),
                "overdue_count": Activity.search_count(
                    [*company, ("state", "=", "planned"), ("planned_date", "<", today)]
                ),
                "open_count": len(done.filtered(lambda a: a.result == "nonconformity")),
            },
        ]
        inspection = self.env.ref("quality_ops.indicator_inspection", raise_if_not_found=False)
        if inspection and inspection.source == "inspection":
            targets = self._plan_targets()
            current = self._measurements(
                self.date_from,
                [("indicator_id", "=", inspection.id), ("scope", "in", ("company", "project"))],
            )
            before = {
                (m.scope, m.scope_key): m
                for m in self._measurements(
                    self._previous_date_from(),
                    [("indicator_id", "=", inspection.id), ("scope", "in", ("company", "project"))],
                )
            }
            company_row = current.filtered(lambda m: m.scope == "company")[:1]
            line = self._result_line(
                "assurance",
                inspection,
                company_row,
                before.get(("company", 0)),
                targets.get(inspection),
            )
            line.update(assurance_kind="inspections", scope="company")
            lines.append(line)
            for measurement in (current - company_row).sorted(
                lambda m: (m.project_id.display_name or "", m.id)
            ):
                line = self._result_line(
                    "assurance",
                    inspection,
                    measurement,
                    before.get(("project", measurement.scope_key)),
                )
                line.update(
                    assurance_kind="inspections",
                    scope="project",
                    project_id=measurement.project_id.id,
                )
                lines.append(line)
        return lines

    def _previous_decision_inputs(self, previous):
        """a) the decisions of the previous review and the state of their actions."""
        today = fields.Date.context_today(self)
        lines = []
        # searched, not read from the cache of the one2many (which holds what the
        # last reader was allowed to see)
        decisions = (
            self.env["quality_ops.review.decision"].sudo().search([("review_id", "=", previous.id)])
            if previous
            else self.env["quality_ops.review.decision"]
        )
        for decision in decisions:
            action = decision.action_id
            lines.append(
                {
                    "section": "previous",
                    "decision_id": decision.id,
                    "action_id": action.id,
                    "action_type": decision.action_type,
                    "action_state": action.state or False,
                    "effectiveness": action.effectiveness or False,
                    "due_date": action.due_date or decision.due_date or False,
                    "is_overdue": bool(
                        action and action.state == "open" and action.due_date < today
                    ),
                }
            )
        return lines
