from odoo import models

from ..xlsx_writing import NO_VALUE, Column, SheetWriter, workbook_formats


def figure(report, name):
    value = report._figure(name)
    return NO_VALUE if value is None else value


class QualityServiceReportXlsx(models.AbstractModel):
    """The customer's monthly service report as a workbook."""

    _name = "report.quality_ops.report_service_report_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Customer Service Report XLSX"

    def generate_xlsx_report(self, workbook, data, reports):
        formats = workbook_formats(workbook)
        for report in reports:
            prefix = f"{report.reference} " if len(reports) > 1 else ""
            summary = SheetWriter(
                workbook,
                f"{prefix}{self.env._('Summary')}"[:31],
                [Column(self.env._("Figure"), width=30), Column(self.env._("Value"), "float")],
                formats,
            )
            summary.add_rows(
                [
                    (self.env._("Tickets Received"), report.ticket_count),
                    (self.env._("Tickets Resolved"), report.closed_count),
                    (self.env._("Open at Month End"), report.backlog_count),
                    (self.env._("Response SLA (%)"), figure(report, "response_rate")),
                    (self.env._("Resolution SLA (%)"), figure(report, "resolution_rate")),
                    (self.env._("Ratings"), report.rating_count),
                    (self.env._("CSAT (%)"), figure(report, "csat_rate")),
                    (self.env._("Average Rating"), figure(report, "rating_average")),
                    (self.env._("Complaints"), report.complaint_count),
                    (self.env._("Complaints Closed"), report.complaint_closed_count),
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
                f"{prefix}{self.env._('Tickets')}"[:31],
                [
                    Column(self.env._("Number")),
                    Column(self.env._("Title"), width=40),
                    Column(self.env._("Created"), "datetime"),
                    Column(self.env._("Resolved"), "datetime"),
                    Column(self.env._("Stage")),
                    Column(self.env._("Response SLA")),
                    Column(self.env._("Resolution SLA")),
                    Column(self.env._("Rating"), "integer"),
                ],
                formats,
            )
            tickets.add_rows(report._ticket_rows())
            tickets.finish()
