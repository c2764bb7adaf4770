import io

from reportlab.pdfgen import canvas

from odoo.tests import TransactionCase

from odoo.addons.quality_ops.quality_ops.models.ir_actions_report import stamp_pages

from .pdf_common import PdfTextMixin


class TestPdfStamp(PdfTextMixin, TransactionCase):
    """The running header and page numbers stamped onto the quality documents'
    pages, whatever the wkhtmltopdf build (Debian's ignores --header-html)."""

    def blank_pdf(self, pages):
        packet = io.BytesIO()
        sheet = canvas.Canvas(packet)
        for page in range(pages):
            sheet.drawString(100, 400, f"body {page + 1}")
            sheet.showPage()
        sheet.save()
        return packet.getvalue()

    def test_each_page_numbered_under_the_running_header(self):
        content = stamp_pages(
            self.blank_pdf(3),
            "华东运维    运维服务月报    SR-2026-0001",
            lambda page, pages: f"第 {page} 页 / 共 {pages} 页",
        )
        text = self.pdf_text(content)
        self.assertEqual(self.assertPagesNumbered(text), 3)
        self.assertEqual(text.count("SR-2026-0001"), 3, "the header on every page")
        self.assertIn("运维服务月报", text)
        for page in (1, 2, 3):
            self.assertIn(f"body {page}", text, "the page keeps its body")

    def test_quality_reports_print_on_the_stamped_paper(self):
        paper = self.env.ref("quality_ops.paperformat_quality_ops")
        for xmlid in (
            "quality_ops.action_report_service_report",
            "quality_ops.action_report_quality_audit",
            "quality_ops.action_report_quality_review",
            "quality_ops.action_report_quality_report",
            "quality_ops.action_report_quality_document",
            "quality_ops.action_report_sla_statement",
        ):
            self.assertEqual(self.env.ref(xmlid).paperformat_id, paper, xmlid)
