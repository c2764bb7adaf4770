from odoo import api, models

from ..tools.workflow_fields import given_reference, reference_field


class QualityNumberedMixin(models.AbstractModel):
    """A record numbered from its sequence when created (the workflow mixin's
    ``_quality_set_references``): its reference (编号) is searched with its
    name and shown before it, once it has one."""

    _name = "quality_ops.numbered.mixin"
    _description = "Numbered Record"
    _rec_names_search = ["reference", "name"]

    reference = reference_field()

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for record in self:
            reference = given_reference(record)
            record.display_name = f"{reference} {record.name}" if reference else record.name
