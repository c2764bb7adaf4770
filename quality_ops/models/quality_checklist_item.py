from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.record_fields import belongs_to_field


class QualityChecklistItem(models.Model):
    _name = "quality_ops.checklist.item"
    _description = "Audit Checklist Item"
    _order = "section_id, sequence, id"

    section_id = belongs_to_field("quality_ops.checklist.section")
    template_id = fields.Many2one(related="section_id.template_id", store=True, index=True)
    company_id = fields.Many2one(
        related="section_id.template_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    question = fields.Text(required=True, translate=True)
    guidance = fields.Text(translate=True, help="What the auditor checks, and how.")
    evidence_expected = fields.Text(
        translate=True, help="The records the auditor samples to conclude."
    )
    weight = fields.Float(default=1.0)
    document_id = fields.Many2one(
        comodel_name="quality_ops.document",
        string="Procedure Checked",
        ondelete="restrict",
        help="The controlled document the item checks; an audit line made from the "
        "item cites its version released at the time.",
    )

    evidence_ids = fields.One2many(
        comodel_name="quality_ops.checklist.evidence",
        inverse_name="item_id",
        string="Evidence Found by the System",
        copy=True,
        help="The kinds of records that answer the item: an audit line made from it "
        "shows those found for the audited period and scope.",
    )
    evidence_kinds = fields.Char(compute="_compute_evidence_kinds")

    @api.depends("evidence_ids.kind")
    @api.depends_context("lang")
    def _compute_evidence_kinds(self):
        labels = dict(
            self.env["quality_ops.checklist.evidence"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        for item in self:
            item.evidence_kinds = " · ".join(
                labels.get(kind, kind) for kind in item.evidence_ids.mapped("kind")
            )

    @api.depends_context("lang")  # a translated name is part of it
    def _compute_display_name(self):
        for item in self:
            item.display_name = (item.question or "")[:80]

    @api.constrains("weight")
    def _check_weight(self):
        for item in self:
            if item.weight <= 0:
                raise ValidationError(self.env._("A checklist item needs a positive weight."))
