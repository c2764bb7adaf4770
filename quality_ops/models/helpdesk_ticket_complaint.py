from odoo import api, fields, models

from ..tools.argument_guard import arguments
from ..tools.smart_buttons import count_by, notification_action, window_action


class HelpdeskTicket(models.Model):
    """Complaints of a ticket: those the settings' rules open, those an agent
    flags."""

    _inherit = "helpdesk.ticket"

    quality_complaint_ids = fields.One2many(
        comodel_name="quality_ops.complaint",
        inverse_name="ticket_id",
        string="Complaints",
    )
    quality_complaint_count = fields.Integer(compute="_compute_quality_complaint_count")

    @api.depends("quality_complaint_ids")
    def _compute_quality_complaint_count(self):
        counts = count_by(self.env["quality_ops.complaint"].sudo(), "ticket_id", self)
        for ticket in self:
            ticket.quality_complaint_count = counts.get(ticket, 0)

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._quality_complaints_by_rule()
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if {"category_id", "tag_ids", "channel_id"} & set(vals):
            self._quality_complaints_by_rule()
        return result

    def _quality_complaints_by_rule(self):
        """Tickets of the complaint categories, tags or channels set in the
        settings become complaints (once)."""
        by_company = self.env["res.company"]._quality_complaint_rules()
        if not any(company in by_company for company in self.company_id.ids):
            return
        matching = self.filtered(
            lambda t: (
                t.company_id.id in by_company
                and not t.quality_complaint_ids
                and (
                    t.category_id.id in by_company[t.company_id.id][0]
                    or not by_company[t.company_id.id][1].isdisjoint(t.tag_ids.ids)
                    or t.channel_id.id in by_company[t.company_id.id][2]
                )
            )
        )
        if matching:
            matching.sudo()._quality_create_complaints()

    def _quality_create_complaints(self):
        return self.env["quality_ops.complaint"].create(
            [{"ticket_id": ticket.id, "description": ticket.description} for ticket in self]
        )

    @api.readonly
    @arguments()
    def action_view_quality_complaints(self):
        self.ensure_one()
        action = window_action(
            self.env, "quality_ops.quality_complaint_action", [("ticket_id", "=", self.id)]
        )
        if len(self.quality_complaint_ids) == 1:
            action.update(
                res_id=self.quality_complaint_ids.id, view_mode="form", views=[(False, "form")]
            )
        return action

    @arguments()
    def action_quality_flag_complaint(self):
        """Agents flag a ticket as a complaint: the quality department is told at once."""
        self.ensure_one()
        complaint = self.quality_complaint_ids[:1] or self.sudo()._quality_create_complaints()
        return notification_action(
            self.env._(
                "Complaint %(complaint)s opened; the quality department is notified.",
                complaint=complaint.display_name,
            ),
            "warning",
            close=True,
        )
