"""What a closed ticket is counted under stays.

The SLA analyses and the indicators count a ticket's clocks, rating and
first-contact resolution under its engineer, team, project, customer and
priority as they are; the helpdesk stamps its closing, assignment and stage
dates when it moves. Handing a closed ticket to a colleague, another project
or a lower priority would move its figures with it, so those stay while the
ticket is closed (reopening it opens a new cycle), and the stamped dates are
never written by hand.
"""

from odoo import api, models
from odoo.exceptions import UserError

from ..tools.field_checks import unchanged
from .helpdesk_ticket import POLICY_FIELDS

ATTRIBUTION_FIELDS = frozenset({"user_id", *POLICY_FIELDS})
STAMPED_DATES = frozenset({"closed_date", "assigned_date", "last_stage_update"})


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # a ticket created closed "last month" would count there
            defaults = {f"default_{name}" for name in STAMPED_DATES}
            for vals in [*vals_list, {name[8:]: True for name in defaults & set(self.env.context)}]:
                self._quality_check_stamped(vals)
        return super().create(vals_list)

    def copy_data(self, default=None):
        # a copy is a new ticket: the helpdesk stamps its own dates
        vals_list = super().copy_data(default=default)
        for vals in vals_list:
            for name in STAMPED_DATES - set(default or ()):
                vals.pop(name, None)
        return vals_list

    def write(self, vals):
        if not self.env.su and isinstance(vals, dict):
            self._quality_check_stamped(vals)
            self._quality_check_attribution(vals)
        return super().write(vals)

    def _quality_check_stamped(self, vals):
        if isinstance(vals, dict) and STAMPED_DATES & set(vals):
            raise UserError(
                self.env._(
                    "A ticket's closing, assignment and stage dates are stamped by the "
                    "helpdesk when the ticket moves: they are not written by hand."
                )
            )

    def _quality_check_attribution(self, vals):
        changing = ATTRIBUTION_FIELDS & set(vals)
        if not changing:
            return
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id") or [])
        if stage and not stage.closed:
            return  # reopened by this very write: a new cycle, handed on with it
        closed = self.filtered(lambda ticket: ticket.stage_id.closed)
        if closed and not all(unchanged(closed, name, vals[name]) for name in changing):
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is closed: its engineer, team, project, customer, "
                    "category, tags and priority are what its SLA, rating and first-contact "
                    "figures are counted under, so they stay. Reopen the ticket to change them; "
                    "the quality department corrects a contract (Correct SLA Attribution).",
                    ticket=closed[0].number or closed[0].display_name,
                )
            )
