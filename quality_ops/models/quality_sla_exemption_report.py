from odoo import fields, models
from odoo.tools import SQL

from ..sla_clock import KINDS
from .quality_sla_exemption import REASONS, STATES


class QualitySlaExemptionReport(models.Model):
    """Exemption requests by reason, contract, team and month (SQL view): how
    many are asked, how many granted."""

    _name = "quality_ops.sla.exemption.report"
    _description = "Exemption Analysis"
    _inherit = ["quality_ops.ticket.analysis.mixin"]
    _auto = False
    _order = "month desc"
    _depends = {
        "quality_ops.sla.exemption": [
            "reason",
            "state",
            "kind",
            "project_id",
            "partner_id",
            "team_id",
            "company_id",
            "requested_at",
        ],
    }

    exemption_id = fields.Many2one(comodel_name="quality_ops.sla.exemption", readonly=True)
    reason = fields.Selection(REASONS, string="Reason Category", readonly=True)
    state = fields.Selection(STATES, readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    month = fields.Date(readonly=True, help="Local month of the request.")
    request_count = fields.Integer(string="Requests", readonly=True)
    approved_count = fields.Integer(string="Approved", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    approval_rate = fields.Float(
        string="Approval Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Approved requests / decided requests (approved or rejected).",
    )

    @property
    def _table_query(self):
        Registry = self.env["quality_ops.indicator.registry"]
        return SQL(
            """
            SELECT e.id, e.id AS exemption_id, e.reason, e.state, e.kind, e.project_id,
                   e.partner_id, e.team_id, e.company_id,
                   %(month)s AS month,
                   to_char(%(month)s, 'YYYY-MM') AS month_key,
                   1 AS request_count,
                   (e.state = 'approved')::int AS approved_count,
                   (e.state = 'rejected')::int AS rejected_count,
                   CASE WHEN e.state IN ('approved', 'rejected')
                        THEN 100.0 * (e.state = 'approved')::int END AS approval_rate
              FROM quality_ops_sla_exemption e
             WHERE %(readable)s
            """,
            month=Registry._local_month_sql(SQL("e.requested_at"), SQL("e.company_id")),
            # the requests of the tickets the reader may read
            readable=self.env["helpdesk.ticket"]._quality_readable_sql(SQL("e.ticket_id")),
        )
