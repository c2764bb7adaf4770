from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from ..assurance import done_on_time
from ..groups import GROUP_ENGINEER, GROUP_LEAD, GROUP_MANAGER
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.group_guard import uninstalling
from ..tools.reader_lang import reader_env
from ..tools.record_fields import company_field, current_user, internal_user_field
from ..tools.smart_buttons import window_action
from ..tools.workflow_fields import given_reference, reference_field, state_field
from ..tools.workflow_pass import Transition, has_pass, transitions, with_pass

_lt = LazyTranslate(__name__)

STATES = [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")]
STEPS = {
    # the day it is recorded, not a day typed: on time means on time
    "done": Transition("planned", "done", GROUP_ENGINEER, stamp=(None, "date_done")),
    "cancel": Transition("planned", "cancelled", GROUP_LEAD, reason=True),
    "reopen": Transition("done", "planned", GROUP_MANAGER, clear=("date_done",), reason=True),
}
DENIED = {
    "done": _lt("Only the engineer of an inspection records it."),
    "cancel": _lt("Only the project's quality lead or the quality manager cancels an inspection."),
    "reopen": _lt("Only the quality manager reopens a recorded inspection."),
}
VERBS = {
    "done": _lt("recorded (it must be planned)"),
    "cancel": _lt("cancelled (only a planned inspection is)"),
    "reopen": _lt("reopened (only a recorded inspection is)"),
}


class QualityInspection(models.Model):
    """An inspection record (巡检记录) of an engineer: planned from an
    inspection plan (then counted by the INSPECTION coverage indicator) or
    recorded from the project or a ticket; each item checked OK or abnormal,
    with evidence; an abnormal item opens a ticket when it is recorded."""

    _name = "quality_ops.inspection"
    _description = "Inspection Record"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.xlsx.mixin",
        "quality_ops.workflow.mixin",
    ]
    _order = "due_date, id"
    _rec_names_search = ["reference", "target"]
    _check_company_auto = True

    _quality_initial_state = "planned"
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {"reference", "state", "date_done", "is_planned", "due_date"}
    )
    # what the coverage indicator counts it in
    _quality_immutable_fields = frozenset({"plan_id", "project_id", "team_id", "company_id"})
    _quality_frozen_states = ("done", "cancelled")
    _quality_deletable_states = ("planned",)
    _quality_xlsx_fields = [
        "reference",
        "target",
        "project_id",
        "team_id",
        "user_id",
        "is_planned",
        "due_date",
        "date_done",
        "on_time",
        "state",
        "abnormal_count",
        "note",
        "company_id",
    ]

    reference = reference_field()
    plan_id = fields.Many2one(
        comodel_name="quality_ops.inspection.plan",
        string="Inspection Plan",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    is_planned = fields.Boolean(
        string="Planned",
        readonly=True,
        copy=False,
        help="Planned by an inspection plan: counted by the inspection coverage.",
    )
    target = fields.Char(string="Equipment or Service", required=True)
    project_id = fields.Many2one(
        comodel_name="project.project",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team", index="btree_not_null")
    company_id = company_field()
    user_id = internal_user_field(
        string="Engineer",
        required=True,
        index=True,
        default=current_user,
        tracking=True,
    )
    document_id = fields.Many2one(
        comodel_name="quality_ops.document",
        string="Work Instruction",
        ondelete="restrict",
        check_company=True,
    )
    origin_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Recorded From Ticket",
        index="btree_not_null",
        ondelete="set null",
    )
    # the company's day, as the plans' due dates and coverage's periods are
    due_date = fields.Date(
        required=True, index=True, default=lambda self: self._quality_stamp_day(), readonly=True
    )
    date_done = fields.Date(string="Inspected On", readonly=True, copy=False, tracking=True)
    on_time = fields.Boolean(
        string="Done on Time",
        compute="_compute_on_time",
        store=True,
        help="Recorded by its due date (the INSPECTION coverage indicator).",
    )
    state = state_field(STATES, default="planned")
    line_ids = fields.One2many(
        comodel_name="quality_ops.inspection.line",
        inverse_name="inspection_id",
        string="Items Checked",
        copy=True,
    )
    abnormal_count = fields.Integer(compute="_compute_counts", store=True, string="Abnormal")
    ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket", compute="_compute_tickets", string="Tickets Opened"
    )
    ticket_count = fields.Integer(compute="_compute_tickets")
    note = fields.Text(string="Observations")
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="quality_ops_inspection_attachment_rel",
        string="Evidence Files",
    )
    color = fields.Integer()

    _plan_due_unique = models.UniqueIndex(
        "(plan_id, due_date) WHERE is_planned",
        "This inspection is already planned for that day.",
    )

    # ------------------------------------------------------------------
    @api.depends("state", "date_done", "due_date")
    def _compute_on_time(self):
        for inspection in self:
            inspection.on_time = inspection.state == "done" and done_on_time(
                inspection.due_date, inspection.date_done
            )

    @api.depends("line_ids.result")
    def _compute_counts(self):
        for inspection in self:
            inspection.abnormal_count = len(
                inspection.line_ids.filtered(lambda line: line.result == "abnormal")
            )

    def _compute_tickets(self):
        for inspection in self:
            tickets = inspection.sudo().line_ids.ticket_id
            inspection.ticket_ids = tickets
            inspection.ticket_count = len(tickets)

    @api.depends("reference", "target", "due_date")
    def _compute_display_name(self):
        for inspection in self:
            reference = given_reference(inspection)
            inspection.display_name = " ".join(
                part for part in (reference, inspection.target or "") if part
            )

    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        planned_by_server = has_pass(self, creating=True)
        Inspection = self._quality_checked_for_create(vals_list)
        for vals in vals_list:
            if not planned_by_server:
                self._prepare_recorded(vals)
        self._quality_set_references(
            vals_list,
            "quality_ops.inspection",
            lambda vals: fields.Date.to_date(vals.get("due_date")),
        )
        return super(QualityInspection, Inspection).create(vals_list).with_env(self.env)

    @api.model
    def _prepare_recorded(self, vals):
        """An inspection recorded by hand (from the project or a ticket) is
        not planned, so coverage never counts it; it takes its project and
        team from the ticket it is recorded from."""
        if vals.get("origin_ticket_id"):
            ticket = self.env["helpdesk.ticket"].browse(vals["origin_ticket_id"])
            ticket.check_access("read")
            ticket = ticket.sudo()
            vals.setdefault("project_id", ticket.project_id.id)
            vals.setdefault("team_id", ticket.team_id.id)
            vals.setdefault("company_id", ticket.company_id.id)
        if vals.get("project_id"):
            project = self.env["project.project"].browse(vals["project_id"])
            vals.setdefault("company_id", project.sudo().company_id.id or self.env.company.id)
        vals.setdefault("due_date", self._quality_company_today(vals))

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if "user_id" in vals and not self.env.su and not has_pass(self):
            if not self.env.user.has_group(GROUP_LEAD) and any(
                inspection.user_id.id != vals["user_id"] for inspection in self
            ):
                raise AccessError(
                    self.env._(
                        "Only the project's quality lead hands an inspection to another engineer."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_only_unplanned(self):
        """A planned inspection is part of the coverage: only its plan
        (changed or archived) takes back those not yet due."""
        if uninstalling(self.env) or has_pass(self):
            return
        planned = self.filtered("is_planned")
        if planned:
            raise UserError(
                self.env._(
                    "%(inspection)s is planned by %(plan)s: change or archive the plan, or "
                    "cancel the inspection with a reason.",
                    inspection=planned[0].display_name,
                    plan=planned[0].plan_id.display_name,
                )
            )

    def _quality_frozen_message(self):
        return self.env._(
            "Inspection %(inspection)s is %(state)s: it is kept as it was recorded. "
            "The quality manager may reopen it.",
            inspection=self.display_name,
            state=self._quality_state_label(),
        )

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    @arguments()
    def action_done(self):
        """Recorded today, by the engineer: every item OK or abnormal, an
        abnormal item described; each abnormal item opens a ticket."""
        self._quality_check_transition("done")
        for inspection in self:
            if not inspection.line_ids:
                raise UserError(
                    self.env._(
                        "Add the items checked by %(inspection)s.",
                        inspection=inspection.display_name,
                    )
                )
            missing = inspection.line_ids.filtered(lambda line: not line.result)
            if missing:
                raise UserError(
                    self.env._(
                        "%(count)s items of %(inspection)s have no result yet.",
                        count=len(missing),
                        inspection=inspection.display_name,
                    )
                )
            silent = inspection.line_ids.filtered(
                lambda line: line.result == "abnormal" and not (line.note or "").strip()
            )
            if silent:
                raise UserError(
                    self.env._("Describe what is abnormal: %(item)s.", item=silent[0].name)
                )
        self._quality_transition("done")
        self._open_tickets()
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def _open_tickets(self):
        """One ticket per abnormal item, to the inspection's team, for the
        project's customer (created by the system: engineers need not be
        helpdesk users)."""
        Ticket = self.env["helpdesk.ticket"].sudo()
        for inspection in self:
            abnormal = inspection.line_ids.filtered(
                lambda line: line.result == "abnormal" and not line.ticket_id
            )
            if not abnormal:
                continue
            project = inspection.project_id.sudo()
            # the ticket's title is read by the project's customer too
            customer = reader_env(self.env, project.partner_id)
            tickets = Ticket.with_company(inspection.company_id).create(
                [
                    {
                        "name": customer._(
                            "Inspection %(reference)s: %(item)s abnormal",
                            reference=inspection.reference,
                            item=line.name,
                        )[:250],
                        "description": Markup("<p>%s</p><p>%s</p>")
                        % (
                            escape(f"{inspection.target} — {line.name}"),
                            escape(line.note or ""),
                        ),
                        "team_id": inspection.team_id.id,
                        "project_id": project.id,
                        "partner_id": project.partner_id.id,
                        "company_id": inspection.company_id.id,
                    }
                    for line in abnormal
                ]
            )
            lines = with_pass(inspection).line_ids
            for line, ticket in zip(abnormal, tickets, strict=True):
                lines.filtered(lambda x, line=line: x == line).write({"ticket_id": ticket.id})
            inspection.message_post(
                body=self.env._(
                    "Abnormal items opened %(count)s tickets: %(tickets)s",
                    count=len(tickets),
                    tickets=", ".join(tickets.mapped("display_name")),
                )
            )

    @arguments(reason="text")
    def action_cancel(self, reason=None):
        """No longer to be done (the equipment is gone, the customer
        postponed it): out of the coverage, with the reason kept."""
        self._quality_check_transition("cancel")
        for inspection in self:
            inspection._check_project_lead()
        return self._quality_transition("cancel", reason=reason)

    @arguments(reason="text")
    def action_reopen(self, reason=None):
        return self._quality_transition("reopen", reason=reason)

    def _check_project_lead(self):
        """A project lead cancels the inspections of their own projects only
        (the quality manager those of every project)."""
        self.ensure_one()
        user = self.env.user
        if self.env.su or user.has_group(GROUP_MANAGER):
            return
        project = self.project_id.sudo()
        if user not in (project.user_id | project.quality_lead_id):
            raise AccessError(
                self.env._(
                    "Only the quality lead of %(project)s cancels its inspections.",
                    project=project.display_name,
                )
            )

    @api.readonly
    @arguments()
    def action_view_tickets(self):
        self.ensure_one()
        return window_action(
            self.env,
            "helpdesk_mgmt.helpdesk_ticket_action",
            [("id", "in", self.ticket_ids.ids)],
            {"create": False},
        )
