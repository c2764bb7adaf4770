"""My Work: where each role starts its day.

The sections a user sees follow their groups; each is a real domain on the
records it names, read with the user's own rights (no sudo), with its count
and the first records, and opens them. The quality app's root menu and the
users' home action land here (or on the dashboard for the quality manager).
"""

import datetime

from odoo import api, fields, models

from ..groups import GROUP_ENGINEER, GROUP_LEAD, GROUP_MANAGER, GROUP_OFFICER, GROUP_REPRESENTATIVE
from ..tools.argument_guard import arguments

ENGINEER, LEAD, OFFICER = GROUP_ENGINEER, GROUP_LEAD, GROUP_OFFICER
MANAGER, REPRESENTATIVE = GROUP_MANAGER, GROUP_REPRESENTATIVE
HELPDESK_TEAM = "helpdesk_mgmt.group_helpdesk_user_team"
#: records shown in a section (its count says how many there are)
SHOWN = 5
#: inspections shown ahead of their due date
INSPECTION_DAYS_AHEAD = 7
#: clocks close to their deadline (at risk) or past it and still running
AT_RISK = [("state", "in", ["warning", "breached"]), ("reached_at", "=", False)]


class QualityMyWork(models.AbstractModel):
    _name = "quality_ops.my_work"
    _description = "My Quality Work"

    # ------------------------------------------------------------------
    # where a user lands
    # ------------------------------------------------------------------
    @api.model
    @arguments()
    def action_landing(self):
        """The quality app's first screen for the current user: the
        dashboard for the quality manager, what waits for approval for the
        management representative, My Work for everyone else."""
        user = self.env.user
        if user.has_group(MANAGER) and not user.has_group(REPRESENTATIVE):
            return self.env["ir.actions.actions"]._for_xml_id(
                "quality_ops.quality_dashboard_client_action"
            )
        return self.env["ir.actions.actions"]._for_xml_id("quality_ops.quality_my_work_action")

    # ------------------------------------------------------------------
    # the sections
    # ------------------------------------------------------------------
    def _my_projects(self):
        uid = self.env.uid
        return ["|", ("project_id.user_id", "=", uid), ("project_id.quality_lead_id", "=", uid)]

    def _section_specs(self):
        """``(key, kind, title, model, domain, order, date field)`` of the
        sections of the current user, by their groups."""
        user = self.env.user
        uid = self.env.uid
        today = fields.Date.context_today(self)
        ahead = today + datetime.timedelta(days=INSPECTION_DAYS_AHEAD)
        representative = user.has_group(REPRESENTATIVE)
        manager = user.has_group(MANAGER) and not representative
        officer = user.has_group(OFFICER) and not representative
        lead = user.has_group(LEAD) and not user.has_group(OFFICER)
        helpdesk_team = user.has_group(HELPDESK_TEAM) and not user.has_group(OFFICER)
        specs = []
        if representative:
            specs += [
                (
                    "plans_to_approve",
                    "approval",
                    self.env._("Quality plans to approve"),
                    "quality_ops.plan",
                    [("state", "=", "submitted")],
                    "year desc, id desc",
                    "create_date",
                ),
                (
                    "regulation_to_approve",
                    "approval",
                    self.env._("Quality regulation to approve"),
                    "quality_ops.document",
                    [("state", "=", "in_review"), ("kind", "=", "regulation")],
                    "id desc",
                    "create_date",
                ),
                (
                    "reports_to_approve",
                    "approval",
                    self.env._("Quality reports to approve"),
                    "quality_ops.report",
                    [("state", "=", "reviewed")],
                    "id desc",
                    "create_date",
                ),
            ]
        if representative or manager:
            specs += [
                (
                    "reviews_to_close",
                    "approval",
                    self.env._("Management reviews held, to close"),
                    "quality_ops.review",
                    [("state", "=", "in_progress")],
                    "planned_date, id",
                    "planned_date",
                ),
                (
                    "statements_to_approve",
                    "approval",
                    self.env._("SLA statements to approve"),
                    "quality_ops.sla.statement",
                    [("state", "=", "confirmed")],
                    "date_from, id",
                    "date_from",
                ),
            ]
        if manager:
            specs += [
                (
                    "plans_to_submit",
                    "approval",
                    self.env._("Quality plans to submit"),
                    "quality_ops.plan",
                    [("state", "=", "draft")],
                    "year desc, id desc",
                    "create_date",
                ),
                (
                    "documents_to_approve",
                    "approval",
                    self.env._("Controlled documents to approve"),
                    "quality_ops.document",
                    [("state", "=", "in_review"), ("kind", "!=", "regulation")],
                    "id desc",
                    "create_date",
                ),
                (
                    "reports_to_review",
                    "approval",
                    self.env._("Quality reports to review"),
                    "quality_ops.report",
                    [("state", "=", "draft")],
                    "id desc",
                    "create_date",
                ),
            ]
        if officer:
            specs += [
                (
                    "exemptions_to_decide",
                    "task",
                    self.env._("SLA exemption requests to decide"),
                    "quality_ops.sla.exemption",
                    [("state", "=", "requested")],
                    "requested_at, id",
                    "requested_at",
                ),
                (
                    "actions_to_verify",
                    "task",
                    self.env._("Actions done, to verify"),
                    "quality_ops.action",
                    [("state", "=", "done")],
                    "date_done, id",
                    "date_done",
                ),
                (
                    "documents_to_review",
                    "task",
                    self.env._("Controlled documents to review"),
                    "quality_ops.document",
                    [("state", "=", "in_review"), ("reviewed_by_id", "=", False)],
                    "id",
                    "create_date",
                ),
                (
                    "followups_to_do",
                    "task",
                    self.env._("Return visits to do"),
                    "quality_ops.followup",
                    [("state", "=", "todo")],
                    "id",
                    "create_date",
                ),
            ]
        if lead:
            specs += [
                (
                    "project_plans_draft",
                    "task",
                    self.env._("Quality plans of my projects in preparation"),
                    "quality_ops.plan",
                    [("state", "=", "draft"), ("plan_type", "=", "project"), *self._my_projects()],
                    "year desc, id desc",
                    "create_date",
                ),
                (
                    "statements_to_confirm",
                    "task",
                    self.env._("SLA statements of my projects to confirm"),
                    "quality_ops.sla.statement",
                    [("state", "=", "draft"), *self._my_projects()],
                    "date_from, id",
                    "date_from",
                ),
                (
                    "service_reports_to_send",
                    "task",
                    self.env._("Customer service reports to send"),
                    "quality_ops.service.report",
                    [("state", "=", "draft"), *self._my_projects()],
                    "date_from, id",
                    "date_from",
                ),
                (
                    "project_complaints",
                    "task",
                    self.env._("Open complaints of my projects"),
                    "quality_ops.complaint",
                    [("is_closed", "=", False), *self._my_projects()],
                    "close_deadline, id",
                    "close_deadline",
                ),
                (
                    "project_inspections_late",
                    "task",
                    self.env._("Late inspections of my projects"),
                    "quality_ops.inspection",
                    [("state", "=", "planned"), ("due_date", "<", today), *self._my_projects()],
                    "due_date, id",
                    "due_date",
                ),
            ]
        if helpdesk_team:
            specs.append(
                (
                    "team_tickets_at_risk",
                    "task",
                    self.env._("Tickets of my teams close to an SLA breach"),
                    "helpdesk.ticket",
                    [("quality_sla_ids", "any", AT_RISK)],
                    "id desc",
                    "create_date",
                )
            )
        if not representative:
            specs += [
                (
                    "my_inspections",
                    "task",
                    self.env._("My inspections due (late, today, next 7 days)"),
                    "quality_ops.inspection",
                    [
                        ("user_id", "=", uid),
                        ("state", "=", "planned"),
                        ("due_date", "<=", ahead),
                    ],
                    "due_date, id",
                    "due_date",
                ),
                (
                    "my_actions",
                    "task",
                    self.env._("My open actions"),
                    "quality_ops.action",
                    [("owner_id", "=", uid), ("state", "=", "open")],
                    "due_date, id",
                    "due_date",
                ),
                (
                    "my_tickets_at_risk",
                    "task",
                    self.env._("My tickets close to an SLA breach"),
                    "helpdesk.ticket",
                    [("user_id", "=", uid), ("quality_sla_ids", "any", AT_RISK)],
                    "id desc",
                    "create_date",
                ),
            ]
        return specs

    @api.model
    @api.readonly
    @arguments()
    def get_my_work(self):
        """The sections of the current user: each with its count, its first
        records (name and date) and what opens them all."""
        today = fields.Date.context_today(self)
        sections = []
        for key, kind, title, model, domain, order, date_field in self._section_specs():
            Model = self.env[model]
            if not Model.has_access("read"):
                continue
            domain = [("company_id", "in", self.env.companies.ids), *domain]
            records = Model.search_fetch(domain, [date_field], order=order, limit=SHOWN)
            count = len(records)
            if count == SHOWN:
                count = Model.search_count(domain)
            field = Model._fields[date_field]
            rows = []
            for record in records:
                value = record[date_field]
                if field.type == "datetime" and value:
                    value = fields.Datetime.context_timestamp(self, value).date()
                rows.append(
                    {
                        "id": record.id,
                        "name": record.display_name,
                        "date": fields.Date.to_string(value) if value else False,
                        "late": bool(
                            value and date_field in ("due_date", "close_deadline") and value < today
                        ),
                    }
                )
            sections.append(
                {
                    "key": key,
                    "kind": kind,
                    "title": title,
                    "model": model,
                    "domain": domain,
                    "count": count,
                    # what the date beside each record is (the field's label)
                    "date_label": field._description_string(self.env),
                    "records": rows,
                }
            )
        return {"user": self.env.user.name, "sections": sections}
