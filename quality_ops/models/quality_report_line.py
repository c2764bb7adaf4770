from odoo import fields, models

from ..tools.record_fields import belongs_to_field, company_of_field
from .quality_report import LINE_SEAL_FIELDS

SECTIONS = [
    ("scorecard", "Indicator Scorecard"),
    ("sla_team", "SLA by Team"),
    ("sla_project", "SLA by Project"),
    ("satisfaction", "Satisfaction"),
    ("complaint", "Complaints by Level"),
    ("complaint_cause", "Complaint Causes"),
    ("audit", "Audits"),
    ("finding", "Findings by Severity"),
    ("action", "Corrective Actions"),
    ("improvement", "Improvement: Finding, Action, Effect"),
    ("assurance", "Quality Assurance"),
    ("inspection", "Inspection Coverage"),
]


class QualityReportLine(models.Model):
    """One row of a section of a quality report: generated, then annotated."""

    _name = "quality_ops.report.line"
    _description = "Quality Report Line"
    _inherit = ["quality_ops.section.line", "quality_ops.workflow.child.mixin"]
    _order = "report_id, section, sequence, id"
    _quality_parent_field = "report_id"
    # the figures come from the generation; people add their comment
    _quality_lines_by_hand = False
    _quality_line_control_fields = (frozenset(LINE_SEAL_FIELDS) - {"comment"}) | {
        "measurement_id",
        "snapshot_at",
    }

    report_id = belongs_to_field("quality_ops.report")
    company_id = company_of_field("report_id")
    section = fields.Selection(SECTIONS, required=True)
    label = fields.Char(required=True)
    # a draft report is generated again: its lines do not hold a measurement back
    measurement_id = fields.Many2one(ondelete="set null")
    second_value = fields.Float(digits=(16, 2))
    second_count = fields.Integer()
    detail = fields.Text()
    comment = fields.Text(help="Judgement added by the quality department.")
    finding_id = fields.Many2one(comodel_name="quality_ops.finding", ondelete="restrict")
    action_id = fields.Many2one(comodel_name="quality_ops.action", ondelete="restrict")
