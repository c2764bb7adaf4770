import functools

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from odoo.addons.rating.models.rating_data import RATING_LIMIT_OK

from ..groups import GROUP_HELPDESK_STAFF
from ..tools.workflow_pass import effective_vals

TICKET = "helpdesk.ticket"
#: what Odoo's own code writes on a ticket's rating whoever works on the
#: ticket: the rated person and the parent follow the ticket (rating.mixin)
FOLLOWS_TICKET = {"rated_partner_id", "parent_res_id"}
#: what the customer gives (the rating page, the portal's chatter): the score,
#: the words and the message that shows them
GIVEN = {"rating", "feedback", "consumed", "message_id"}


class RatingRating(models.Model):
    _name = "rating.rating"
    _inherit = ["rating.rating", "quality_ops.xlsx.mixin"]
    _quality_xlsx_fields = [
        "res_name",
        "partner_id",
        "rated_partner_id",
        "rating",
        "rating_text",
        "feedback",
        "consumed",
        "write_date",
    ]

    # the token is the customer's key to the rating page: whoever reads it
    # could rate in the customer's place
    access_token = fields.Char(groups="base.group_system")

    @api.model
    def _quality_xlsx_readable(self):
        # ratings of the tickets the user may read, nothing else
        return [
            ("res_model", "=", TICKET),
            ("res_id", "in", self.env[TICKET].with_context(active_test=False)._search([])),
        ]

    # ------------------------------------------------------------------
    # reading: a ticket's rating goes with its ticket
    # ------------------------------------------------------------------

    @api.model
    def _quality_ticket_read_domain(self):
        """Ratings of other records, and those of the tickets the user reads."""
        Ticket = self.env[TICKET]
        return (
            Domain("res_model", "!=", TICKET)
            | Domain("res_model", "=", False)
            | Domain.custom(
                to_sql=lambda model, alias, query: Ticket._quality_readable_sql(
                    model._field_to_sql(alias, "res_id", query)
                )
            )
        )

    @api.model
    def _search(self, domain, *args, bypass_access=False, **kwargs):
        if not (self.env.su or bypass_access):
            domain = Domain(domain) & self._quality_ticket_read_domain()
        return super()._search(domain, *args, bypass_access=bypass_access, **kwargs)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self.env.su or not self._ids:
            return result
        refused = result[0] if result else self.browse()
        ticket_ratings = (self - refused).sudo().filtered(lambda r: r.res_model == TICKET)
        if not ticket_ratings:
            return result
        tickets = self.env[TICKET].with_context(active_test=False)
        readable_ids = set()
        if tickets.has_access("read"):
            tickets = tickets.browse(set(ticket_ratings.mapped("res_id")))
            readable_ids = set(tickets._filtered_access("read").ids)
        unreadable = ticket_ratings.filtered(lambda r: r.res_id not in readable_ids)
        if not unreadable:
            return result
        forbidden = refused | unreadable.with_env(self.env)
        return forbidden, functools.partial(
            self.env["ir.rule"]._make_access_error, operation, forbidden
        )

    # ------------------------------------------------------------------
    # writing: a ticket's rating is the customer's
    # ------------------------------------------------------------------

    def _quality_refuse_forged(self):
        # a ticket's rating is the customer's: it feeds CSAT and follow-ups
        raise UserError(
            self.env._("A ticket's rating is given by the customer, not typed by a user.")
        )

    @api.model
    def _quality_is_system(self):
        """Odoo itself (the mail gateway, scheduled actions, data loading): not
        a user acting through a client, whatever he sends."""
        return self.env.uid == SUPERUSER_ID

    @api.model
    def _quality_by_customer(self, ticket_id, partner_id):
        """Whether the current user gives this rating from the customer's side:
        a visitor or a portal user (the rating page of the token, the portal's
        chatter of the tickets the portal shows him), or an employee who is
        himself the rating's partner and the ticket's customer, and works
        neither on it nor in the helpdesk. Decided on the user of the request,
        never on the context or on sudo."""
        user = self.env.user
        if self._quality_is_system() or user.share:
            return True
        ticket = self.env[TICKET].sudo().browse(ticket_id).exists()
        rated_by = self.env["res.partner"].sudo().browse(partner_id).exists()
        if not ticket or ticket.user_id == user or rated_by != user.partner_id:
            return False
        # the helpdesk's own people are measured by the rating: an agent who
        # made himself the ticket's customer (or gave it to someone else) just
        # before rating it does not rate it
        if user.has_group(GROUP_HELPDESK_STAFF):
            return False
        return ticket.commercial_partner_id == user.partner_id.commercial_partner_id

    @api.model_create_multi
    def create(self, vals_list):
        ticket_model = self.env["ir.model"]._get_id(TICKET)
        for vals in (effective_vals(self, vals) for vals in vals_list):
            if vals.get("res_model") != TICKET and vals.get("res_model_id") != ticket_model:
                continue
            if self._quality_is_system():
                continue
            # an internal path (sudo) may open an empty rating for the customer
            # to fill in (the rating request); a score or a word is his alone
            given = vals.get("rating") or vals.get("consumed") or vals.get("feedback")
            if not self.env.su or (
                given and not self._quality_by_customer(vals.get("res_id"), vals.get("partner_id"))
            ):
                self._quality_refuse_forged()
        ratings = super().create(vals_list)
        ratings._quality_follow_up_low()
        return ratings

    def write(self, vals):
        if not self._quality_is_system():
            self._quality_check_write(vals)
        result = super().write(vals)
        if "rating" in vals or "consumed" in vals:
            self._quality_follow_up_low()
        return result

    def _quality_check_write(self, vals):
        ticket_model = self.env["ir.model"]._get_id(TICKET)
        ticket_ratings = self.sudo().filtered(lambda r: r.res_model == TICKET)
        to_ticket = vals.get("res_model") == TICKET or vals.get("res_model_id") == ticket_model
        if not (ticket_ratings or to_ticket):
            return
        fields_sent = set(vals)
        if not self.env.su or to_ticket or fields_sent - FOLLOWS_TICKET - GIVEN:
            self._quality_refuse_forged()
        if fields_sent & GIVEN and not all(
            self._quality_by_customer(rating.res_id, rating.partner_id.id)
            for rating in ticket_ratings
        ):
            self._quality_refuse_forged()

    def unlink(self):
        if not self._quality_is_system():
            ticket_ratings = self.sudo().filtered(lambda r: r.res_model == TICKET)
            existing = set(
                self.env[TICKET].sudo().browse(set(ticket_ratings.mapped("res_id"))).exists().ids
            )
            live = ticket_ratings.filtered(lambda r: r.res_id in existing)
            # ratings go with their deleted ticket; otherwise only the customer
            # takes his rating back (the portal's chatter)
            if live and (
                not self.env.su
                or not all(self._quality_by_customer(r.res_id, r.partner_id.id) for r in live)
            ):
                self._quality_refuse_forged()
        return super().unlink()

    def _quality_follow_up_low(self):
        low = self.filtered(
            lambda r: r.res_model == TICKET and r.consumed and 0 < r.rating < RATING_LIMIT_OK
        )
        if low:
            self.env["quality_ops.followup"]._from_low_ratings(low)
