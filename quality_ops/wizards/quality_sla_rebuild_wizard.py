import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..groups import GROUP_MANAGER
from ..tools.argument_guard import arguments
from ..tools.group_guard import require_group


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
        counts = self.env["quality_ops.sla.rebuild"].sudo()._rebuild(self._ticket_ids())
        locked = self._measure_again(self.date_from, today)
        message = self.env._(
            "%(tickets)s tickets got SLA clocks rebuilt from their history "
            "(%(clocks)s clocks, %(breached)s breached); the figures of %(first)s to "
            "%(last)s were measured again.",
            tickets=counts["tickets"],
            clocks=counts["clocks"],
            breached=counts["breached"],
            first=self.date_from.strftime("%Y-%m"),
            last=today.strftime("%Y-%m"),
        )
        if locked:
            message += " " + self.env._(
                "Locked periods were left as reported (%(periods)s): recompute them with a "
                "reason from their measurements if the rebuilt clocks must count.",
                periods=", ".join(locked),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "sticky": True,
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _measure_again(self, date_from, today):
        """Every open period of the years concerned measured again; returns
        the months left locked (they change only through the recompute with
        a reason)."""
        Measurement = self.env["quality_ops.measurement"].sudo()
        for year in range(date_from.year, today.year + 1):
            Measurement._compute_year(year)
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
