from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..choices import STATUSES
from ..indicators import SCOPE_FIELDS, SCOPES
from ..targets import attainment, evaluate, value_in_unit_range, warning_on_right_side
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.record_fields import belongs_to_field, company_of_field
from ..tools.unique_guard import unique_violation_as_validation_error


class QualityTarget(models.Model):
    _name = "quality_ops.target"
    _description = "Quality Indicator Target"
    _inherit = ["quality_ops.workflow.child.mixin"]
    _order = "plan_id, sequence, id"
    _quality_parent_field = "plan_id"

    sequence = fields.Integer(default=10)
    plan_id = belongs_to_field("quality_ops.plan")
    plan_state = fields.Selection(related="plan_id.state", string="Plan Status")
    year = fields.Integer(related="plan_id.year", store=True, aggregator=False)
    company_id = company_of_field("plan_id")
    indicator_id = fields.Many2one(
        comodel_name="quality_ops.indicator",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('company_id', 'in', [company_id, False])]",
    )
    characteristic = fields.Selection(related="indicator_id.characteristic", store=True)
    unit = fields.Selection(related="indicator_id.unit")
    direction = fields.Selection(related="indicator_id.direction")
    scope = fields.Selection(SCOPES, required=True, default="company")
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        ondelete="restrict",
        index="btree_not_null",
        domain="[('company_id', 'in', [company_id, False])]",
    )
    project_id = fields.Many2one(
        comodel_name="project.project",
        ondelete="restrict",
        index="btree_not_null",
        domain="[('company_id', 'in', [company_id, False])]",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        ondelete="restrict",
        index="btree_not_null",
        domain="[('is_company', '=', True)]",
    )
    scope_name = fields.Char(compute="_compute_scope_name", string="Scope Detail")
    target_value = fields.Float(string="Target", required=True, digits=(16, 2))
    warning_value = fields.Float(
        string="Warning Threshold",
        digits=(16, 2),
        help="Bound of the warning band next to the target. For a higher-is-better "
        "indicator it is below the target, for a lower-is-better one above it. "
        "Equal to the target: no warning band.",
    )
    weight = fields.Float(default=1.0, digits=(16, 2))
    note = fields.Char(string="Measure / Comment")
    # scorecard: the year's measurement at the target's scope (year to date)
    actual_value = fields.Float(
        string="Actual", compute="_compute_actual", digits=(16, 2), aggregator=False
    )
    actual_status = fields.Selection(
        STATUSES,
        string="Traffic Light",
        compute="_compute_actual",
    )
    attainment = fields.Float(
        string="Attainment (%)", compute="_compute_actual", digits=(16, 1), aggregator=False
    )
    # no measurement with a value: the scorecard shows "no data", not 0.00 / 0 %
    has_actual = fields.Boolean(compute="_compute_actual")
    indicator_code = fields.Char(related="indicator_id.code", string="Indicator Code")

    _scope_unique = models.UniqueIndex(
        "(plan_id, indicator_id, scope, COALESCE(team_id, 0), "
        "COALESCE(project_id, 0), COALESCE(partner_id, 0))",
        "This indicator already has a target for this scope in the plan.",
    )

    @api.depends("scope", "team_id", "project_id", "partner_id", "company_id")
    def _compute_scope_name(self):
        for target in self:
            field = SCOPE_FIELDS.get(target.scope)
            record = target[field] if field else target.company_id
            target.scope_name = record.display_name or ""

    @api.depends("indicator_id", "scope", "team_id", "project_id", "partner_id", "year")
    @api.depends_context("company")
    def _compute_actual(self):
        """Year-to-date actual of each target, from one search of the year's
        measurements: the year's own (the engine rolls the months up), else,
        for a manual indicator entered by month or quarter, the latest one
        entered; the status is judged against this target, not the one in
        force when the measurement ran."""
        years = set(self.mapped("year"))
        measurements = self.env["quality_ops.measurement"].search(
            [
                ("indicator_id", "in", self.indicator_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("date_from", ">=", f"{min(years, default=2000)}-01-01"),
                ("date_from", "<=", f"{max(years, default=2000)}-12-31"),
                ("has_value", "=", True),
            ]
        )
        by_key = {}
        # yearly first, then the latest of the others: first kept wins
        for m in measurements.sorted(lambda m: (m.periodicity != "year", -m.date_from.toordinal())):
            if m.periodicity != "year" and m.source != "manual":
                continue
            key = (m.indicator_id.id, m.date_from.year, m.scope, m.scope_key, m.company_id.id)
            by_key.setdefault(key, m)
        for target in self:
            field = SCOPE_FIELDS.get(target.scope)
            key = target[field].id if field else 0
            measurement = by_key.get(
                (
                    target.indicator_id.id,
                    target.year,
                    target.scope,
                    key,
                    target.company_id.id,
                )
            )
            if not measurement:
                target.actual_value = False
                target.actual_status = "no_data"
                target.attainment = False
                target.has_actual = False
                continue
            target.has_actual = True
            direction = target.indicator_id.direction
            target.actual_value = measurement.value
            target.actual_status = evaluate(
                direction, measurement.value, target.target_value, target.warning_value
            )
            target.attainment = attainment(direction, measurement.value, target.target_value)

    @api.readonly
    @arguments()
    def action_view_trend(self):
        """Monthly measurements of the target's indicator and scope, as a line."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_ops.quality_measurement_action"
        )
        field = SCOPE_FIELDS.get(self.scope)
        domain = [
            ("indicator_id", "=", self.indicator_id.id),
            ("company_id", "=", self.company_id.id),
            ("periodicity", "=", "month"),
            ("scope", "=", self.scope),
            ("date_from", ">=", f"{self.year}-01-01"),
            ("date_from", "<=", f"{self.year}-12-31"),
        ]
        if field:
            domain.append((field, "=", self[field].id))
        action.update(
            name=self.env._(
                "Trend of %(indicator)s (%(scope)s)",
                indicator=self.indicator_id.display_name,
                scope=self.scope_name,
            ),
            domain=domain,
            context={},
            view_mode="graph,list,pivot",
            views=[(False, "graph"), (False, "list"), (False, "pivot")],
        )
        return action

    @api.onchange("indicator_id")
    def _onchange_indicator_id(self):
        for target in self:
            if target.indicator_id and not target.target_value:
                target.target_value = target.indicator_id.default_target
                target.warning_value = target.indicator_id.default_target

    @api.onchange("target_value")
    def _onchange_target_value(self):
        for target in self:
            if target.indicator_id and not target.warning_value:
                target.warning_value = target.target_value

    @api.onchange("scope")
    def _onchange_scope(self):
        for target in self:
            for scope, field in SCOPE_FIELDS.items():
                if target.scope != scope:
                    target[field] = False
            if target.scope == "project" and target.plan_id.project_id:
                target.project_id = target.plan_id.project_id

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        for vals in vals_list:
            if "warning_value" not in vals and "target_value" in vals:
                vals["warning_value"] = vals["target_value"]
        with unique_violation_as_validation_error(self):
            records = super().create(vals_list)
        return records

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if {"plan_id", "indicator_id", "scope", "team_id", "project_id", "partner_id"} & set(vals):
            with unique_violation_as_validation_error(self):
                return super().write(vals)
        return super().write(vals)

    @api.constrains("target_value", "warning_value", "indicator_id")
    def _check_values(self):
        for target in self:
            indicator = target.indicator_id
            unit_label = dict(indicator._fields["unit"]._description_selection(self.env)).get(
                indicator.unit, indicator.unit
            )
            for value in (target.target_value, target.warning_value):
                if not value_in_unit_range(indicator.unit, value):
                    raise ValidationError(
                        self.env._(
                            "%(value)s is not a valid value for %(indicator)s (unit: %(unit)s).",
                            value=value,
                            indicator=indicator.display_name,
                            unit=unit_label,
                        )
                    )
            if not warning_on_right_side(
                indicator.direction, target.target_value, target.warning_value
            ):
                if indicator.direction == "higher":
                    message = self.env._(
                        "%(indicator)s: higher is better, so the warning threshold "
                        "(%(warning)s) must not be above the target (%(target)s).",
                        indicator=indicator.display_name,
                        warning=target.warning_value,
                        target=target.target_value,
                    )
                else:
                    message = self.env._(
                        "%(indicator)s: lower is better, so the warning threshold "
                        "(%(warning)s) must not be below the target (%(target)s).",
                        indicator=indicator.display_name,
                        warning=target.warning_value,
                        target=target.target_value,
                    )
                raise ValidationError(message)

    @api.constrains("weight")
    def _check_weight(self):
        for target in self:
            if target.weight < 0:
                raise ValidationError(self.env._("A target weight cannot be negative."))

    @api.constrains("scope", "team_id", "project_id", "partner_id", "plan_id")
    def _check_scope(self):
        for target in self:
            field = SCOPE_FIELDS.get(target.scope)
            if field and not target[field]:
                raise ValidationError(
                    self.env._(
                        "The target of %(indicator)s has scope %(scope)s: choose the %(scope)s.",
                        indicator=target.indicator_id.display_name,
                        scope=dict(target._fields["scope"]._description_selection(self.env))[
                            target.scope
                        ],
                    )
                )
            for other_scope, other_field in SCOPE_FIELDS.items():
                if other_scope != target.scope and target[other_field]:
                    raise ValidationError(
                        self.env._(
                            "The target of %(indicator)s mixes scopes: keep only the "
                            "field matching its scope.",
                            indicator=target.indicator_id.display_name,
                        )
                    )
            plan = target.plan_id
            if (
                plan.plan_type == "project"
                and target.project_id
                and (target.project_id != plan.project_id)
            ):
                raise ValidationError(
                    self.env._(
                        "A project plan only holds targets of its own project (%(project)s).",
                        project=plan.project_id.display_name,
                    )
                )
            duplicate = self.search_count(
                [
                    ("id", "!=", target.id),
                    ("plan_id", "=", plan.id),
                    ("indicator_id", "=", target.indicator_id.id),
                    ("scope", "=", target.scope),
                    ("team_id", "=", target.team_id.id),
                    ("project_id", "=", target.project_id.id),
                    ("partner_id", "=", target.partner_id.id),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "%(indicator)s already has a target for %(scope)s in plan %(plan)s.",
                        indicator=target.indicator_id.display_name,
                        scope=target.scope_name,
                        plan=plan.display_name,
                    )
                )
