from odoo import models
from odoo.exceptions import UserError


class HelpdeskTicketStage(models.Model):
    """Whether a stage closes its tickets decides when their SLA clocks stop
    and when they count as resolved: on a stage that holds tickets it stays,
    or a stage toggled for a moment would close the clocks of every ticket
    moved through it meanwhile."""

    _inherit = "helpdesk.ticket.stage"

    def write(self, vals):
        if "closed" in vals and not self.env.su:
            toggled = self.filtered(lambda stage: stage.closed != bool(vals["closed"]))
            held = toggled and self.env["helpdesk.ticket"].sudo().with_context(
                active_test=False
            ).search([("stage_id", "in", toggled.ids)], limit=1)
            if held:
                raise UserError(
                    self.env._(
                        "Stage %(stage)s holds tickets: whether it closes them decides when "
                        "their SLA clocks stop and when they count as resolved, so it stays "
                        "as it is. Add a new stage instead.",
                        stage=held.stage_id.display_name,
                    )
                )
        return super().write(vals)
