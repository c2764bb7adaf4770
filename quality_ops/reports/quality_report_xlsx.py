from odoo import api, models
from odoo.tools import html2plaintext

from ..xlsx_writing import NO_VALUE, Column, SheetWriter, add_chart, workbook_formats


def target_and_actual(line):
    """The target and the actual of a measured line of the report: nothing
    written for the target of a line without one, nor for the actual of a
    line without data."""
    return (
        NO_VALUE if line.status == "no_target" else line.target_value,
        NO_VALUE if line.status == "no_data" else line.value,
    )


class QualityReportXlsx(models.AbstractModel):
    """The quality report as a workbook: one sheet per section, native charts
    for the scorecard and the monthly trends."""

    _name = "report.quality_ops.report_quality_report_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Quality Report XLSX"

    # called by report_xlsx with a workbook, never over RPC
    @api.private
    def generate_xlsx_report(self, workbook, data, reports):
        formats = workbook_formats(workbook)
        for report in reports:
            report = report.with_context(lang=self.env.user.lang)
            prefix = f"{report.reference} " if len(reports) > 1 else ""
            self._summary_sheet(workbook, formats, report, prefix)
            self._scorecard_sheet(workbook, formats, report, prefix)
            self._trend_sheet(workbook, formats, report, prefix)
            self._section_sheets(workbook, formats, report, prefix)

    def _selection_labels(self, field):
        return dict(
            self.env["quality_ops.report.line"]._fields[field]._description_selection(self.env)
        )

    def _summary_sheet(self, workbook, formats, report, prefix):
        sheet = workbook.add_worksheet(f"{prefix}{self.env._('Summary')}"[:31])
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 1, 90)
        sheet.write_string(0, 0, report.name, formats["title"])
        rows = [
            (self.env._("Reference"), f"{report.reference} v{report.version}"),
            (self.env._("Period"), f"{report.date_from} – {report.date_to}"),
            (
                self.env._("Status"),
                dict(report._fields["state"]._description_selection(self.env))[report.state],
            ),
            (
                self.env._("Prepared By"),
                f"{report.prepared_by_id.name or ''} {report.prepared_date or ''}",
            ),
            (
                self.env._("Reviewed By"),
                f"{report.reviewed_by_id.name or ''} {report.reviewed_date or ''}",
            ),
            (
                self.env._("Approved By"),
                f"{report.approved_by_id.name or ''} {report.approved_date or ''}",
            ),
            (self.env._("Summary"), html2plaintext(report.summary or "")),
            (self.env._("Improvement Highlights"), html2plaintext(report.highlights or "")),
            (self.env._("Next-period Proposals"), html2plaintext(report.proposals or "")),
        ]
        for index, (label, value) in enumerate(rows, start=2):
            sheet.write_string(index, 0, label, formats["header"])
            # text of people: written as text, whatever its first character
            sheet.write_string(index, 1, value, formats["wrap"])

    def _scorecard_sheet(self, workbook, formats, report, prefix):
        status = self._selection_labels("status")
        trends = self._selection_labels("trend")
        writer = SheetWriter(
            workbook,
            f"{prefix}{self.env._('Scorecard')}"[:31],
            [
                Column(self.env._("Indicator"), width=36),
                Column(self.env._("Target"), "float"),
                Column(self.env._("Actual"), "float"),
                Column(self.env._("Previous Period"), "float"),
                Column(self.env._("Trend")),
                Column(self.env._("Status")),
                Column(self.env._("Records"), "integer"),
            ],
            formats,
        )
        lines = report._lines_of("scorecard")
        writer.add_rows(
            (
                line.label,
                *target_and_actual(line),
                line.previous_value if line.has_previous else None,
                trends.get(line.trend, ""),
                status.get(line.status, ""),
                line.count,
            )
            for line in lines
        )
        last = writer.finish()
        add_chart(
            workbook,
            writer.sheet,
            "bar",
            self.env._("Targets and Actuals"),
            (1, 0, last),
            [(self.env._("Target"), (1, 1, last)), (self.env._("Actual"), (1, 2, last))],
            "J2",
        )

    def _trend_sheet(self, workbook, formats, report, prefix):
        months, series = report._monthly_trend()
        names = sorted(series)
        writer = SheetWriter(
            workbook,
            f"{prefix}{self.env._('Monthly Trends')}"[:31],
            [Column(self.env._("Month"), "date")]
            + [Column(name, "float", width=14) for name in names],
            formats,
        )
        writer.add_rows(
            [month, *(series[name][index] for name in names)] for index, month in enumerate(months)
        )
        last = writer.finish()
        add_chart(
            workbook,
            writer.sheet,
            "line",
            self.env._("Monthly Trends"),
            (1, 0, last),
            [(name, (1, col, last)) for col, name in enumerate(names, start=1)],
            f"B{last + 4}",
        )

    def _section_sheets(self, workbook, formats, report, prefix):
        status = self._selection_labels("status")

        def percent(line):
            return line.value

        sections = [
            (
                self.env._("SLA"),
                ["sla_team", "sla_project"],
                [
                    Column(self.env._("Scope")),
                    Column(self.env._("Name"), width=30),
                    Column(self.env._("Response SLA (%)"), "percent"),
                    Column(self.env._("Response Count"), "integer"),
                    Column(self.env._("Resolution SLA (%)"), "percent"),
                    Column(self.env._("Resolutions"), "integer"),
                    Column(self.env._("Status")),
                ],
                lambda line: (
                    self.env._("Team") if line.section == "sla_team" else self.env._("Project"),
                    line.label,
                    line.value,
                    line.count,
                    line.second_value,
                    line.second_count,
                    status.get(line.status, ""),
                ),
            ),
            (
                self.env._("Satisfaction"),
                ["satisfaction"],
                [
                    Column(self.env._("Indicator"), width=30),
                    Column(self.env._("Target"), "float"),
                    Column(self.env._("Actual"), "float"),
                    Column(self.env._("Previous Period"), "float"),
                    Column(self.env._("Responses"), "integer"),
                    Column(self.env._("Status")),
                ],
                lambda line: (
                    line.label,
                    *target_and_actual(line),
                    line.previous_value if line.has_previous else None,
                    line.count,
                    status.get(line.status, ""),
                ),
            ),
            (
                self.env._("Complaints"),
                ["complaint"],
                [
                    Column(self.env._("Level"), width=30),
                    Column(self.env._("Received"), "integer"),
                    Column(self.env._("Closed"), "integer"),
                    Column(self.env._("Closed on Time (%)"), "percent"),
                ],
                lambda line: (line.label, line.count, line.second_count, percent(line)),
            ),
            (
                self.env._("Complaint Causes"),
                ["complaint_cause"],
                [
                    Column(self.env._("Complaint"), width=36),
                    Column(self.env._("Cause Analysis"), width=80),
                    Column(self.env._("Closed on Time")),
                ],
                lambda line: (line.label, line.detail or "", status.get(line.status, "")),
            ),
            (
                self.env._("Audits"),
                ["audit"],
                [
                    Column(self.env._("Audit"), width=36),
                    Column(self.env._("Conformity (%)"), "percent"),
                    Column(self.env._("Nonconformities"), "integer"),
                    Column(self.env._("Findings"), "integer"),
                    Column(self.env._("Status")),
                ],
                lambda line: (line.label, line.value, line.count, line.second_count, line.detail),
            ),
            (
                self.env._("Findings"),
                ["finding"],
                [
                    Column(self.env._("Severity")),
                    Column(self.env._("Raised"), "integer"),
                    Column(self.env._("Closed"), "integer"),
                ],
                lambda line: (line.label, line.count, line.second_count),
            ),
            (
                self.env._("Corrective Actions"),
                ["action"],
                [Column(self.env._("Actions"), width=36), Column(self.env._("Count"), "integer")],
                lambda line: (line.label, line.count),
            ),
        ]
        sections += [
            (
                self.env._("Quality Assurance"),
                ["assurance"],
                [
                    Column(self.env._("Quality Assurance"), width=40),
                    Column(self.env._("Count"), "integer"),
                ],
                lambda line: (line.label, line.count),
            ),
            (
                self.env._("Inspection Coverage"),
                ["inspection"],
                [
                    Column(self.env._("Scope"), width=36),
                    Column(self.env._("Target"), "float"),
                    Column(self.env._("Coverage (%)"), "percent"),
                    Column(self.env._("Planned"), "integer"),
                    Column(self.env._("Done on Time"), "integer"),
                    Column(self.env._("Status")),
                ],
                lambda line: (
                    line.label,
                    *target_and_actual(line),
                    line.count,
                    line.second_count,
                    status.get(line.status, ""),
                ),
            ),
        ]
        if report.kind == "improvement":
            sections.append(
                (
                    self.env._("Improvement"),
                    ["improvement"],
                    [
                        Column(self.env._("Finding"), width=40),
                        Column(self.env._("Action and Verified Effect"), width=80),
                        Column(self.env._("Status")),
                    ],
                    lambda line: (line.label, line.detail or "", status.get(line.status, "")),
                )
            )
        for title, section_names, columns, row in sections:
            writer = SheetWriter(workbook, f"{prefix}{title}"[:31], columns, formats)
            writer.add_rows(row(line) for line in report._lines_of(*section_names))
            writer.finish()
