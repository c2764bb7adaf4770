import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..audit_scoring import days_left
from ..groups import GROUP_MANAGER, GROUP_OFFICER
from ..tools.argument_guard import arguments, check_vals_list
from ..tools.group_guard import require_group
from ..tools.record_fields import company_of_field, current_user, internal_user_field
from ..tools.workflow_fields import state_field
from ..tools.workflow_pass import Transition, transitions

_lt = LazyTranslate(__name__)

KINDS = [
    ("ticket_check", "Process Check: Tickets"),
    ("change_check", "Process Check: Changes"),
    ("report_check", "Process Check: Reports"),
    ("document_review", "Document Review"),
    ("deliverable_check", "Deliverable Check"),
    ("other", "Other Check"),
]
RESULTS = [
    ("conform", "Conform"),
    ("nonconformity", "Nonconformity"),
    ("observation", "Observation"),
]
STATES = [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")]
REMINDER_DAYS = 3
STEPS = {
    "done": Transition("planned", "done", GROUP_OFFICER, stamp=(None, "date_done")),
    "reopen": Transition("done", "planned", GROUP_MANAGER, clear=("date_done",), reason=True),
    "cancel": Transition("planned", "cancelled", GROUP_MANAGER),
}
DENIED = {
    "done": _lt("Only the quality assurance and control officers record QA activities."),
    "reopen": _lt("Only the quality manager reopens a QA activity."),
    "cancel": _lt("Only the quality manager cancels a QA activity."),
}
VERBS = {
    "done": _lt("recorded as done (it must be planned)"),
    "reopen": _lt("reopened (only a done activity is)"),
    "cancel": _lt("cancelled (only a planned activity is)"),
}


class QualityQaActivity(models.Model):
    """A planned quality assurance activity of the QA / QC officers (seed
    §6.2 project level, §6.3 company level): a process-compliance check of
    tickets, changes or reports, a document review or a deliverable check,
    against the procedure it checks, with its result and evidence."""

    _name = "quality_ops.qa.activity"
    _description = "Quality Assurance Activity"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.xlsx.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.numbered.mixin",
        "quality_ops.reminder.mixin",
    ]
    _order = "planned_date, id"
    _check_company_auto = True

    _quality_initial_state = "planned"
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {"reference", "state", "date_done", "finding_id", "reminder_sent"}
    )
    # an activity belongs to the plan it was planned in
    _quality_immutable_fields = frozenset({"plan_id"})
    _quality_frozen_states = ("done", "cancelled")
    _quality_deletable_states = ("planned",)
    _quality_xlsx_fields = [
        "reference",
        "name",
        "level",
        ("plan_id", "reference"),
        "project_id",
        "kind",
        "planned_date",
        "responsible_id",
        ("document_id", "number"),
        "state",
        "date_done",
        "result",
        "evidence",
        ("finding_id", "reference"),
        "company_id",
    ]

    name = fields.Char(string="Activity", required=True, tracking=True)
    plan_id = fields.Many2one(
        comodel_name="quality_ops.plan",
        string="Quality Plan",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        help="The project quality plan (project-level QA) or the annual "
        "organisation plan (company-level QA) the activity carries out.",
    )
    level = fields.Selection(
        related="plan_id.plan_type",
        store=True,
        string="Level",
    )
    project_id = fields.Many2one(
        related="plan_id.project_id", store=True, index=True, string="Project"
    )
    company_id = company_of_field("plan_id")
    kind = fields.Selection(KINDS, required=True, default="ticket_check", tracking=True)
    planned_date = fields.Date(required=True, index=True, tracking=True)
    responsible_id = internal_user_field(
        required=True,
        default=current_user,
        tracking=True,
        index=True,
    )
    document_id = fields.Many2one(
        comodel_name="quality_ops.document",
        string="Procedure Checked",
        ondelete="restrict",
        check_company=True,
        domain="[('state', '=', 'released')]",
        help="The controlled document (and its version) the activity checks against.",
    )
    scope = fields.Text(
        string="What Is Checked", help="The sample: tickets, changes, reports or deliverables."
    )
    result = fields.Selection(RESULTS, tracking=True)
    evidence = fields.Text(string="Evidence Notes")
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="quality_ops_qa_activity_attachment_rel",
        string="Evidence Files",
    )
    state = state_field(STATES, default="planned")
    date_done = fields.Date(string="Done On", readonly=True, copy=False)
    finding_id = fields.Many2one(
        comodel_name="quality_ops.finding", copy=False, readonly=True, ondelete="restrict"
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    reminder_sent = fields.Boolean(copy=False)
    color = fields.Integer()

    @api.depends("state", "planned_date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for activity in self:
            activity.is_overdue = bool(
                activity.state == "planned"
                and activity.planned_date
                and activity.planned_date < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue activities with yes or no."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("state", "=", "planned"), ("planned_date", "<", today)]
        return ["|", ("state", "!=", "planned"), ("planned_date", ">=", today)]

    @api.constrains("plan_id")
    def _check_plan(self):
        for activity in self:
            if activity.plan_id.state == "closed":
                raise ValidationError(
                    self.env._(
                        "%(plan)s is closed: plan the activity in this year's plan.",
                        plan=activity.plan_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        Activity = self._quality_checked_for_create(vals_list)
        self._quality_set_references(
            vals_list,
            "quality_ops.qa.activity",
            lambda vals: fields.Date.to_date(vals.get("planned_date")),
        )
        return super(QualityQaActivity, Activity).create(vals_list).with_env(self.env)

    def _quality_frozen_message(self):
        return self.env._(
            "QA activity %(activity)s is %(state)s: it is kept as it was recorded. "
            "The quality manager may reopen it.",
            activity=self.display_name,
            state=self._quality_state_label(),
        )

    # ------------------------------------------------------------------
    @arguments()
    def action_done(self):
        """Recorded with its result and evidence; a nonconformity then opens
        a finding with one click (or at once, when asked)."""
        self._quality_check_transition("done")
        for activity in self:
            if not activity.result:
                raise UserError(
                    self.env._(
                        "Record the result of %(activity)s first.", activity=activity.display_name
                    )
                )
            if not (activity.evidence or "").strip() and not activity.attachment_ids:
                raise UserError(
                    self.env._(
                        "Record the evidence of %(activity)s (notes or files).",
                        activity=activity.display_name,
                    )
                )
        self._quality_transition("done")
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    @arguments(reason="text")
    def action_reopen(self, reason=None):
        self._quality_check_transition("reopen")
        linked = self.filtered("finding_id")
        if linked:
            raise UserError(
                self.env._(
                    "%(activity)s opened finding %(finding)s: it is kept as the finding's source.",
                    activity=linked[0].display_name,
                    finding=linked[0].finding_id.display_name,
                )
            )
        return self._quality_transition("reopen", reason=reason)

    @arguments()
    def action_cancel(self):
        return self._quality_transition("cancel")

    @arguments()
    def action_create_finding(self):
        """The nonconformity of a recorded activity becomes a finding (once),
        in the finding / action loop."""
        require_group(
            self.env,
            GROUP_OFFICER,
            self.env._("Only the quality assurance and control officers record findings."),
        )

        def finding_vals(activity):
            if activity.state != "done" or activity.result != "nonconformity":
                raise UserError(
                    self.env._(
                        "Only the nonconformity of a recorded QA activity opens a finding: "
                        "%(activity)s.",
                        activity=activity.display_name,
                    )
                )
            return {
                "name": activity.name[:120],
                "origin": "qa",
                "source_ref": f"{self._name},{activity.id}",
                "severity": "minor",
                "description": activity.evidence or activity.name,
                "project_id": activity.project_id.id,
                "company_id": activity.company_id.id,
                "document_id": activity.document_id.id,
                "responsible_id": (
                    activity.project_id.quality_lead_id
                    or activity.project_id.user_id
                    or activity.company_id.quality_manager_id
                ).id,
            }

        return self.env["quality_ops.finding"]._quality_open_from(self, finding_vals)

    # ------------------------------------------------------------------
    @api.model
    def _cron_reminders(self, today=None):
        """Remind the responsible officer a few days before the planned date
        (once per activity). Planned dates are the company's days: today is
        each company's (``today``, when given, is every company's)."""
        days = self.env["res.company"]._quality_scheduled_days(today)
        return sum(self._quality_remind_soon(day, companies) for day, companies in days)

    @api.model
    def _quality_remind_soon(self, today, companies):
        """The reminders of the activities of ``companies`` (a domain) on ``today``."""
        soon = self.search(
            [
                *companies,
                ("state", "=", "planned"),
                ("reminder_sent", "=", False),
                ("planned_date", ">=", today),
                ("planned_date", "<=", today + datetime.timedelta(days=REMINDER_DAYS)),
            ]
        )
        return soon._quality_remind(
            lambda activity: activity.responsible_id,
            lambda env, activity: env._(
                "QA activity due in %(days)s days", days=days_left(activity.planned_date, today)
            ),
            lambda activity: activity.planned_date,
            {"reminder_sent": True},
        )
