from markupsafe import Markup

from odoo import api, models

from .mail_thread import with_trail_pass

#: a ticket's ratings and the last score shown on it: written by Odoo's rating
#: code (in sudo) from the customer's rating, never through the ticket
RATING_FIELDS = {"rating_ids", "rating_last_value"}


class HelpdeskTicket(models.Model):
    """Ratings of a ticket: applied by the customer's rating page only, the
    request's links kept out of the chatter."""

    _inherit = "helpdesk.ticket"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and self._quality_writes_ratings(*vals_list, creating=True):
            self.env["rating.rating"]._quality_refuse_forged()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and self._quality_writes_ratings(vals):
            self.env["rating.rating"]._quality_refuse_forged()
        return super().write(vals)

    def _quality_writes_ratings(self, *vals_list, creating=False):
        """Whether a client's values (or, at creation, its defaults) give a
        ticket ratings or a last score of their own."""
        defaults = {f"default_{name}" for name in RATING_FIELDS} if creating else set()
        return bool(defaults & set(self.env.context)) or any(
            RATING_FIELDS & set(vals) for vals in vals_list
        )

    def rating_apply(self, rate, *args, **kwargs):
        # the customer's rating page applies his rating on the ticket in sudo;
        # a user calling this himself would rate in the customer's place
        Rating = self.env["rating.rating"]
        if not self.env.su and not Rating._quality_is_system():
            Rating._quality_refuse_forged()
        return super().rating_apply(rate, *args, **kwargs)

    def rating_send_request(self, template, lang=False, force_send=True):
        # the request's links carry the customer's token, his key to the rating
        # page: the mail keeps them, the copy left in the ticket's chatter not
        Message = self.env["mail.message"].sudo()
        last = Message.search([], order="id desc", limit=1).id
        result = super().rating_send_request(template, lang=lang, force_send=force_send)
        copies = Message.search(
            [("model", "=", self._name), ("res_id", "in", self.ids), ("id", ">", last)]
        ).filtered(lambda message: "/rate/" in (message.body or ""))
        if copies:
            # the request's own copy, rewritten as it is made: the trail's pass
            # for these tickets (one no client can send)
            with_trail_pass(copies, {(self._name, ticket_id) for ticket_id in self.ids}).write(
                {"body": Markup("<p>%s</p>") % self.env._("Rating request sent to the customer.")}
            )
        return result
