from odoo import models

from ..tools.trail_posts import CHECKED_POST_KEY, check_person_post, kept_trail, with_checked_post


class MailComposeMessage(models.TransientModel):
    """The mail composer a client drives posts through ``message_post`` on
    the server with the type, subtype and author the client sent: on a
    record whose trail is evidence, a person posts a note or a message in
    their own name (or in the name of the sender the composer's template
    gives), now or scheduled. The server's own posts through a composer
    (``message_post_with_source``: rating requests, templates of stages)
    do not come through these buttons."""

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
        if (
            self.env.su
            or self.composition_mode != "comment"
            or not self.model
            or not kept_trail(self.env, self.model)
        ):
            return
        check_person_post(
            self.env,
            self.message_type,
            self.subtype_id.id,
            self.author_id.id,
            authors=self._quality_template_authors(),
        )

    def _quality_template_authors(self):
        """The authors the composer's template gives (its sender, rendered
        for the records), which Odoo sets instead of the user's partner."""
        if not self.template_id or self.author_id == self.env.user.partner_id:
            return set()
        if self.res_domain:
            res_ids = self.env[self.model].search(self._evaluate_res_domain()).ids
        else:
            res_ids = self._evaluate_res_ids()
        if not res_ids:
            return set()
        senders = self.template_id._render_field("email_from", list(res_ids))
        Thread = self.env["mail.thread"].with_context(active_test=False)
        authors = {Thread._message_compute_author(None, sender)[0] for sender in senders.values()}
        return {author for author in authors if author}
