from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)


class QualityEscalation(models.Model):
    """Log of escalations: one row per rule and record, never two."""

    _name = "quality_ops.escalation"
    # the log is evidence of who was told what, and when
    _inherit = ["quality_ops.xlsx.mixin", "quality_ops.kept.mixin"]
    _quality_kept_changed = _lt("The escalation log is never edited.")
    _quality_kept_deleted = _lt("The escalation log is never deleted.")
    _quality_xlsx_fields = [
        "rule_id",
        "trigger",
        "level",
        ("complaint_id", "reference"),
        "res_model",
        "res_id",
        "escalated_at",
        "company_id",
    ]
    _description = "Escalation"
    _order = "escalated_at desc, id desc"

    rule_id = fields.Many2one(
        comodel_name="quality_ops.escalation.rule", required=True, ondelete="restrict", index=True
    )
    res_model = fields.Char(string="Model", required=True)
    res_id = fields.Integer(string="Record ID", required=True)
    record_ref = fields.Reference(
        selection=[
            ("quality_ops.complaint", "Complaint"),
            ("quality_ops.ticket.sla", "Ticket SLA Clock"),
            ("quality_ops.followup", "Customer Follow-up"),
        ],
        string="Record",
        compute="_compute_record_ref",
    )
    complaint_id = fields.Many2one(
        comodel_name="quality_ops.complaint", index=True, ondelete="cascade"
    )
    level = fields.Integer()
    trigger = fields.Selection(related="rule_id.trigger")
    escalated_at = fields.Datetime(required=True, default=fields.Datetime.now)
    user_ids = fields.Many2many(comodel_name="res.users", string="Notified")
    company_id = fields.Many2one(comodel_name="res.company", index=True)

    _rule_record_unique = models.Constraint(
        "UNIQUE (rule_id, res_model, res_id)",
        "An escalation rule fires once per record.",
    )

    @api.depends("res_model", "res_id")
    def _compute_record_ref(self):
        for entry in self:
            entry.record_ref = (
                f"{entry.res_model},{entry.res_id}" if entry.res_model and entry.res_id else False
            )
