import datetime
import logging

from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import split_every

from ..assurance import due_dates
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.record_fields import company_field, internal_user_field
from ..tools.smart_buttons import count_by, window_action
from ..tools.workflow_pass import with_pass

_logger = logging.getLogger(__name__)

FREQUENCIES = [
    ("daily", "Daily"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
]
# planned inspections are created this many days ahead, and (by the
# scheduled action) back to this many days for a run that was missed
HORIZON_DAYS = 31
LOOKBACK_DAYS = 31
# what a change of the plan re-plans: its future, not yet due inspections
PLANNING_FIELDS = {
    "frequency",
    "start_date",
    "end_date",
    "user_id",
    "team_id",
    "target",
    "document_id",
    "active",
}


class QualityInspectionPlan(models.Model):
    """The routine inspections (巡检) of a project (seed §6.4): an equipment
    or a service, checked at a frequency by an engineer against a list of
    items. Its occurrences are created ahead as planned inspection records,
    which the INSPECTION coverage indicator counts."""

    _name = "quality_ops.inspection.plan"
    _description = "Inspection Plan"
    _inherit = ["quality_ops.trail.mixin"]
    _order = "project_id, name, id"
    _check_company_auto = True

    name = fields.Char(string="Plan Name", required=True, tracking=True)
    target = fields.Char(
        string="Equipment or Service",
        required=True,
        tracking=True,
        help="What is inspected: a machine room, core switches, the UPS, a service...",
    )
    project_id = fields.Many2one(
        comodel_name="project.project",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    company_id = company_field()
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        tracking=True,
        check_company=True,
        help="The team of the engineers; the tickets of abnormal items go to it.",
    )
    user_id = internal_user_field(
        string="Engineer",
        required=True,
        tracking=True,
        index=True,
    )
    frequency = fields.Selection(FREQUENCIES, required=True, default="daily", tracking=True)
    start_date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    end_date = fields.Date(tracking=True)
    document_id = fields.Many2one(
        comodel_name="quality_ops.document",
        string="Work Instruction",
        ondelete="restrict",
        check_company=True,
        domain="[('state', '=', 'released')]",
    )
    item_ids = fields.One2many(
        comodel_name="quality_ops.inspection.plan.item",
        inverse_name="plan_id",
        string="Items to Check",
        copy=True,
    )
    inspection_ids = fields.One2many(
        comodel_name="quality_ops.inspection", inverse_name="plan_id", string="Inspections"
    )
    inspection_count = fields.Integer(compute="_compute_inspection_count")
    note = fields.Text()
    active = fields.Boolean(default=True, tracking=True)

    @api.constrains("start_date", "end_date")
    def _check_dates(self):
        for plan in self:
            if plan.end_date and plan.end_date < plan.start_date:
                raise ValidationError(
                    self.env._("%(plan)s ends before it starts.", plan=plan.display_name)
                )

    def _compute_inspection_count(self):
        counts = count_by(self.env["quality_ops.inspection"], "plan_id", self)
        for plan in self:
            plan.inspection_count = counts.get(plan, 0)

    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        plans = super().create(vals_list)
        # planned from today: a start in the past plans nothing before today
        for company, company_plans in plans.grouped("company_id").items():
            today = company._quality_today()
            company_plans._materialise(today, today + datetime.timedelta(days=HORIZON_DAYS))
        return plans

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        result = super().write(vals)
        if PLANNING_FIELDS & set(vals):
            self._replan()
        return result

    def _replan(self):
        """The inspections not yet begun follow the plan as it is now: those
        due from today on that nobody started filling keep their reference
        when their day is still in the plan's schedule (their items, engineer,
        target and instruction become the plan's), are taken back when it is
        not, and the new days of the schedule are planned (the ones of before
        today, done or missed, stay as they were); today is the company's
        day, as the inspections' due dates are."""
        for company, plans in self.grouped("company_id").items():
            plans._replan_from(company._quality_today())

    def _replan_from(self, today):
        horizon = today + datetime.timedelta(days=HORIZON_DAYS)
        future = (
            self.env["quality_ops.inspection"]
            .sudo()
            .search(
                [
                    ("plan_id", "in", self.ids),
                    ("is_planned", "=", True),
                    ("state", "=", "planned"),
                    ("due_date", ">=", today),
                ]
            )
            .filtered(
                lambda i: (
                    not i.note
                    and not i.attachment_ids
                    and not any(line.result or line.note for line in i.line_ids)
                )
            )
        )
        schedule = {
            plan: set(plan._due_dates(today, horizon)) if plan.active else set() for plan in self
        }
        kept = future.filtered(lambda i: i.due_date in schedule[i.plan_id])
        with_pass(future - kept).unlink()
        for plan, inspections in kept.grouped("plan_id").items():
            plan.sudo()._follow_plan(inspections)
        self.filtered("active")._materialise(today, horizon)

    def _follow_plan(self, inspections):
        """Rewrite the planned, not begun ``inspections`` of this plan to its
        current items and the fields they take from it (one write; those
        that already match are left alone)."""
        self.ensure_one()
        vals = self._occurrence_values(inspections[:1].due_date)
        header = {name: vals[name] for name in ("target", "user_id", "team_id", "document_id")}
        items = [
            (line["sequence"], line["name"], line["standard"] or False)
            for _command, _id, line in vals["line_ids"]
        ]
        stale = inspections.filtered(
            lambda i: (
                [(x.sequence, x.name, x.standard or False) for x in i.line_ids] != items
                or any(
                    i._fields[name].convert_to_write(i[name], i) != value
                    for name, value in header.items()
                )
            )
        )
        if stale:
            with_pass(stale).write(dict(header, line_ids=[(5, 0, 0)] + vals["line_ids"]))

    @api.readonly
    @arguments()
    def action_view_inspections(self):
        self.ensure_one()
        return window_action(
            self.env,
            "quality_ops.quality_inspection_action",
            [("plan_id", "=", self.id)],
            {"search_default_group_state": 0},
        )

    # ------------------------------------------------------------------
    # the occurrences, as planned inspection records
    # ------------------------------------------------------------------
    def _due_dates(self, date_from, date_to):
        self.ensure_one()
        return due_dates(self.frequency, self.start_date, date_from, date_to, self.end_date or None)

    def _occurrence_values(self, day):
        self.ensure_one()
        return {
            "plan_id": self.id,
            "is_planned": True,
            "due_date": day,
            "project_id": self.project_id.id,
            "team_id": self.team_id.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "target": self.target,
            "document_id": self.document_id.id,
            "line_ids": [
                (0, 0, {"sequence": item.sequence, "name": item.name, "standard": item.standard})
                for item in self.item_ids
            ],
        }

    def _materialise(self, date_from, date_to):
        """Create the planned inspections of these plans due from
        ``date_from`` to ``date_to`` that do not exist yet (idempotent: the
        unique index on plan and due date refuses a second one)."""
        plans = self.filtered("active")
        if not plans or date_to < date_from:
            return self.env["quality_ops.inspection"]
        Inspection = self.env["quality_ops.inspection"].sudo()
        existing = {
            (row["plan_id"][0], row["due_date"])
            for row in Inspection.search_read(
                [
                    ("plan_id", "in", plans.ids),
                    ("is_planned", "=", True),
                    ("due_date", ">=", date_from),
                    ("due_date", "<=", date_to),
                ],
                ["plan_id", "due_date"],
            )
        }
        vals_list = [
            plan.sudo()._occurrence_values(day)
            for plan in plans
            for day in plan._due_dates(date_from, date_to)
            if (plan.id, day) not in existing
        ]
        if not vals_list:
            return Inspection.browse()
        return with_pass(Inspection, creating=True).create(vals_list).with_env(self.env)

    @api.model
    def _cron_schedule(self, today=None, batch=50):
        """Plan the inspections of the coming weeks (and of the past weeks a
        stopped scheduler missed, never before a plan existed), plan by
        plan, committing every ``batch`` plans; two runs at once create each
        inspection once, a plan that fails is logged and the others go on.
        Days are each company's (``today``, when given, is every company's)."""
        days = self.env["res.company"]._quality_companies_by_today()
        day_of = {company: day for day, companies in days.items() for company in companies}
        first_day, last_day = (today, today) if today else (min(days), max(days))
        plans = self.search(
            [
                ("start_date", "<=", last_day + datetime.timedelta(days=HORIZON_DAYS)),
                "|",
                ("end_date", "=", False),
                ("end_date", ">=", first_day - datetime.timedelta(days=LOOKBACK_DAYS)),
            ]
        )
        now = fields.Datetime.now()
        created = 0
        for ids in split_every(batch, plans.ids):
            for plan in self.browse(ids):
                company = plan.company_id
                plan_today = today or day_of.get(company) or company._quality_today()
                horizon = plan_today + datetime.timedelta(days=HORIZON_DAYS)
                lookback = plan_today - datetime.timedelta(days=LOOKBACK_DAYS)
                made_on = company._quality_local_date(plan.create_date or now)
                first = max(lookback, made_on)
                try:
                    with self.env.cr.savepoint():
                        created += len(plan._materialise(first, horizon))
                except errors.UniqueViolation:
                    # another run planned them meanwhile
                    _logger.info("Inspections of plan %s were planned by another run", plan.id)
                except Exception:
                    _logger.exception("Planning the inspections of plan %s failed", plan.id)
            if self.env.context.get("cron_id"):
                self.env["ir.cron"]._commit_progress(len(ids))
        return created
