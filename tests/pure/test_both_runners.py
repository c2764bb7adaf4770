"""The Odoo suite runs under pytest-odoo and under Odoo's own runner.

Odoo's runner only runs the test modules that ``tests/__init__.py`` imports
(pytest-odoo collects every ``test_*.py`` file): every test module is
registered and every registered module exists.  And a PDF rendered for real
goes through ``tests/pdf_common.py``, without which it hangs under Odoo's
runner."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
PACKAGE = "odoo.addons.quality_ops.tests"


def registered(init_source):
    """Modules of the tests package that an ``__init__`` source imports."""
    names = []
    for node in ast.walk(ast.parse(init_source)):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1 and not module or not node.level and module == PACKAGE:
                names.extend(alias.name for alias in node.names)  # from . import test_x
            elif node.level == 1:
                names.append(module.split(".")[0])  # from .test_x import Case
            elif not node.level and module.startswith(PACKAGE + "."):
                names.append(module[len(PACKAGE) + 1 :].split(".")[0])
        elif isinstance(node, ast.Import):
            names += [
                alias.name[len(PACKAGE) + 1 :].split(".")[0]
                for alias in node.names
                if alias.name.startswith(PACKAGE + ".")
            ]
    return names


def registration_problems(tests_dir):
    """What is wrong with how ``tests_dir/__init__.py`` registers its tests."""
    modules = {path.stem for path in tests_dir.glob("test_*.py")}
    init = tests_dir / "__init__.py"
    imported = registered(init.read_text()) if init.is_file() else []
    problems = [
        f"{name}.py is not imported in tests/__init__.py: Odoo's runner would skip it"
        for name in sorted(modules - set(imported))
    ]
    for name in imported:
        if not (tests_dir / f"{name}.py").is_file() and not (tests_dir / name).is_dir():
            problems.append(f"tests/__init__.py imports {name}, which does not exist")
        elif name == "pure":
            problems.append("tests/__init__.py imports the pure tests, which must not need Odoo")
    return problems


def test_every_test_module_is_registered():
    assert registration_problems(TESTS) == []
    assert len(registered((TESTS / "__init__.py").read_text())) >= 10


def test_an_unregistered_module_is_reported(tmp_path):
    (tmp_path / "test_one.py").write_text("")
    (tmp_path / "test_two.py").write_text("")
    (tmp_path / "common.py").write_text("")  # helpers need no registration
    (tmp_path / "__init__.py").write_text("from . import test_one\n")
    assert registration_problems(tmp_path) == [
        "test_two.py is not imported in tests/__init__.py: Odoo's runner would skip it"
    ]


def test_an_import_of_a_missing_module_is_reported(tmp_path):
    (tmp_path / "test_one.py").write_text("")
    (tmp_path / "__init__.py").write_text(
        "from . import test_one\nfrom . import test_gone\nfrom .test_one import Case\n"
    )
    assert registration_problems(tmp_path) == [
        "tests/__init__.py imports test_gone, which does not exist"
    ]


def test_imports_in_every_form_are_understood():
    source = (
        "from . import test_a, test_b\n"
        "from .test_c import TestC\n"
        "from odoo.addons.quality_ops.tests import test_d\n"
        "import odoo.addons.quality_ops.tests.test_e\n"
        "from odoo.tests import tagged\n"
    )
    assert registered(source) == ["test_a", "test_b", "test_c", "test_d", "test_e"]


# ----------------------------------------------------------------------
# a PDF rendered for real needs the registry in test mode (tests/pdf_common.py)
# ----------------------------------------------------------------------
PDF_GUARDS = {"pdf_rendering", "allow_pdf_render"}


def unguarded_renderings(source):
    """Lines that render a PDF for real (``force_report_rendering``) outside
    a ``with self.pdf_rendering()``: under Odoo's runner wkhtmltopdf's
    requests would wait for the registry lock, and the test for them."""

    def guards(node):
        return {
            item.context_expr.func.attr
            for item in node.items
            if isinstance(item.context_expr, ast.Call)
            and isinstance(item.context_expr.func, ast.Attribute)
        }

    found = []

    def visit(node, guarded):
        if isinstance(node, ast.With | ast.AsyncWith):
            guarded = guarded or bool(guards(node) & PDF_GUARDS)
        if isinstance(node, ast.keyword) and node.arg == "force_report_rendering":
            if not guarded:
                found.append(node.value.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(ast.parse(source), False)
    return found


def test_every_pdf_rendering_of_the_suite_is_guarded():
    problems = [
        f"{path.name}:{line}"
        for path in sorted(TESTS.glob("*.py"))
        if path.name != "pdf_common.py"
        for line in unguarded_renderings(path.read_text())
    ]
    assert problems == [], "render PDFs through PdfTextMixin (tests/pdf_common.py)"


def test_an_unguarded_rendering_is_found():
    source = (
        "class T:\n"
        "    def test_a(self):\n"
        "        Report.with_context(force_report_rendering=True)._render_qweb_pdf(r, ids)\n"
        "    def test_b(self):\n"
        "        with self.pdf_rendering():\n"
        "            t.with_context(force_report_rendering=True)._generate_template(ids, f)\n"
        "        with self.other():\n"
        "            t.with_context(force_report_rendering=True)._generate_template(ids, f)\n"
    )
    assert unguarded_renderings(source) == [3, 8]
