from odoo import fields, models

from ..sla_clock import KINDS
from ..tools.record_fields import belongs_to_field, company_of_field
from .quality_sla_policy_line import PRIORITIES

LINE_FIGURES = (
    "priority",
    "kind",
    "verdict_count",
    "met_count",
    "breach_count",
    "exempted_count",
    "charged_count",
    "unit_credit",
    "credit",
)


class QualitySlaStatementLine(models.Model):
    """Breaches of one priority and kind in a monthly SLA statement."""

    _name = "quality_ops.sla.statement.line"
    _description = "SLA Statement Line"
    _inherit = ["quality_ops.workflow.child.mixin"]
    _quality_parent_field = "statement_id"
    _quality_line_control_fields = frozenset(LINE_FIGURES)
    _quality_lines_by_hand = False
    # the sheet of lines of the statements' XLSX export
    _quality_xlsx_fields = (("statement_id", "reference"), *LINE_FIGURES)
    _order = "statement_id, priority desc, kind"

    statement_id = belongs_to_field("quality_ops.sla.statement")
    company_id = company_of_field("statement_id")
    priority = fields.Selection(PRIORITIES, required=True, readonly=True)
    kind = fields.Selection(KINDS, required=True, readonly=True)
    verdict_count = fields.Integer(string="Clocks Judged", readonly=True)
    met_count = fields.Integer(string="Met", readonly=True)
    breach_count = fields.Integer(string="Breaches", readonly=True)
    exempted_count = fields.Integer(string="Exempted", readonly=True)
    charged_count = fields.Integer(string="Charged", readonly=True)
    unit_credit = fields.Float(string="Credit per Breach", digits=(16, 2), readonly=True)
    credit = fields.Float(digits=(16, 2), readonly=True)
