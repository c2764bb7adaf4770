from odoo import api, models

from ..xlsx_writing import NO_VALUE, Column, SheetWriter, workbook_formats


def figure(report, name):
    value = report._figure(name)
    return NO_VALUE if value is None else value


class QualityServiceReportXlsx(models.AbstractModel):
    """The customer's monthly service report as a workbook."""

    _name = "report.quality_ops.report_service_report_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Customer Service Report XLSX"

    # called by report_xlsx with a workbook, never over RPC
    @api.private
    def generate_xlsx_report(self, workbook, data, reports):
        formats = workbook_formats(workbook)
        for report in reports:
            # the customer's language, as the PDF: labels, stage and SLA names
            env = self.with_context(lang=report._quality_pdf_lang()).env
            report = report.with_env(env)  # noqa: PLW2901
            prefix = f"{report.reference} " if len(reports) > 1 else ""
            summary = SheetWriter(
                workbook,
                (prefix + env._("Summary"))[:31],
                [Column(env._("Figure"), width=30), Column(env._("Value"), "float")],
                formats,
            )
            summary.add_rows(
                [
                    (env._("Tickets Received"), report.ticket_count),
                    (env._("Tickets Resolved"), report.closed_count),
                    (env._("Open at Month End"), report.backlog_count),
                    (env._("Response SLA (%)"), figure(report, "response_rate")),
                    (env._("Resolution SLA (%)"), figure(report, "resolution_rate")),
                    (env._("Ratings"), report.rating_count),
                    (env._("CSAT (%)"), figure(report, "csat_rate")),
                    (env._("Average Rating"), figure(report, "rating_average")),
                    (env._("Complaints"), report.complaint_count),
                    (env._("Complaints Closed"), report.complaint_closed_count),
                    # the month's service credits, once their statement is approved
                    *report._sla_statement_display(for_sheet=True),
                ]
            )
            summary.finish()
            summary.sheet.write_string(
                0, 3, f"{report.partner_id.name} {report.date_from:%Y-%m}", formats["title"]
            )
            tickets = SheetWriter(
                workbook,
                (prefix + env._("Tickets"))[:31],
                [
                    Column(env._("Number")),
                    Column(env._("Title"), width=40),
                    Column(env._("Created"), "datetime"),
                    Column(env._("Resolved"), "datetime"),
                    Column(env._("Stage")),
                    Column(env._("Response SLA")),
                    Column(env._("Resolution SLA")),
                    Column(env._("Rating"), "integer"),
                ],
                formats,
            )
            tickets.add_rows(report._ticket_rows())
            tickets.finish()
