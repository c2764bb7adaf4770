import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..groups import GROUP_MANAGER
from ..models.quality_job_mixin import job_key
from ..models.quality_sla_rebuild import BATCH as REBUILD_BATCH
from ..tools.argument_guard import arguments
from ..tools.group_guard import require_group
from ..tools.smart_buttons import notification_action

JOB_COUNTS_HELP = (
    "A large rebuild runs in the background, in pieces: the tickets by batches, then "
    "each indicator of each year measured again (the last day's pieces)."
)


class QualitySlaRebuildWizard(models.TransientModel):
    """The quality manager rebuilds the SLA history of tickets that predate
    their policy or quality_ops, then the period figures are measured again."""

    _name = "quality_ops.sla.rebuild.wizard"
    _description = "Rebuild SLA History"

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
        help="Tickets created or closed since this day, and every open ticket.",
    )
    team_ids = fields.Many2many(comodel_name="helpdesk.ticket.team", string="Teams")
    project_ids = fields.Many2many(comodel_name="project.project", string="Projects")
    ticket_count = fields.Integer(string="Tickets Without Clocks", compute="_compute_ticket_count")
    # the progress of a rebuild running as jobs (this company's, of the last day)
    job_pending_count = fields.Integer(
        string="Pieces Waiting", compute="_compute_job_counts", help=JOB_COUNTS_HELP
    )
    job_done_count = fields.Integer(
        string="Pieces Done", compute="_compute_job_counts", help=JOB_COUNTS_HELP
    )

    @api.depends("company_id")
    def _compute_job_counts(self):
        Rebuild = self.env["quality_ops.sla.rebuild"]
        since = fields.Datetime.subtract(fields.Datetime.now(), days=1)
        measured = Rebuild._quality_job_progress(job_key("measure-year"), since)
        for wizard in self:
            rebuilt = Rebuild._quality_job_progress(
                job_key("rebuild", wizard.company_id.id or 0, ""), since
            )
            wizard.job_pending_count = rebuilt["pending"] + measured["pending"]
            wizard.job_done_count = rebuilt["done"] + measured["done"]

    @api.depends("company_id", "date_from", "team_ids", "project_ids")
    def _compute_ticket_count(self):
        for wizard in self:
            wizard.ticket_count = len(wizard._ticket_ids()) if wizard.date_from else 0

    def _ticket_ids(self):
        self.ensure_one()
        return self.env["quality_ops.sla.rebuild"]._tickets_without_clocks(
            self.company_id, self.date_from, self.team_ids, self.project_ids
        )

    @arguments()
    def action_rebuild(self):
        self.ensure_one()
        require_group(
            self.env,
            GROUP_MANAGER,
            self.env._("Only the quality manager rebuilds the SLA history."),
        )
        if self.company_id not in self.env.user.company_ids:
            raise UserError(self.env._("You do not work for %s.", self.company_id.name))
        today = fields.Date.context_today(self)
        if self.date_from > today:
            raise UserError(self.env._("The history starts in the past, not after today."))
        ids = self._ticket_ids()
        Rebuild = self.env["quality_ops.sla.rebuild"].sudo()
        first, last = self.date_from.strftime("%Y-%m"), today.strftime("%Y-%m")
        years = range(self.date_from.year, today.year + 1)
        if len(ids) > REBUILD_BATCH:
            # a large history: jobs, batch by batch, then the years measured again
            pieces = Rebuild._quality_enqueue_rebuild(
                self.company_id, ids, years, self.env.user, first, last
            )
            message = self.env._(
                "%(tickets)s tickets get SLA clocks rebuilt from their history in the "
                "background (%(pieces)s pieces); you will be notified when they and the "
                "figures of %(first)s to %(last)s are done.",
                tickets=len(ids),
                pieces=pieces,
                first=first,
                last=last,
            )
        else:
            counts = Rebuild._rebuild(ids)
            # measuring whole years again is heavy whatever the tickets: jobs
            Rebuild._quality_enqueue_rebuild(self.company_id, [], years, self.env.user, first, last)
            message = self.env._(
                "%(tickets)s tickets got SLA clocks rebuilt from their history "
                "(%(clocks)s clocks, %(breached)s breached); the figures of %(first)s to "
                "%(last)s are measured again in the background: you will be notified.",
                tickets=counts["tickets"],
                clocks=counts["clocks"],
                breached=counts["breached"],
                first=first,
                last=last,
            )
        locked = self._locked_months(self.date_from, today)
        if locked:
            message += " " + self.env._(
                "Locked periods were left as reported (%(periods)s): recompute them with a "
                "reason from their measurements if the rebuilt clocks must count.",
                periods=", ".join(locked),
            )
        return notification_action(message, "success", sticky=True, close=True)

    def _locked_months(self, date_from, today):
        """The months left locked (they change only through the recompute
        with a reason)."""
        Measurement = self.env["quality_ops.measurement"].sudo()
        locked = Measurement._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "locked"),
                ("periodicity", "=", "month"),
                ("date_from", ">=", date_from.replace(day=1)),
                ("date_from", "<=", today),
            ],
            ["date_from:month"],
        )
        return [datetime.date.strftime(month, "%Y-%m") for (month,) in locked if month]
