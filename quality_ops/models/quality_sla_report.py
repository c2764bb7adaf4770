from odoo import fields, models
from odoo.tools import SQL

from .quality_sla_policy_line import PRIORITIES
from .quality_ticket_sla import KINDS, STATES


class QualitySlaReport(models.Model):
    """SLA clocks by team, project, customer, priority and month (SQL view)."""

    _name = "quality_ops.sla.report"
    _description = "SLA Analysis"
    _auto = False
    _order = "month desc"
    _rec_name = "ticket_id"
    _depends = {
        "quality_ops.ticket.sla": [
            "ticket_id",
            "kind",
            "state",
            "policy_id",
            "company_id",
            "start_at",
            "reached_at",
            "consumed_hours",
            "target_hours",
            "is_current",
        ],
        "helpdesk.ticket": [
            "team_id",
            "project_id",
            "commercial_partner_id",
            "user_id",
            "priority",
        ],
    }

    ticket_id = fields.Many2one(comodel_name="helpdesk.ticket", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    state = fields.Selection(STATES, readonly=True)
    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team", readonly=True)
    project_id = fields.Many2one(comodel_name="project.project", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Assignee", readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    policy_id = fields.Many2one(comodel_name="quality_ops.sla.policy", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    month = fields.Date(readonly=True, help="Month the clock started.")
    met_count = fields.Integer(string="Met", readonly=True)
    breached_count = fields.Integer(string="Breached", readonly=True)
    open_count = fields.Integer(string="Open", readonly=True)
    compliance = fields.Float(
        string="Compliance (%)",
        readonly=True,
        aggregator="avg",
        help="Met clocks / finished clocks (met or breached); open and cancelled "
        "clocks do not count.",
    )
    consumed_hours = fields.Float(
        string="Mean Consumed (h)",
        readonly=True,
        aggregator="avg",
        help="Mean working hours consumed by finished clocks, pauses excluded.",
    )
    target_hours = fields.Float(readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT sla.id,
                   sla.ticket_id,
                   sla.kind,
                   sla.state,
                   t.team_id,
                   t.project_id,
                   t.commercial_partner_id AS partner_id,
                   t.user_id,
                   t.priority,
                   sla.policy_id,
                   sla.company_id,
                   date_trunc('month', sla.start_at)::date AS month,
                   (sla.state = 'met')::int AS met_count,
                   (sla.state = 'breached' AND sla.reached_at IS NOT NULL)::int
                       AS breached_count,
                   (sla.reached_at IS NULL AND sla.state <> 'cancelled')::int AS open_count,
                   CASE WHEN sla.state = 'met' THEN 100.0
                        WHEN sla.state = 'breached' AND sla.reached_at IS NOT NULL THEN 0.0
                   END AS compliance,
                   CASE WHEN sla.reached_at IS NOT NULL AND sla.state <> 'cancelled'
                        THEN sla.consumed_hours END AS consumed_hours,
                   sla.target_hours
              FROM quality_ops_ticket_sla sla
              JOIN helpdesk_ticket t ON t.id = sla.ticket_id
             WHERE sla.is_current
            """
        )
