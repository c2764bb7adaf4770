from markupsafe import Markup

from odoo import api, models

from odoo.addons.queue_job.delay import chain, group

from .quality_job_mixin import job_key
from .quality_sla_rebuild import BATCH


class QualityJobSlaRebuild(models.AbstractModel):
    """The SLA history rebuild of a large history as jobs: one piece per batch
    of tickets, then the years concerned measured again (one piece per
    indicator and year), then the quality manager who asked is told."""

    _name = "quality_ops.sla.rebuild"
    _inherit = ["quality_ops.sla.rebuild", "quality_ops.job.mixin"]

    @api.model
    def _quality_rebuild_piece(self, ticket_ids):
        """The job: clocks for these tickets (those that got clocks meanwhile
        are left alone: a ticket with clocks is never rebuilt)."""
        Clock = self.env["quality_ops.ticket.sla"].sudo()
        Clock.flush_model(["ticket_id"])
        with_clocks = set(Clock.search([("ticket_id", "in", ticket_ids)]).ticket_id.ids)
        counts = self._rebuild([i for i in ticket_ids if i not in with_clocks])
        return f"{counts['tickets']} tickets, {counts['clocks']} clocks rebuilt"

    @api.model
    def _quality_rebuild_done(self, user_id, first, last):
        """The last job: the quality manager who asked is told."""
        user = self.env["res.users"].sudo().browse(user_id).exists()
        if not user:
            return "requester gone"
        env = self.with_context(lang=user.lang).env
        text = env._(
            "The SLA history rebuild you asked for is done; the figures of %(first)s to "
            "%(last)s were measured again.",
            first=first,
            last=last,
        )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            author_id=self.env.ref("base.partner_root").id,
            subject=text,
            body=Markup("<p>%s</p>") % text,
        )
        user._bus_send("simple_notification", {"type": "success", "sticky": True, "message": text})
        return "notified"

    @api.model
    def _quality_enqueue_rebuild(self, company, ticket_ids, years, user, first, last):
        """Queue the rebuild of ``ticket_ids`` in batches, then the measurement
        of ``years``, then the notification of ``user``; returns the number of
        pieces."""
        rebuild = [
            self.delayable(
                identity_key=job_key("rebuild", company.id, ticket_ids[start]),
                description=self.env._(
                    "Rebuild the SLA history of %(count)s tickets (%(company)s)",
                    count=len(ticket_ids[start : start + BATCH]),
                    company=company.name,
                ),
            )._quality_rebuild_piece(ticket_ids[start : start + BATCH])
            for start in range(0, len(ticket_ids), BATCH)
        ]
        Measurement = self.env["quality_ops.measurement"].sudo()
        measure = [piece for year in years for piece in Measurement._quality_year_pieces(year)]
        done = self.delayable(
            identity_key=job_key("rebuild-done", company.id, user.id, first, last),
            description=self.env._("Tell the quality manager the SLA history rebuild is done"),
        )._quality_rebuild_done(user.id, first, last)
        chain(*(group(*part) for part in (rebuild, measure) if part), done).delay()
        return len(rebuild) + len(measure) + 1
