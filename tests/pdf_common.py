"""Render a PDF report for real and read its text back.

wkhtmltopdf fetches the report's asset bundles from the running Odoo server.
Under Odoo's own test runner the main thread holds the registry lock for the
whole test run, so a request from wkhtmltopdf outside the registry's test mode
waits for it forever; under pytest-odoo the server listens on a port of its
own choosing, which ``web.base.url`` does not name.  So the rendering runs in
``allow_pdf_render`` (the registry in test mode: wkhtmltopdf's requests are
served on the test's cursor, the test lock released meanwhile) with
``report.url`` naming the test server, under either runner.
"""

import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from odoo.tools import config

from odoo.addons.base.models.ir_actions_report import _wkhtml

# the font the reports ask for (views/*_report.xml, the page's style)
REPORT_FONTS = "'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Micro Hei', sans-serif"
SPACES = re.compile(r"\s+")
_read_back = {}  # character -> how pdftotext reads it back from a PDF


class PdfTextMixin:
    """Mixed into a TransactionCase."""

    @contextmanager
    def pdf_rendering(self):
        """wkhtmltopdf may fetch what the page links to from the test server
        (see above), and reports no error doing so (a style sheet it could
        not fetch would leave an unstyled page)."""
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        with (
            self.allow_pdf_render(),
            self.assertNoLogs("odoo.addons.base.models.ir_actions_report", "WARNING"),
        ):
            yield

    def render_pdf_text(self, report_ref, records, user=None):
        """Render ``report_ref`` for ``records`` as ``user`` would print it
        (in their language) and return the PDF's text."""
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user).with_context(lang=user.lang)
        with self.pdf_rendering():
            content, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
                report_ref, records.ids
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        return self.pdf_text(content)

    def pdf_text(self, content):
        """The text of a PDF, in the order it was drawn (pdftotext -raw keeps
        a table cell's lines together)."""
        binary = shutil.which("pdftotext")
        if not binary:
            self.fail("pdftotext is needed to read the PDF back (Debian package poppler-utils)")
        res = subprocess.run(
            [binary, "-q", "-raw", "-enc", "UTF-8", "-", "-"],
            input=content,
            capture_output=True,
            timeout=120,
            check=False,
        )
        self.assertEqual(res.returncode, 0, res.stderr.decode(errors="replace"))
        return res.stdout.decode()

    def as_read_back(self, needle):
        """``needle`` as it reads back from a PDF drawn in the reports' font.

        A PDF maps each glyph to one character only, and a CJK font shares
        glyphs: 长 draws like the radical ⻓, 户 like 戶 in a Simplified
        Chinese font, so pdftotext gives the latter.  Each character is drawn
        once through wkhtmltopdf with that font and read back; one that reads
        back as nothing has no glyph (a missing font) and fails the test."""
        missing = sorted({c for c in needle if ord(c) > 127} - _read_back.keys())
        if missing:
            with tempfile.TemporaryDirectory() as tmp:
                page, pdf = Path(tmp, "chars.html"), Path(tmp, "chars.pdf")
                lines = "".join(f"<p>{c}</p>" for c in missing)
                page.write_text(
                    f'<html><head><meta charset="utf-8"/></head>'
                    f'<body style="font-family: {REPORT_FONTS}">{lines}</body></html>',
                    encoding="utf-8",
                )
                subprocess.run(
                    [_wkhtml().bin, "--quiet", page, pdf],
                    capture_output=True,
                    timeout=120,
                    check=False,
                )
                self.assertTrue(pdf.is_file(), "wkhtmltopdf draws a page")
                read = self.pdf_text(pdf.read_bytes()).split()
            self.assertEqual(
                len(read),
                len(missing),
                f"the reports' font draws each of {''.join(missing)} (fonts-noto-cjk installed?)",
            )
            _read_back.update(zip(missing, read, strict=True))
        return "".join(_read_back.get(c, c) for c in needle)

    def assertInPdf(self, needle, text, msg=None):
        """``needle`` is in the PDF's text, whatever the line breaks and spaces
        the layout put into it."""
        self.assertIn(SPACES.sub("", self.as_read_back(needle)), SPACES.sub("", text), msg)

    def assertPagesNumbered(self, text):
        """Each page of a PDF printed in zh_CN is numbered "第 N 页 / 共 M 页",
        N from 1 to M; returns M."""
        flat = SPACES.sub("", text)
        numbers = [(int(n), int(m)) for n, m in re.findall(r"第(\d+)页/共(\d+)页", flat)]
        self.assertTrue(numbers, "the pages are numbered")
        pages = numbers[0][1]
        self.assertEqual(numbers, [(n, pages) for n in range(1, pages + 1)])
        return pages
