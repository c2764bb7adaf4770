from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..choices import PERIODICITIES
from ..indicators import BY_KEY, source_selection
from ..targets import value_in_unit_range, warning_on_right_side
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.group_guard import uninstalling
from ..tools.smart_buttons import count_by, window_action
from ..tools.unique_guard import unique_violation_as_validation_error

CHARACTERISTICS = [
    ("security", "Security"),
    ("reliability", "Reliability"),
    ("responsiveness", "Responsiveness"),
    ("tangibility", "Tangibility"),
    ("friendliness", "Friendliness"),
]
CAPABILITIES = [
    ("people", "People"),
    ("process", "Process"),
    ("technology", "Technology"),
    ("resources", "Resources"),
    ("capability_management", "Capability Management"),
]
UNITS = [
    ("percent", "Percent"),
    ("hours", "Hours"),
    ("count", "Count"),
    ("score", "Score (0-100)"),
    ("nps", "NPS (-100 to 100)"),
]
DIRECTIONS = [
    ("higher", "Higher is better"),
    ("lower", "Lower is better"),
]


class QualityIndicator(models.Model):
    _name = "quality_ops.indicator"
    _description = "Quality Indicator"
    _inherit = ["quality_ops.trail.mixin"]
    _order = "sequence, code"
    _rec_names_search = ["code", "name"]

    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, tracking=True, index=True)
    name = fields.Char(required=True, translate=True, tracking=True)
    description = fields.Text(translate=True, help="Formula and how it is measured.")
    characteristic = fields.Selection(
        CHARACTERISTICS,
        string="Quality Characteristic",
        required=True,
        default="responsiveness",
        help="GB/T 33850 IT service quality characteristic.",
    )
    capability = fields.Selection(
        CAPABILITIES,
        string="Capability Element",
        help="ITSS GB/T 28827.1 O&M capability element.",
    )
    unit = fields.Selection(UNITS, required=True, default="percent", tracking=True)
    direction = fields.Selection(DIRECTIONS, required=True, default="higher", tracking=True)
    source = fields.Selection(
        source_selection(),
        string="Computation Source",
        required=True,
        default="manual",
        tracking=True,
        help="Where the measurement engine takes its numbers from; manual "
        "indicators are entered by the quality control officer with evidence.",
    )
    periodicity = fields.Selection(
        PERIODICITIES, string="Default Periodicity", required=True, default="month"
    )
    default_target = fields.Float(
        help="Target proposed when the indicator is added to a plan.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Leave empty to share the indicator with every company.",
    )
    target_ids = fields.One2many(
        comodel_name="quality_ops.target",
        inverse_name="indicator_id",
        string="Targets",
    )
    target_count = fields.Integer(compute="_compute_target_count")

    _code_company_unique = models.UniqueIndex(
        "(code, COALESCE(company_id, 0))",
        "An indicator with this code already exists in this company.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        for vals in vals_list:
            # a built-in source brings its unit and direction (indicators.SOURCES)
            declared = BY_KEY.get(vals.get("source"))
            if declared:
                vals.setdefault("unit", declared.unit)
                vals.setdefault("direction", declared.direction)
        with unique_violation_as_validation_error(self):
            records = super().create(vals_list)
        return records

    def _check_shared_editor(self):
        """A shared indicator (no company) belongs to every company: only who
        works for all of them (or the system administrator) changes it."""
        if self.env.su or not self.filtered(lambda i: not i.company_id):
            return
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        if not self.env.user.has_group("base.group_system") and (
            companies - self.env.user.company_ids
        ):
            raise AccessError(
                self.env._(
                    "This indicator is shared by every company: only someone who works for "
                    "all of them changes it. Copy it into your company instead."
                )
            )

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        self._check_shared_editor()
        meaning = {"source", "unit", "direction"} & set(vals)
        if meaning:
            self._check_meaning_kept(vals, meaning)
        if {"unit", "direction"} & set(vals):
            self._check_targets_fit(vals)
        if {"code", "company_id"} & set(vals):
            with unique_violation_as_validation_error(self):
                return super().write(vals)
        return super().write(vals)

    def _check_meaning_kept(self, vals, names):
        """An indicator with measurements keeps what they mean: its history
        would otherwise read as something it never measured."""
        Measurement = self.env["quality_ops.measurement"].sudo()
        for indicator in self:
            changed = [name for name in names if indicator[name] != vals[name]]
            if changed and Measurement.search_count([("indicator_id", "=", indicator.id)], limit=1):
                raise UserError(
                    self.env._(
                        "%(indicator)s has measurements: changing its %(fields)s would change "
                        "the meaning of its history. Archive it and create a new indicator.",
                        indicator=indicator.display_name,
                        fields=", ".join(
                            self._fields[name]._description_string(self.env) for name in changed
                        ),
                    )
                )

    def _check_targets_fit(self, vals):
        """Every target of every company must still fit the indicator once
        changed (a shared indicator changes for all of them): checked before
        the change, so a refused change leaves nothing behind."""
        for indicator in self:
            unit = vals.get("unit", indicator.unit)
            direction = vals.get("direction", indicator.direction)
            for target in indicator.sudo().with_context(active_test=False).target_ids:
                values = (target.target_value, target.warning_value)
                if all(value_in_unit_range(unit, v) for v in values) and warning_on_right_side(
                    direction, *values
                ):
                    continue
                raise ValidationError(
                    self.env._(
                        "This change would make existing targets invalid: the target "
                        "%(target)s / warning %(warning)s of plan %(plan)s no longer fits. "
                        "Change those targets first, or create a new indicator.",
                        target=target.target_value,
                        warning=target.warning_value,
                        plan=target.plan_id.display_name,
                    )
                )

    @api.ondelete(at_uninstall=True)
    def _unlink_without_history(self):
        if uninstalling(self.env):
            return
        self._check_shared_editor()
        Measurement = self.env["quality_ops.measurement"].sudo()
        for indicator in self:
            if indicator.sudo().target_ids or Measurement.search_count(
                [("indicator_id", "=", indicator.id)], limit=1
            ):
                raise UserError(
                    self.env._(
                        "%(indicator)s has targets or measurements: archive it instead of "
                        "deleting it.",
                        indicator=indicator.display_name,
                    )
                )

    @api.onchange("source")
    def _onchange_source(self):
        declared = BY_KEY.get(self.source)
        if declared:
            self.unit, self.direction = declared.unit, declared.direction

    @api.depends("target_ids")
    def _compute_target_count(self):
        counts = count_by(self.env["quality_ops.target"], "indicator_id", self)
        for indicator in self:
            indicator.target_count = counts.get(indicator, 0)

    @api.depends("code", "name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The (translated) name a reader knows; the code stays searchable
        (``_rec_names_search``) and shown in its own column or tooltip."""
        for indicator in self:
            indicator.display_name = indicator.name or indicator.code or ""

    @api.constrains("code", "company_id")
    def _check_code_unique(self):
        for indicator in self:
            duplicate = self.with_context(active_test=False).search_count(
                [
                    ("id", "!=", indicator.id),
                    ("code", "=", indicator.code),
                    ("company_id", "=", indicator.company_id.id),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "The indicator code %(code)s is already used in this company.",
                        code=indicator.code,
                    )
                )

    @api.constrains("default_target", "unit")
    def _check_default_target(self):
        for indicator in self:
            if indicator.default_target and not value_in_unit_range(
                indicator.unit, indicator.default_target
            ):
                raise ValidationError(
                    self.env._(
                        "The default target %(value)s of %(indicator)s is outside "
                        "the range allowed for its unit.",
                        value=indicator.default_target,
                        indicator=indicator.display_name,
                    )
                )

    @api.readonly
    @arguments()
    def action_view_targets(self):
        self.ensure_one()
        return window_action(
            self.env, "quality_ops.quality_target_action", [("indicator_id", "=", self.id)]
        )
