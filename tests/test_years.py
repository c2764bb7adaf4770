"""Years read as typed, 2026, wherever a year field shows: list, form and
kanban views, XLSX exports and the chatter's tracking (never 2,026)."""

import io

import openpyxl
from lxml import etree

from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.quality_ops.quality_ops.tools.year_field import is_year_field

# views whose cells go through the field widgets (search, pivot, graph and
# calendar views show the raw value)
FORMATTED_VIEWS = ("list", "form", "kanban")
JS_NAMES = {"false": False, "true": True}  # options are read as the web client reads them


def year_nodes(env, model_name, node, found):
    """(model, view type, field node) of every year field under ``node``,
    the sub-views of x2many fields read in their own model."""
    for child in node.iterchildren(tag=etree.Element):
        model = env[model_name]
        if child.tag == "field":
            field = model._fields.get(child.get("name"))
            if is_year_field(field):
                found.append((model_name, child))
            if field is not None and field.relational:
                year_nodes(env, field.comodel_name, child, found)
                continue
        year_nodes(env, model_name, child, found)
    return found


@tagged("post_install", "-at_install")
class TestYears(TransactionCase):
    def quality_views(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "quality_ops"), ("model", "=", "ir.ui.view")]
        )
        return self.env["ir.ui.view"].browse(data.mapped("res_id")).exists()

    def test_every_view_shows_years_without_separator(self):
        checked = 0
        for view in self.quality_views():
            if view.type not in FORMATTED_VIEWS or not view.model:
                continue
            arch = etree.fromstring(view.arch)
            for model_name, node in year_nodes(self.env, view.model, arch, []):
                checked += 1
                where = f"{view.xml_id or view.name}: {model_name}.year"
                options = safe_eval(node.get("options") or "{}", dict(JS_NAMES))
                self.assertIs(options.get("enable_formatting"), False, where)
                if view.type == "kanban":
                    # a kanban card formats a field without widget by itself,
                    # whatever its options say
                    self.assertEqual(node.get("widget"), "integer", where)
        # plans (list, form, kanban), targets, reports (list, form), reviews
        self.assertGreaterEqual(checked, 7)

    def test_the_plan_card_renders_the_year_as_typed(self):
        """The kanban card's arch, as the web client receives it."""
        views = self.env["quality_ops.plan"].get_views([(False, "kanban")])
        arch = etree.fromstring(views["views"]["kanban"]["arch"])
        [node] = arch.xpath("//field[@name='year']")
        self.assertEqual(node.get("widget"), "integer")
        self.assertIs(safe_eval(node.get("options"), dict(JS_NAMES))["enable_formatting"], False)

    def test_xlsx_export_writes_years_as_typed(self):
        audit = self.env["quality_ops.audit"].create(
            {"name": "Year export", "kind": "internal", "year": 2026, "planned_date": "2026-06-15"}
        )
        content, _kind = self.env["ir.actions.report"]._render_xlsx(
            "quality_ops.xlsx_export",
            None,
            {"model": "quality_ops.audit", "ids": audit.ids},
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        headers = [cell.value for cell in sheet[1]]
        column = headers.index("Year") + 1
        cell = sheet.cell(row=2, column=column)
        self.assertEqual(cell.value, 2026)
        self.assertEqual(cell.number_format, "0")

    def test_chatter_tracks_a_year_as_typed(self):
        plan = self.env["quality_ops.plan"].create(
            {"name": "Tracked plan", "year": 2037, "plan_type": "organisation"}
        )
        plan.year = 2038
        plan._quality_write({"version": 3})
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking messages are written at commit
        trackings = plan.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "year"
        )
        self.assertEqual(len(trackings), 1)
        [entry] = trackings._tracking_value_format()
        self.assertEqual(entry["fieldInfo"]["fieldType"], "char")
        self.assertEqual((entry["oldValue"], entry["newValue"]), ("2037", "2038"))
        # the other whole numbers keep the chatter's number formatting
        version = plan.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "version"
        )
        [entry] = version._tracking_value_format()
        self.assertEqual((entry["fieldInfo"]["fieldType"], entry["newValue"]), ("integer", 3))
