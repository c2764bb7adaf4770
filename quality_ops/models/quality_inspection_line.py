from odoo import fields, models

from ..tools.record_fields import belongs_to_field, company_of_field

RESULTS = [("ok", "OK"), ("abnormal", "Abnormal")]


class QualityInspectionLine(models.Model):
    """An item checked by an inspection: OK or abnormal, with a note; an
    abnormal item opens a ticket when the inspection is recorded. Frozen
    with its inspection."""

    _name = "quality_ops.inspection.line"
    _description = "Inspection Item"
    _inherit = ["quality_ops.workflow.child.mixin"]
    _order = "inspection_id, sequence, id"
    _quality_parent_field = "inspection_id"
    _quality_line_control_fields = frozenset({"ticket_id"})

    inspection_id = belongs_to_field("quality_ops.inspection")
    company_id = company_of_field("inspection_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    standard = fields.Char(string="Expected")
    result = fields.Selection(RESULTS)
    note = fields.Char()
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
