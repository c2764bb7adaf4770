from odoo import fields, models

from ..evidence import SELECTION


class QualityChecklistEvidence(models.Model):
    """A kind of records that answers a checklist item (see
    ``quality_ops/evidence.py``): an audit line made from the item shows the
    records of that kind found for the audit's period and scope."""

    _name = "quality_ops.checklist.evidence"
    _description = "Evidence Answering a Checklist Item"
    _order = "item_id, sequence, id"

    item_id = fields.Many2one(
        comodel_name="quality_ops.checklist.item",
        string="Checklist Item",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(SELECTION, string="Evidence Kind", required=True)

    _kind_unique = models.Constraint(
        "UNIQUE(item_id, kind)", "A checklist item names each kind of evidence once."
    )
