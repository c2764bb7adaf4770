from odoo import api, fields, models

from ..tools.argument_guard import arguments


class HelpdeskTicket(models.Model):
    """Inspections of a ticket: recorded from it, or whose abnormal items
    opened it."""

    _inherit = "helpdesk.ticket"

    quality_inspection_count = fields.Integer(
        compute="_compute_quality_inspection_count", string="Inspections"
    )

    def _quality_inspections(self):
        """Inspections recorded from these tickets or whose abnormal items
        opened them."""
        Inspection = self.env["quality_ops.inspection"].sudo()
        lines = (
            self.env["quality_ops.inspection.line"].sudo().search([("ticket_id", "in", self.ids)])
        )
        return Inspection.search([("origin_ticket_id", "in", self.ids)]) | lines.inspection_id

    def _compute_quality_inspection_count(self):
        inspections = self._quality_inspections()
        for ticket in self:
            ticket.quality_inspection_count = len(
                inspections.filtered(
                    lambda i, t=ticket: i.origin_ticket_id == t or t in i.line_ids.ticket_id
                )
            )

    @api.readonly
    @arguments()
    def action_view_quality_inspections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_ops.quality_inspection_action"
        )
        inspections = self._quality_inspections()
        # the user's rules still apply to what the list shows
        action["domain"] = [("id", "in", inspections.ids)]
        action["context"] = {"create": False, "search_default_mine": 0}
        if len(inspections) == 1:
            action.update(res_id=inspections.id, view_mode="form", views=[(False, "form")])
        return action

    @arguments()
    def action_quality_record_inspection(self):
        """An inspection recorded from this ticket (an inspection work order)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality_ops.inspection",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_origin_ticket_id": self.id,
                "default_project_id": self.project_id.id,
                "default_team_id": self.team_id.id,
                "default_company_id": self.company_id.id,
                "default_target": self.name,
            },
        }
