from odoo import fields, models


class QualityTicketAnalysisMixin(models.AbstractModel):
    """What an analysis of the service (an SQL view of clocks, ratings,
    exemptions or credits) is read by: the ticket's team, project and
    customer, and the local month as YYYY-MM (each view says in its ``month``
    field which month of the record it is). The company stays declared by
    each view, beside its multi-company rule."""

    _name = "quality_ops.ticket.analysis.mixin"
    _description = "Service Analysis Dimensions"

    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team", readonly=True)
    project_id = fields.Many2one(comodel_name="project.project", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    month_key = fields.Char(string="Month (YYYY-MM)", readonly=True)
