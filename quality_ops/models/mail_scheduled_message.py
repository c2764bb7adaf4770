import json

from odoo import api, models
from odoo.exceptions import UserError

from ..tools.trail_posts import check_person_post, kept_trail, post_checked

# what decides the message a scheduled message will post, besides its text
POSTING_FIELDS = frozenset({"author_id", "notification_parameters", "is_note"})


class MailScheduledMessage(models.Model):
    """A scheduled message is posted later by its creator through
    ``message_post``, with the author and the message type and subtype it
    holds: on a record whose trail is evidence, a person schedules a note or
    a message in their own name (the composer checks those it schedules)."""

    _inherit = "mail.scheduled.message"

    @api.model_create_multi
    def create(self, vals_list):
        if not post_checked(self.env):
            for vals in vals_list:
                if isinstance(vals, dict) and kept_trail(self.env, vals.get("model")):
                    self._quality_check_posting(vals)
        return super().create(vals_list)

    def write(self, vals):
        if isinstance(vals, dict) and POSTING_FIELDS & set(vals) and not self.env.su:
            for message in self.sudo():
                if not kept_trail(self.env, message.model):
                    continue
                if message.create_uid != self.env.user:
                    raise UserError(
                        self.env._("Only its author changes who posts a scheduled message.")
                    )
                self._quality_check_posting(
                    {
                        "author_id": message.author_id.id,
                        "notification_parameters": message.notification_parameters,
                        **vals,
                    }
                )
        return super().write(vals)

    @api.model
    def _quality_check_posting(self, vals):
        try:
            parameters = json.loads(vals.get("notification_parameters") or "{}")
        except (TypeError, ValueError):
            parameters = None
        if not isinstance(parameters, dict):
            raise UserError(self.env._("The parameters of a scheduled message are a JSON object."))
        check_person_post(
            self.env,
            # without a type, message_post posts a notification
            parameters.get("message_type", "notification"),
            parameters.get("subtype_id"),
            vals.get("author_id"),
            email_from=parameters.get("email_from"),
        )
