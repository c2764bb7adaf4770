"""The quality department's analysis of an indicator for a month (指标分析).

Written by the quality manager and the QA/QC officers, read by every quality
role; one per indicator, month and scope; frozen once the month's
measurements of the indicator are locked (its period was reported)."""

import babel.dates

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import babel_locale_parse

from ..indicators import SCOPE_FIELDS, SCOPES
from ..tools.argument_guard import check_ids, check_vals, check_vals_list
from ..tools.record_fields import company_field
from ..tools.unique_guard import unique_violation_as_validation_error

# what says which analysis it is: set when it is written, never moved
IDENTITY_FIELDS = frozenset(
    {"company_id", "indicator_id", "month", "scope", "team_id", "project_id", "partner_id"}
)


def month_label(month, lang):
    """``2026年12月`` / ``Dec 2026``: a month in the reader's language."""
    if not month:
        return ""
    return babel.dates.format_skeleton("yMMM", month, locale=babel_locale_parse(lang))


class QualityIndicatorAnalysis(models.Model):
    _name = "quality_ops.indicator.analysis"
    _description = "Indicator Analysis"
    _order = "month desc, indicator_id, scope, id"
    _check_company_auto = True

    company_id = company_field()
    indicator_id = fields.Many2one(
        comodel_name="quality_ops.indicator",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    month = fields.Date(required=True, help="The first day of the month analysed.")
    month_label = fields.Char(string="Month Name", compute="_compute_month_label")
    scope = fields.Selection(SCOPES, required=True, default="company")
    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team", ondelete="restrict")
    project_id = fields.Many2one(comodel_name="project.project", ondelete="restrict")
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", ondelete="restrict")
    scope_key = fields.Integer(compute="_compute_scope_key", store=True)
    text = fields.Text(string="Analysis", required=True)
    author_id = fields.Many2one(comodel_name="res.users", readonly=True)
    date = fields.Date(readonly=True, help="When the analysis was last written.")
    is_frozen = fields.Boolean(
        string="Locked",
        compute="_compute_is_frozen",
        help="The month's measurements of the indicator are locked: so is the analysis.",
    )

    _month_scope_unique = models.UniqueIndex(
        "(company_id, indicator_id, month, scope, scope_key)",
        "This indicator already has an analysis for this month and scope.",
    )

    @api.depends("scope", "team_id", "project_id", "partner_id")
    def _compute_scope_key(self):
        for analysis in self:
            field = SCOPE_FIELDS.get(analysis.scope)
            analysis.scope_key = analysis[field].id if field else 0

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_month_label(self):
        lang = self.env.lang or "en_US"
        for analysis in self:
            analysis.month_label = month_label(analysis.month, lang)

    @api.depends("indicator_id", "month_label")
    @api.depends_context("lang")  # a translated name is part of it
    def _compute_display_name(self):
        for analysis in self:
            analysis.display_name = " · ".join(
                part for part in (analysis.indicator_id.name, analysis.month_label) if part
            )

    def _compute_is_frozen(self):
        locked = self._locked_keys()
        for analysis in self:
            analysis.is_frozen = analysis._key() in locked

    def _quality_files_frozen(self):
        """The analyses whose files are frozen (see ir_attachment): the
        locked ones."""
        return self.filtered("is_frozen")

    # ------------------------------------------------------------------
    def _key(self):
        return (self.company_id.id, self.indicator_id.id, self.month)

    def _locked_keys(self, keys=None):
        """The (company, indicator, month) among ``keys`` (else those of
        ``self``) whose monthly measurements are locked: one grouped query."""
        keys = {key for key in (keys or [a._key() for a in self]) if all(key)}
        if not keys:
            return set()
        groups = (
            self.env["quality_ops.measurement"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "locked"),
                    ("periodicity", "=", "month"),
                    ("company_id", "in", list({key[0] for key in keys})),
                    ("indicator_id", "in", list({key[1] for key in keys})),
                    ("date_from", "in", list({key[2] for key in keys})),
                ],
                ["company_id", "indicator_id", "date_from:day"],
            )
        )
        found = {(company.id, indicator.id, day) for company, indicator, day in groups}
        return found & keys

    def _check_not_frozen(self, keys=None):
        locked = self._locked_keys(keys)
        if locked:
            company_id, indicator_id, month = sorted(locked)[0]
            indicator = self.env["quality_ops.indicator"].browse(indicator_id)
            raise UserError(
                self.env._(
                    "The measurements of %(indicator)s for %(month)s are locked: its "
                    "period was reported, so its analysis can no longer change.",
                    indicator=indicator.sudo().name,
                    month=month_label(month, self.env.lang or "en_US"),
                )
            )

    def _prepare_vals(self, vals):
        """The month as its first day; the author and date are who writes, when."""
        vals = dict(vals)
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        vals["author_id"] = self.env.user.id
        vals["date"] = fields.Date.context_today(self)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        vals_list = [self._prepare_vals(vals) for vals in vals_list]
        self._check_not_frozen(
            [
                (
                    vals.get("company_id") or self.env.company.id,
                    vals.get("indicator_id"),
                    vals.get("month"),
                )
                for vals in vals_list
            ]
        )
        with unique_violation_as_validation_error(self):
            records = super().create(vals_list)
        return records

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        moved = IDENTITY_FIELDS & set(vals)
        if moved:
            raise UserError(
                self.env._(
                    "An analysis stays with its indicator, month and scope: write a new "
                    "one for another."
                )
            )
        # who may not write is told so first; then whether it still may change
        self.check_access("write")
        self._check_not_frozen()
        return super().write(self._prepare_vals(vals))

    def unlink(self):
        check_ids(self)
        self.check_access("unlink")
        self._check_not_frozen()
        return super().unlink()

    @api.constrains("scope", "team_id", "project_id", "partner_id")
    def _check_scope(self):
        for analysis in self:
            field = SCOPE_FIELDS.get(analysis.scope)
            if field and not analysis[field]:
                raise ValidationError(
                    self.env._("Choose the team, project or customer the analysis is about.")
                )
            if any(analysis[other] for other in SCOPE_FIELDS.values() if other != field):
                raise ValidationError(
                    self.env._("Keep only the team, project or customer of the analysis's scope.")
                )

    @api.constrains("text")
    def _check_text(self):
        for analysis in self:
            if not (analysis.text or "").strip():
                raise ValidationError(self.env._("Write the analysis."))

    # ------------------------------------------------------------------
    # read by the dashboard and the reports
    # ------------------------------------------------------------------
    @api.model
    def _dashboard_analyses(self, company, month, scope, key):
        """``{indicator id: analysis}`` of a month and scope, read with the
        user's rights (nothing when the user may not read them)."""
        if not self.has_access("read"):
            return {}
        analyses = self.search(
            [
                ("company_id", "=", company.id),
                ("month", "=", month),
                ("scope", "=", scope),
                ("scope_key", "=", key),
            ]
        )
        return {
            analysis.indicator_id.id: {
                "id": analysis.id,
                "text": analysis.text,
                "author": analysis.author_id.name or "",
                "date": fields.Date.to_string(analysis.date) if analysis.date else False,
                "frozen": analysis.is_frozen,
            }
            for analysis in analyses
        }

    @api.model
    def _report_analyses(self, report):
        """The company-wide analyses of the months of a report's period, by
        indicator and month, as the quality department wrote them."""
        if not report.date_from or not report.date_to:
            return self.browse()
        return self.search(
            [
                ("company_id", "=", report.company_id.id),
                ("scope", "=", "company"),
                ("month", ">=", report.date_from),
                ("month", "<=", report.date_to),
            ],
            order="indicator_id, month",
        )
