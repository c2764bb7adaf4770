from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.rating.models.rating_data import RATING_LIMIT_OK


class QualitySatisfactionReport(models.Model):
    """Ticket ratings by team, project, customer and month (SQL view): CSAT."""

    _name = "quality_ops.satisfaction.report"
    _description = "Satisfaction Analysis"
    _inherit = ["quality_ops.ticket.analysis.mixin"]
    _auto = False
    _order = "month desc"
    _depends = {
        "rating.rating": ["res_model", "res_id", "rating", "consumed", "write_date"],
        "helpdesk.ticket": [
            "team_id",
            "project_id",
            "commercial_partner_id",
            "user_id",
            "company_id",
        ],
    }

    ticket_id = fields.Many2one(comodel_name="helpdesk.ticket", readonly=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Assignee", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    month = fields.Date(readonly=True, help="Month the ticket was closed (else rated).")
    rating = fields.Float(string="Mean Rating", readonly=True, aggregator="avg")
    satisfied_count = fields.Integer(string="Satisfied", readonly=True)
    unhappy_count = fields.Integer(string="Unhappy", readonly=True)
    csat = fields.Float(
        string="CSAT (%)",
        readonly=True,
        aggregator="avg",
        help="Share of satisfied ratings (4 or more on the 1-5 scale).",
    )

    @property
    def _table_query(self):
        """One row per rating counted by the CSAT indicator (the registry's
        definition), in the local month it counts in; only ratings of the
        tickets the reader may read."""
        Registry = self.env["quality_ops.indicator.registry"]
        (part,) = Registry._source_csat(None)
        return SQL(
            """
            SELECT r.id,
                   t.id AS ticket_id,
                   %(team)s AS team_id,
                   %(project)s AS project_id,
                   %(customer)s AS partner_id,
                   t.user_id,
                   %(company)s AS company_id,
                   %(month)s AS month,
                   to_char(%(month)s, 'YYYY-MM') AS month_key,
                   r.rating,
                   %(satisfied)s AS satisfied_count,
                   (r.rating < %(ok)s)::int AS unhappy_count,
                   100.0 * %(satisfied)s AS csat
              FROM %(from)s
             WHERE %(where)s AND %(readable)s
            """,
            team=part.team,
            project=part.project,
            customer=part.customer,
            company=part.company,
            month=Registry._local_month_sql(part.instant, part.company),
            satisfied=part.numerator,
            ok=RATING_LIMIT_OK,
            where=part.where,
            readable=self.env["helpdesk.ticket"]._quality_readable_sql(SQL("t.id")),
            **{"from": part.from_clause},
        )
