from odoo import fields, models
from odoo.tools import SQL


class QualitySatisfactionReport(models.Model):
    """Ticket ratings by team, project, customer and month (SQL view): CSAT."""

    _name = "quality_ops.satisfaction.report"
    _description = "Satisfaction Analysis"
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
    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team", readonly=True)
    project_id = fields.Many2one(comodel_name="project.project", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
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
        help="Share of ratings of 4 or more on the 1-5 scale.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT r.id,
                   t.id AS ticket_id,
                   t.team_id,
                   t.project_id,
                   t.commercial_partner_id AS partner_id,
                   t.user_id,
                   t.company_id,
                   date_trunc('month', COALESCE(t.closed_date, r.write_date))::date AS month,
                   r.rating,
                   (r.rating >= 4)::int AS satisfied_count,
                   (r.rating <= 2)::int AS unhappy_count,
                   CASE WHEN r.rating >= 4 THEN 100.0 ELSE 0.0 END AS csat
              FROM rating_rating r
              JOIN helpdesk_ticket t ON t.id = r.res_id
             WHERE r.res_model = 'helpdesk.ticket' AND r.consumed AND r.rating > 0
            """
        )
