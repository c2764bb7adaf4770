import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..choices import PERIODICITIES, STATUSES
from ..groups import GROUP_MANAGER
from ..indicators import MEASURED_SCOPE_FIELDS as SCOPE_FIELDS
from ..indicators import MEASURED_SCOPES as SCOPES
from ..periods import period_bounds
from ..periods import period_key as key_of_period
from ..targets import evaluate, value_in_unit_range
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.figures import figure_text
from ..tools.group_guard import uninstalling
from ..tools.period_label import period_label
from ..tools.record_fields import company_field
from ..tools.workflow_pass import Transition, effective_vals, has_pass, transitions
from .quality_indicator_registry import Period

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

STEPS = {
    "lock": Transition("open", "locked", GROUP_MANAGER),
    "recompute": Transition("locked", None, GROUP_MANAGER),
}
DENIED = {
    "lock": _lt("Only the quality manager locks measurements."),
    "recompute": _lt("Only the quality manager recomputes a locked period."),
}
VERBS = {
    "lock": _lt("locked"),
    "recompute": _lt("recomputed on purpose (only a locked measurement is)"),
}

# what a measurement measures: an indicator, over a period, in a scope
MEASURED = (
    "indicator_id",
    "periodicity",
    "date_from",
    "date_to",
    "scope",
    "team_id",
    "project_id",
    "partner_id",
    "user_id",
)


class QualityMeasurement(models.Model):
    """An indicator measured for a period and a scope, against its target."""

    _name = "quality_ops.measurement"
    _description = "Indicator Measurement"
    _inherit = [
        "quality_ops.trail.mixin",
        "quality_ops.xlsx.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.measurement.engine",
    ]
    _quality_initial_state = "open"
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {
            "state",
            "numerator",
            "denominator",
            "scope_key",
            "target_id",
            "target_value",
            "warning_value",
            "status",
            "computed_at",
            "finding_id",
        }
    )
    _quality_immutable_fields = frozenset({*MEASURED, "company_id"})
    _quality_frozen_states = ("locked",)
    _quality_deletable_states = ("open",)
    _quality_xlsx_fields = [
        *MEASURED,
        "numerator",
        "denominator",
        "value",
        "target_value",
        "warning_value",
        "status",
        "state",
        "company_id",
    ]
    _order = "date_from desc, indicator_id, scope, id"

    # indexes kept to the unique one and the company: the engine writes tens of
    # thousands of rows per run, each extra index slows every one of them
    indicator_id = fields.Many2one(
        comodel_name="quality_ops.indicator", required=True, ondelete="restrict"
    )
    source = fields.Selection(related="indicator_id.source", store=True)
    unit = fields.Selection(related="indicator_id.unit")
    direction = fields.Selection(related="indicator_id.direction")
    periodicity = fields.Selection(PERIODICITIES, required=True, default="month")
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    # what lists and charts group by: "2026-12", not the first day's date
    period_key = fields.Char(compute="_compute_period_key", store=True, readonly=True)
    period_label = fields.Char(string="Measured Period", compute="_compute_period_label")
    indicator_code = fields.Char(related="indicator_id.code", string="Indicator Code")
    scope = fields.Selection(SCOPES, required=True, default="company")
    scope_key = fields.Integer(
        required=True,
        default=0,
        help="Id of the team, project, customer or engineer; 0 for the company.",
    )
    # history keeps what it measured: linked records are archived, not deleted
    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team", ondelete="restrict")
    project_id = fields.Many2one(
        comodel_name="project.project", index="btree_not_null", ondelete="restrict"
    )
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", ondelete="restrict")
    # an engineer's own figures (private: see the record rules)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Engineer",
        index="btree_not_null",
        ondelete="restrict",
    )
    company_id = company_field()
    numerator = fields.Float(digits=(16, 2), tracking=True)
    denominator = fields.Float(digits=(16, 2), tracking=True)
    value = fields.Float(digits=(16, 2), tracking=True, aggregator="avg")
    has_value = fields.Boolean(default=True)
    target_id = fields.Many2one(comodel_name="quality_ops.target", ondelete="restrict")
    target_value = fields.Float(digits=(16, 2), aggregator="avg")
    warning_value = fields.Float(digits=(16, 2), aggregator="avg")
    # "12" tickets, "95.30 %", "4.20 h" in the reader's format; "—" for no data
    value_display = fields.Char(string="Measured Value", compute="_compute_figures_display")
    target_display = fields.Char(string="Target Shown", compute="_compute_figures_display")
    status = fields.Selection(STATUSES, required=True, default="no_target")
    computed_at = fields.Datetime(readonly=True)
    state = fields.Selection(
        [("open", "Unlocked"), ("locked", "Locked")], required=True, default="open", tracking=True
    )
    note = fields.Text(string="Evidence Notes")
    attachment_ids = fields.Many2many(comodel_name="ir.attachment", string="Evidence Files")
    finding_id = fields.Many2one(
        comodel_name="quality_ops.finding", copy=False, ondelete="restrict"
    )

    _period_scope_unique = models.UniqueIndex(
        "(indicator_id, periodicity, date_from, scope, scope_key, company_id)",
        "This indicator is already measured for this period and scope.",
    )

    @api.depends("periodicity", "date_from")
    def _compute_period_key(self):
        for measurement in self:
            measurement.period_key = (
                key_of_period(measurement.periodicity, measurement.date_from)
                if measurement.date_from and measurement.periodicity
                else False
            )

    @api.depends("periodicity", "date_from")
    @api.depends_context("lang")
    def _compute_period_label(self):
        for measurement in self:
            measurement.period_label = period_label(
                self.env, measurement.periodicity, measurement.date_from
            )

    @api.depends("value", "has_value", "target_value", "target_id", "indicator_id.unit")
    @api.depends_context("lang")
    def _compute_figures_display(self):
        for measurement in self:
            unit = measurement.indicator_id.unit
            measurement.value_display = figure_text(
                self.env, measurement.has_value, measurement.value, unit
            )
            measurement.target_display = figure_text(
                self.env, bool(measurement.target_id), measurement.target_value, unit
            )

    @api.depends("indicator_id.name", "periodicity", "date_from", "scope", "scope_key")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """ "平均响应时长 · 2026年12月" (and the team, project or customer
        measured), never "RESP_AVG 2026-12-01"."""
        for measurement in self:
            parts = [
                measurement.indicator_id.name or "",
                period_label(self.env, measurement.periodicity, measurement.date_from),
            ]
            field = SCOPE_FIELDS.get(measurement.scope)
            if field and measurement[field]:
                parts.append(measurement[field].display_name)
            measurement.display_name = " · ".join(part for part in parts if part)

    # ------------------------------------------------------------------
    # manual indicators
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """Only manual indicators are entered, on whole periods; the built-in
        ones are measured by the engine (which inserts them itself)."""
        check_vals_list(self, vals_list)
        if has_pass(self, creating=True):
            return super().create(vals_list)
        Measurement = self._quality_checked_for_create(vals_list)
        # the context's defaults count as sent: they become part of the vals
        vals_list = [effective_vals(self, vals) for vals in vals_list]
        indicators = self.env["quality_ops.indicator"].browse(
            [vals["indicator_id"] for vals in vals_list if vals.get("indicator_id")]
        )
        by_id = {indicator.id: indicator for indicator in indicators}
        for vals in vals_list:
            indicator = by_id.get(vals.get("indicator_id"))
            if not indicator:
                raise ValidationError(self.env._("A measurement needs its indicator."))
            if indicator and indicator.source != "manual":
                raise UserError(
                    self.env._(
                        "%(indicator)s is measured by the system from its records: only "
                        "manual indicators are entered by hand.",
                        indicator=indicator.display_name,
                    )
                )
            self._check_whole_period(vals)
            scope = vals.get("scope", "company")
            field = SCOPE_FIELDS.get(scope)
            if field and not vals.get(field):
                raise ValidationError(
                    self.env._("A measurement of scope %(scope)s needs its %(scope)s.", scope=scope)
                )
            for other in SCOPE_FIELDS.values():
                if other != field and vals.get(other):
                    raise ValidationError(
                        self.env._("Keep only the field of the measurement's scope.")
                    )
            vals["scope_key"] = vals.get(field) or 0 if field else 0
        records = super(QualityMeasurement, Measurement).create(vals_list).with_env(self.env)
        records._check_manual_value()
        records._evaluate()
        return records

    @api.model
    def _check_whole_period(self, vals):
        periodicity = vals.get("periodicity") or "month"
        date_from = fields.Date.to_date(vals.get("date_from"))
        date_to = fields.Date.to_date(vals.get("date_to"))
        if not date_from or not date_to:
            raise ValidationError(self.env._("A measurement needs its period."))
        if date_to < date_from:
            raise ValidationError(self.env._("A period cannot end before it starts."))
        if periodicity not in dict(PERIODICITIES):
            raise ValidationError(
                self.env._(
                    "%(value)s is not a periodicity of measurements.", value=str(periodicity)
                )
            )
        if (date_from, date_to) != period_bounds(periodicity, date_from):
            first, last = period_bounds(periodicity, date_from)
            raise ValidationError(
                self.env._(
                    "A measurement covers a whole period: %(first)s to %(last)s.",
                    first=first,
                    last=last,
                )
            )

    @api.constrains("value", "indicator_id", "has_value")
    def _check_manual_value(self):
        for measurement in self:
            indicator = measurement.indicator_id
            if measurement.has_value and not value_in_unit_range(indicator.unit, measurement.value):
                raise ValidationError(
                    self.env._(
                        "%(value)s is not a valid value for %(indicator)s.",
                        value=measurement.value,
                        indicator=indicator.display_name,
                    )
                )

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if {"value", "has_value"} & set(vals) and not has_pass(self):
            computed = self.filtered(lambda m: m.source != "manual")
            if computed:
                raise UserError(
                    self.env._(
                        "%(name)s is measured by the system from its records: its value "
                        "cannot be typed.",
                        name=computed[0].display_name,
                    )
                )
        result = super().write(vals)
        if {"value", "has_value"} & set(vals):
            self._evaluate()
        return result

    def _quality_frozen_message(self):
        return self.env._(
            "Measurement %(name)s is locked: its period was reported. The quality manager "
            "can recompute it on purpose, with a reason.",
            name=self.display_name,
        )

    @api.ondelete(at_uninstall=True)
    def _unlink_only_manual(self):
        if uninstalling(self.env):
            return
        if self.filtered(lambda m: m.source != "manual"):
            raise UserError(
                self.env._("Measurements of the system are its history: they are not deleted.")
            )

    # ------------------------------------------------------------------
    # targets
    # ------------------------------------------------------------------
    def _evaluate(self):
        """Target in force and status, from the approved plans of the year.

        Set-based: one read of the measurements, one of the targets, the status
        from the plain-Python rule, and one UPDATE per few thousand rows.
        """
        if not self:
            return
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT m.id, m.indicator_id, i.direction, m.scope, m.scope_key, m.company_id,
                       EXTRACT(YEAR FROM m.date_from)::int, m.value, m.has_value
                  FROM quality_ops_measurement m
                  JOIN quality_ops_indicator i ON i.id = m.indicator_id
                 WHERE m.id = ANY(%s)
                """,
                self.ids,
            )
        )
        rows = self.env.cr.fetchall()
        targets = self._target_maps({row[6] for row in rows}, {row[1] for row in rows})
        values = []
        for mid, indicator, direction, scope, key, company, year, value, has_value in rows:
            target_id, target_value, warning_value, status = self._status(
                *targets,
                (indicator, year, company),
                scope,
                key,
                direction,
                value if has_value else None,
            )
            values.append(
                SQL(
                    "(%s, %s::int, %s, %s, %s)",
                    mid,
                    target_id,
                    target_value,
                    warning_value,
                    status,
                )
            )
        for start in range(0, len(values), 5000):
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE quality_ops_measurement m
                       SET target_id = v.target_id, target_value = v.target_value,
                           warning_value = v.warning_value, status = v.status
                      FROM (VALUES %s) AS v(id, target_id, target_value, warning_value, status)
                     WHERE m.id = v.id
                    """,
                    SQL(", ").join(values[start : start + 5000]),
                )
            )
        self.invalidate_recordset(["target_id", "target_value", "warning_value", "status"])

    @api.model
    def _target_maps(self, years, indicator_ids):
        """Targets in force: by (indicator, year, company, scope, key), and the
        organisation plan's company target by (indicator, year, company)."""
        own, company_wide = {}, {}
        targets = (
            self.env["quality_ops.target"]
            .sudo()
            .search(
                [
                    ("year", "in", list(years)),
                    ("plan_id.state", "in", ("approved", "published", "closed")),
                    ("indicator_id", "in", list(indicator_ids)),
                ]
            )
        )
        for target in targets:
            field = SCOPE_FIELDS.get(target.scope)
            key = target[field].id if field else 0
            entry = (target.id, target.target_value, target.warning_value)
            base = (target.indicator_id.id, target.year, target.company_id.id)
            own.setdefault((*base, target.scope, key), entry)
            if target.scope == "company" and target.plan_id.plan_type == "organisation":
                company_wide.setdefault(base, entry)
        return own, company_wide

    @api.model
    def _status(self, own, company_wide, base, scope, key, direction, value):
        """(target id, target, warning, status): the scope's own target, else the
        company target of the organisation plan."""
        entry = own.get((*base, scope, key)) or company_wide.get(base)
        if not entry:
            return None, 0.0, 0.0, evaluate(direction, value, None)
        return (*entry, evaluate(direction, value, entry[1], entry[2]))

    # ------------------------------------------------------------------
    # drill-down: the records behind the value
    # ------------------------------------------------------------------
    def _period(self):
        """The measurement's period in UTC, from its company's local midnight."""
        self.ensure_one()
        start, end = self.company_id._quality_utc_bounds(self.date_from, self.date_to)
        return Period(start, end, self.date_from, self.date_to)

    def _drill_down(self, which="denominator"):
        """``[(model, ids)]`` of the records counted in this measurement: those
        of its denominator, or of its numerator, from the rows the engine
        summed (the registry's definition of the indicator)."""
        self.ensure_one()
        if self.source == "manual":
            return []
        return (
            self.env["quality_ops.indicator.registry"]
            .sudo()
            ._record_ids(
                self.source,
                self._period(),
                self.company_id.id,
                self.scope,
                self.scope_key,
                which,
            )
        )

    @api.readonly
    @arguments()
    def action_view_records(self):
        """The records behind the value (its denominator); with
        ``quality_counted="numerator"`` in the context, those of its numerator."""
        self.ensure_one()
        which = (
            "numerator"
            if self.env.context.get("quality_counted") == "numerator"
            else ("denominator")
        )
        found = self._drill_down(which)
        if not found:
            raise UserError(self.env._("A manual indicator has no records behind it."))
        model, ids = found[0]
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": model,
            # the user's own rules still apply to what the list shows
            "domain": [("id", "in", ids)],
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # locking
    # ------------------------------------------------------------------
    @arguments()
    def action_lock(self):
        return self._quality_transition("lock")

    @arguments(reason="text")
    def action_recompute_locked(self, reason=None):
        """Recompute locked measurements on purpose: exactly these, each with
        its earlier and new value logged in its chatter."""
        self._quality_check_transition("recompute")
        reason = self._quality_reason(
            reason, self.env._("Say why the locked period is recomputed.")
        )
        manual = self.filtered(lambda m: m.source == "manual")
        if manual:
            raise UserError(
                self.env._(
                    "%(name)s is entered by hand: there is nothing to recompute.",
                    name=manual[0].display_name,
                )
            )
        before = {m.id: (m.value, m.numerator, m.denominator, m.has_value) for m in self}
        for (periodicity, date_from, date_to), group in self.grouped(
            lambda m: (m.periodicity, m.date_from, m.date_to)
        ).items():
            self.sudo()._compute_period(
                periodicity,
                date_from,
                date_to,
                indicators=group.indicator_id,
                forced=group.sudo(),
            )
        self.invalidate_recordset()
        for measurement in self:
            value, num, den, had_value = before[measurement.id]
            measurement.message_post(
                body=self.env._(
                    "Locked period recomputed (%(reason)s): %(old)s (%(num)s / %(den)s) "
                    "became %(new)s (%(new_num)s / %(new_den)s).",
                    reason=reason,
                    old=value if had_value else "-",
                    num=num,
                    den=den,
                    new=measurement.value if measurement.has_value else "-",
                    new_num=measurement.numerator,
                    new_den=measurement.denominator,
                )
            )
        return True
