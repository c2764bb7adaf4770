from odoo import fields, models
from odoo.tools import SQL

from ..sla_clock import KINDS
from .quality_indicator_registry import BREACHED_VERDICT, EXEMPTED, VERDICT, VERDICT_AT
from .quality_sla_policy_line import PRIORITIES
from .quality_ticket_sla_store import verdict_people


class QualitySlaCreditReport(models.Model):
    """Service credits by contract, customer, team and month (SQL view): one
    row per judged clock of a contract with a credit scheme, its breach
    charged at the scheme's credit unless exempted (before the monthly cap,
    which applies to the contract's month as a whole: see the statements)."""

    _name = "quality_ops.sla.credit.report"
    _description = "Service Credit Analysis"
    _inherit = ["quality_ops.ticket.analysis.mixin"]
    _auto = False
    _order = "month desc"
    _rec_name = "ticket_id"
    _depends = {
        "quality_ops.ticket.sla": [
            "ticket_id",
            "kind",
            "state",
            "reached_at",
            "breached_at",
            "is_current",
            "quality_exempted",
        ],
        "helpdesk.ticket": ["team_id", "project_id", "commercial_partner_id", "priority"],
        "quality_ops.sla.credit.scheme": [
            "project_id",
            "partner_id",
            "company_id",
            "date_start",
            "date_end",
            "active",
        ],
        "quality_ops.sla.credit.scheme.line": ["scheme_id", "priority", "kind", "credit"],
    }

    ticket_id = fields.Many2one(comodel_name="helpdesk.ticket", readonly=True)
    scheme_id = fields.Many2one(
        comodel_name="quality_ops.sla.credit.scheme", string="Credit Scheme", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    month = fields.Date(readonly=True, help="Local month of the clock's verdict.")
    kind = fields.Selection(KINDS, readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    unit = fields.Selection([("amount", "Amount"), ("points", "Points")], readonly=True)
    verdict_count = fields.Integer(string="Clocks Judged", readonly=True)
    breach_count = fields.Integer(string="Breaches", readonly=True)
    exempted_count = fields.Integer(string="Exempted", readonly=True)
    charged_count = fields.Integer(string="Charged", readonly=True)
    credit = fields.Float(string="Credit before Cap", digits=(16, 2), readonly=True)

    @property
    def _table_query(self):
        Registry = self.env["quality_ops.indicator.registry"]
        month = Registry._local_month_sql(VERDICT_AT, SQL("t.company_id"))
        return SQL(
            """
            SELECT r.id, r.ticket_id, s.id AS scheme_id, t.project_id,
                   t.commercial_partner_id AS partner_id, %(team)s AS team_id, t.company_id,
                   x.month, to_char(x.month, 'YYYY-MM') AS month_key, r.kind, t.priority,
                   s.unit,
                   1 AS verdict_count,
                   (%(breached)s)::int AS breach_count,
                   (%(breached)s AND %(exempted)s)::int AS exempted_count,
                   (%(breached)s AND NOT (%(exempted)s))::int AS charged_count,
                   CASE WHEN %(breached)s AND NOT (%(exempted)s)
                        THEN COALESCE(l.credit, 0) ELSE 0 END AS credit
              FROM quality_ops_ticket_sla r
              JOIN helpdesk_ticket t ON t.id = r.ticket_id
              CROSS JOIN LATERAL (SELECT %(month)s AS month) x
              JOIN quality_ops_sla_credit_scheme s
                ON s.company_id = t.company_id AND s.active
               AND (s.project_id = t.project_id
                    OR (s.project_id IS NULL AND t.project_id IS NULL
                        AND s.partner_id = t.commercial_partner_id))
               AND s.date_start <= x.month AND (s.date_end IS NULL OR s.date_end >= x.month)
              LEFT JOIN quality_ops_sla_credit_scheme_line l
                ON l.scheme_id = s.id AND l.priority = t.priority AND l.kind = r.kind
             WHERE %(verdict)s AND %(readable)s
            """,
            month=month,
            team=verdict_people("r", "t")["team"],
            breached=BREACHED_VERDICT,
            exempted=EXEMPTED,
            verdict=VERDICT,
            readable=self.env["helpdesk.ticket"]._quality_readable_sql(SQL("t.id")),
        )
