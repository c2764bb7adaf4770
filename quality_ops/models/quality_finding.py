from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_LEAD, GROUP_MANAGER
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.record_fields import company_field, internal_user_field
from ..tools.smart_buttons import form_action, window_action
from ..tools.workflow_fields import state_field
from ..tools.workflow_pass import Transition, transitions, with_pass

_lt = LazyTranslate(__name__)

ORIGINS = [
    ("audit", "Audit"),
    ("complaint", "Complaint"),
    ("indicator", "Missed Indicator"),
    ("sla", "SLA Breach"),
    ("rating", "Low Rating"),
    ("qa", "QA Activity"),
    ("manual", "Manual"),
]
STATES = [
    ("draft", "Draft"),
    ("analysis", "Cause Analysis"),
    ("action_plan", "Action Plan"),
    ("in_progress", "In Progress"),
    ("verification", "Verification"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# the only forward step allowed from each state
NEXT_STATE = {
    "draft": "analysis",
    "analysis": "action_plan",
    "action_plan": "in_progress",
    "in_progress": "verification",
    "verification": "closed",
}
# the steps forward but the closing: the project's quality lead takes them
FORWARD = {
    f"to_{target}": Transition(source, target, GROUP_LEAD)
    for source, target in NEXT_STATE.items()
    if target != "closed"
}
STEPS = {
    **FORWARD,
    "to_closed": Transition("verification", "closed", GROUP_MANAGER, stamp=(None, "closed_date")),
    "cancel": Transition(
        ("draft", "analysis", "action_plan", "in_progress", "verification"),
        "cancelled",
        GROUP_MANAGER,
    ),
}
DENIED = {
    **dict.fromkeys(
        FORWARD,
        _lt("Only the quality department and the project's quality lead move findings on."),
    ),
    "to_closed": _lt("Only the quality manager closes findings."),
    "cancel": _lt("Only the quality manager cancels findings."),
}
VERBS = {
    **dict.fromkeys(FORWARD, _lt("moved to the next step")),
    "to_closed": _lt("closed"),
    "cancel": _lt("cancelled"),
}


class QualityFinding(models.Model):
    _name = "quality_ops.finding"
    _description = "Quality Finding"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.xlsx.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.numbered.mixin",
    ]
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset({"reference", "state", "closed_date"})
    _quality_frozen_states = ("closed", "cancelled")
    _quality_xlsx_fields = [
        "reference",
        "name",
        "origin",
        "severity",
        ("audit_id", "reference"),
        "project_id",
        "responsible_id",
        "deadline",
        "state",
        "closed_date",
        "description",
        "company_id",
    ]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    origin = fields.Selection(ORIGINS, required=True, default="manual", tracking=True)
    source_ref = fields.Reference(
        selection="_selection_source_models",
        string="Source",
        help="The record the finding comes from (audit line, ticket, measurement...).",
    )
    audit_id = fields.Many2one(
        comodel_name="quality_ops.audit", index=True, ondelete="restrict", check_company=True
    )
    project_id = fields.Many2one(comodel_name="project.project", index=True, check_company=True)
    company_id = company_field()
    severity = fields.Selection(
        [("observation", "Observation"), ("minor", "Minor"), ("major", "Major")],
        required=True,
        default="minor",
        tracking=True,
    )
    description = fields.Text(required=True)
    document_id = fields.Many2one(
        comodel_name="quality_ops.document",
        string="Procedure Checked",
        ondelete="restrict",
        check_company=True,
        help="The controlled document (and its version) the nonconformity is against.",
    )
    cause_analysis = fields.Html()
    responsible_id = internal_user_field(tracking=True)
    deadline = fields.Date(tracking=True)
    state = state_field(STATES)
    action_ids = fields.One2many(
        comodel_name="quality_ops.action", inverse_name="finding_id", string="Actions"
    )
    action_count = fields.Integer(compute="_compute_action_count")
    closed_date = fields.Date(readonly=True, copy=False)

    @api.model
    def _selection_source_models(self):
        models_ = [
            "quality_ops.audit.line",
            "quality_ops.complaint",
            "quality_ops.measurement",
            "helpdesk.ticket",
            "quality_ops.ticket.sla",
            "quality_ops.qa.activity",
        ]
        # the models' names in the reader's language (a _description is English)
        names = {
            model.model: model.name
            for model in self.env["ir.model"].sudo().search([("model", "in", models_)])
        }
        return [(model, names.get(model, model)) for model in models_ if model in self.env]

    @api.model
    def _open_domain(self):
        """Open: neither closed nor cancelled."""
        return [("state", "not in", self._quality_frozen_states)]

    @api.depends("action_ids")
    def _compute_action_count(self):
        for finding in self:
            finding.action_count = len(finding.action_ids)

    def _check_audit_open(self, audit_ids):
        """A closed (sealed) audit gets no new finding: reopen it first."""
        closed = (
            self.env["quality_ops.audit"]
            .sudo()
            .browse(audit_ids)
            .filtered(lambda a: a.state == "closed")
        )
        if closed:
            raise UserError(closed[0]._quality_frozen_message())

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        self._check_audit_open([v["audit_id"] for v in vals_list if v.get("audit_id")])
        Finding = self._quality_checked_for_create(vals_list)
        self._quality_set_references(vals_list, "quality_ops.finding")
        return super(QualityFinding, Finding).create(vals_list).with_env(self.env)

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if vals.get("audit_id"):
            self._check_audit_open([vals["audit_id"]])
        return super().write(vals)

    @api.model
    def _quality_open_from(self, sources, vals_of):
        """The finding of each record of ``sources`` (never two): its own when
        it has one, else one created from ``vals_of(source)`` (which refuses a
        source that opens none) and linked to it. The finding's form when
        there is one."""
        findings = self.browse()
        for source in sources:
            if source.finding_id:
                findings |= source.finding_id
                continue
            finding = self.create(vals_of(source))
            with_pass(source).write({"finding_id": finding.id})
            findings |= finding
        if len(findings) == 1:
            return form_action(findings)
        return True

    def _quality_frozen_message(self):
        return self.env._(
            "Finding %(finding)s is %(state)s: it is kept as it was.",
            finding=self.display_name,
            state=self._quality_state_label(),
        )

    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    @arguments()
    def action_next(self):
        """One step forward; the checks of each step are explicit."""
        for finding in self:
            target = NEXT_STATE.get(finding.state)
            if not target:
                raise UserError(
                    self.env._(
                        "Finding %(finding)s is %(state)s: there is no next step.",
                        finding=finding.display_name,
                        state=finding._state_label(finding.state),
                    )
                )
            finding._quality_check_transition(f"to_{target}")
            if target == "action_plan" and not finding.cause_analysis:
                raise UserError(
                    self.env._(
                        "Write the cause analysis of %(finding)s before planning actions.",
                        finding=finding.display_name,
                    )
                )
            if target == "in_progress" and not finding.sudo().action_ids:
                raise UserError(
                    self.env._(
                        "Plan at least one action for %(finding)s.", finding=finding.display_name
                    )
                )
            if target == "verification" and finding.sudo().action_ids.filtered(
                lambda a: a.state == "open"
            ):
                raise UserError(
                    self.env._(
                        "Actions of %(finding)s are still open.", finding=finding.display_name
                    )
                )
            if target == "closed":
                finding._check_can_close()
            finding._quality_transition(f"to_{target}")
        return True

    def _check_can_close(self):
        self.ensure_one()
        self._quality_check_transition("to_closed")
        unverified = self.sudo().action_ids.filtered(
            lambda a: a.state != "verified" or a.effectiveness != "effective"
        )
        if unverified:
            raise UserError(
                self.env._(
                    "Finding %(finding)s cannot be closed: %(count)s of its actions are "
                    "open or not verified effective.",
                    finding=self.display_name,
                    count=len(unverified),
                )
            )

    @arguments()
    def action_cancel(self):
        return self._quality_transition("cancel")

    @api.readonly
    @arguments()
    def action_view_actions(self):
        self.ensure_one()
        return window_action(
            self.env,
            "quality_ops.quality_action_action",
            [("finding_id", "=", self.id)],
            {"default_finding_id": self.id},
        )
