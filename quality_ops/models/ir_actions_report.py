import io

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

PAPER = "quality_ops.paperformat_quality_ops"
# reportlab's built-in Adobe CID font: Chinese drawn without embedding a font file
STAMP_FONT = "STSong-Light"
MM = 72 / 25.4


def _stamp_font():
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415

    if STAMP_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(STAMP_FONT))
    return STAMP_FONT


def stamp_pages(content, header, page_label):
    """``content`` (PDF bytes) with ``header`` at the top of each page, above a
    thin rule, and ``page_label(page, pages)`` centred at its foot."""
    from reportlab.lib import colors  # noqa: PLC0415
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    font = _stamp_font()
    source = PdfFileReader(io.BytesIO(content), strict=False, overwriteWarnings=False)
    pages = source.getNumPages()
    packet = io.BytesIO()
    sheet = canvas.Canvas(packet)
    for number in range(pages):
        box = source.getPage(number).mediaBox
        width, height = float(abs(box.getWidth())), float(abs(box.getHeight()))
        sheet.setPageSize((width, height))
        sheet.setFillColor(colors.HexColor("#555555"))
        sheet.setStrokeColor(colors.HexColor("#8aa4c1"))
        sheet.setLineWidth(0.5)
        if header:
            sheet.setFont(font, 8)
            sheet.drawString(15 * MM, height - 11 * MM, header)
            sheet.line(15 * MM, height - 12.5 * MM, width - 15 * MM, height - 12.5 * MM)
        sheet.line(15 * MM, 12.5 * MM, width - 15 * MM, 12.5 * MM)
        sheet.setFont(font, 8.5)
        sheet.drawCentredString(width / 2, 8 * MM, page_label(number + 1, pages))
        sheet.showPage()
    sheet.save()
    marks = PdfFileReader(packet, overwriteWarnings=False)
    result = PdfFileWriter()
    for number in range(pages):
        page = source.getPage(number)
        page.mergePage(marks.getPage(number))
        result.addPage(page)
    output = io.BytesIO()
    result.write(output)
    return output.getvalue()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """The quality documents (printed on the quality paper format, without
        Odoo's header and footer) get their running header and "page N of M"
        stamped onto each record's pages after wkhtmltopdf drew them: the same
        with Debian's wkhtmltopdf, which ignores --header-html, as with the
        patched build."""
        streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        report = self._get_report(report_ref)
        paper = self.env.ref(PAPER, raise_if_not_found=False)
        if not paper or report.paperformat_id != paper:
            return streams
        for res_id, item in streams.items():
            if item.get("attachment") or not item.get("stream"):
                continue  # a stored attachment was stamped when it was stored
            record = self.env[report.model].browse(res_id) if res_id else None
            content = stamp_pages(
                item["stream"].getvalue(), *self._quality_pdf_marks(report, record)
            )
            item["stream"].close()
            item["stream"] = io.BytesIO(content)
        return streams

    def _quality_pdf_marks(self, report, record):
        """``(header, page_label)`` of ``record``'s pages, in the language its
        document is printed in."""
        lang = self.env.lang
        if record and hasattr(record, "_quality_pdf_lang"):
            lang = record._quality_pdf_lang()
        env = self.with_context(lang=lang).env
        header = ""
        if record:
            record = record.with_env(env)
            company = record.company_id.sudo().name if "company_id" in record else ""
            if hasattr(record, "_quality_pdf_title"):
                title = record._quality_pdf_title()
            else:
                title = env["ir.model"].sudo()._get(record._name).name
            reference = record.reference if "reference" in record else record.display_name
            header = "    ".join(part for part in (company, title, reference) if part)

        def page_label(page, pages):
            return env._("Page %(page)s of %(pages)s", page=page, pages=pages)

        return header, page_label
