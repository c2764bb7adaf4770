from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import html2plaintext
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_OFFICER
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.calendars import working_calendar
from ..tools.group_guard import require_group
from ..tools.record_fields import company_field, internal_user_field
from ..tools.smart_buttons import form_action
from ..tools.workflow_pass import Transition, effective_vals, has_pass, transitions
from .resource_calendar import WorkTimeCache

_lt = LazyTranslate(__name__)

# what the agents of the ticket's team answer; the rest is the quality department's
AGENT_FIELDS = frozenset(
    {"description", "handling", "feedback_to_customer", "reason", "stage_id", "color"}
)
REASONS = [
    ("delay", "Slow response or resolution"),
    ("unresolved", "Problem not resolved"),
    ("attitude", "Service attitude"),
    ("quality", "Quality of the work"),
    ("communication", "Communication and information"),
    ("other", "Other"),
]
ANSWERS = [("resolved", "Confirmed resolved"), ("not_resolved", "Not resolved")]
STEPS = {
    "reopen": Transition("closed", None, GROUP_OFFICER, reason=True),
}
DENIED = {
    "reopen": _lt("Only the quality department reopens a closed complaint."),
}
VERBS = {
    "reopen": _lt("reopened (only a closed complaint is)"),
}


class QualityComplaint(models.Model):
    """A customer complaint (投诉), handled in a closed loop by the quality
    department: accept → investigate → handle → feedback → return visit."""

    _name = "quality_ops.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.xlsx.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.numbered.mixin",
    ]
    _quality_state_field = "stage_id"
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    # the deadlines and the dates they are judged on are the system's
    _quality_control_fields = frozenset(
        {
            "reference",
            "response_deadline",
            "close_deadline",
            "responded_at",
            "closed_at",
            "calendar_id",
            "finding_id",
            # the customer's own words, on the portal: nobody else types them
            "portal_raised",
            "customer_text",
            "customer_answer",
            "customer_answer_date",
            "customer_answer_comment",
        }
    )
    _quality_frozen_states = ("closed",)
    _quality_deletable_states = ("open",)
    _quality_xlsx_fields = [
        "reference",
        "name",
        "partner_id",
        "project_id",
        "team_id",
        ("ticket_id", "number"),
        "reason",
        "portal_raised",
        "level_id",
        "stage_id",
        "create_date",
        "response_deadline",
        "responded_at",
        "close_deadline",
        "closed_at",
        "closed_on_time",
        "cause_analysis",
        "company_id",
    ]
    # newest received first: the register's numbers follow when they came in
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", index=True, tracking=True
    )
    project_id = fields.Many2one(comodel_name="project.project", index=True, check_company=True)
    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team", index=True, check_company=True)
    company_id = company_field()
    level_id = fields.Many2one(
        comodel_name="quality_ops.complaint.level",
        required=True,
        tracking=True,
        default=lambda self: self.env["quality_ops.complaint.level"].search([], limit=1),
    )
    stage_id = fields.Many2one(
        comodel_name="quality_ops.complaint.stage",
        required=True,
        tracking=True,
        index=True,
        group_expand="_read_group_stage_ids",
        default=lambda self: self.env["quality_ops.complaint.stage"].search([], limit=1),
        copy=False,
    )
    is_closed = fields.Boolean(related="stage_id.is_closing", store=True, index=True)
    owner_id = internal_user_field(
        tracking=True,
        default=lambda self: self.env.company.quality_manager_id,
        help="Quality department member in charge.",
    )
    description = fields.Html()
    reason = fields.Selection(REASONS, tracking=True)
    portal_raised = fields.Boolean(
        string="Raised on the Portal",
        readonly=True,
        copy=False,
        help="The customer raised the complaint on their ticket in the customer portal.",
    )
    customer_text = fields.Text(
        string="Customer's Words",
        readonly=True,
        copy=False,
        help="What the customer wrote when raising the complaint on the portal.",
    )
    cause_analysis = fields.Html()
    handling = fields.Html(string="Handling and Feedback")
    feedback_to_customer = fields.Html(
        string="Feedback to the Customer",
        copy=False,
        help="Shown to the customer on the portal, with the stage and its dates; the cause "
        "analysis, the handling notes, the escalations and the chatter never are.",
    )
    customer_confirmed = fields.Boolean(string="Confirmed by Customer", tracking=True, copy=False)
    return_visit_note = fields.Text(string="Return Visit", copy=False)
    customer_answer = fields.Selection(
        ANSWERS,
        string="Customer's Answer",
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer's answer at the return visit, on the portal.",
    )
    customer_answer_date = fields.Datetime(string="Answered On", readonly=True, copy=False)
    customer_answer_comment = fields.Text(string="Customer's Comment", readonly=True, copy=False)
    awaits_customer = fields.Boolean(
        string="Awaits the Customer's Answer",
        compute="_compute_awaits_customer",
        help="At the return visit, not yet confirmed: the customer answers on the portal.",
    )
    calendar_id = fields.Many2one(
        comodel_name="resource.calendar", string="Working Hours", copy=False
    )
    response_deadline = fields.Datetime(index=True, copy=False)
    close_deadline = fields.Datetime(index=True, copy=False)
    responded_at = fields.Datetime(copy=False, index=True)
    response_overdue = fields.Boolean(compute="_compute_overdue", search="_search_response_overdue")
    close_overdue = fields.Boolean(
        compute="_compute_overdue", search="_search_close_overdue", string="Closing Overdue"
    )
    closed_at = fields.Datetime(copy=False, index=True)
    closed_on_time = fields.Boolean(compute="_compute_on_time", store=True)
    responded_on_time = fields.Boolean(compute="_compute_on_time", store=True)
    finding_id = fields.Many2one(
        comodel_name="quality_ops.finding", copy=False, ondelete="restrict"
    )
    escalation_ids = fields.One2many(
        comodel_name="quality_ops.escalation",
        inverse_name="complaint_id",
        string="Escalations",
    )
    color = fields.Integer()

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # every stage is a kanban column, even an empty one (a handful of rows)
        return stages.search([("id", "!=", 0)])

    @api.depends("responded_at", "closed_at", "response_deadline", "close_deadline")
    def _compute_on_time(self):
        for complaint in self:
            complaint.responded_on_time = bool(
                complaint.responded_at
                and complaint.response_deadline
                and complaint.responded_at <= complaint.response_deadline
            )
            complaint.closed_on_time = bool(
                complaint.closed_at
                and complaint.close_deadline
                and complaint.closed_at <= complaint.close_deadline
            )

    @api.depends("stage_id", "customer_confirmed")
    def _compute_awaits_customer(self):
        for complaint in self:
            stage = complaint.sudo().stage_id
            complaint.awaits_customer = bool(
                stage.is_return_visit and not stage.is_closing and not complaint.customer_confirmed
            )

    # ------------------------------------------------------------------
    def _quality_state(self):
        self.ensure_one()
        return "closed" if self.sudo().stage_id.is_closing else "open"

    def _quality_state_label(self):
        self.ensure_one()
        return self.sudo().stage_id.display_name or ""

    def _quality_frozen_message(self):
        return self.env._(
            "Complaint %(complaint)s is closed: the quality department reopens it, with a "
            "reason, to change it.",
            complaint=self.display_name,
        )

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        Complaint = self._quality_checked_for_create(vals_list)
        stages = self.env["quality_ops.complaint.stage"].browse(
            [
                effective_vals(self, vals)["stage_id"]
                for vals in vals_list
                if effective_vals(self, vals).get("stage_id")
            ]
        )
        if stages.filtered("is_closing"):
            raise UserError(self.env._("A complaint is received before it is closed."))
        tickets = self.env["helpdesk.ticket"].browse(
            [vals["ticket_id"] for vals in vals_list if vals.get("ticket_id")]
        )
        by_ticket = {ticket.id: ticket for ticket in tickets}
        for vals in vals_list:
            ticket = by_ticket.get(vals.get("ticket_id"))
            if ticket:
                vals.setdefault("partner_id", ticket.commercial_partner_id.id)
                vals.setdefault("team_id", ticket.team_id.id)
                vals.setdefault("project_id", ticket.project_id.id)
                vals.setdefault("company_id", ticket.company_id.id)
                vals.setdefault("name", ticket.name)
        self._quality_set_references(vals_list, "quality_ops.complaint")
        complaints = super(QualityComplaint, Complaint).create(vals_list).with_env(self.env)
        complaints._set_deadlines(fields.Datetime.now())
        # a new complaint reaches the quality department at once
        self.env["quality_ops.escalation.rule"].sudo()._escalate(
            "complaint_created", complaints.sudo()
        )
        return complaints

    @api.model
    def _close_overdue_domain(self, now):
        """Open past its closing deadline at ``now``: the escalation ladder's
        "closing overdue" (``complaint_close_overdue``, the same test in SQL)."""
        return [("is_closed", "=", False), ("close_deadline", "<=", now)]

    @api.model
    def _response_overdue_domain(self, now):
        """Unanswered past its response deadline at ``now``: the escalation
        ladder's ``complaint_response_overdue``, the same test in SQL."""
        return [("responded_at", "=", False), ("response_deadline", "<=", now)]

    def _compute_overdue(self):
        # not stored: as of the moment it is read
        now = fields.Datetime.now()
        unanswered = self.filtered_domain(self._response_overdue_domain(now))
        late = self.filtered_domain(self._close_overdue_domain(now))
        for complaint in self:
            complaint.response_overdue = complaint in unanswered
            complaint.close_overdue = complaint in late

    def _search_response_overdue(self, operator, value):
        return self._overdue_search(self._response_overdue_domain, operator, value)

    def _search_close_overdue(self, operator, value):
        return self._overdue_search(self._close_overdue_domain, operator, value)

    def _overdue_search(self, domain_at, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            return NotImplemented
        wanted = value if operator in ("=", "!=") else True in value
        domain = Domain(domain_at(fields.Datetime.now()))
        return domain if wanted == (operator in ("=", "in")) else ~domain

    def _calendar(self):
        self.ensure_one()
        return working_calendar(self.calendar_id, self.team_id, self.company_id)

    def _set_deadlines(self, start):
        """Deadlines of complaints received at ``start``: one write per
        calendar and level (they are the same for all of them)."""
        cache = WorkTimeCache(self.env)
        groups = self.filtered(lambda c: c._calendar()).grouped(
            lambda c: (c._calendar(), c.level_id)
        )
        for (calendar, level), complaints in groups.items():
            complaints._quality_write(
                {
                    "calendar_id": calendar.id,
                    "response_deadline": cache.add_hours(calendar, start, level.response_hours),
                    "close_deadline": cache.add_hours(calendar, start, level.close_hours),
                }
            )

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if has_pass(self):
            return super().write(vals)
        if not (self.env.su or self.env.user.has_group(GROUP_OFFICER)):
            others = {n for n in vals if not n.startswith(("message_", "activity_"))}
            if others - AGENT_FIELDS:
                raise AccessError(
                    self.env._(
                        "The team answers the complaint (description, handling, stage); "
                        "%(fields)s are the quality department's.",
                        fields=", ".join(
                            self._fields[n]._description_string(self.env)
                            for n in sorted(others - AGENT_FIELDS)
                            if n in self._fields
                        ),
                    )
                )
        stage = None
        if "stage_id" in vals:
            stage = self.env["quality_ops.complaint.stage"].sudo().browse(vals["stage_id"])
            if stage.is_closing:
                self._check_can_close(vals)
        level_changed = "level_id" in vals
        result = super().write(vals)
        if stage is not None:
            now = fields.Datetime.now()
            answers = stage._answers()
            for complaint in self:
                moved = {}
                if stage.is_closing and not complaint.closed_at:
                    moved["closed_at"] = now
                if answers and not complaint.responded_at:
                    moved["responded_at"] = now
                if moved:
                    complaint._quality_write(moved)
        if level_changed:
            for complaint in self:
                complaint._set_deadlines(complaint.create_date or fields.Datetime.now())
        return result

    @arguments(reason="text")
    def action_reopen(self, reason=None):
        """A closed complaint back to handling, saying why (logged)."""
        moved = {
            "stage_id": self._quality_handling_stage().id,
            "closed_at": False,
            "customer_confirmed": False,
        }
        return self._quality_transition("reopen", moved, reason=reason)

    def _quality_handling_stage(self):
        """The stage a complaint goes back to when it is not settled."""
        stage = self.env.ref("quality_ops.complaint_stage_handle", raise_if_not_found=False)
        if stage and stage.active:
            return stage
        return self.env["quality_ops.complaint.stage"].search(
            [("is_closing", "=", False), ("is_return_visit", "=", False)], limit=1
        )

    def _check_can_close(self, vals):
        require_group(
            self.env, GROUP_OFFICER, self.env._("Only the quality department closes complaints.")
        )
        for complaint in self:
            cause = vals.get("cause_analysis", complaint.cause_analysis)
            confirmed = vals.get("customer_confirmed", complaint.customer_confirmed)
            note = vals.get("return_visit_note", complaint.return_visit_note)
            if not cause:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s cannot be closed without a cause analysis.",
                        complaint=complaint.display_name,
                    )
                )
            if not confirmed and not note:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s cannot be closed before the return visit: "
                        "record the customer's confirmation or a note.",
                        complaint=complaint.display_name,
                    )
                )

    @arguments()
    def action_create_finding(self):
        """Raise a finding (and its corrective actions) from the complaint."""
        self.ensure_one()
        require_group(self.env, GROUP_OFFICER, self.env._("Only quality officers record findings."))
        if not self.finding_id and self._quality_frozen():
            raise UserError(self._quality_frozen_message())
        if not self.finding_id:
            finding = self.env["quality_ops.finding"].create(
                {
                    "name": self.name,
                    "origin": "complaint",
                    "source_ref": f"quality_ops.complaint,{self.id}",
                    "severity": "major" if self.level_id.sequence > 10 else "minor",
                    "description": html2plaintext(self.description or "") or self.name,
                    "project_id": self.project_id.id,
                    "company_id": self.company_id.id,
                    "responsible_id": self.owner_id.id,
                }
            )
            self._quality_write({"finding_id": finding.id})
        return form_action(self.finding_id)
