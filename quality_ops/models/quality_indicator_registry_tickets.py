"""The volume of the service, added to the registry: tickets closed in the
period and tickets open at its end, counted on the tickets themselves (with
or without an SLA policy), as the customer service report prints them."""

from odoo import models
from odoo.tools import SQL

from .quality_indicator_registry import Part, ticket_dimensions


def ticket_part(where, instant=None, at_end=False):
    """A part counting tickets (``r``, its stage ``st``), one each."""
    return Part(
        model="helpdesk.ticket",
        from_clause=SQL(
            "helpdesk_ticket r LEFT JOIN helpdesk_ticket_stage st ON st.id = r.stage_id"
        ),
        **ticket_dimensions("r"),
        numerator=SQL("1"),
        denominator=SQL("1"),
        instant=instant,
        at_end=at_end,
        where=where,
    )


class QualityIndicatorRegistryTickets(models.AbstractModel):
    _inherit = "quality_ops.indicator.registry"

    def _source_tickets_closed(self, period):
        """Tickets that last entered a closing stage in the period
        (helpdesk_mgmt's closing date: done or cancelled)."""
        return [ticket_part(SQL("r.closed_date IS NOT NULL"), instant=SQL("r.closed_date"))]

    def _source_tickets_open(self, period):
        """Tickets created before the period's end and not closed then: never
        closed, closed after the end, or reopened before the end and still
        open (helpdesk_mgmt keeps the closing date of a reopened ticket; its
        last stage change tells that it has been open since)."""
        open_at_end = SQL(
            "r.create_date < %(end)s AND (r.closed_date IS NULL OR r.closed_date >= %(end)s"
            " OR (NOT COALESCE(st.closed, FALSE) AND r.last_stage_update < %(end)s))",
            end=period.end,
        )
        return [ticket_part(open_at_end, at_end=True)]
