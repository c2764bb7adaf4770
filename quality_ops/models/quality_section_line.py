from odoo import api, fields, models
from odoo.tools import format_datetime

from ..choices import STATUSES, TRENDS

# the instant of a snapshot, in the company's time zone, read the same way in
# every language (a date an assessor compares with the scorecard's)
SNAPSHOT_FORMAT = "yyyy-MM-dd HH:mm"


def snapshot_text(env, instant, company):
    """``Snapshot of <local date and time> (<zone>)``; empty before generation."""
    if not instant:
        return ""
    zone = company.sudo()._quality_tz()
    return env._(
        "Snapshot of %(instant)s (%(zone)s): the figures as measured then; the "
        "scorecard shows them as measured now.",
        instant=format_datetime(env, instant, tz=zone, dt_format=SNAPSHOT_FORMAT),
        zone=zone,
    )


def section_lines(comodel_name, inverse_name, string, *sections, **kwargs):
    """The lines of a document in some of its sections (one tab of its form:
    a field appears once per form)."""
    return fields.One2many(
        comodel_name=comodel_name,
        inverse_name=inverse_name,
        string=string,
        domain=[("section", "in", sections)],
        **kwargs,
    )


class QualitySectionLine(models.AbstractModel):
    """One line of a section of a document generated from the period's
    figures (the quality report's lines, the management review's inputs; each
    declares its parent and its sections): the figures read from the
    measurements the engine wrote from the indicator registry (value, unit,
    target, status, trend against the previous period, how many records
    counted), the measurement they were read from, and the instant of the
    snapshot: what the line says is what was measured then, a later
    scorecard may differ.

    An abstract model with two tables, on purpose: the quality report's
    lines (a text and a comment, read by project leads, written by the
    quality department until the report is reviewed) and the review's inputs
    (figures and references only, read by the quality department, frozen
    when the review closes) have different owners, access rules and frozen
    states, and each table's rows are hashed, ids included, into its own
    document's seal (one table would renumber one of them and break the seals);
    both are filled from ``quality_ops.section.builder``."""

    _name = "quality_ops.section.line"
    _description = "Section Line of a Generated Quality Document"

    sequence = fields.Integer(default=10)
    indicator_id = fields.Many2one(comodel_name="quality_ops.indicator", ondelete="restrict")
    unit = fields.Selection(related="indicator_id.unit")
    measurement_id = fields.Many2one(
        comodel_name="quality_ops.measurement",
        ondelete="restrict",
        help="The measurement the figures were read from.",
    )
    value = fields.Float(digits=(16, 2))
    target_value = fields.Float(string="Target", digits=(16, 2))
    previous_value = fields.Float(string="Previous Period", digits=(16, 2))
    has_previous = fields.Boolean()
    count = fields.Integer()
    status = fields.Selection(STATUSES)
    trend = fields.Selection(TRENDS)
    snapshot_at = fields.Datetime(
        string="Snapshot Taken",
        readonly=True,
        help="When the figures of the line were read: a later scorecard reads the "
        "measurements as they are then.",
    )
    snapshot_note = fields.Char(string="Snapshot", compute="_compute_snapshot_note")

    @api.depends("snapshot_at", "company_id")
    @api.depends_context("lang")
    def _compute_snapshot_note(self):
        for line in self:
            line.snapshot_note = snapshot_text(self.env, line.snapshot_at, line.sudo().company_id)
