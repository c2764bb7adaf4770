from odoo import api, models

from .mail_message import FREE_FIELDS
from .mail_thread import existing_messages, with_trail_pass

OUTGOING = "email_outgoing"
# what a mail may not bring to the message it is made from: its content
CONTENT = frozenset(
    {
        "body",
        "attachment_ids",
        "tracking_value_ids",
        "model",
        "res_id",
        "message_type",
        "subtype_id",
        "author_id",
        "date",
        "is_internal",
        "parent_id",
    }
)


class MailMail(models.Model):
    """Odoo's outgoing mail machinery writes the trail of the records it mails
    about (see ``mail_thread``): an outgoing mail (a template's mail, a stage's
    mail to the customer) creates its message on the record, a notification
    mail stamps its message, and a sent mail that is not a notification is
    deleted with its message. Nothing else goes through here: a mail
    pretending to be another kind of message is checked like any message."""

    _inherit = "mail.mail"

    @api.model_create_multi
    def create(self, vals_list):
        pairs = set()
        message_ids = set()
        for vals in vals_list:
            if vals.get("mail_message_id"):
                # a notification mail of a posted message: its stamps only
                if not CONTENT & set(vals):
                    message_ids.add(vals["mail_message_id"])
            elif vals.get("model") and vals.get("res_id"):
                # an outgoing mail, with its own message
                if not vals.get("tracking_value_ids") and (
                    vals.get("message_type", OUTGOING) == OUTGOING
                ):
                    pairs.add((vals["model"], vals["res_id"]))
        messages = self.env["mail.message"].sudo().browse(sorted(message_ids))
        for message in existing_messages(messages):
            if message.model and message.res_id:
                pairs.add((message.model, message.res_id))
        if not pairs:
            return super().create(vals_list)
        return super(MailMail, with_trail_pass(self, pairs)).create(vals_list).with_env(self.env)

    def unlink(self):
        # the messages Odoo deletes with the mails: those not of a notification
        cascaded = self.sudo().filtered(lambda m: not m.is_notification).mail_message_id
        if not cascaded or any(m.message_type != OUTGOING for m in cascaded):
            return super().unlink()
        pairs = {(m.model, m.res_id) for m in cascaded if m.model and m.res_id}
        return super(MailMail, with_trail_pass(self, pairs)).unlink()

    def write(self, vals):
        # the sending machinery stamps its mails (state, Message-Id header,
        # failure): written through to their messages, not their content
        if CONTENT & set(vals):
            return super().write(vals)
        if all(
            name in self._fields and (not self._fields[name].inherited or name in FREE_FIELDS)
            for name in vals
        ):
            # the mail's own fields (its state, failure): its message is not
            # written, no pass
            return super().write(vals)
        # a pass for these mails' own messages (named by id: which record they
        # are on is not read again after sending)
        messages = self.sudo().mail_message_id
        return super(MailMail, with_trail_pass(self, message_ids=messages.ids)).write(vals)
