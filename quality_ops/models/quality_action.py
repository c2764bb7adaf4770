import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..audit_scoring import days_left, days_overdue
from ..groups import GROUP_ENGINEER, GROUP_OFFICER
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.reader_lang import reader_env
from ..tools.record_fields import company_field, current_user, internal_user_field
from ..tools.workflow_fields import state_field
from ..tools.workflow_pass import Transition, effective_vals, has_pass, transitions

_lt = LazyTranslate(__name__)

VERIFY_DENIED = _lt("Only the quality department verifies the effectiveness of actions.")
STEPS = {
    "done": Transition("open", "done", GROUP_ENGINEER, stamp=(None, "date_done")),
    "verify": Transition(
        "done", "verified", GROUP_OFFICER, stamp=("verified_by_id", "verified_date")
    ),
    "reopen": Transition(
        "done",
        "open",
        GROUP_OFFICER,
        clear=("date_done", "effectiveness", "reminder_sent", "escalated"),
    ),
}
DENIED = {
    "done": _lt("Only the owner of an action marks it done."),
    "verify": VERIFY_DENIED,
    "reopen": VERIFY_DENIED,
}
VERBS = {
    "done": _lt("marked done"),
    "verify": _lt("verified (it must be done first)"),
    "reopen": _lt("reopened (it must be done first)"),
}
TYPES = [
    ("correction", "Correction"),
    ("corrective", "Corrective Action"),
    ("preventive", "Preventive Action"),
    ("improvement", "Improvement"),
]
STATES = [("open", "Open"), ("done", "Done"), ("verified", "Verified")]
REMINDER_DAYS = 3


class QualityAction(models.Model):
    _name = "quality_ops.action"
    _description = "Corrective or Preventive Action"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.xlsx.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.numbered.mixin",
        "quality_ops.reminder.mixin",
    ]
    _quality_initial_state = "open"
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {
            "reference",
            "state",
            "date_done",
            "effectiveness",
            "verified_by_id",
            "verified_date",
            "followup_of_id",
            "reminder_sent",
            "escalated",
        }
    )
    # an action belongs to the finding or review that raised it
    _quality_immutable_fields = frozenset({"finding_id", "review_id"})
    _quality_field_groups = {"review_id": GROUP_OFFICER, "verification_note": GROUP_OFFICER}
    _quality_frozen_states = ("verified",)
    _quality_deletable_states = ("open",)
    _quality_xlsx_fields = [
        "reference",
        "name",
        "action_type",
        ("finding_id", "reference"),
        "project_id",
        "owner_id",
        "due_date",
        "state",
        "date_done",
        "closed_on_time",
        "effectiveness",
        "verified_date",
        "verification_note",
        "company_id",
    ]
    _order = "due_date, id"
    _check_company_auto = True

    name = fields.Char(string="Action", required=True, tracking=True)
    action_type = fields.Selection(
        TYPES, string="Type", required=True, default="corrective", tracking=True
    )
    finding_id = fields.Many2one(
        comodel_name="quality_ops.finding",
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    review_id = fields.Many2one(
        comodel_name="quality_ops.review",
        string="Management Review",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    project_id = fields.Many2one(comodel_name="project.project", index=True, check_company=True)
    company_id = company_field()
    owner_id = internal_user_field(
        required=True,
        index=True,
        tracking=True,
        default=current_user,
    )
    due_date = fields.Date(required=True, index=True, tracking=True)
    plan = fields.Html(string="Action Plan")
    result = fields.Html()
    state = state_field(STATES, default="open", group_expand=None)
    state_label = fields.Char(compute="_compute_state_label")
    date_done = fields.Date(string="Done On", readonly=True, copy=False, index=True)
    closed_on_time = fields.Boolean(
        compute="_compute_closed_on_time",
        store=True,
        help="Done by its due date (the ACTION_ONTIME indicator).",
    )
    effectiveness = fields.Selection(
        [("effective", "Effective"), ("not_effective", "Not Effective")],
        readonly=True,
        copy=False,
        tracking=True,
    )
    verification_note = fields.Text(copy=False)
    verified_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    verified_date = fields.Date(readonly=True, copy=False)
    followup_of_id = fields.Many2one(
        comodel_name="quality_ops.action", string="Follow-up Of", copy=False, readonly=True
    )
    days_overdue = fields.Integer(compute="_compute_days")
    days_left = fields.Integer(compute="_compute_days")
    reminder_sent = fields.Boolean(copy=False)
    escalated = fields.Boolean(copy=False)

    @api.depends("state")
    def _compute_state_label(self):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for action in self:
            action.state_label = labels.get(action.state, "")

    @api.depends("date_done", "due_date")
    def _compute_closed_on_time(self):
        for action in self:
            action.closed_on_time = bool(
                action.date_done and action.due_date and action.date_done <= action.due_date
            )

    @api.model
    def _overdue_domain(self, today=None):
        """Overdue: still open after its due date (the quality reports, the
        management reviews and the dashboard count these)."""
        today = today or fields.Date.context_today(self)
        return [("state", "=", "open"), ("due_date", "<", today)]

    @api.depends("due_date", "date_done", "state")
    def _compute_days(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.days_overdue = days_overdue(action.due_date, today, action.date_done)
            action.days_left = 0 if action.date_done else days_left(action.due_date, today)

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        Action = self._quality_checked_for_create(vals_list)
        self._quality_set_references(vals_list, "quality_ops.action")
        for vals in vals_list:
            # the context's default finding counts as sent (``default_finding_id``)
            finding_id = effective_vals(self, vals).get("finding_id")
            if finding_id:
                finding = self.env["quality_ops.finding"].browse(finding_id)
                # raising an action on a finding is changing the finding: it
                # never opens a finding its author could not already change
                finding.check_access("write")
                frozen = finding.sudo()._quality_frozen()
                if frozen and not has_pass(self, creating=True):
                    raise UserError(frozen._quality_frozen_message())
                if vals.get("project_id") and vals["project_id"] != finding.sudo().project_id.id:
                    raise ValidationError(self.env._("An action is in the project of its finding."))
                vals["project_id"] = finding.sudo().project_id.id
                vals.setdefault("company_id", finding.sudo().company_id.id)
        actions = super(QualityAction, Action).create(vals_list).with_env(self.env)
        for action in actions:
            action.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=action.due_date,
                user_id=action.owner_id.id,
                summary=reader_env(self.env, action.owner_id)._("Carry out the action"),
            )
        return actions

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        # owners (engineers included) update their plan and result, nothing else
        if not self.env.su and not has_pass(self) and not self.env.user.has_group(GROUP_OFFICER):
            allowed = {"plan", "result"}
            if set(vals) - allowed:
                raise AccessError(
                    self.env._("You can only update the plan and the result of your actions.")
                )
            if self.filtered(lambda a: a.state != "open"):
                raise UserError(self.env._("Only an open action is updated by its owner."))
        if "due_date" in vals and not has_pass(self) and self.filtered(lambda a: a.state != "open"):
            # the due date judges ACTION_ONTIME: it moves only while the action is open
            raise UserError(
                self.env._("The due date of a done action is the one it was judged against.")
            )
        if "project_id" in vals and not has_pass(self):
            linked = self.sudo().filtered("finding_id")
            if linked.filtered(
                lambda a: a.finding_id.project_id.id != (vals["project_id"] or False)
            ):
                raise ValidationError(self.env._("An action is in the project of its finding."))
        return super().write(vals)

    def _quality_frozen_message(self):
        return self.env._(
            "Action %(action)s is verified: it is kept as it was. "
            "Raise a follow-up action instead.",
            action=self.display_name,
        )

    @arguments()
    def action_done(self):
        self._quality_check_transition("done")
        for action in self:
            if not (
                action.owner_id == self.env.user
                or self.env.user.has_group(GROUP_OFFICER)
                or self.env.user in (action.project_id.user_id | action.project_id.quality_lead_id)
                or self.env.su
            ):
                raise AccessError(
                    self.env._(
                        "Only the owner of %(action)s (or the quality department) marks it done.",
                        action=action.display_name,
                    )
                )
            if not action.result:
                raise UserError(
                    self.env._(
                        "Describe the result of %(action)s before marking it done.",
                        action=action.display_name,
                    )
                )
        self._quality_transition("done")
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def _verification_note(self, note):
        if note in (None, False, ""):
            return None
        if not isinstance(note, str):
            raise UserError(self.env._("The verification note is a text."))
        return note

    @arguments(note="text")
    def action_verify_effective(self, note=None):
        note = self._verification_note(note)
        vals = {"effectiveness": "effective"}
        if note:
            vals["verification_note"] = note
        return self._quality_transition("verify", vals)

    @arguments(note="text", new_due_date="date", follow_up="boolean")
    def action_verify_not_effective(self, note=None, new_due_date=None, follow_up=False):
        """Not effective: reopen with a new due date, or close it and follow it
        up with a new action."""
        self._quality_check_transition("verify")
        note = self._verification_note(note)
        today = fields.Date.context_today(self)
        try:
            new_due = fields.Date.to_date(new_due_date) or today + datetime.timedelta(days=14)
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("%(value)s is not a date.", value=new_due_date)) from error
        for action in self:
            if follow_up:
                vals = {"effectiveness": "not_effective"}
                if note:
                    vals["verification_note"] = note
                action._quality_transition("verify", vals)
                action._quality_copy_with_pass(
                    {
                        "name": self.env._("Follow-up: %(name)s", name=action.name),
                        "due_date": new_due,
                        "followup_of_id": action.id,
                        "result": False,
                    }
                )
            else:
                action.message_post(
                    body=self.env._(
                        "Not effective, reopened until %(due)s: %(note)s",
                        due=new_due,
                        note=note or "-",
                    )
                )
                action._quality_transition("reopen", {"due_date": new_due})
        return True

    @api.model
    def _cron_action_reminders(self, today=None):
        """Remind owners before the due date and escalate overdue actions to the
        quality manager, once each (flags set in the same transaction). Due
        dates are the company's days: today is each company's (``today``, when
        given, is every company's)."""
        reminded = escalated = 0
        for day, companies in self.env["res.company"]._quality_scheduled_days(today):
            soon, overdue = self._quality_action_reminders(day, companies)
            reminded += soon
            escalated += overdue
        return reminded, escalated

    @api.model
    def _quality_action_reminders(self, today, companies):
        """The reminders of the actions of ``companies`` (a domain) on ``today``."""
        soon = self.search(
            [
                *companies,
                ("state", "=", "open"),
                ("reminder_sent", "=", False),
                ("due_date", "<=", today + datetime.timedelta(days=REMINDER_DAYS)),
                ("due_date", ">=", today),
            ]
        )
        overdue = self.search(
            [
                *companies,
                ("state", "=", "open"),
                ("escalated", "=", False),
                ("due_date", "<", today),
            ]
        )
        soon._quality_remind(
            lambda action: action.owner_id,
            lambda env, action: env._(
                "Action due in %(days)s days", days=days_left(action.due_date, today)
            ),
            lambda action: action.due_date,
            {"reminder_sent": True},
        )
        overdue._quality_remind(
            lambda action: action.company_id.quality_manager_id or action.owner_id,
            lambda env, action: env._(
                "Overdue by %(days)s days: escalated", days=days_overdue(action.due_date, today)
            ),
            lambda action: today,
            {"escalated": True},
        )
        return len(soon), len(overdue)
