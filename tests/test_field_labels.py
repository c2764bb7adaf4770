"""The fields quality_ops adds to helpdesk teams never read like the ones OCA
helpdesk_mgmt_sla adds (installed beside it, the team form would show two
"Working Hours"). helpdesk_mgmt_sla is not a dependency: its field
definitions are read from its source, which the tooling installs in the
virtualenv (.ci/dev.py, REFERENCE_ADDONS)."""

import ast
from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

RELATIONAL = {"Many2one", "One2many", "Many2many"}


def default_label(name):
    """Odoo's label of a field without ``string``."""
    label = name[:-3] if name.endswith("_id") else name[:-4] if name.endswith("_ids") else name
    return label.replace("_", " ").title()


def declared_labels(source, model):
    """{field name: label} of the fields that ``source`` declares on ``model``."""
    labels = {}
    for cls in (n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ClassDef)):
        names = {}
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
                if isinstance(stmt.value, ast.Constant):
                    names[stmt.targets[0].id] = stmt.value.value
        if model not in (names.get("_name"), names.get("_inherit")):
            continue
        for stmt in cls.body:
            call = getattr(stmt, "value", None)
            if not (
                isinstance(stmt, ast.Assign)
                and isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == "fields"
            ):
                continue
            name = stmt.targets[0].id
            keywords = {k.arg: k.value for k in call.keywords}
            label = keywords.get("string")
            position = 1 if call.func.attr in RELATIONAL else 0
            if label is None and len(call.args) > position:
                label = call.args[position]
            labels[name] = label.value if isinstance(label, ast.Constant) else default_label(name)
    return labels


@tagged("post_install", "-at_install")
class TestTeamFieldLabels(TransactionCase):
    def test_the_parser_reads_labels_as_odoo_does(self):
        source = (
            "class T(models.Model):\n"
            "    _inherit = 'helpdesk.ticket.team'\n"
            "    a_id = fields.Many2one('res.partner', 'Partner A')\n"
            "    b = fields.Boolean(string='Flag B')\n"
            "    c = fields.Char('Text C')\n"
            "    day_ids = fields.Many2many('res.partner')\n"
            "class U(models.Model):\n"
            "    _inherit = 'res.partner'\n"
            "    d = fields.Char('Elsewhere')\n"
        )
        self.assertEqual(
            declared_labels(source, "helpdesk.ticket.team"),
            {"a_id": "Partner A", "b": "Flag B", "c": "Text C", "day_ids": "Day"},
        )

    def test_no_team_field_of_ours_reads_like_one_of_helpdesk_mgmt_sla(self):
        path = get_module_path("helpdesk_mgmt_sla", display_warning=False)
        self.assertTrue(
            path,
            "helpdesk_mgmt_sla's source is needed: pip install --no-deps "
            "odoo-addon-helpdesk_mgmt_sla==19.0.* (python3 .ci/dev.py setup does it)",
        )
        theirs = {}
        for source in sorted(Path(path, "models").glob("*.py")):
            theirs.update(declared_labels(source.read_text(), "helpdesk.ticket.team"))
        # what made the two fields read alike
        self.assertEqual(theirs.get("resource_calendar_id"), "Working Hours")
        Team = self.env["helpdesk.ticket.team"]
        ours = {
            name: field.string
            for name, field in Team._fields.items()
            if field._module == "quality_ops" and name not in theirs
        }
        self.assertIn("quality_calendar_id", ours)
        clashes = {name: label for name, label in ours.items() if label in theirs.values()}
        self.assertEqual(clashes, {}, "rename these fields of quality_ops on helpdesk teams")
        # nor among the fields installed today
        others = {
            field.string
            for name, field in Team._fields.items()
            if name not in ours and field._module != "quality_ops"
        }
        self.assertFalse(set(ours.values()) & others)
