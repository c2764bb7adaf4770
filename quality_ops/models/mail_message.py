from odoo import api, models
from odoo.exceptions import UserError

from ..tools.trail_posts import PLAIN_SUBTYPES, check_not_others_files, kept_trail, x2many_ids
from .mail_thread import check_trail, trail_pass_covers, trail_records

# what the mail machinery writes on any message: who starred, pinned or was
# notified of it, its recipients (the mail gateway sets those of an incoming
# mail after posting it), its reactions and link previews; not its content
FREE_FIELDS = frozenset(
    {
        "partner_ids",
        "starred_partner_ids",
        "starred",
        "pinned_at",
        "needaction",
        "notification_ids",
        "has_error",
        "reaction_ids",
        "message_link_preview_ids",
        "mail_ids",
    }
)


# what its author may change of his own note (the chatter's edit): its text
# and files, never its type, subtype, author or date
NOTE_FIELDS = frozenset({"body", "attachment_ids"})


class MailMessage(models.Model):
    """The guards of the trail of quality records (see ``mail_thread``): for
    every client and every caller, the superuser included."""

    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._quality_check_created(vals)
            if isinstance(vals, dict):
                check_not_others_files(self.env, x2many_ids(vals.get("attachment_ids")))
        return super().create(vals_list)

    @api.model
    def _quality_check_created(self, vals):
        """A message created directly on a quality record (not posted through
        the chatter) is a plain note of its author: never a tracked change
        nor a message of the system."""
        # what the client sends as ``default_*`` in the context counts as sent
        defaults = {
            key[len("default_") :]: value
            for key, value in self.env.context.items()
            if key.startswith("default_")
        }
        vals = {**defaults, **vals}
        model, res_id = vals.get("model"), vals.get("res_id")
        if not model or not res_id or model not in self.env:
            return
        kept = getattr(self.env[model], "_quality_trail_kept", None)
        if not kept or not kept() or trail_pass_covers(self.env, model, res_id):
            return
        plain = {self.env.ref(xmlid).id for xmlid in PLAIN_SUBTYPES}
        if (
            vals.get("tracking_value_ids")
            or vals.get("message_type", "comment") != "comment"
            or (vals.get("subtype_id") and vals["subtype_id"] not in plain)
            # no other author, none at all, nor a sender address typed in
            or ("author_id" in vals and vals["author_id"] != self.env.user.partner_id.id)
            or vals.get("email_from")
            or vals.get("date")
        ):
            raise UserError(
                self.env._(
                    "On a quality record, tracked changes and the messages of the system are "
                    "recorded by the system; people post notes in their own name, dated when "
                    "they are posted."
                )
            )

    def write(self, vals):
        if isinstance(vals, dict) and "attachment_ids" in vals:
            check_not_others_files(self.env, x2many_ids(vals["attachment_ids"]), exclude=self.ids)
        if set(vals) - FREE_FIELDS:
            self._quality_check_moved(vals)
            check_trail(self)
            if set(vals) - FREE_FIELDS - NOTE_FIELDS and trail_records(self):
                # a note stays a note of its author, dated when it was posted
                raise UserError(
                    self.env._(
                        "On a quality record, a note keeps its type, author and date: only "
                        "its text and files are edited."
                    )
                )
        return super().write(vals)

    def _quality_check_moved(self, vals):
        """No message moves onto or off a quality record."""
        if "model" not in vals and "res_id" not in vals:
            return
        # a message without a record is moved onto one by its res_id alone
        targets = [vals["model"]] if "model" in vals else self.sudo().mapped("model")
        if any(target and kept_trail(self.env, target) for target in targets) or trail_records(
            self
        ):
            raise UserError(
                self.env._("Messages of a quality record cannot be moved to another record.")
            )

    def unlink(self):
        check_trail(self)
        return super().unlink()
