from odoo import fields, models

from ..evidence import SELECTION
from ..tools.record_fields import belongs_to_field, company_of_field


class QualityChecklistEvidence(models.Model):
    """A kind of records that answers a checklist item (see
    ``quality_ops/evidence.py``): an audit line made from the item shows the
    records of that kind found for the audit's period and scope."""

    _name = "quality_ops.checklist.evidence"
    _description = "Evidence Answering a Checklist Item"
    _order = "item_id, sequence, id"

    item_id = belongs_to_field("quality_ops.checklist.item", string="Checklist Item")
    company_id = company_of_field("item_id")
    sequence = fields.Integer(default=10)
    kind = fields.Selection(SELECTION, string="Evidence Kind", required=True)

    _kind_unique = models.Constraint(
        "UNIQUE(item_id, kind)", "A checklist item names each kind of evidence once."
    )
