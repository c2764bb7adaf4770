from odoo import models

from .year_field import is_year_field


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

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
