from odoo import models

from ..tools.trail_posts import CHECKED_POST_KEY, check_person_post, kept_trail, with_checked_post


class MailComposeMessage(models.TransientModel):
    """The mail composer a client drives posts through ``message_post`` (or
    mails, in mass mode) on the server with the type, subtype and author the
    client sent: on a record whose trail is evidence, a person posts a note
    or a message in their own name, now or scheduled. With a mail template,
    Odoo makes the template's sender the author: there the author is the
    person who sends. The
    server's own posts through a composer (``message_post_with_source``:
    rating requests, templates of stages) do not come through these buttons."""

    _inherit = "mail.compose.message"

    def action_send_mail(self):
        for composer in self:
            composer._quality_check_person_post()
        return super().action_send_mail()

    def action_schedule_message(self):
        for composer in self:
            composer._quality_check_person_post()
        return super(MailComposeMessage, with_checked_post(self)).action_schedule_message()

    def _prepare_schedule_message_post_values(self, post_values):
        values = super()._prepare_schedule_message_post_values(post_values)
        # the scheduled message keeps the context as JSON: not our pass
        values["send_context"].pop(CHECKED_POST_KEY, None)
        return values

    def _quality_check_person_post(self):
        if self.env.su or not self.model or not kept_trail(self.env, self.model):
            return
        me = self.env.user.partner_id
        if self.template_id and self.author_id != me:
            self.author_id = me
        comment = self.composition_mode == "comment"
        check_person_post(
            self.env,
            # a mass mailing is an outgoing mail of its sender, without subtype
            self.message_type if comment else "comment",
            self.subtype_id.id if comment else False,
            self.author_id.id,
            email_from=self.email_from,
            senders=self._quality_template_senders(),
        )

    def _quality_template_senders(self):
        """The sender addresses the composer's template gives: as written
        (a mass mailing renders it per record) and rendered for the records."""
        template = self.template_id
        if not template.email_from:
            return set()
        if self.res_domain:
            res_ids = self.env[self.model].search(self._evaluate_res_domain()).ids
        else:
            res_ids = self._evaluate_res_ids()
        rendered = template._render_field("email_from", list(res_ids)) if res_ids else {}
        return {template.email_from, *(sender for sender in rendered.values() if sender)}
