"""Static checks of the addon's files: they need no Odoo."""

import ast
import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ast.literal_eval((ROOT / "__manifest__.py").read_text())
PY_SOURCES = sorted((ROOT / "quality_ops").rglob("*.py"))
MODEL_NAME = re.compile(r'^\s+_name = "([\w.]+)"', re.M)


def declared_models():
    """Models this addon creates (not the ones it extends with a mixin)."""
    models = {}
    for path in PY_SOURCES:
        source = path.read_text()
        for name in MODEL_NAME.findall(source):
            if f'_inherit = ["{name}"' not in source:
                models[name] = path
    return models


def test_manifest_basics():
    assert MANIFEST["version"].startswith("19.0.")
    assert MANIFEST["license"] == "AGPL-3"
    assert MANIFEST["application"] is True
    for dep in (
        "helpdesk_mgmt",
        "helpdesk_mgmt_rating",
        "helpdesk_mgmt_project",
        "project",
        "survey",
        "resource",
        "mail",
        "report_xlsx",
    ):
        assert dep in MANIFEST["depends"]
    # OCA convention: security first
    assert MANIFEST["data"][0].startswith("security/")


@pytest.mark.parametrize("name", MANIFEST["data"] + MANIFEST.get("demo", []))
def test_manifest_files_exist_and_parse(name):
    path = ROOT / name
    assert path.is_file(), f"{name} is listed in the manifest but missing"
    if name.endswith(".xml"):
        ET.parse(path)


def test_every_xml_file_is_used_and_parses():
    listed = set(MANIFEST["data"]) | set(MANIFEST.get("demo", []))
    for folder in ("data", "demo", "security", "views"):
        for path in (ROOT / folder).rglob("*.xml"):
            ET.parse(path)
            assert str(path.relative_to(ROOT)) in listed, f"{path} is not in the manifest"


def test_every_model_has_access_rules():
    with (ROOT / "security" / "ir.model.access.csv").open() as handle:
        acl_models = {row["model_id:id"] for row in csv.DictReader(handle)}
    for name, path in declared_models().items():
        if "models.AbstractModel" in path.read_text():
            continue  # no table, nothing to grant
        xmlid = "model_" + name.replace(".", "_")
        assert xmlid in acl_models, f"{name} ({path.name}) has no ir.model.access line"


def test_every_company_model_has_a_company_rule():
    security = "".join(p.read_text() for p in (ROOT / "security").glob("*.xml"))
    for name, path in declared_models().items():
        source = path.read_text()
        if "company_id = fields." not in source or "TransientModel" in source:
            continue
        xmlid = "model_" + name.replace(".", "_")
        pattern = re.compile(
            r'ref="%s"\s*/>\s*<field name="global" eval="True"\s*/>\s*'
            r'<field name="domain_force">\[\(\'company_id\', \'in\', company_ids' % xmlid
        )
        assert pattern.search(security), f"{name} has company_id but no multi-company rule"


def test_model_names_are_prefixed():
    for name in declared_models():
        # report models are named after their report, as Odoo requires
        assert name.startswith(("quality_ops.", "report.quality_ops.")), name


def test_computation_modules_never_import_odoo():
    for path in (ROOT / "quality_ops").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "odoo" or n.startswith("odoo.") for n in names), path.name


def test_zh_cn_translation_complete():
    pot = ROOT / "i18n" / "quality_ops.pot"
    po = ROOT / "i18n" / "zh_CN.po"
    assert pot.is_file() and po.is_file()
    msgids = _entries(pot)
    translated = _entries(po)
    missing = [m for m in msgids if not translated.get(m)]
    assert not missing, f"{len(missing)} strings lack a zh_CN translation, e.g. {missing[:3]}"


def _entries(path):
    """msgid -> msgstr of a .po/.pot file (plain parser, no dependency)."""
    entries, key, current, field = {}, None, [], None

    def flush():
        if key is not None and key != "":
            entries[key] = "".join(current)

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            flush()
            key, current, field = None, [], "id"
            ids = [ast.literal_eval(line[6:])]
        elif line.startswith("msgstr "):
            key = "".join(ids)
            field = "str"
            current = [ast.literal_eval(line[7:])]
        elif line.startswith('"'):
            (ids if field == "id" else current).append(ast.literal_eval(line))
        elif not line.strip():
            flush()
            key, current, field = None, [], None
    return entries
