from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    # named apart from the "Working Hours" (resource_calendar_id) that OCA
    # helpdesk_mgmt_sla adds to teams, so that the two never read alike
    quality_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Quality Working Hours",
        help="Calendar of the team's SLA clocks and complaint deadlines in Service "
        "Quality when the SLA policy names none; the company's working hours when empty.",
    )
