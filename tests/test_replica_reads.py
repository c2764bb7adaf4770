"""Read-only screens run on a read-only cursor, so that Odoo serves them from
the database replica (``db_replica_host``) when one is configured.

Odoo decides per request: ``/web/dataset/call_kw`` and ``call_button`` take a
read-only cursor when the called method is marked ``@api.readonly``, a route
when it is declared ``readonly=True``. Under test the registry's read-only
cursor is a read-only transaction on the test database: a method that wrote
would fail there and be run again on a read/write cursor, which the spies
below would see as a second call.
"""

import contextlib
import functools
from unittest.mock import patch

from odoo import fields
from odoo.http import request
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.quality_ops.quality_ops.controllers.portal import QualityCustomerPortal

from .common import JsonRpcCalls, role_user


def readonly_by_rpc(model_class, name):
    """Whether ``/web/dataset/call_kw`` gives ``name`` a read-only cursor:
    the first definition along the model's classes that says (as Odoo's
    ``DataSet._call_kw_readonly`` looks it up)."""
    for cls in model_class.mro():
        method = getattr(cls, name, None)
        if method is not None and hasattr(method, "_readonly"):
            return method._readonly
    return False


@tagged("post_install", "-at_install")
class TestReplicaReads(JsonRpcCalls, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        # the demo's year before today, measured as the scheduled action does
        today = cls.company._quality_local_date(fields.Datetime.now())
        for year in {today.year - 1, today.year}:
            cls.env["quality_ops.measurement"]._compute_year(year)
        cls.manager = role_user(cls.env, "qo_ro_manager", "manager", company=cls.company)
        cls.customer = new_test_user(cls.env, "qo_ro_customer", groups="base.group_portal")
        cls.users = {"manager": cls.manager}
        indicator = cls.env.ref("quality_ops.indicator_resp_sla")
        cls.plan = cls.env["quality_ops.plan"].create(
            {
                # a year of its own: the demo's plans are left alone
                "name": "Quality plan 2031",
                "year": 2031,
                "plan_type": "organisation",
                "company_id": cls.company.id,
                "target_ids": [
                    (0, 0, {"indicator_id": indicator.id, "target_value": 95, "warning_value": 90})
                ],
            }
        )
        cls.measurement = cls.env["quality_ops.measurement"].search(
            [
                ("company_id", "=", cls.company.id),
                ("periodicity", "=", "month"),
                ("source", "!=", "manual"),
                ("denominator", ">", 0),
            ],
            limit=1,
        )

    @contextlib.contextmanager
    def cursors_of(self, model, name):
        """The ``cr.readonly`` of each run of ``model.name`` inside the block."""
        model_class = self.registry[model]
        original = getattr(model_class, name)
        seen = []

        @functools.wraps(original)  # keeps what the decorators marked
        def spy(records, *args, **kwargs):
            seen.append(records.env.cr.readonly)
            return original(records, *args, **kwargs)

        with patch.object(model_class, name, spy):
            yield seen

    def test_the_dashboard_data_is_read_on_a_read_only_cursor(self):
        with self.cursors_of("quality_ops.dashboard", "get_dashboard_data") as seen:
            data = self.call("manager", "quality_ops.dashboard", "get_dashboard_data")
        self.assertTrue(data["kpis"])
        self.assertEqual(seen, [True])

    def test_my_work_is_read_on_a_read_only_cursor(self):
        with self.cursors_of("quality_ops.my_work", "get_my_work") as seen:
            sections = self.call("manager", "quality_ops.my_work", "get_my_work")
        self.assertTrue(sections["sections"])
        self.assertEqual(seen, [True])

    def test_drill_downs_and_scorecards_run_on_a_read_only_cursor(self):
        self.assertTrue(self.measurement, "the demo year has measured values")
        target = self.plan.target_ids
        for model, name, record, res_model in (
            ("quality_ops.measurement", "action_view_records", self.measurement, None),
            ("quality_ops.plan", "action_view_scorecard", self.plan, "quality_ops.target"),
            ("quality_ops.plan", "action_view_measurements", self.plan, None),
            ("quality_ops.target", "action_view_trend", target, "quality_ops.measurement"),
        ):
            with self.subTest(method=f"{model}.{name}"):
                with self.cursors_of(model, name) as seen:
                    action = self.call("manager", model, name, record.ids)
                self.assertEqual(action["type"], "ir.actions.act_window")
                if res_model:
                    self.assertEqual(action["res_model"], res_model)
                self.assertEqual(seen, [True])

    def test_a_method_not_marked_runs_on_the_primary(self):
        # the contrast, through the same spy: the landing action is not marked
        with self.cursors_of("quality_ops.my_work", "action_landing") as seen:
            action = self.call("manager", "quality_ops.my_work", "action_landing")
        self.assertEqual(action["tag"], "quality_ops.dashboard")
        self.assertEqual(seen, [False])
        # nor are the transitions, which write
        self.assertFalse(readonly_by_rpc(self.registry["quality_ops.plan"], "action_submit"))
        self.assertFalse(readonly_by_rpc(self.registry["quality_ops.measurement"], "action_lock"))

    def test_every_drill_down_of_quality_ops_is_read_only(self):
        """A new ``action_view_*`` method (opening the records behind
        something) must be marked too."""
        unmarked = []
        for model, model_class in self.registry.items():
            for name in dir(model_class):
                if not name.startswith("action_view_"):
                    continue
                owners = {
                    getattr(cls, name).__module__
                    for cls in model_class.mro()
                    if name in vars(cls) and callable(vars(cls)[name])
                }
                if any(".quality_ops." in owner for owner in owners) and not readonly_by_rpc(
                    model_class, name
                ):
                    unmarked.append(f"{model}.{name}")
        self.assertEqual(unmarked, [])

    def test_the_customers_lists_are_read_on_a_read_only_cursor(self):
        seen = []
        original = QualityCustomerPortal._quality_sudo

        def spy(controller, model):
            seen.append(request.env.cr.readonly)
            return original(controller, model)

        self.authenticate(self.customer.login, self.customer.login)
        with patch.object(QualityCustomerPortal, "_quality_sudo", spy):
            for url in ("/my/complaints", "/my/service_reports"):
                with self.subTest(url=url):
                    seen.clear()
                    response = self.url_open(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertTrue(seen)
                    self.assertEqual(set(seen), {True})
