import datetime
import logging

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_MANAGER, GROUP_OFFICER, GROUP_REPRESENTATIVE
from ..integrity import SEAL
from ..periods import previous_period, report_period
from ..targets import trend
from .argument_guard import arguments, check_ids, check_vals, check_vals_list
from .quality_workflow_mixin import Transition, has_pass
from .reader_lang import reader_lang
from .unique_guard import unique_violation_as_validation_error

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

KINDS = [
    ("half_year", "Half-year Quality Report"),
    ("annual", "Annual Quality Report"),
    ("improvement", "Quality Improvement Report"),
]
STATES = [("draft", "Draft"), ("reviewed", "Reviewed"), ("approved", "Approved")]
TRANSITIONS = {
    "generate": Transition(
        sources=("draft",),
        target=None,
        group=GROUP_OFFICER,
        denied=_lt("Only the quality department prepares reports."),
        verb=_lt("generated (only a draft is)"),
    ),
    "review": Transition(
        sources=("draft",),
        target="reviewed",
        group=GROUP_MANAGER,
        denied=_lt("Only the quality manager reviews reports."),
        verb=_lt("reviewed"),
        stamp=("reviewed_by_id", "reviewed_date"),
    ),
    "approve": Transition(
        sources=("reviewed",),
        target="approved",
        group=GROUP_REPRESENTATIVE,
        denied=_lt("Only the management representative approves quality reports."),
        verb=_lt("approved"),
        stamp=("approved_by_id", "approved_date"),
        seal=SEAL,
    ),
    "reset": Transition(
        sources=("reviewed",),
        target="draft",
        group=GROUP_MANAGER,
        denied=_lt("Only the quality manager reopens reports."),
        verb=_lt("reset to draft"),
        clear=("reviewed_by_id", "reviewed_date"),
    ),
    "new_version": Transition(
        sources=("approved",),
        target=None,
        group=GROUP_MANAGER,
        denied=_lt("Only the quality manager opens a version."),
        verb=_lt("given a new version (only an approved report is)"),
    ),
}
# complaint causes listed in a report: the most recent, enough to read
MAX_CAUSES = 30


class QualityReport(models.Model):
    """Half-year, annual and improvement reports of the quality department
    (seed §3): generated from what the house measured, judged by people,
    reviewed by the quality manager, approved by the management representative."""

    _name = "quality_ops.report"
    _description = "Quality Report"
    _inherit = ["quality_ops.trail.mixin", "mail.activity.mixin", "quality_ops.workflow.mixin"]
    _order = "year desc, date_from desc, kind, version desc, id desc"
    _rec_names_search = ["reference", "name"]

    _quality_transitions = TRANSITIONS
    _quality_control_fields = frozenset(
        {
            "reference",
            "state",
            "version",
            "prepared_by_id",
            "prepared_date",
            "reviewed_by_id",
            "reviewed_date",
            "approved_by_id",
            "approved_date",
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
        "prepared_by_id",
        "prepared_date",
        "reviewed_by_id",
        "reviewed_date",
        "approved_by_id",
        "approved_date",
        "generated_at",
    )
    _quality_seal_lines = {
        "line_ids": (
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
    }

    reference = fields.Char(required=True, readonly=True, copy=False, default="/", index=True)
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
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda s: s.env.company
    )
    state = fields.Selection(
        STATES, required=True, default="draft", readonly=True, copy=False, tracking=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    prepared_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    prepared_date = fields.Date(readonly=True, copy=False)
    reviewed_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    reviewed_date = fields.Date(readonly=True, copy=False)
    approved_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    approved_date = fields.Date(readonly=True, copy=False)
    generated_at = fields.Datetime(readonly=True, copy=False)
    summary = fields.Html(help="Overall assessment of the period.")
    highlights = fields.Html(string="Improvement Highlights")
    proposals = fields.Html(string="Next-period Proposals")
    line_ids = fields.One2many(
        comodel_name="quality_ops.report.line", inverse_name="report_id", copy=False
    )
    # one tab per group of sections (a field appears once per form)
    scorecard_line_ids = fields.One2many(
        string="Scorecard Lines",
        comodel_name="quality_ops.report.line",
        inverse_name="report_id",
        domain=[("section", "=", "scorecard")],
    )
    sla_line_ids = fields.One2many(
        string="SLA Lines",
        comodel_name="quality_ops.report.line",
        inverse_name="report_id",
        domain=[("section", "in", ("sla_team", "sla_project"))],
    )
    customer_line_ids = fields.One2many(
        string="Satisfaction and Complaint Lines",
        comodel_name="quality_ops.report.line",
        inverse_name="report_id",
        domain=[("section", "in", ("satisfaction", "complaint", "complaint_cause"))],
    )
    audit_line_ids = fields.One2many(
        string="Audit and Action Lines",
        comodel_name="quality_ops.report.line",
        inverse_name="report_id",
        domain=[("section", "in", ("audit", "finding", "action"))],
    )
    assurance_line_ids = fields.One2many(
        string="Quality Assurance Lines",
        comodel_name="quality_ops.report.line",
        inverse_name="report_id",
        domain=[("section", "in", ("assurance", "inspection"))],
    )
    improvement_line_ids = fields.One2many(
        string="Improvement Lines",
        comodel_name="quality_ops.report.line",
        inverse_name="report_id",
        domain=[("section", "=", "improvement")],
    )
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
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_ops.quality_measurement_action"
        )
        action["domain"] = [
            ("company_id", "=", self.company_id.id),
            ("date_from", ">=", self.date_from),
            ("date_to", "<=", self.date_to),
        ]
        action["context"] = {"search_default_company_scope": 1}
        return action

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
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("reference", "/") == "/":
                vals["reference"] = sequence.next_by_code("quality_ops.report") or "/"
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

    @arguments()
    def action_reset_to_draft(self):
        return self._quality_transition("reset")

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
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }

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
        """Every section from stored measurements and set-based reads."""
        self.ensure_one()
        # written for the report's reader: its responsible, else the
        # company's quality manager (not the scheduled action's superuser)
        lang = reader_lang(self.env, self.user_id, self.company_id.quality_manager_id)
        if self.env.lang != lang:
            return self.with_context(lang=lang)._generate()
        Measurement = self.env["quality_ops.measurement"].sudo().with_company(self.company_id)
        prev_from, prev_to = previous_period(self.periodicity, self.date_from)
        # the period and the previous one, measured now unless locked
        Measurement._compute_period(self.periodicity, self.date_from, self.date_to)
        Measurement._compute_period(self.periodicity, prev_from, prev_to)
        self._measure_missing_months()
        # the period's rows with a value, and those with a target but no data
        current = Measurement.search(
            [
                *self._measurement_domain(self.date_from, with_value=False),
                "|",
                ("has_value", "=", True),
                ("target_id", "!=", False),
            ]
        )
        previous = Measurement.search(
            self._measurement_domain(prev_from) + [("scope", "=", "company")]
        )
        before = {m.indicator_id: m for m in previous}
        lines = []
        company_rows = current.filtered(lambda m: m.scope == "company")
        # manual indicators entered by month or quarter: the latest of the period
        manual = Measurement.search(
            [
                ("company_id", "=", self.company_id.id),
                ("source", "=", "manual"),
                ("scope", "=", "company"),
                ("date_from", ">=", self.date_from),
                ("date_to", "<=", self.date_to),
            ],
            order="date_from desc, id desc",
        )
        for measurement in manual:
            if measurement.indicator_id not in company_rows.indicator_id:
                company_rows |= measurement
        company_rows = company_rows.sorted(lambda m: (m.indicator_id.sequence, m.indicator_id.id))
        for sequence, measurement in enumerate(company_rows):
            lines.append(self._scorecard_line(measurement, before.get(measurement.indicator_id)))
            lines[-1]["sequence"] = sequence
        lines += self._sla_lines(current)
        lines += self._satisfaction_lines(company_rows, before)
        lines += self._complaint_lines()
        lines += self._audit_lines()
        lines += self._action_lines()
        lines += self._assurance_lines(current, before)
        if self.kind == "improvement":
            lines += self._improvement_lines()
        values = {
            "line_ids": [(5, 0, 0)] + [(0, 0, line) for line in lines],
            "generated_at": fields.Datetime.now(),
        }
        if not self.env.su:  # a draft by the scheduled action is prepared by nobody yet
            values["prepared_by_id"] = self.env.user.id
            values["prepared_date"] = fields.Date.context_today(self)
        # only drafts are generated (a reviewed report is frozen, lines included)
        if self.state != "draft":
            raise UserError(self._quality_frozen_message())
        scorecard = [line for line in lines if line["section"] == "scorecard"]
        if not self.summary or self.summary == Markup("<p><br></p>"):
            values["summary"] = self._summary_text(scorecard)
        if not self.highlights or self.highlights == Markup("<p><br></p>"):
            values["highlights"] = self._highlights_text(scorecard)
        if not self.proposals or self.proposals == Markup("<p><br></p>"):
            values["proposals"] = self._proposals_text(scorecard)
        self._quality_write(values)

    def _measurement_domain(self, date_from, with_value=True):
        domain = [
            ("company_id", "=", self.company_id.id),
            ("periodicity", "=", self.periodicity),
            ("date_from", "=", date_from),
        ]
        return [*domain, ("has_value", "=", True)] if with_value else domain

    def _measure_missing_months(self):
        """Monthly measurements feed the trend sheet: measure the months of
        the period that were never measured (one grouped count to find them)."""
        Measurement = self.env["quality_ops.measurement"].sudo().with_company(self.company_id)
        done = {
            day
            for (day,) in Measurement._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("periodicity", "=", "month"),
                    ("date_from", ">=", self.date_from),
                    ("date_from", "<=", self.date_to),
                ],
                ["date_from:day"],
            )
        }
        day = self.date_from
        today = fields.Date.context_today(self)
        while day <= self.date_to and day <= today:
            following = (day + datetime.timedelta(days=32)).replace(day=1)
            if day not in done:
                Measurement._compute_period("month", day, following - datetime.timedelta(days=1))
            day = following

    def _scorecard_line(self, measurement, previous):
        indicator = measurement.indicator_id
        return {
            "section": "scorecard",
            "label": indicator.display_name,
            "indicator_id": indicator.id,
            "value": measurement.value,
            "target_value": measurement.target_value,
            "previous_value": previous.value if previous else 0.0,
            "has_previous": bool(previous),
            "count": int(measurement.denominator),
            "status": measurement.status,
            "trend": trend(
                indicator.direction,
                measurement.value if measurement.has_value else None,
                previous.value if previous else None,
            )
            or False,
        }

    def _sla_lines(self, current):
        """Response and resolution compliance per team and per project."""
        rows = {}
        for measurement in current.filtered(
            lambda m: m.scope in ("team", "project") and m.source in ("resp_sla", "reso_sla")
        ):
            record = measurement.team_id or measurement.project_id
            row = rows.setdefault(
                (measurement.scope, record),
                {
                    "section": f"sla_{measurement.scope}",
                    "label": record.display_name,
                    "status": "no_target",
                },
            )
            if measurement.source == "resp_sla":
                row["value"] = measurement.value
                row["count"] = int(measurement.denominator)
            else:
                row["second_value"] = measurement.value
                row["second_count"] = int(measurement.denominator)
                row["target_value"] = measurement.target_value
                row["status"] = measurement.status
        return sorted(rows.values(), key=lambda row: (row["section"] != "sla_team", row["label"]))

    def _satisfaction_lines(self, company_rows, before):
        lines = []
        for measurement in company_rows.filtered(lambda m: m.source in ("csat", "survey", "nps")):
            line = self._scorecard_line(measurement, before.get(measurement.indicator_id))
            line["section"] = "satisfaction"
            lines.append(line)
        return lines

    def _period_datetimes(self):
        """The report's period in UTC, from the company's local midnight."""
        return self.company_id._quality_utc_bounds(self.date_from, self.date_to)

    def _complaint_lines(self):
        Complaint = self.env["quality_ops.complaint"].sudo()
        start, end = self._period_datetimes()
        company = [("company_id", "=", self.company_id.id)]
        received = dict(
            Complaint._read_group(
                [*company, ("create_date", ">=", start), ("create_date", "<", end)],
                ["level_id"],
                ["__count"],
            )
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
        levels = self.env["quality_ops.complaint.level"].union(*received, *closed).sudo().sorted()
        lines = []
        for sequence, level in enumerate(levels):
            total, on_time = closed.get(level, (0, 0))
            lines.append(
                {
                    "section": "complaint",
                    "sequence": sequence,
                    "label": level.display_name,
                    "count": received.get(level, 0),
                    "second_count": total,
                    "value": round(100.0 * on_time / total, 2) if total else 0.0,
                }
            )
        causes = Complaint.search(
            [*company, ("closed_at", ">=", start), ("closed_at", "<", end)],
            order="closed_at desc",
            limit=MAX_CAUSES,
        )
        for complaint in causes:
            lines.append(
                {
                    "section": "complaint_cause",
                    "label": complaint.display_name,
                    "detail": html2plaintext(complaint.cause_analysis or "").strip(),
                    "status": "met" if complaint.closed_on_time else "missed",
                }
            )
        return lines

    def _audit_lines(self):
        company = [("company_id", "=", self.company_id.id)]
        audits = (
            self.env["quality_ops.audit"]
            .sudo()
            .search(
                [
                    *company,
                    ("planned_date", ">=", self.date_from),
                    ("planned_date", "<=", self.date_to),
                ],
                order="planned_date, id",
            )
        )
        states = dict(audits._fields["state"]._description_selection(self.env))
        lines = [
            {
                "section": "audit",
                "label": audit.display_name,
                "value": audit.score,
                # nothing applicable yet: no score, not 0 %
                "status": False if audit.applicable_count else "no_data",
                "count": audit.nonconformity_count,
                "second_count": audit.finding_count,
                "detail": states.get(audit.state, ""),
            }
            for audit in audits
        ]
        Finding = self.env["quality_ops.finding"].sudo()
        start, end = self._period_datetimes()
        severities = dict(Finding._fields["severity"]._description_selection(self.env))
        found = {}
        for severity, state, count in Finding._read_group(
            [*company, ("create_date", ">=", start), ("create_date", "<", end)],
            ["severity", "state"],
            ["__count"],
        ):
            totals = found.setdefault(severity, [0, 0])
            totals[0] += count
            totals[1] += count if state == "closed" else 0
        for sequence, severity in enumerate(("major", "minor", "observation")):
            if severity in found:
                lines.append(
                    {
                        "section": "finding",
                        "sequence": sequence,
                        "label": severities[severity],
                        "count": found[severity][0],
                        "second_count": found[severity][1],
                    }
                )
        return lines

    def _action_lines(self):
        Action = self.env["quality_ops.action"].sudo()
        today = fields.Date.context_today(self)
        domain = [
            ("company_id", "=", self.company_id.id),
            ("due_date", ">=", self.date_from),
            ("due_date", "<=", self.date_to),
        ]
        counts = {
            (state, effectiveness): count
            for state, effectiveness, count in Action._read_group(
                domain, ["state", "effectiveness"], ["__count"]
            )
        }
        overdue = Action.search_count([*domain, *Action._overdue_domain(today)])
        on_time = Action.search_count([*domain, ("closed_on_time", "=", True)])

        def total(state=None, effectiveness=None):
            return sum(
                count
                for (s, e), count in counts.items()
                if (state is None or s == state) and (effectiveness is None or e == effectiveness)
            )

        rows = [
            (self.env._("Actions due in the period"), total()),
            (self.env._("Open"), total("open")),
            (self.env._("Overdue"), overdue),
            (self.env._("Closed on time"), on_time),
            (self.env._("Done, awaiting verification"), total("done")),
            (self.env._("Verified effective"), total("verified", "effective")),
            (self.env._("Verified not effective"), total("verified", "not_effective")),
        ]
        return [
            {"section": "action", "sequence": sequence, "label": label, "count": count}
            for sequence, (label, count) in enumerate(rows)
        ]

    def _assurance_lines(self, current, before):
        """Quality assurance of the period: controlled documents (in force,
        due for their periodic review, released), QA activities (planned,
        done, overdue, nonconformities) and the inspection coverage of the
        company and of each project."""
        today = fields.Date.context_today(self)
        company = [("company_id", "=", self.company_id.id)]
        Document = self.env["quality_ops.document"].sudo()
        released = [*company, ("state", "=", "released")]
        Activity = self.env["quality_ops.qa.activity"].sudo()
        period = [
            *company,
            ("state", "!=", "cancelled"),
            ("planned_date", ">=", self.date_from),
            ("planned_date", "<=", self.date_to),
        ]
        rows = [
            (self.env._("Controlled documents in force"), Document.search_count(released)),
            (
                self.env._("Documents due for periodic review"),
                Document.search_count(
                    [
                        *released,
                        ("next_review_date", "!=", False),
                        ("next_review_date", "<=", max(today, self.date_to)),
                    ]
                ),
            ),
            (
                self.env._("Document versions released in the period"),
                Document.search_count(
                    [
                        *company,
                        ("release_date", ">=", self.date_from),
                        ("release_date", "<=", self.date_to),
                    ]
                ),
            ),
            (self.env._("QA activities planned in the period"), Activity.search_count(period)),
            (
                self.env._("QA activities done"),
                Activity.search_count([*period, ("state", "=", "done")]),
            ),
            (
                self.env._("QA activities overdue"),
                Activity.search_count(
                    [*company, ("state", "=", "planned"), ("planned_date", "<", today)]
                ),
            ),
            (
                self.env._("Nonconformities found by QA activities"),
                Activity.search_count(
                    [*period, ("state", "=", "done"), ("result", "=", "nonconformity")]
                ),
            ),
        ]
        lines = [
            {"section": "assurance", "sequence": sequence, "label": label, "count": count}
            for sequence, (label, count) in enumerate(rows)
        ]
        coverage = current.filtered(
            lambda m: m.source == "inspection" and m.scope in ("company", "project")
        )
        for sequence, measurement in enumerate(
            coverage.sorted(lambda m: (m.scope != "company", m.project_id.display_name or ""))
        ):
            line = self._scorecard_line(
                measurement,
                before.get(measurement.indicator_id) if measurement.scope == "company" else None,
            )
            line.update(
                section="inspection",
                sequence=sequence,
                second_count=int(measurement.numerator),
            )
            if measurement.scope == "project":
                line["label"] = measurement.project_id.display_name
            lines.append(line)
        return lines

    def _improvement_lines(self):
        """Each finding of the year with each of its actions and the effect verified."""
        start, end = self._period_datetimes()
        findings = (
            self.env["quality_ops.finding"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("create_date", ">=", start),
                    ("create_date", "<", end),
                    ("state", "!=", "cancelled"),
                ],
                order="create_date, id",
            )
        )
        effects = dict(
            self.env["quality_ops.action"]._fields["effectiveness"]._description_selection(self.env)
        )
        lines = []
        for finding in findings:
            for action in finding.action_ids or [self.env["quality_ops.action"]]:
                effect = effects.get(action.effectiveness) if action else ""
                lines.append(
                    {
                        "section": "improvement",
                        "label": finding.display_name,
                        "finding_id": finding.id,
                        "action_id": action.id or False,
                        "detail": " / ".join(
                            part
                            for part in (
                                action.display_name if action else self.env._("No action"),
                                effect,
                                action.verification_note if action else "",
                            )
                            if part
                        ),
                        "status": {"effective": "met", "not_effective": "missed"}.get(
                            action.effectiveness, "no_target"
                        )
                        if action
                        else "no_target",
                    }
                )
        return lines

    def _summary_text(self, scorecard):
        met = sum(1 for line in scorecard if line["status"] == "met")
        warning = sum(1 for line in scorecard if line["status"] == "warning")
        missed = [line["label"] for line in scorecard if line["status"] == "missed"]
        text = self.env._(
            "%(total)s indicators measured from %(date_from)s to %(date_to)s: "
            "%(met)s met their target, %(warning)s in the warning band, %(missed)s missed.",
            total=len(scorecard),
            date_from=self.date_from,
            date_to=self.date_to,
            met=met,
            warning=warning,
            missed=len(missed),
        )
        return Markup("<p>%s</p>") % text

    def _highlights_text(self, scorecard):
        better = [
            line["label"]
            for line in scorecard
            if line.get("trend") == "better" and line["status"] == "met"
        ]
        if not better:
            return Markup("<p><br></p>")
        return Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Met and better than the previous period:"),
            Markup("").join(Markup("<li>%s</li>") % escape(label) for label in better),
        )

    def _proposals_text(self, scorecard):
        missed = [line["label"] for line in scorecard if line["status"] in ("missed", "warning")]
        if not missed:
            return Markup("<p><br></p>")
        return Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Improve next period (missed or in the warning band):"),
            Markup("").join(Markup("<li>%s</li>") % escape(label) for label in missed),
        )

    def _lines_of(self, *sections):
        return self.line_ids.filtered(lambda line: line.section in sections)

    def _monthly_trend(self):
        """``(months, {indicator: [value per month]})`` of the company scope."""
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
        months = sorted({row["date_from"] for row in rows})
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
        today = today or fields.Date.context_today(self)
        if today.month == 7:
            due = [("half_year", today.year, "1")]
        elif today.month == 1:
            due = [("half_year", today.year - 1, "2"), ("annual", today.year - 1, False)]
        else:
            return self.browse()
        created = self.browse()
        # every company drafts its own reports
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
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
