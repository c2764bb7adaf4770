from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..groups import GROUP_OFFICER
from ..sla_clock import BREACHED, CANCELLED, OUTCOME_STATES
from ..sla_credits import contract_key_sql
from ..tools.field_checks import unchanged
from ..tools.group_guard import uninstalling

# what a monthly SLA statement reads of a ticket: its contract and priority
SETTLED_FIELDS = {"project_id", "partner_id", "commercial_partner_id", "priority", "company_id"}
# the states of a statement whose month is settled
SETTLED_STATES = ("confirmed", "approved")


class HelpdeskTicket(models.Model):
    """What was reported and settled stays: a ticket counted in a confirmed
    SLA statement keeps its contract and priority and its current clocks; a
    ticket reported to the customer, settled or breached is not deleted."""

    _inherit = "helpdesk.ticket"

    def write(self, vals):
        if not self.env.su and SETTLED_FIELDS & set(vals):
            # a breach is charged under the contract and priority it has
            self._quality_check_breach_contract(vals)
            # a settled month's statement counted these tickets' clocks as they are
            self._quality_check_not_settled()
        elif not self.env.su and self._quality_cancels(vals.get("stage_id")):
            # cancelling touches the current clocks only (earlier cycles are history)
            self._quality_check_not_settled(current_only=True, cancelling=True)
        elif not self.env.su and self._quality_takes_back(vals.get("stage_id")):
            # a response given before the cancellation would count again
            self._quality_check_not_settled(current_only=True, taking_back=True)
        result = super().write(vals)
        if SETTLED_FIELDS & set(vals) and not self.env.su:
            self._quality_check_not_settled()  # nor moves into a settled month
        return result

    @api.ondelete(at_uninstall=True)
    def _quality_unlink_unless_reported(self):
        """A ticket counted in a service report sent to the customer is part of
        what was sent: it is closed or cancelled, not deleted."""
        if uninstalling(self.env):
            return
        sent = (
            self.env["quality_ops.service.report"]
            .sudo()
            .search([("ticket_ids", "in", self.ids), ("state", "=", "sent")], limit=1)
        )
        if sent:
            raise UserError(
                self.env._(
                    "These tickets were reported to the customer in %(report)s: cancel them "
                    "instead of deleting them.",
                    report=sent.display_name,
                )
            )
        # nor one a confirmed or approved SLA statement counted
        self._quality_check_not_settled()
        # a breach stays a breach: deleting the ticket would take it out of
        # the SLA figures and the service credits (an exemption is the way)
        breached = (
            self.env["quality_ops.ticket.sla"]
            .sudo()
            .search([("ticket_id", "in", self.ids), ("state", "=", BREACHED)], limit=1)
        )
        if breached:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has breached its SLA: the breach counts in the SLA "
                    "figures and the service credits, so the ticket is kept. Cancel it "
                    "instead; only an approved exemption takes a breach out.",
                    ticket=breached.ticket_id.number,
                )
            )

    @api.model
    def _quality_judged_ticket(self, domain):
        """A ticket of ``domain`` (archived ones too) with a judged clock (met or
        breached): what the contract it is counted under must keep."""
        clock = (
            self.env["quality_ops.ticket.sla"]
            .sudo()
            .with_context(active_test=False)
            .search([("state", "in", OUTCOME_STATES), ("ticket_id", "any", domain)], limit=1)
        )
        return clock.ticket_id

    def _quality_check_breach_contract(self, vals):
        """A ticket with a breach keeps its project, customer and priority, which
        its service credits are charged under: moving it off its contract would
        take the credit from the customer. Filling in one left empty (a ticket
        come by mail, its customer found later) is no move; the quality
        department corrects a ticket filed under the wrong contract, the people
        measured do not."""
        changing = [name for name in SETTLED_FIELDS & set(vals) if name in self._fields]
        if not changing or self.env.user.has_group(GROUP_OFFICER):
            return
        clocks = self.env["quality_ops.ticket.sla"].sudo()
        breached = clocks.search([("ticket_id", "in", self.ids), ("state", "=", BREACHED)])
        for ticket in breached.ticket_id.with_env(self.env):
            if any(self._quality_moves_contract(ticket, name, vals[name]) for name in changing):
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s has breached its SLA: its project, customer and "
                        "priority are what its service credits are charged under, so only "
                        "the quality department changes them (Correct SLA Attribution on "
                        "the ticket).",
                        ticket=ticket.number,
                    )
                )

    def _quality_moves_contract(self, ticket, name, value):
        """Whether writing ``value`` to ``name`` moves ``ticket`` off its
        contract: not when filling in an empty field, nor when another contact
        of the same customer company becomes its customer."""
        if not ticket[name] or unchanged(ticket, name, value):
            return False
        if name == "partner_id":
            partner = self.env["res.partner"].browse(value or [])
            return partner.commercial_partner_id != ticket.commercial_partner_id
        return True

    def _quality_check_not_settled(self, current_only=False, cancelling=False, taking_back=False):
        """A ticket whose judged clocks a confirmed or approved SLA statement
        counted keeps its contract and priority: the statement would no longer
        add up (one query for the tickets written; ``current_only``: only its
        current clocks, those a stage move changes; ``taking_back``: the
        verdicts a cancellation took out, which taking it back restores)."""
        if not self.ids:
            return
        self.flush_recordset(["project_id", "commercial_partner_id", "company_id"])
        self.env["quality_ops.ticket.sla"].flush_model(["state", "reached_at", "breached_at"])
        self.env["quality_ops.sla.statement"].flush_model(
            ["state", "contract_key", "company_id", "date_from", "date_to"]
        )
        for company in self.company_id:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT t.number, s.id FROM helpdesk_ticket t
                      JOIN quality_ops_ticket_sla r
                        ON r.ticket_id = t.id AND r.state IN %(outcomes)s AND %(current)s
                      JOIN quality_ops_sla_statement s
                        ON s.company_id = t.company_id
                       AND s.state IN %(settled)s
                       AND s.contract_key = %(contract)s
                       AND %(judged_on)s BETWEEN s.date_from AND s.date_to
                     WHERE t.id = ANY(%(ids)s) AND t.company_id = %(company)s
                     LIMIT 1
                    """,
                    outcomes=(CANCELLED,) if taking_back else OUTCOME_STATES,
                    settled=SETTLED_STATES,
                    current=SQL(
                        "r.is_current AND r.cancelled_at IS NOT NULL"
                        if taking_back
                        else "r.is_current"
                        if current_only
                        else "TRUE"
                    ),
                    contract=SQL(contract_key_sql("t.project_id", "t.commercial_partner_id")),
                    judged_on=company._quality_local_date_sql(
                        SQL("COALESCE(r.breached_at, r.reached_at)")
                    ),
                    ids=self.ids,
                    company=company.id,
                )
            )
            row = self.env.cr.fetchone()
            if row:
                statement = self.env["quality_ops.sla.statement"].sudo().browse(row[1])
                params = {
                    "ticket": row[0],
                    "statement": statement.display_name,
                    "state": statement._quality_state_label(),
                }
                if taking_back:
                    message = self.env._(
                        "Ticket %(ticket)s was cancelled when SLA statement %(statement)s "
                        "(%(state)s) settled its month: it stays cancelled, or the "
                        "statement would no longer add up. Open a new ticket instead.",
                        **params,
                    )
                elif cancelling:
                    message = self.env._(
                        "Ticket %(ticket)s is counted in SLA statement %(statement)s "
                        "(%(state)s): it cannot be cancelled, or the statement would no "
                        "longer add up. An SLA exemption is the way to take a breach out.",
                        **params,
                    )
                else:
                    message = self.env._(
                        "Ticket %(ticket)s is counted in SLA statement %(statement)s "
                        "(%(state)s): its project, customer and priority stay as they were, "
                        "or the statement would no longer add up.",
                        **params,
                    )
                raise UserError(message)

    def _quality_excluded_stages(self):
        """The stages some policy excludes (cancelled, rejected): read from the
        compiled policies, no query."""
        book = self.env["quality_ops.sla.policy"]._quality_book()
        return {stage_id for policy in book.policies for stage_id in policy.excluded_stages}

    def _quality_cancels(self, stage_id):
        """Whether moving to ``stage_id`` cancels clocks."""
        return bool(stage_id) and stage_id in self._quality_excluded_stages()

    def _quality_takes_back(self, stage_id):
        """Whether moving to ``stage_id`` takes cancelled tickets back: it leaves
        an excluded stage for one that is not."""
        if not stage_id:
            return False
        excluded = self._quality_excluded_stages()
        return stage_id not in excluded and bool(set(self.stage_id.ids) & excluded)
