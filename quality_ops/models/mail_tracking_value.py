from odoo import models

from .year_field import is_year_field


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _tracking_value_format_model(self, model):
        """The chatter formats a tracked integer with a thousands separator:
        a year of a quality record is shown as typed (2026, not 2,026)."""
        formatted = super()._tracking_value_format_model(model)
        if not model or not model.startswith("quality_ops.") or model not in self.env:
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
