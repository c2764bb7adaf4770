from odoo import fields, models
from odoo.tools import SQL

from ..sla_clock import BREACHED, CANCELLED
from .quality_indicator_registry import (
    COUNTED_VERDICT,
    EVERY_CYCLE,
    EXEMPTED,
    IS_MET,
    VERDICT,
    VERDICT_AT,
)
from .quality_sla_policy_line import PRIORITIES
from .quality_ticket_sla import KINDS, STATES
from .quality_ticket_sla_store import verdict_people


class QualitySlaReport(models.Model):
    """SLA clocks by team, project, customer, priority and month (SQL view)."""

    _name = "quality_ops.sla.report"
    _description = "SLA Analysis"
    _inherit = ["quality_ops.ticket.analysis.mixin"]
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
            "breached_at",
            "consumed_hours",
            "target_hours",
            "is_current",
            "quality_exempted",
            "reconstructed",
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
    user_id = fields.Many2one(comodel_name="res.users", string="Assignee", readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    policy_id = fields.Many2one(comodel_name="quality_ops.sla.policy", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    month = fields.Date(readonly=True, help="Local month the clock started.")
    verdict_month = fields.Date(
        readonly=True,
        help="Local month of the clock's verdict (met or breached): the month the SLA "
        "indicators count it in.",
    )
    met_count = fields.Integer(string="Met", readonly=True)
    breached_count = fields.Integer(string="Breached", readonly=True)
    open_count = fields.Integer(string="Open", readonly=True)
    exempted = fields.Boolean(string="Exempted Clock", readonly=True)
    reconstructed = fields.Boolean(
        readonly=True,
        help="Rebuilt from the helpdesk's history instead of measured live.",
    )
    exempted_count = fields.Integer(
        string="Exempted",
        readonly=True,
        help="Clocks with a verdict taken out of the SLA indicators by an approved "
        "exemption: counted neither as met nor as breached.",
    )
    compliance = fields.Float(
        string="Compliance (%)",
        readonly=True,
        aggregator="avg",
        help="Met clocks / clocks with a verdict (met, or breached whether reached or "
        "not, as the SLA indicators count them); open, exempted and cancelled clocks "
        "do not count.",
    )
    consumed_hours = fields.Float(
        string="Mean Consumed (h)",
        readonly=True,
        aggregator="avg",
        help="Mean working hours consumed by finished clocks, pauses excluded.",
    )
    target_hours = fields.Float(readonly=True, aggregator="avg")
    # a clock not reached (running, paused, breached on the way) has consumed
    # no final time: shown empty, not 0.00
    finished = fields.Boolean(readonly=True)

    @property
    def _table_query(self):
        """One row per current clock; met, breached and compliance mean what
        they mean to the SLA indicators (the registry's definition: a breached
        clock is missed from its breach on, reached or not; cancelled and
        exempted clocks count neither way); only clocks of the tickets the
        reader may read."""
        Registry = self.env["quality_ops.indicator.registry"]
        return SQL(
            """
            SELECT r.id,
                   r.ticket_id,
                   r.kind,
                   r.state,
                   %(team)s AS team_id,
                   t.project_id,
                   t.commercial_partner_id AS partner_id,
                   %(engineer)s AS user_id,
                   t.priority,
                   r.policy_id,
                   r.company_id,
                   %(start_month)s AS month,
                   to_char(%(start_month)s, 'YYYY-MM') AS month_key,
                   CASE WHEN %(verdict)s THEN %(verdict_month)s END AS verdict_month,
                   (%(counted)s AND %(is_met)s::bool)::int AS met_count,
                   (%(counted)s AND r.state = %(breached)s)::int AS breached_count,
                   (NOT (%(verdict)s) AND r.state <> %(cancelled)s)::int AS open_count,
                   %(exempted)s AS exempted,
                   COALESCE(r.reconstructed, FALSE) AS reconstructed,
                   (%(verdict)s AND %(exempted)s)::int AS exempted_count,
                   CASE WHEN %(counted)s THEN 100.0 * %(is_met)s END AS compliance,
                   CASE WHEN r.is_current AND r.reached_at IS NOT NULL
                             AND r.state <> %(cancelled)s
                        THEN r.consumed_hours END AS consumed_hours,
                   (r.reached_at IS NOT NULL AND r.state <> %(cancelled)s) AS finished,
                   r.target_hours
              FROM quality_ops_ticket_sla r
              JOIN helpdesk_ticket t ON t.id = r.ticket_id
             WHERE %(every_cycle)s AND %(readable)s
            """,
            every_cycle=EVERY_CYCLE,
            **verdict_people("r", "t"),
            start_month=Registry._local_month_sql(SQL("r.start_at"), SQL("r.company_id")),
            verdict_month=Registry._local_month_sql(VERDICT_AT, SQL("r.company_id")),
            verdict=VERDICT,
            counted=COUNTED_VERDICT,
            exempted=EXEMPTED,
            is_met=IS_MET,
            breached=BREACHED,
            cancelled=CANCELLED,
            readable=self.env["helpdesk.ticket"]._quality_readable_sql(SQL("t.id")),
        )
