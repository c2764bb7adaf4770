"""Every bad input gets a message: each public method of quality_ops called over
JSON-RPC with malformed arguments, each quality_ops model and wizard written
with malformed values, and every *Export to XLSX* exported.

The methods and models are found by introspection, so a method or a model
added later is covered (or named by the test when it does not declare its
arguments)."""

import io
from urllib.parse import urljoin

import openpyxl

from odoo import models
from odoo.exceptions import UserError
from odoo.service.model import call_kw, get_public_method
from odoo.tests import HttpCase, tagged, users
from odoo.tools import mute_logger

from odoo.addons.quality_ops.quality_ops.xlsx_writing import FORMULA_TRIGGERS

from .integrity_common import IntegrityFixture

MODULE_PREFIX = "odoo.addons.quality_ops."
REFUSALS = ("UserError", "ValidationError", "AccessError", "MissingError", "AccessDenied")
# malformed values of each kind of argument a method declares
BAD_ARGUMENTS = {
    "text": [5, ["a list"], {"a": "dict"}],
    "date": ["2026-13-01", 20261101, "last month", ["2026-01-01"]],
    "boolean": ["yes", {"a": 1}, [True]],
    "domain": ["everything", {"a": 1}, [5], [["id", "=", "abc"]]],
    "id": ["abc", [1], -3],
    # checked by the method itself
    "any": ["abc", ["a list"], {"a": "dict"}, -5, "2026-13-01", 10**12],
}
# malformed values of each kind of field (texts are taken as Odoo takes them)
BAD_VALUES = {
    "date": ["2026-13-01", 20261101, "last month"],
    "datetime": ["2026-13-01 10:00:00", 20261101, "last month"],
    "selection": ["no_such_choice", 5],
    "many2one": ["abc", ["x"], {"a": 1}, 2**40],
    "integer": ["abc", 2**40, ["x"]],
    "float": ["abc", ["x"], {"a": 1}],
    "monetary": ["abc", ["x"]],
    "binary": ["not a file!", 5],
    "one2many": ["abc", [("x",)], {"a": 1}],
    "many2many": ["abc", [("x",)], {"a": 1}, [[6, 0, "abc"]]],
}
MAGIC = frozenset(models.MAGIC_COLUMNS) | {"display_name"}


def quality_classes(cls):
    return [klass for klass in cls.mro() if klass.__module__.startswith(MODULE_PREFIX)]


@tagged("post_install", "-at_install")
class TestBadInput(IntegrityFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_integrity()
        cls.setup_credits()
        # a name a spreadsheet would take for a formula, in several exports
        cls.customer.name = '=HYPERLINK("http://evil")'
        cls.admin = cls.env.ref("base.user_admin")

    # ------------------------------------------------------------------
    def rpc(self, model, method, args, kwargs=None):
        """``(error name, message)`` of a call, or ``(None, result)``. The
        calls of this module are malformed on purpose: the refusals the server
        logs (odoo.http) are expected."""
        with mute_logger("odoo.http"):
            response = self.opener.post(
                urljoin(self.base_url(), f"/web/dataset/call_kw/{model}/{method}"),
                json={
                    "id": 0,
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                },
                timeout=60,
            )
        response.raise_for_status()
        decoded = response.json()
        if "error" in decoded:
            data = decoded["error"]["data"]
            return data["name"], data.get("message")
        return None, decoded.get("result")

    def public_methods(self):
        """``{(model, method): function}`` of every method quality_ops defines
        that a client may call (ORM methods apart: they get malformed values
        and ids of their own)."""
        found = {}
        for name in self.env.registry:
            cls = type(self.env[name])
            for klass in quality_classes(cls):
                for attr, value in vars(klass).items():
                    if attr.startswith("_") or not callable(value) or (name, attr) in found:
                        continue
                    # ORM methods and other modules' methods quality_ops
                    # overrides are not its own
                    if any(
                        attr in vars(other)
                        for other in cls.mro()
                        if not other.__module__.startswith(MODULE_PREFIX)
                    ):
                        continue
                    try:
                        function = get_public_method(self.env[name], attr)
                    except Exception:  # noqa: BLE001 - private: not reachable
                        continue
                    found[(name, attr)] = function
        return found

    def record_ids(self, model):
        Model = self.env[model].sudo()
        if Model._abstract:
            return []
        return Model.search([], limit=1).ids

    # ------------------------------------------------------------------
    @mute_logger("odoo.http", "odoo.addons.quality_ops")
    def test_one_record_steps_called_on_several(self):
        """A step made for one record (a ticket's vendor cases, an evidence
        row's records), called on two or on none: a message, no traceback."""
        self.authenticate("admin", "admin")
        tickets = self.env["helpdesk.ticket"].search([], limit=2).ids
        self.assertEqual(len(tickets), 2)
        for model, method, ids in [
            ("helpdesk.ticket", "action_view_quality_vendor_cases", tickets),
            ("helpdesk.ticket", "action_quality_open_vendor_case", tickets),
            ("helpdesk.ticket", "action_view_quality_vendor_cases", []),
        ]:
            error, message = self.rpc(model, method, [ids])
            self.assertEqual(error and error.rsplit(".", 1)[-1], "UserError", (method, message))
            self.assertIn(method, message)

    @mute_logger("odoo.http", "odoo.sql_db", "odoo.addons.quality_ops")
    def test_every_public_method_answers_bad_arguments_with_a_message(self):
        methods = self.public_methods()
        # the attack's calls are among them
        for pair in [
            ("quality_ops.sla.exemption", "action_approve"),
            ("quality_ops.plan", "action_reset_to_draft"),
            ("quality_ops.xlsx.mixin", "action_quality_export_search_xlsx"),
            ("quality_ops.dashboard", "get_dashboard_data"),
        ]:
            self.assertIn(pair, methods)
        undeclared = sorted(
            f"{model}.{method}"
            for (model, method), function in methods.items()
            if not hasattr(function, "_quality_arguments")
        )
        self.assertFalse(undeclared, "public methods without @arguments")
        self.authenticate("admin", "admin")
        failures = []
        exercised = set()
        for (model, method), function in sorted(methods.items()):
            kinds = function._quality_arguments
            on_records = not getattr(function, "_api_model", False)
            ids = self.record_ids(model) if on_records else None

            def call(args, kwargs=None, model=model, method=method, on_records=on_records, ids=ids):
                sent = [ids, *args] if on_records else list(args)
                return sent, self.rpc(model, method, sent, kwargs)

            calls = [call([], {"no_such_argument": 1}), call(["x"] * (len(kinds) + 1))]
            if on_records:
                calls.append((["abc"], self.rpc(model, method, ["abc"])))
                calls.append(([["1", 2]], self.rpc(model, method, [["1", 2]])))
            for position, (_name, kind) in enumerate(kinds.items()):
                for bad in BAD_ARGUMENTS[kind]:
                    args = [None] * position + [bad]
                    calls.append(call(args))
            for sent, (error, message) in calls:
                exercised.add((model, method))
                if not error or not any(error.endswith(kind) for kind in REFUSALS):
                    failures.append(f"{model}.{method}{sent!r}: {error} {message!r}"[:300])
            self.env.invalidate_all()
        self.assertEqual(exercised, set(methods))
        self.assertFalse(failures, "\n".join(failures))

    def test_bad_arguments_are_named_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.authenticate("admin", "admin")
        # the context the web client sends with every call
        zh = {"context": {"lang": "zh_CN"}}
        error, message = self.rpc(
            "quality_ops.sla.exemption",
            "action_reject",
            [self.exemption_requested.ids],
            {"comment": "Our fault", "bcc": "x", **zh},
        )
        self.assertTrue(error.endswith("UserError"), error)
        self.assertIn("不接受参数 bcc", message)
        error, message = self.rpc(
            "quality_ops.sla.exemption", "action_reject", [self.exemption_requested.ids, 5], zh
        )
        self.assertTrue(error.endswith("UserError"), error)
        self.assertIn("comment 必须是文本", message)
        error, message = self.rpc(
            "quality_ops.sla.statement",
            "create",
            [{"scheme_id": self.credit_scheme.id, "date_from": "2026-13-01"}],
            zh,
        )
        self.assertTrue(error.endswith("UserError"), error)
        self.assertIn("2026-13-01 不是日期", message)
        # the model is named as the menus name it, not by its English description
        error, message = self.rpc(
            "quality_ops.sla.statement",
            "create",
            [{"scheme_id": self.credit_scheme.id, "no_such_field": 1}],
            zh,
        )
        self.assertTrue(error.endswith("UserError"), error)
        statement = (
            self.env["ir.model"].with_context(lang="zh_CN")._get("quality_ops.sla.statement")
        )
        self.assertNotEqual(statement.name, "SLA Statement")
        self.assertIn(statement.name, message)
        self.assertNotIn("SLA Statement", message)
        self.env.invalidate_all()
        self.assertEqual(self.exemption_requested.state, "requested")
        self.assertFalse(
            self.env["quality_ops.sla.statement"].search([("date_from", "=", "2026-12-01")])
        )

    # ------------------------------------------------------------------
    def malformed_cases(self):
        """``(model, field, value)`` for every writable field of every
        quality_ops model and wizard, and every ``quality_`` field added to
        other models."""
        for name in sorted(self.env.registry):
            Model = self.env[name]
            ours = name.startswith("quality_ops.")
            if Model._abstract or Model._transient and not ours:
                continue
            for fname, field in Model._fields.items():
                if fname in MAGIC or field.type not in BAD_VALUES:
                    continue
                # other models: the fields quality_ops adds to them
                if not ours and not fname.startswith("quality_"):
                    continue
                if not (field.store or field.inverse) or (field.compute and not field.inverse):
                    continue
                for value in BAD_VALUES[field.type]:
                    yield name, fname, value

    def attempt_raw(self, func):
        """The exception ``func`` raised (None if none), rolled back."""
        raised = None
        try:
            with self.env.cr.savepoint():
                func()
                self.env.flush_all()
        except Exception as error:  # noqa: BLE001 - which one is the point
            raised = error
        self.env.invalidate_all()
        return raised

    @mute_logger("odoo.sql_db", "odoo.addons.quality_ops", "odoo.models")
    def test_malformed_values_on_every_model_and_wizard(self):
        env = self.env(user=self.admin)
        failures = []
        cases = list(self.malformed_cases())
        self.assertGreater(len({model for model, _f, _v in cases}), 40)
        for model, fname, value in cases:
            Model = env[model]
            record = Model.sudo().search([], limit=1).with_env(env)
            attempts = []
            if model.startswith("quality_ops."):
                attempts.append(
                    ("create", lambda Model=Model, f=fname, v=value: Model.create({f: v}))
                )
            if record:
                attempts.append(("write", lambda r=record, f=fname, v=value: r.write({f: v})))
            for verb, func in attempts:
                raised = self.attempt_raw(func)
                if not isinstance(raised, UserError):
                    failures.append(f"{model}.{verb}({fname}={value!r}): {raised!r}"[:300])
        # values that are not even a dictionary, and context defaults
        for model in ("quality_ops.sla.statement", "quality_ops.measurement"):
            for func in (
                lambda m=model: env[m].create("abc"),
                lambda m=model: env[m].create([5]),
                lambda m=model: env[m].with_context(default_date_from="last month").create({}),
                lambda m=model: env[m].create({"no_such_field": 1}),
            ):
                raised = self.attempt_raw(func)
                if not isinstance(raised, UserError):
                    failures.append(f"{model}: {raised!r}")
        self.assertFalse(failures, "\n".join(failures))

    @mute_logger("odoo.http", "odoo.sql_db", "odoo.addons.quality_ops")
    def test_attack_cases_over_rpc(self):
        """The 21 server errors of the attack, as it sent them."""
        self.authenticate("admin", "admin")
        statement = {"scheme_id": self.credit_scheme.id}
        cases = [
            ("quality_ops.sla.statement", "create", [dict(statement, date_from="2026-13-01")]),
            ("quality_ops.sla.statement", "create", [dict(statement, date_from=20261101)]),
            ("quality_ops.sla.statement", "create", [dict(statement, date_from="last month")]),
            (
                "quality_ops.service.report",
                "write",
                [self.service_draft.ids, {"date_from": "2026-13-01"}],
            ),
            (
                "quality_ops.service.report",
                "create",
                [{"partner_id": self.customer.id, "date_from": 20261101}],
            ),
            (
                "quality_ops.measurement",
                "create",
                [
                    {
                        "indicator_id": self.ind_manual.id,
                        "periodicity": "week",
                        "date_from": "2031-03-02",
                        "date_to": "2031-03-08",
                        "value": 99,
                    }
                ],
            ),
            ("quality_ops.sla.exemption", "action_approve", [self.exemption_requested.ids, 5]),
            ("quality_ops.sla.exemption", "action_reject", [self.exemption_requested.ids, 5]),
            ("quality_ops.sla.exemption", "action_revoke", [self.exemption_approved.ids, 7]),
            ("quality_ops.plan", "action_reset_to_draft", [self.plan_approved.ids, ["x"]]),
            ("quality_ops.review", "action_reopen", [self.review_closed.ids, {"a": 1}]),
            ("quality_ops.plan", "write", [["abc"], {"name": "x"}]),
            ("quality_ops.plan", "action_submit", ["abc"]),
        ]
        for model, method, args in cases:
            error, message = self.rpc(model, method, args)
            self.assertTrue(
                error and any(error.endswith(kind) for kind in REFUSALS),
                f"{model}.{method}{args!r}: {error} {message!r}",
            )
        self.env.invalidate_all()
        self.assertEqual(self.exemption_requested.state, "requested")
        self.assertEqual(self.exemption_approved.state, "approved")
        self.assertEqual(self.plan_approved.state, "approved")
        self.assertEqual(self.service_draft.date_from.isoformat(), "2031-03-01")

    @mute_logger("odoo.sql_db", "odoo.addons.quality_ops", "odoo.models")
    def test_ids_as_text_to_the_record_methods(self):
        """Odoo's own record methods, as its dispatcher calls them, with ids
        that are not ids: a message, never PostgreSQL's error."""
        env = self.env(user=self.admin)
        failures = []
        calls = {
            "read": [["display_name"]],
            "web_read": [{"display_name": {}}],
            "write": [{}],
            "unlink": [],
            "copy": [],
        }
        for name in sorted(self.env.registry):
            if not name.startswith("quality_ops.") or self.env[name]._abstract:
                continue
            for method, args in calls.items():
                for ids in (["abc"], [["1", 2]], [[2**40]]):
                    raised = self.attempt_raw(
                        lambda n=name, m=method, a=args, i=ids: call_kw(env[n], m, [*i, *a], {})
                    )
                    if not isinstance(raised, UserError):
                        failures.append(f"{name}.{method}({ids!r}): {raised!r}"[:300])
        self.assertFalse(failures, "\n".join(failures))

    # ------------------------------------------------------------------
    @users("qo_i_manager")
    def test_every_xlsx_export_exports(self):
        """Each *Export to XLSX* binding runs and gives a workbook whose rows
        are the records, with no cell a spreadsheet would evaluate."""
        actions = (
            self.env["ir.actions.server"]
            .sudo()
            .search([("code", "like", "action_quality_export_")])
            .filtered(lambda a: a.get_external_id()[a.id].startswith("quality_ops."))
        )
        bound = set(actions.mapped("model_id.model"))
        with_fields = {
            name
            for name in self.env.registry
            if not self.env[name]._abstract
            and getattr(self.env[name], "_quality_xlsx_fields", None)
            and hasattr(self.env[name], "action_quality_export_xlsx")
        }
        self.assertEqual(bound, with_fields, "models offering Export to XLSX")
        self.assertIn("quality_ops.sla.statement", bound)
        formulas = 0
        for action in actions:
            model = action.model_id.model
            Model = self.env[model]
            records = Model.search(Model._quality_xlsx_readable(), limit=3)
            run = self.mine(action).with_context(
                active_model=model, active_ids=records.ids, active_id=records[:1].id
            )
            if "records." in action.code and not records:
                continue
            result = run.run()
            self.assertEqual(result["report_type"], "xlsx", action.name)
            content, _kind = self.env["ir.actions.report"]._render_xlsx(
                result["report_name"], None, result["data"]
            )
            book = openpyxl.load_workbook(io.BytesIO(content))
            sheet = book.worksheets[0]
            if "records." in action.code:
                self.assertEqual(sheet.max_row, len(records) + 1, model)
            self.assertEqual(len(book.worksheets), 1 + len(Model._quality_xlsx_children), model)
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                            formulas += 1
                            self.assertNotEqual(cell.data_type, "f", f"{model}: {cell.value}")
        # the customer's formula-like name was exported, as text
        self.assertTrue(formulas)

    @users("qo_i_manager")
    def test_every_xlsx_report_renders(self):
        """The XLSX reports (quality report, customer service report) too."""
        reports = (
            self.env["ir.actions.report"]
            .sudo()
            .search([("report_type", "=", "xlsx"), ("report_name", "like", "quality_ops.")])
        )
        self.assertGreaterEqual(len(reports), 3)
        for report in reports.filtered(lambda r: r.report_name != "quality_ops.xlsx_export"):
            records = self.env[report.model].search([], limit=2)
            self.assertTrue(records, report.model)
            content, _kind = self.env["ir.actions.report"]._render_xlsx(
                report.report_name, records.ids, None
            )
            book = openpyxl.load_workbook(io.BytesIO(content))
            self.assertTrue(book.worksheets[0].max_row > 1, report.model)

    @users("qo_i_lead")
    def test_statement_exports_with_its_lines(self):
        statement = self.statement_approved
        action = self.mine(statement).action_quality_export_xlsx()
        content, _kind = self.env["ir.actions.report"]._render_xlsx(
            action["report_name"], None, action["data"]
        )
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(len(book.worksheets), 2)
        lines = book.worksheets[1]
        self.assertEqual(lines.max_row, len(statement.line_ids) + 1)
        self.assertTrue(statement.line_ids)
        self.assertEqual(lines.cell(2, 1).value, statement.reference)
