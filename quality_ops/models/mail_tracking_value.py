from odoo import api, models
from odoo.exceptions import UserError

from ..tools.year_field import is_year_field
from .mail_thread import existing_messages, trail_records


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    # ------------------------------------------------------------------
    # the tracked changes of quality records are evidence (see mail_thread):
    # created with their message by the mail machinery, never afterwards,
    # never changed nor deleted, whoever asks
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        message_ids = {vals.get("mail_message_id") for vals in vals_list} - {False, None}
        if message_ids:
            self._quality_refuse_trail(self.env["mail.message"].browse(sorted(message_ids)))
        return super().create(vals_list)

    def write(self, vals):
        self._quality_refuse_trail(self.sudo().mail_message_id.with_env(self.env))
        if vals.get("mail_message_id"):
            self._quality_refuse_trail(self.env["mail.message"].browse(vals["mail_message_id"]))
        return super().write(vals)

    def unlink(self):
        self._quality_refuse_trail(self.sudo().mail_message_id.with_env(self.env))
        return super().unlink()

    @api.model
    def _quality_refuse_trail(self, messages):
        for records in trail_records(existing_messages(messages)).values():
            raise UserError(
                self.env._(
                    "The tracked changes of %(record)s are part of its evidence: they "
                    "cannot be added, changed or deleted.",
                    record=records[:1].sudo().display_name,
                )
            )

    def _tracking_value_format_model(self, model):
        """The chatter formats a tracked integer with a thousands separator:
        a year of a quality record is shown as typed (2026, not 2,026)."""
        formatted = super()._tracking_value_format_model(model)
        if not model or model not in self.env:
            return formatted
        self._quality_translate_selections(model, formatted)
        if not model.startswith("quality_ops."):
            return formatted
        fields = self.env[model]._fields
        years = {
            tracking.id
            for tracking in self
            if is_year_field(fields.get(tracking.field_id.name or ""))
        }
        for entry in formatted:
            if entry["id"] in years:
                entry["fieldInfo"]["fieldType"] = "char"
                for key in ("newValue", "oldValue"):
                    value = entry[key]
                    entry[key] = str(value) if value not in (False, None) else ""
        return formatted

    def _quality_translate_selections(self, model, formatted):
        """A tracked selection is stored as its label in the language of
        whoever made the change (a scheduled action's "Draft → Published"):
        shown in the reader's language, from the value the label stands for."""
        fields = self.env[model]._fields
        by_id = {tracking.id: tracking for tracking in self}
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        labels = {}  # {field name: ({label in any language: value}, {value: label shown})}
        for entry in formatted:
            tracking = by_id.get(entry["id"])
            field = tracking and fields.get(tracking.field_id.name or "")
            if not field or field.type != "selection":
                continue
            if field.name not in labels:
                values = {}
                for code in langs:
                    env = self.env(context=dict(self.env.context, lang=code))
                    for value, label in field._description_selection(env):
                        values.setdefault(label, value)
                labels[field.name] = (values, dict(field._description_selection(self.env)))
            values, shown = labels[field.name]
            for key in ("newValue", "oldValue"):
                value = values.get(entry[key])
                if value is not None and value in shown:
                    entry[key] = shown[value]
