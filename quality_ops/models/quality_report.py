import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_MANAGER, GROUP_OFFICER, GROUP_REPRESENTATIVE
from ..integrity import SEAL
from ..periods import months_of, report_period
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.reader_lang import reader_lang
from ..tools.record_fields import company_field, current_user, internal_user_field
from ..tools.smart_buttons import form_action, window_action
from ..tools.unique_guard import unique_violation_as_validation_error
from ..tools.workflow_fields import (
    SIGNATURES,
    reference_field,
    signer_field,
    state_field,
    step_date_field,
)
from ..tools.workflow_pass import Transition, has_pass, transitions
from .quality_section_line import section_lines, snapshot_text

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

KINDS = [
    ("half_year", "Half-year Quality Report"),
    ("annual", "Annual Quality Report"),
    ("improvement", "Quality Improvement Report"),
]
STATES = [("draft", "Draft"), ("reviewed", "Reviewed"), ("approved", "Approved")]
STEPS = {
    "generate": Transition("draft", None, GROUP_OFFICER),
    "review": Transition(
        "draft", "reviewed", GROUP_MANAGER, stamp=("reviewed_by_id", "reviewed_date")
    ),
    "approve": Transition(
        "reviewed",
        "approved",
        GROUP_REPRESENTATIVE,
        stamp=("approved_by_id", "approved_date"),
        seal=SEAL,
    ),
    "reset": Transition(
        "reviewed", "draft", GROUP_MANAGER, clear=("reviewed_by_id", "reviewed_date"), reason=True
    ),
    "new_version": Transition("approved", None, GROUP_MANAGER),
}
DENIED = {
    "generate": _lt("Only the quality department prepares reports."),
    "review": _lt("Only the quality manager reviews reports."),
    "approve": _lt("Only the management representative approves quality reports."),
    "reset": _lt("Only the quality manager reopens reports."),
    "new_version": _lt("Only the quality manager opens a version."),
}
VERBS = {
    "generate": _lt("generated (only a draft is)"),
    "review": _lt("reviewed"),
    "approve": _lt("approved"),
    "reset": _lt("reset to draft"),
    "new_version": _lt("given a new version (only an approved report is)"),
}

# what a line says, sealed with the report: its figures (generated) and the
# quality department's comment
LINE_SEAL_FIELDS = (
    "section",
    "sequence",
    "label",
    "indicator_id",
    "value",
    "second_value",
    "target_value",
    "previous_value",
    "has_previous",
    "count",
    "second_count",
    "status",
    "trend",
    "detail",
    "comment",
    "finding_id",
    "action_id",
)


def section_line(string, *sections):
    return section_lines("quality_ops.report.line", "report_id", string, *sections)


class QualityReport(models.Model):
    """Half-year, annual and improvement reports of the quality department
    (seed §3): generated from what the house measured, judged by people,
    reviewed by the quality manager, approved by the management representative."""

    _name = "quality_ops.report"
    _description = "Quality Report"
    _inherit = ["quality_ops.trail.mixin", "mail.activity.mixin", "quality_ops.workflow.mixin"]
    _order = "year desc, date_from desc, kind, version desc, id desc"
    _rec_names_search = ["reference", "name"]

    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {
            "reference",
            "state",
            "version",
            *SIGNATURES,
            "generated_at",
        }
    )
    _quality_frozen_states = ("reviewed", "approved")
    _quality_seal_fields = (
        "reference",
        "name",
        "kind",
        "year",
        "half",
        "company_id",
        "version",
        "date_from",
        "date_to",
        "summary",
        "highlights",
        "proposals",
        *SIGNATURES,
        "generated_at",
    )
    _quality_seal_lines = {"line_ids": LINE_SEAL_FIELDS}

    reference = reference_field()
    name = fields.Char(string="Title", required=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, default="half_year", tracking=True)
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        aggregator=False,
        tracking=True,
    )
    half = fields.Selection([("1", "First Half"), ("2", "Second Half")], default="1")
    date_from = fields.Date(compute="_compute_period", store=True)
    date_to = fields.Date(compute="_compute_period", store=True)
    periodicity = fields.Char(compute="_compute_period", store=True)
    version = fields.Integer(default=1, required=True, readonly=True, copy=False)
    company_id = company_field()
    state = state_field(STATES)
    user_id = internal_user_field(
        string="Responsible",
        default=current_user,
        tracking=True,
    )
    prepared_by_id = signer_field()
    prepared_date = step_date_field("Prepared Date")
    reviewed_by_id = signer_field()
    reviewed_date = step_date_field("Reviewed Date")
    approved_by_id = signer_field()
    approved_date = step_date_field("Approved Date")
    generated_at = fields.Datetime(readonly=True, copy=False)
    snapshot_note = fields.Char(
        string="Snapshot",
        compute="_compute_snapshot_note",
        help="The figures of the report are those measured when it was generated.",
    )
    summary = fields.Html(help="Overall assessment of the period.")
    highlights = fields.Html(string="Improvement Highlights")
    proposals = fields.Html(string="Next-period Proposals")
    line_ids = fields.One2many(
        comodel_name="quality_ops.report.line", inverse_name="report_id", copy=False
    )
    # one tab per group of sections
    scorecard_line_ids = section_line("Scorecard Lines", "scorecard")
    sla_line_ids = section_line("SLA Lines", "sla_team", "sla_project")
    customer_line_ids = section_line(
        "Satisfaction and Complaint Lines", "satisfaction", "complaint", "complaint_cause"
    )
    audit_line_ids = section_line("Audit and Action Lines", "audit", "finding", "action")
    assurance_line_ids = section_line("Quality Assurance Lines", "assurance", "inspection")
    improvement_line_ids = section_line("Improvement Lines", "improvement")
    met_count = fields.Integer(compute="_compute_counts")
    missed_count = fields.Integer(compute="_compute_counts")
    locked_count = fields.Integer(compute="_compute_counts", string="Locked Measurements")

    _version_unique = models.UniqueIndex(
        "(company_id, kind, year, COALESCE(half, ''), version)",
        "This report already exists in this version: make a new version instead.",
    )

    @api.depends("kind", "year", "half")
    def _compute_period(self):
        for report in self:
            try:
                periodicity, date_from, date_to = report_period(
                    report.kind, report.year, report.half
                )
            except ValueError:
                periodicity, date_from, date_to = False, False, False
            report.periodicity = periodicity
            report.date_from = date_from
            report.date_to = date_to

    @api.depends("generated_at", "company_id")
    @api.depends_context("lang")
    def _compute_snapshot_note(self):
        for report in self:
            report.snapshot_note = snapshot_text(self.env, report.generated_at, report.company_id)

    @api.depends("line_ids.status", "line_ids.section", "state")
    def _compute_counts(self):
        dated = self.filtered("date_from")
        # locked measurements per company and period, in one grouped query
        locked = (
            self.env["quality_ops.measurement"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", dated.company_id.ids),
                    ("date_from", ">=", min(dated.mapped("date_from"))),
                    ("date_to", "<=", max(dated.mapped("date_to"))),
                    ("state", "=", "locked"),
                ],
                ["company_id", "date_from:day", "date_to:day"],
                ["__count"],
            )
            if dated
            else []
        )
        for report in self:
            scorecard = report._lines_of("scorecard")
            report.met_count = len(scorecard.filtered(lambda line: line.status == "met"))
            report.missed_count = len(scorecard.filtered(lambda line: line.status == "missed"))
            report.locked_count = sum(
                count
                for company, date_from, date_to, count in locked
                if company == report.company_id
                and report.date_from
                and date_from >= report.date_from
                and date_to <= report.date_to
            )

    @api.readonly
    @arguments()
    def action_view_measurements(self):
        self.ensure_one()
        return window_action(
            self.env,
            "quality_ops.quality_measurement_action",
            [
                ("company_id", "=", self.company_id.id),
                ("date_from", ">=", self.date_from),
                ("date_to", "<=", self.date_to),
            ],
            {"search_default_company_scope": 1},
        )

    @api.depends("reference", "name", "version")
    def _compute_display_name(self):
        for report in self:
            report.display_name = f"{report.reference or ''} {report.name or ''} v{report.version}"

    @api.constrains("kind", "half", "year")
    def _check_period(self):
        for report in self:
            if report.year < 2000 or report.year > 2999:
                raise ValidationError(self.env._("Enter a four-digit year."))
            if report.kind == "half_year" and not report.half:
                raise ValidationError(self.env._("Say which half of the year is reported."))

    # ------------------------------------------------------------------
    # CRUD and document control
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        Report = self._quality_checked_for_create(vals_list)
        self._quality_set_references(vals_list, "quality_ops.report")
        for vals in vals_list:
            if vals.get("kind") != "half_year" and vals.get("kind"):
                vals["half"] = False
        with unique_violation_as_validation_error(self):
            return super(QualityReport, Report).create(vals_list).with_env(self.env)

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        moved = {"kind", "year", "half", "company_id"} & set(vals)
        with unique_violation_as_validation_error(self):
            result = super().write(vals)
        if moved and not has_pass(self):
            # the lines were generated for the former period: they go, and the
            # report is generated again before its review
            generated = self.filtered("generated_at")
            if generated:
                generated._quality_write({"line_ids": [(5, 0, 0)], "generated_at": False})
        return result

    def _quality_frozen_message(self):
        return self.env._(
            "%(report)s is %(state)s: reset it to draft (or make a new version) to change it.",
            report=self.display_name,
            state=self._quality_state_label(),
        )

    # ------------------------------------------------------------------
    # workflow: prepared (officer) -> reviewed (manager) -> approved (representative)
    # ------------------------------------------------------------------
    @arguments()
    def action_generate(self):
        self._quality_check_transition("generate")
        for report in self:
            report._generate()
        return True

    @arguments()
    def action_review(self):
        self._quality_check_transition("review")
        if self.filtered(lambda r: not r.generated_at):
            raise UserError(self.env._("Generate the report before its review."))
        return self._quality_transition("review")

    @arguments()
    def action_approve(self):
        """Approval by the management representative; the measurements of the
        period become locked, so the figures reported cannot move silently."""
        self._quality_check_transition("approve")
        for report in self:
            report._quality_transition("approve")
            locked = report._lock_measurements()
            report.message_post(
                body=self.env._(
                    "Approved; %(count)s measurements of %(date_from)s to %(date_to)s locked.",
                    count=locked,
                    date_from=report.date_from,
                    date_to=report.date_to,
                )
            )
        return True

    @arguments(reason="text")
    def action_reset_to_draft(self, reason=None):
        return self._quality_transition("reset", reason=reason)

    @arguments()
    def action_new_version(self):
        """An approved report stays as approved; changes go to a new version."""
        if len(self) != 1:
            raise UserError(self.env._("Do this for one record at a time."))
        self._quality_check_transition("new_version")
        last = self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("kind", "=", self.kind),
                ("year", "=", self.year),
                ("half", "=", self.half),
            ],
            order="version desc",
            limit=1,
        )
        new = self._quality_copy_with_pass(
            {"version": last.version + 1, "reference": self.reference}
        )
        new._quality_write(
            {
                "line_ids": [(0, 0, line.copy_data()[0]) for line in self.line_ids],
                "generated_at": self.generated_at,
            }
        )
        return form_action(new)

    def _lock_measurements(self):
        self.ensure_one()
        measurements = (
            self.env["quality_ops.measurement"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date_from", ">=", self.date_from),
                    ("date_to", "<=", self.date_to),
                    ("state", "=", "open"),
                ]
            )
        )
        measurements._quality_write({"state": "locked"})
        return len(measurements)

    # ------------------------------------------------------------------
    # generation
    # ------------------------------------------------------------------
    def _generate(self):
        """Every section from the measurements of the period, measured now
        (unless locked) by the engine, and set-based reads; the lines carry the
        instant of this snapshot."""
        self.ensure_one()
        # written for the report's reader: its responsible, else the
        # company's quality manager (not the scheduled action's superuser)
        lang = reader_lang(self.env, self.user_id, self.company_id.quality_manager_id)
        if self.env.lang != lang:
            return self.with_context(lang=lang)._generate()
        Builder = self.env["quality_ops.report.builder"]
        lines = Builder._lines(self)
        now = fields.Datetime.now()
        values = {
            "line_ids": [(5, 0, 0)] + [(0, 0, dict(line, snapshot_at=now)) for line in lines],
            "generated_at": now,
        }
        if not self.env.su:  # a draft by the scheduled action is prepared by nobody yet
            values["prepared_by_id"] = self.env.user.id
            values["prepared_date"] = fields.Date.context_today(self)
        # only drafts are generated (a reviewed report is frozen, lines included)
        if self.state != "draft":
            raise UserError(self._quality_frozen_message())
        scorecard = [line for line in lines if line["section"] == "scorecard"]
        if not self.summary or self.summary == Markup("<p><br></p>"):
            values["summary"] = Builder._summary_text(self, scorecard)
        if not self.highlights or self.highlights == Markup("<p><br></p>"):
            values["highlights"] = Builder._highlights_text(self, scorecard)
        if not self.proposals or self.proposals == Markup("<p><br></p>"):
            values["proposals"] = Builder._proposals_text(self, scorecard)
        self._quality_write(values)

    def _lines_of(self, *sections):
        return self.line_ids.filtered(lambda line: line.section in sections)

    def _monthly_trend(self):
        """``(months, {indicator: [value per month]})`` of the company scope:
        every month of the period, a month without data left blank (not 0,
        and not left out)."""
        rows = (
            self.env["quality_ops.measurement"]
            .sudo()
            .search_read(
                [
                    ("company_id", "=", self.company_id.id),
                    ("periodicity", "=", "month"),
                    ("scope", "=", "company"),
                    ("date_from", ">=", self.date_from),
                    ("date_from", "<=", self.date_to),
                    ("has_value", "=", True),
                ],
                ["indicator_id", "date_from", "value"],
                order="date_from",
            )
        )
        months = months_of(self.date_from, self.date_to)
        series = {}
        for row in rows:
            values = series.setdefault(row["indicator_id"][1], dict.fromkeys(months))
            values[row["date_from"]] = row["value"]
        return months, {name: [values[m] for m in months] for name, values in series.items()}

    # ------------------------------------------------------------------
    # scheduling: the half-year report in July, the annual one in January
    # ------------------------------------------------------------------
    @api.model
    def _cron_draft_reports(self, today=None):
        """The reports due in each company on its today (``today``, when
        given, is every company's)."""
        if today:
            # pylint: disable-next=no-search-all
            return self._draft_due_reports(today, self.env["res.company"].sudo().search([]))
        created = self.browse()
        for day, companies in self.env["res.company"]._quality_companies_by_today().items():
            created |= self._draft_due_reports(day, companies)
        return created

    @api.model
    def _draft_due_reports(self, today, companies):
        """The reports of ``companies`` due on ``today``, each company's on its own."""
        if today.month == 7:
            due = [("half_year", today.year, "1")]
        elif today.month == 1:
            due = [("half_year", today.year - 1, "2"), ("annual", today.year - 1, False)]
        else:
            return self.browse()
        created = self.browse()
        # every company drafts its own reports
        for company in companies:
            for kind, year, half in due:
                domain = [
                    ("company_id", "=", company.id),
                    ("kind", "=", kind),
                    ("year", "=", year),
                    ("half", "=", half),
                ]
                if self.sudo().search_count(domain):
                    continue
                try:
                    with self.env.cr.savepoint():
                        report = self._draft_report(company, kind, year, half)
                except Exception:
                    # one company's failure does not keep the others' reports back
                    _logger.exception("Drafting the %s report of %s failed", kind, company.name)
                    continue
                created |= report
                if self.env.context.get("cron_id"):
                    self.env["ir.cron"]._commit_progress(1)
        return created

    def _draft_report(self, company, kind, year, half):
        manager = company.quality_manager_id
        lang = reader_lang(self.env, manager)
        if self.env.lang != lang:
            return self.with_context(lang=lang)._draft_report(company, kind, year, half)
        labels = dict(self._fields["kind"]._description_selection(self.env))
        name = (
            self.env._("%(year)s H%(half)s", year=year, half=half)
            if kind == "half_year"
            else str(year)
        )
        report = (
            self.sudo()
            .with_company(company)
            .create(
                {
                    "name": f"{labels[kind]} {name}",
                    "kind": kind,
                    "year": year,
                    "half": half,
                    "company_id": company.id,
                    "user_id": manager.id or False,
                }
            )
        )
        report._generate()
        if manager:
            report.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.env._("Complete and submit %(report)s", report=report.name),
            )
        return report
