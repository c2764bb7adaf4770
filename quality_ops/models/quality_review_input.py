from odoo import api, fields, models

from ..tools.figures import figure_text
from ..tools.record_fields import belongs_to_field, company_of_field
from .quality_review import INPUT_SEAL_FIELDS

SECTIONS = [
    ("previous", "Actions of Previous Reviews"),
    ("objective", "Quality Objectives"),
    ("satisfaction", "Customer Satisfaction"),
    ("complaint", "Complaints"),
    ("sla", "SLA Performance"),
    ("audit", "Audit Results"),
    ("finding", "Nonconformities"),
    ("action", "Corrective Actions"),
    ("assurance", "Quality Assurance"),
]
ASSURANCE_KINDS = [
    ("documents", "Controlled Documents"),
    ("qa_activities", "QA Activities"),
    ("inspections", "Inspection Coverage"),
]


class QualityReviewInput(models.Model):
    """One input of a management review: figures and references, gathered by
    the review from the measurements and the quality records.

    Nothing here is a text in somebody's language: the label and the figures
    shown are computed for the reader, from the indicator's translatable name,
    the selections' labels and the reader's number format."""

    _name = "quality_ops.review.input"
    _description = "Management Review Input"
    _inherit = ["quality_ops.section.line", "quality_ops.workflow.child.mixin"]
    _order = "review_id, section, sequence, id"
    _quality_parent_field = "review_id"
    # gathered by the review, never typed
    _quality_line_control_fields = frozenset(INPUT_SEAL_FIELDS) | {
        "measurement_id",
        "action_id",
        "snapshot_at",
    }

    review_id = belongs_to_field("quality_ops.review")
    company_id = company_of_field("review_id")
    section = fields.Selection(SECTIONS, required=True)
    # what the line is about (one of them): the indicator and its
    # measurement (see the section line), or
    scope = fields.Selection([("company", "Company"), ("team", "Team"), ("project", "Project")])
    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team", ondelete="restrict")
    project_id = fields.Many2one(comodel_name="project.project", ondelete="restrict")
    level_id = fields.Many2one(
        comodel_name="quality_ops.complaint.level", string="Complaint Level", ondelete="restrict"
    )
    audit_id = fields.Many2one(comodel_name="quality_ops.audit", ondelete="restrict")
    severity = fields.Selection(
        [("observation", "Observation"), ("minor", "Minor"), ("major", "Major")]
    )
    action_type = fields.Selection(
        [
            ("correction", "Correction"),
            ("corrective", "Corrective Action"),
            ("preventive", "Preventive Action"),
            ("improvement", "Improvement"),
        ],
    )
    assurance_kind = fields.Selection(ASSURANCE_KINDS, string="Assurance Input")
    decision_id = fields.Many2one(
        comodel_name="quality_ops.review.decision",
        ondelete="restrict",
    )
    action_id = fields.Many2one(comodel_name="quality_ops.action", ondelete="restrict")
    # a result against its target (value, target, previous period, status,
    # trend and count: see the section line), and whether each is known
    has_value = fields.Boolean()
    has_target = fields.Boolean()
    # counts
    open_count = fields.Integer(string="Open")
    closed_count = fields.Integer(string="Closed")
    on_time_count = fields.Integer(string="Closed on Time")
    overdue_count = fields.Integer(string="Overdue")
    done_count = fields.Integer(string="Awaiting Verification")
    effective_count = fields.Integer(string="Verified Effective")
    not_effective_count = fields.Integer(string="Verified Not Effective")
    # the action of a previous decision
    action_state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("verified", "Verified")], string="Action Status"
    )
    effectiveness = fields.Selection(
        [("effective", "Effective"), ("not_effective", "Not Effective")]
    )
    due_date = fields.Date()
    is_overdue = fields.Boolean(string="Overdue Action")
    # shown to the reader, in the reader's language
    label = fields.Char(compute="_compute_display")
    value_display = fields.Char(string="Result", compute="_compute_display")
    target_display = fields.Char(string="Target Shown", compute="_compute_display")
    previous_display = fields.Char(string="Previous Shown", compute="_compute_display")

    # what is shown is rendered from what is sealed
    @api.depends(*INPUT_SEAL_FIELDS)
    @api.depends_context("lang")
    def _compute_display(self):
        severities = dict(self._fields["severity"]._description_selection(self.env))
        types = dict(self._fields["action_type"]._description_selection(self.env))
        assurance = dict(self._fields["assurance_kind"]._description_selection(self.env))
        for line in self:
            # the names of what the line is about, whoever reads it
            record = line.sudo()
            if record.section == "assurance":
                label = assurance.get(record.assurance_kind, "")
                if record.project_id:
                    label = f"{label} — {record.project_id.display_name}"
            elif record.section == "sla":
                label = (record.team_id or record.project_id).display_name
            elif record.indicator_id:
                label = record.indicator_id.name
            elif record.level_id:
                label = record.level_id.name
            elif record.audit_id:
                label = record.audit_id.display_name
            elif record.severity:
                label = severities.get(record.severity)
            elif record.section == "previous":
                label = record.decision_id.name
            else:
                label = types.get(record.action_type)
            line.label = label or ""
            unit = record.indicator_id.unit or "percent"
            line.value_display = figure_text(self.env, line.has_value, line.value, unit)
            line.target_display = figure_text(self.env, line.has_target, line.target_value, unit)
            line.previous_display = figure_text(
                self.env, line.has_previous, line.previous_value, unit
            )
