from odoo import api, fields, models
from odoo.exceptions import UserError

from ..groups import GROUP_MANAGER
from ..periods import add_months
from ..tools.argument_guard import arguments
from ..tools.group_guard import require_group, uninstalling
from ..tools.reader_lang import reader_env
from ..tools.record_fields import internal_user_field
from ..tools.smart_buttons import count_by, form_action, window_action


class ProjectProject(models.Model):
    _inherit = "project.project"

    quality_lead_id = internal_user_field(
        string="Project Quality Lead",
        copy=False,
        help="Project-level quality owner; the project manager when empty.",
    )
    quality_plan_ids = fields.One2many(
        comodel_name="quality_ops.plan",
        inverse_name="project_id",
        string="Quality Plans",
    )
    quality_plan_count = fields.Integer(compute="_compute_quality_plan_count")

    @api.depends("quality_plan_ids")
    def _compute_quality_plan_count(self):
        counts = count_by(self.env["quality_ops.plan"], "project_id", self)
        for project in self:
            project.quality_plan_count = counts.get(project, 0)

    quality_complaint_count = fields.Integer(compute="_compute_quality_complaint_count")
    quality_audit_ids = fields.One2many(
        comodel_name="quality_ops.audit", inverse_name="project_id", string="Quality Audits"
    )

    def _compute_quality_complaint_count(self):
        counts = count_by(self.env["quality_ops.complaint"].sudo(), "project_id", self)
        for project in self:
            project.quality_complaint_count = counts.get(project, 0)

    quality_qa_activity_count = fields.Integer(
        compute="_compute_quality_assurance_counts", string="QA Activity Count"
    )
    quality_inspection_count = fields.Integer(
        compute="_compute_quality_assurance_counts", string="Inspection Count"
    )

    def _compute_quality_assurance_counts(self):
        # what the reader may see: their own rules count
        activities = (
            count_by(self.env["quality_ops.qa.activity"], "project_id", self)
            if self.env["quality_ops.qa.activity"].has_access("read")
            else {}
        )
        inspections = (
            count_by(self.env["quality_ops.inspection"], "project_id", self)
            if self.env["quality_ops.inspection"].has_access("read")
            else {}
        )
        for project in self:
            project.quality_qa_activity_count = activities.get(project, 0)
            project.quality_inspection_count = inspections.get(project, 0)

    @api.readonly
    @arguments()
    def action_view_quality_qa_activities(self):
        self.ensure_one()
        return window_action(
            self.env,
            "quality_ops.quality_qa_activity_action",
            [("project_id", "=", self.id)],
            {"search_default_mine": 0},
        )

    @api.readonly
    @arguments()
    def action_view_quality_inspections(self):
        self.ensure_one()
        return window_action(
            self.env,
            "quality_ops.quality_inspection_action",
            [("project_id", "=", self.id)],
            {
                "default_project_id": self.id,
                "default_company_id": self.company_id.id or self.env.company.id,
                "search_default_mine": 0,
            },
        )

    @api.readonly
    @arguments()
    def action_view_quality_complaints(self):
        self.ensure_one()
        return window_action(
            self.env, "quality_ops.quality_complaint_action", [("project_id", "=", self.id)]
        )

    @api.ondelete(at_uninstall=True)
    def _quality_unlink_unless_judged(self):
        """A project whose tickets have SLA verdicts (met or breached) is what
        they are counted and charged under: deleting it would take them out of
        the project's figures and credits. It is archived instead."""
        if uninstalling(self.env):
            return
        ticket = self.env["helpdesk.ticket"]._quality_judged_ticket(
            [("project_id", "in", self.ids)]
        )
        if ticket:
            raise UserError(
                self.env._(
                    "Project %(project)s has tickets with SLA verdicts (e.g. %(ticket)s), "
                    "counted and charged under it: archive the project instead of deleting it.",
                    project=ticket.sudo().project_id.display_name,
                    ticket=ticket.number,
                )
            )

    def _quality_check_lead_change(self):
        # the quality lead reads the project's quality records: naming one is
        # the quality manager's decision, not the project editor's
        require_group(
            self.env,
            GROUP_MANAGER,
            self.env._("Only the quality manager names the quality lead of a project."),
        )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("default_quality_lead_id") or any(
            vals.get("quality_lead_id") for vals in vals_list
        ):
            self._quality_check_lead_change()
        projects = super().create(vals_list)
        projects._quality_remind_checkpoint("initiation")
        return projects

    def write(self, vals):
        if "quality_lead_id" in vals and any(
            project.quality_lead_id.id != (vals["quality_lead_id"] or False) for project in self
        ):
            self._quality_check_lead_change()
        result = super().write(vals)
        if "stage_id" in vals:
            closing = self.filtered(lambda p: p.stage_id.fold)
            closing._quality_remind_checkpoint("closing")
        return result

    def _quality_remind_checkpoint(self, checkpoint):
        """Ask the quality manager to plan the project's checkpoint audit (once)."""
        checkpoints = self.env["quality_ops.audit"]._fields["checkpoint"]
        for project in self.sudo():
            manager = project.company_id.quality_manager_id or self.env.company.quality_manager_id
            if not manager or project.quality_audit_ids.filtered(
                lambda a, c=checkpoint: a.checkpoint == c
            ):
                continue
            # the stage's name too in the manager's language, not the mover's
            env = reader_env(self.env, manager)
            label = dict(checkpoints._description_selection(env))[checkpoint]
            project.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=env._("Plan the %(checkpoint)s checkpoint audit", checkpoint=label),
            )

    @arguments()
    def action_quality_checkpoint_audit(self):
        """Propose the checkpoint audit of the stage given in the context."""
        self.ensure_one()
        checkpoint = self.env.context.get("quality_checkpoint", "execution")
        audit = self.quality_audit_ids.filtered(
            lambda a: a.checkpoint == checkpoint and a.state != "closed"
        )[:1]
        if not audit:
            labels = dict(
                self.env["quality_ops.audit"]._fields["checkpoint"]._description_selection(self.env)
            )
            audit = self.env["quality_ops.audit"].create(
                {
                    "name": self.env._(
                        "%(project)s - %(checkpoint)s checkpoint",
                        project=self.name,
                        checkpoint=labels[checkpoint],
                    ),
                    "kind": "project",
                    "checkpoint": checkpoint,
                    "project_id": self.id,
                    "company_id": self.company_id.id or self.env.company.id,
                    "template_id": self.env.ref(
                        "quality_ops.checklist_project", raise_if_not_found=False
                    ).id,
                    "planned_date": fields.Date.context_today(self),
                }
            )
        return form_action(audit)

    @arguments()
    def action_quality_service_report(self):
        """This month's service report of the project's customer (last month's
        in the first days of a month), computed now and opened."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                self.env._("Set the customer of %(project)s first.", project=self.display_name)
            )
        today = fields.Date.context_today(self)
        month = add_months(today, -1 if today.day <= 10 else 0).replace(day=1)
        Report = self.env["quality_ops.service.report"]
        report = Report.search(
            [("project_id", "=", self.id), ("date_from", "=", month), ("state", "=", "draft")],
            limit=1,
        )
        if report:
            report._compute_figures()
        else:
            report = Report.create(
                {
                    "partner_id": self.partner_id.commercial_partner_id.id,
                    "project_id": self.id,
                    "date_from": month,
                    "company_id": self.company_id.id or self.env.company.id,
                }
            )
        return form_action(report)

    @api.readonly
    @arguments()
    def action_view_quality_plans(self):
        self.ensure_one()
        return window_action(
            self.env,
            "quality_ops.quality_plan_action",
            [("project_id", "=", self.id)],
            {
                "default_plan_type": "project",
                "default_project_id": self.id,
            },
        )
