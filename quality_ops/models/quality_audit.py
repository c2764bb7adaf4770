import datetime
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..audit_scoring import conformity, reminder_due
from ..evidence import audited_period
from ..groups import GROUP_MANAGER, GROUP_OFFICER
from ..integrity import SEAL, UNSEAL
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.reader_lang import reader_env
from ..tools.record_fields import company_field, internal_user_field, internal_users_field
from ..tools.smart_buttons import count_by, window_action
from ..tools.workflow_fields import state_field
from ..tools.workflow_pass import Transition, has_pass, transitions, with_pass

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

STEPS = {
    "start": Transition("planned", "in_progress", GROUP_OFFICER, stamp=(None, "date_done")),
    "report": Transition("in_progress", "reported", GROUP_OFFICER),
    "close": Transition("reported", "closed", GROUP_MANAGER, seal=SEAL),
    "reset": Transition(
        ("reported", "closed"), "in_progress", GROUP_MANAGER, seal=UNSEAL, reason=True
    ),
}
DENIED = {
    "start": _lt("Only quality officers run audits."),
    "report": _lt("Only quality officers report audits."),
    "close": _lt("Only the quality manager closes audits."),
    "reset": _lt("Only the quality manager reopens audits."),
}
VERBS = {
    "start": _lt("started"),
    "report": _lt("reported"),
    "close": _lt("closed"),
    "reset": _lt("reopened"),
}
KINDS = [
    ("internal", "Internal Audit"),
    ("project", "Project Checkpoint Audit"),
]
STATES = [
    ("planned", "Planned"),
    ("in_progress", "In Progress"),
    ("reported", "Reported"),
    ("closed", "Closed"),
]
PROJECT_CHECKPOINTS = [
    ("initiation", "Initiation"),
    ("planning", "Planning"),
    ("execution", "Execution"),
    ("monitoring", "Monitoring"),
    ("closing", "Closing"),
]


class QualityAudit(models.Model):
    _name = "quality_ops.audit"
    _description = "Quality Audit"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.xlsx.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.numbered.mixin",
    ]
    _quality_initial_state = "planned"
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {
            "reference",
            "state",
            "date_done",
            "reminder_14_sent",
            "reminder_7_sent",
        }
    )
    _quality_frozen_states = ("reported", "closed")
    _quality_deletable_states = ("planned",)
    _quality_seal_fields = (
        "reference",
        "name",
        "kind",
        "year",
        "half",
        "project_id",
        "checkpoint",
        "template_id",
        "company_id",
        "planned_date",
        "date_done",
        "lead_auditor_id",
        "auditor_ids",
        "auditee_ids",
        "score",
        "applicable_count",
        "nonconformity_count",
        "strong_points",
        "improvement_points",
        "conclusion",
    )
    _quality_seal_lines = {
        "line_ids": (
            "sequence",
            "section",
            "item_id",
            "question",
            "guidance",
            "evidence_expected",
            "weight",
            "result",
            "evidence",
            "auditor_id",
            "finding_id",
            "attachment_ids",
            "document_id",
            "evidence_snapshot",
        ),
    }
    # cited since sealed audits exist: hashed only when set
    _quality_seal_optional = frozenset({"document_id", "evidence_expected", "evidence_snapshot"})
    _quality_xlsx_fields = [
        "reference",
        "name",
        "kind",
        "year",
        "half",
        "project_id",
        "planned_date",
        "date_done",
        "state",
        "score",
        "applicable_count",
        "nonconformity_count",
        "company_id",
    ]
    _quality_xlsx_children = ("line_ids",)
    _order = "planned_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, default="internal", tracking=True)
    half = fields.Selection(
        [("h1", "First Half"), ("h2", "Second Half")],
        string="Programme Half",
        help="Set on the two internal audits of the yearly programme.",
    )
    year = fields.Integer(
        default=lambda self: fields.Date.context_today(self).year, aggregator=False
    )
    project_id = fields.Many2one(
        comodel_name="project.project", index=True, tracking=True, check_company=True
    )
    checkpoint = fields.Selection(PROJECT_CHECKPOINTS, string="Project Checkpoint")
    template_id = fields.Many2one(
        comodel_name="quality_ops.checklist.template",
        string="Checklist",
        ondelete="restrict",
        domain="[('company_id', 'in', [company_id, False])]",
    )
    company_id = company_field()
    planned_date = fields.Date(required=True, tracking=True, index=True)
    date_done = fields.Date(string="Audit Date", tracking=True, copy=False)
    period_start = fields.Date(
        string="Audited Period From",
        tracking=True,
        help="The records of the audited period are the evidence the checklist lines "
        "show: by default the audit's half of the year, or its year.",
    )
    period_end = fields.Date(string="Audited Period To", tracking=True)
    lead_auditor_id = internal_user_field(
        tracking=True,
    )
    auditor_ids = internal_users_field(relation="quality_ops_audit_auditor_rel", string="Auditors")
    auditee_ids = internal_users_field(relation="quality_ops_audit_auditee_rel", string="Auditees")
    state = state_field(STATES, default="planned")
    line_ids = fields.One2many(
        comodel_name="quality_ops.audit.line",
        inverse_name="audit_id",
        string="Checklist Lines",
        copy=False,
    )
    score = fields.Float(
        string="Conformity (%)",
        compute="_compute_score",
        store=True,
        aggregator="avg",
        digits=(16, 1),
    )
    applicable_count = fields.Integer(compute="_compute_score", store=True)
    nonconformity_count = fields.Integer(compute="_compute_score", store=True)
    strong_points = fields.Html()
    improvement_points = fields.Html(string="Points to Improve")
    conclusion = fields.Html()
    evidence_ids = fields.One2many(
        comodel_name="quality_ops.audit.evidence",
        inverse_name="audit_id",
        string="Evidence Found",
    )
    evidence_note = fields.Char(string="Evidence Snapshot", compute="_compute_evidence_note")
    finding_ids = fields.One2many(
        comodel_name="quality_ops.finding", inverse_name="audit_id", string="Findings"
    )
    finding_count = fields.Integer(compute="_compute_finding_count")
    reminder_14_sent = fields.Boolean(copy=False)
    reminder_7_sent = fields.Boolean(copy=False)
    color = fields.Integer()

    # ------------------------------------------------------------------
    @api.depends("line_ids.result", "line_ids.weight")
    def _compute_score(self):
        for audit in self:
            lines = [(line.result, line.weight) for line in audit.line_ids]
            score = conformity(lines)
            # nothing applicable (applicable_count 0): the views show no score
            audit.score = score or 0.0
            audit.applicable_count = len(audit.line_ids.filtered(lambda line: line.is_applicable))
            audit.nonconformity_count = len(
                audit.line_ids.filtered(lambda line: line.result in ("minor", "major"))
            )

    def _default_period(self, year, half, kind):
        return audited_period(year, half if kind == "internal" else None)

    @api.onchange("year", "half", "kind")
    def _onchange_period(self):
        if self.year:
            self.period_start, self.period_end = self._default_period(
                self.year, self.half, self.kind
            )

    @api.constrains("period_start", "period_end")
    def _check_period(self):
        for audit in self:
            if audit.period_start and audit.period_end and audit.period_start > audit.period_end:
                raise ValidationError(
                    self.env._(
                        "The audited period of %(audit)s ends before it starts.",
                        audit=audit.display_name,
                    )
                )

    def _period(self):
        """The local days whose records are the audit's evidence."""
        self.ensure_one()
        start, end = self._default_period(self.year or self.planned_date.year, self.half, self.kind)
        return (self.period_start or start, self.period_end or end)

    def _evidence_as_of(self):
        """The day the freshness of the evidence is judged on: the audit's."""
        self.ensure_one()
        return self.date_done or self.planned_date

    @api.depends("evidence_ids.snapshot_note")
    @api.depends_context("lang")
    def _compute_evidence_note(self):
        for audit in self:
            audit.evidence_note = audit.evidence_ids[:1].snapshot_note or False

    def _take_evidence_snapshot(self):
        """What was found stays as evidence: the records found now, with the
        reporting auditor's rights, kept with the instant (the report step)."""
        with_pass(self).evidence_ids._take_snapshot()

    @api.depends("finding_ids")
    def _compute_finding_count(self):
        counts = count_by(self.env["quality_ops.finding"], "audit_id", self)
        for audit in self:
            audit.finding_count = counts.get(audit, 0)

    @api.constrains("lead_auditor_id", "auditor_ids", "auditee_ids", "project_id")
    def _check_independence(self):
        for audit in self:
            auditors = audit.lead_auditor_id | audit.auditor_ids
            auditees = audit.auditee_ids
            if audit.kind == "project" and audit.project_id:
                auditees |= audit.project_id.user_id | audit.project_id.quality_lead_id
            own = auditors & auditees
            if own:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot audit their own work: an auditor is never an "
                        "auditee (nor the manager of the audited project).",
                        user=own[0].name,
                    )
                )

    def _auditees(self):
        """Who is audited: never an auditor (nor the manager of the project)."""
        self.ensure_one()
        auditees = self.auditee_ids
        if self.kind == "project" and self.project_id:
            auditees |= self.project_id.user_id | self.project_id.quality_lead_id
        return auditees

    def _check_not_auditee(self):
        for audit in self.sudo():
            if self.env.user in audit._auditees():
                raise UserError(
                    self.env._(
                        "%(user)s is audited in %(audit)s and cannot run it.",
                        user=self.env.user.name,
                        audit=audit.display_name,
                    )
                )

    @api.constrains("kind", "project_id")
    def _check_project(self):
        for audit in self:
            if audit.kind == "project" and not audit.project_id:
                raise ValidationError(self.env._("A project checkpoint audit needs a project."))

    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        Audit = self._quality_checked_for_create(vals_list)
        for vals in vals_list:
            # the audited period defaults to the audit's half of the year, or its year
            year = vals.get("year") or fields.Date.context_today(self).year
            start, end = self._default_period(
                year, vals.get("half"), vals.get("kind") or "internal"
            )
            vals.setdefault("period_start", start)
            vals.setdefault("period_end", end)
        self._quality_set_references(
            vals_list,
            "quality_ops.audit",
            lambda vals: fields.Date.to_date(vals.get("planned_date")),
        )
        return super(QualityAudit, Audit).create(vals_list).with_env(self.env)

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        content = [name for name in vals if not name.startswith(("message_", "activity_"))]
        if content and not self.env.su and not has_pass(self):
            self._check_not_auditee()
        return super().write(vals)

    def _quality_frozen_message(self):
        return self.env._(
            "Audit %(audit)s is %(state)s: the quality manager may reopen it to change it.",
            audit=self.display_name,
            state=self._quality_state_label(),
        )

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    @arguments()
    def action_start(self):
        self._quality_check_transition("start")
        self._check_not_auditee()
        for audit in self:
            if not audit.line_ids and audit.template_id:
                audit._load_template()
        return self._quality_transition("start")

    def _load_template(self):
        self.ensure_one()
        vals = []
        for section in self.template_id.section_ids:
            for item in section.item_ids:
                vals.append(
                    {
                        "audit_id": self.id,
                        "sequence": len(vals) + 1,
                        "section": section.display_name,
                        "item_id": item.id,
                        "question": item.question,
                        "guidance": item.guidance,
                        "evidence_expected": item.evidence_expected,
                        "weight": item.weight,
                    }
                )
        self.env["quality_ops.audit.line"].create(vals)

    @arguments()
    def action_report(self):
        self._quality_check_transition("report")
        self._check_not_auditee()
        for audit in self:
            missing = audit.line_ids.filtered(lambda line: not line.result)
            if missing:
                raise UserError(
                    self.env._(
                        "%(count)s checklist items of %(audit)s have no result yet.",
                        count=len(missing),
                        audit=audit.display_name,
                    )
                )
        self._take_evidence_snapshot()
        self._quality_transition("report")
        auto = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("quality_ops.audit_auto_findings", "False")
        )
        if auto not in ("False", "0", ""):
            self.line_ids.filtered(
                lambda line: line.result in ("minor", "major") and not line.finding_id
            ).action_create_finding()
        return True

    @arguments()
    def action_close(self):
        return self._quality_transition("close")

    @arguments(reason="text")
    def action_reset(self, reason=None):
        return self._quality_transition("reset", reason=reason)

    @api.readonly
    @arguments()
    def action_view_findings(self):
        self.ensure_one()
        return window_action(
            self.env,
            "quality_ops.quality_finding_action",
            [("audit_id", "=", self.id)],
            {"default_audit_id": self.id, "default_origin": "audit"},
        )

    # ------------------------------------------------------------------
    # yearly programme
    # ------------------------------------------------------------------
    @api.model
    def _cron_audit_programme(self, today=None):
        """Create the H1 and H2 internal audits of each company and remind the
        quality manager 14 and 7 days before, once each. Years and days are
        each company's (``today``, when given, is every company's)."""
        now = fields.Datetime.now()
        # a handful of companies: one loop, not one per ticket
        for company in self.env["res.company"].search([("active", "=", True)]):
            day = today or company._quality_local_date(now)
            for half, month in (
                ("h1", int(company.quality_audit_month_h1 or 6)),
                ("h2", int(company.quality_audit_month_h2 or 12)),
            ):
                exists = self.search_count(
                    [
                        ("company_id", "=", company.id),
                        ("kind", "=", "internal"),
                        ("year", "=", day.year),
                        ("half", "=", half),
                    ],
                    limit=1,
                )
                if exists:
                    continue
                template = self.env.ref(
                    "quality_ops.checklist_organisation", raise_if_not_found=False
                )
                try:
                    with self.env.cr.savepoint():
                        self._create_programme_audit(company, half, month, day, template)
                except Exception:
                    # the other companies still get their programme
                    _logger.exception("Planning the %s audit of %s failed", half, company.name)
        for day, companies in self.env["res.company"]._quality_scheduled_days(today):
            self._send_audit_reminders(day, companies)

    def _create_programme_audit(self, company, half, month, today, template):
        return self.create(
            {
                # named for its lead auditor, the quality manager
                "name": reader_env(self.env, company.quality_manager_id)._(
                    "%(year)s internal audit (%(half)s)",
                    year=today.year,
                    half=half.upper(),
                ),
                "kind": "internal",
                "half": half,
                "year": today.year,
                "company_id": company.id,
                "planned_date": datetime.date(today.year, month, 15),
                "template_id": template.id if template else False,
                "lead_auditor_id": company.quality_manager_id.id,
            }
        )

    @api.model
    def _send_audit_reminders(self, today, companies=()):
        """Remind the audits (of ``companies``, a domain) planned from ``today`` on."""
        template = self.env.ref("quality_ops.mail_template_audit_reminder")
        audits = self.search([*companies, ("state", "=", "planned"), ("planned_date", ">=", today)])
        for days, flag in ((14, "reminder_14_sent"), (7, "reminder_7_sent")):
            # the 14-day reminder only while more than 7 days remain: an audit
            # planned late gets the 7-day one alone
            due = audits.filtered(
                lambda a, days=days, flag=flag: (
                    not a[flag]
                    and reminder_due(a.planned_date, today, days)
                    and (days == 7 or a.planned_date - today > datetime.timedelta(days=7))
                )
            )
            for audit in due:
                # queued, sent by the mail cron (no force_send in a loop)
                template.with_context(reminder_days=days).send_mail(audit.id)
            with_pass(due).write({flag: True})
