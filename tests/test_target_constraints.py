from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import QualityCommon


@tagged("post_install", "-at_install")
class TestTargetConstraints(QualityCommon):
    def setUp(self):
        super().setUp()
        self.plan = self.make_plan(targets=[])
        self.Target = self.env["quality_ops.target"].with_user(self.manager)

    def add(self, **vals):
        vals.setdefault("plan_id", self.plan.id)
        vals.setdefault("indicator_id", self.ind_resp.id)
        return self.Target.create(vals)

    def test_percent_range(self):
        self.add(target_value=100, warning_value=99)
        with self.assertRaisesRegex(ValidationError, "not a valid value"):
            self.add(indicator_id=self.ind_csat.id, target_value=101, warning_value=90)
        with self.assertRaisesRegex(ValidationError, "not a valid value"):
            self.add(indicator_id=self.ind_csat.id, target_value=90, warning_value=-1)

    def test_hours_and_count_not_negative(self):
        with self.assertRaisesRegex(ValidationError, "not a valid value"):
            self.add(indicator_id=self.ind_resp_avg.id, target_value=-2, warning_value=-2)
        self.add(indicator_id=self.ind_resp_avg.id, target_value=2, warning_value=4)
        self.add(indicator_id=self.ind_backlog.id, target_value=0, warning_value=3)

    def test_nps_accepts_negative_values(self):
        target = self.add(indicator_id=self.ind_nps.id, target_value=-10, warning_value=-30)
        self.assertEqual(target.target_value, -10)
        with self.assertRaisesRegex(ValidationError, "not a valid value"):
            self.add(
                indicator_id=self.ind_nps.id,
                target_value=-120,
                warning_value=-120,
                scope="team",
                team_id=self.team.id,
            )

    def test_warning_band_side_higher_is_better(self):
        with self.assertRaisesRegex(ValidationError, "must not be above the target"):
            self.add(target_value=90, warning_value=95)

    def test_warning_band_side_lower_is_better(self):
        with self.assertRaisesRegex(ValidationError, "must not be below the target"):
            self.add(indicator_id=self.ind_resp_avg.id, target_value=4, warning_value=2)

    def test_warning_defaults_to_target(self):
        target = self.add(target_value=93)
        self.assertEqual(target.warning_value, 93)

    @mute_logger("odoo.sql_db")  # the unique index refuses, on purpose
    def test_one_target_per_indicator_and_scope(self):
        self.add(target_value=95, warning_value=90)
        with self.assertRaisesRegex(ValidationError, "already has a target"):
            self.add(target_value=97, warning_value=90)
        # the same indicator for a team is another scope
        self.add(target_value=97, warning_value=90, scope="team", team_id=self.team.id)
        with self.assertRaisesRegex(ValidationError, "already has a target"):
            self.add(target_value=98, warning_value=90, scope="team", team_id=self.team.id)

    def test_scope_needs_its_record(self):
        with self.assertRaisesRegex(ValidationError, "choose the"):
            self.add(target_value=95, warning_value=90, scope="customer")
        with self.assertRaisesRegex(ValidationError, "mixes scopes"):
            self.add(
                target_value=95,
                warning_value=90,
                scope="team",
                team_id=self.team.id,
                partner_id=self.customer.id,
            )
        target = self.add(
            target_value=95, warning_value=90, scope="customer", partner_id=self.customer.id
        )
        self.assertEqual(target.scope_name, self.customer.display_name)

    def test_project_plan_holds_only_its_project(self):
        plan = self.make_plan(plan_type="project", project=self.project, targets=[])
        with self.assertRaisesRegex(ValidationError, "only holds targets of its own project"):
            self.add(
                plan_id=plan.id,
                target_value=95,
                warning_value=90,
                scope="project",
                project_id=self.other_project.id,
            )

    def test_negative_weight(self):
        with self.assertRaisesRegex(ValidationError, "weight cannot be negative"):
            self.add(target_value=95, warning_value=90, weight=-1)

    @mute_logger("odoo.sql_db")  # the unique index refuses, on purpose
    def test_indicator_code_unique_per_company(self):
        Indicator = self.env["quality_ops.indicator"].with_user(self.manager)
        Indicator.create({"code": "UPTIME_X", "name": "Uptime", "unit": "percent"})
        with self.assertRaisesRegex(ValidationError, "code .*already"):
            Indicator.create({"code": "UPTIME_X", "name": "Uptime again", "unit": "percent"})
        with self.assertRaisesRegex(ValidationError, "code .*already"):
            Indicator.create({"code": "RESP_SLA", "name": "Shadow", "unit": "percent"})
        # another company may reuse a code of its own
        Indicator.sudo().create(
            {
                "code": "UPTIME_X",
                "name": "Uptime",
                "unit": "percent",
                "company_id": self.other_company.id,
            }
        )

    def test_indicator_default_target_in_unit(self):
        with self.assertRaisesRegex(ValidationError, "outside the range"):
            self.env["quality_ops.indicator"].create(
                {"code": "BAD", "name": "Bad", "unit": "percent", "default_target": 150}
            )
