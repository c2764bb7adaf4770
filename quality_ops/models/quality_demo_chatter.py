from markupsafe import Markup

from odoo import api, models
from odoo.tools import SQL


class QualityDemo(models.AbstractModel):
    _inherit = "quality_ops.demo"

    @api.model
    def _demo_chatter_in(self, lang):
        """The chatter the demo's loading wrote in no language (Odoo's
        English), in ``lang``, as its users would have read it had they made
        the records: the "… created" lines, and the stages, people and
        choices of the changes tracked on quality_ops' records and tickets."""
        if not self.env["res.lang"]._lang_get(lang):
            return False
        self._demo_flush_trail()
        # the records' names the to-dos keep, read in ``lang`` (and after the
        # complaints were numbered again)
        activities = self.env["mail.activity"].sudo().search([("res_model", "!=", False)])
        activities.with_context(lang=lang)._compute_res_name()
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT model, MIN(res_id) FROM mail_message"
            " WHERE model IS NOT NULL AND body LIKE %s GROUP BY model",
            ["%created</p>"],
        )
        for model, res_id in self.env.cr.fetchall():
            if model not in self.env or not hasattr(self.env[model], "_creation_message"):
                continue
            record = self.env[model].browse(res_id)
            english, translated = (
                Markup("<p>%s</p>") % record.with_context(lang=code)._creation_message()
                for code in ("en_US", lang)
            )
            self.env.cr.execute(
                SQL(
                    "UPDATE mail_message SET body = %s WHERE model = %s AND body = %s",
                    str(translated),
                    model,
                    str(english),
                )
            )
        values = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    "|",
                    ("mail_message_id.model", "=like", "quality_ops.%"),
                    ("mail_message_id.model", "=", "helpdesk.ticket"),
                    ("field_id.ttype", "in", ("many2one", "selection")),
                ]
            )
        )
        for value in values:
            self.env.cr.execute(
                SQL(
                    "UPDATE mail_tracking_value SET old_value_char = %s, new_value_char = %s"
                    " WHERE id = %s",
                    *self._demo_tracked_in(value, lang),
                    value.id,
                )
            )
        self.env["mail.message"].invalidate_model(["body"])
        self.env["mail.tracking.value"].invalidate_model()
        return True

    def _demo_tracked_in(self, value, lang):
        """``(old, new)``: the texts of a tracked many2one or selection change in ``lang``."""
        field = value.field_id
        if field.ttype == "many2one":
            related = self.env[field.relation].with_context(lang=lang).sudo()
            return tuple(
                related.browse(record_id).display_name if record_id else ""
                for record_id in (value.old_value_integer, value.new_value_integer)
            )
        described = self.env[field.model]._fields[field.name]._description_selection
        english = {label: key for key, label in described(self.env(context={"lang": "en_US"}))}
        translated = dict(described(self.env(context={"lang": lang})))
        return tuple(
            translated.get(english.get(text), text)
            for text in (value.old_value_char or "", value.new_value_char or "")
        )

    @api.model
    def _demo_finish_todos(self):
        """The owners' to-dos of the actions the demo made done or verified
        (it sets where they ended, not the owner's step, which closes them)
        are no longer to do."""
        actions = (
            self.env["quality_ops.action"].sudo().search([("state", "in", ("done", "verified"))])
        )
        self.env["mail.activity"].sudo().search(
            [("res_model", "=", "quality_ops.action"), ("res_id", "in", actions.ids)]
        ).unlink()
        return True
