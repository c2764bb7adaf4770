"""XLSX writing for exports and reports: typed columns, safe text, streaming.

Plain Python over an xlsxwriter workbook (no Odoo import): the Odoo layer
gathers rows set-based and hands them here, row by row, so that an export of
hundreds of thousands of rows keeps a flat memory profile when the workbook is
opened with ``constant_memory``.

Text that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``,
and the tab / carriage return tricks of CSV injection) is always written as a
string cell, never through xlsxwriter's guessing ``write()``: it shows as typed
and is never evaluated. Where xlsxwriter knows Excel's *quote prefix* (3.0.6
and later) the cell carries it too, so it stays text when the user edits it.
"""

import datetime

from xlsxwriter.format import Format

# what a figure with no data reads (no rating, no target...): never a zero
NO_VALUE = "\u2014"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# column kinds and their number formats
# "year": a whole number shown as typed (2026, never 2,026)
KINDS = ("text", "integer", "year", "float", "percent", "date", "datetime")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_TEXT = 32767  # Excel's limit for one cell
QUOTE_PREFIX_SUPPORTED = hasattr(Format, "set_quote_prefix")


def float_format(digits):
    return "#,##0" + ("." + "0" * digits if digits else "")


class Column:
    """One column: header in the user's language, kind, width, decimals."""

    __slots__ = ("header", "kind", "width", "digits")

    def __init__(self, header, kind="text", width=None, digits=2):
        if kind not in KINDS:
            raise ValueError(f"unknown column kind {kind!r}")
        self.header = header
        self.kind = kind
        self.digits = digits
        self.width = (
            width
            or {
                "text": 24,
                "integer": 10,
                "year": 8,
                "float": 12,
                "percent": 10,
                "date": 12,
                "datetime": 17,
            }[kind]
        )


class SheetWriter:
    """A sheet with a bold, frozen, filterable header row and typed cells.

    ``add_rows`` takes any iterable of sequences (one value per column, None
    for an empty cell) and writes them in order, which is what
    ``constant_memory`` requires.
    """

    def __init__(self, workbook, name, columns, formats=None):
        self.workbook = workbook
        self.sheet = workbook.add_worksheet(name)
        self.columns = list(columns)
        self.formats = formats if formats is not None else workbook_formats(workbook)
        self.row = 0
        self._writers = [self._writer_for(column) for column in self.columns]
        sheet = self.sheet
        for index, column in enumerate(self.columns):
            sheet.set_column(index, index, column.width)
        for index, column in enumerate(self.columns):
            sheet.write_string(0, index, str(column.header), self.formats["header"])
        sheet.freeze_panes(1, 0)
        self.row = 1

    def _writer_for(self, column):
        sheet = self.sheet
        formats = self.formats
        # the cell writers behind the public ones (the ones write_row() calls):
        # row and column are numbers here, so the public methods' A1-notation
        # check would run a million times for nothing on a large export
        write_string = getattr(sheet, "_write_string", sheet.write_string)
        write_number = getattr(sheet, "_write_number", sheet.write_number)
        kind = column.kind
        if kind == "text":
            escaped = formats["escaped"]

            def write(row, col, value):
                if not isinstance(value, str):
                    value = str(value)
                if len(value) > MAX_TEXT:
                    value = value[:MAX_TEXT]
                if value and value[0] in FORMULA_TRIGGERS:
                    write_string(row, col, value, escaped)
                else:
                    write_string(row, col, value)

            return write
        if kind in ("date", "datetime"):
            fmt = formats[kind]
            write_datetime = getattr(sheet, "_write_datetime", sheet.write_datetime)

            def write(row, col, value):
                if isinstance(value, datetime.date):
                    write_datetime(row, col, value, fmt)
                else:  # already text (an unparsable value): never lost
                    write_string(row, col, str(value))

            return write
        if kind == "integer":
            fmt = formats["integer"]
        elif kind == "year":
            fmt = formats["year"]
        elif kind == "percent":
            fmt = formats["percent"]
        else:
            fmt = formats.setdefault(
                f"float{column.digits}",
                self.workbook.add_format({"num_format": float_format(column.digits)}),
            )

        def write(row, col, value):
            if isinstance(value, bool):
                value = int(value)
            if isinstance(value, str):  # NO_VALUE: nothing measured, not a zero
                write_string(row, col, value)
                return
            write_number(row, col, value, fmt)

        return write

    def add_rows(self, rows):
        writers = self._writers
        row = self.row
        for values in rows:
            col = 0
            for value, write in zip(values, writers, strict=False):
                if value is not None and value != "":
                    write(row, col, value)
                col += 1
            row += 1
        self.row = row
        return row - 1

    def finish(self):
        """Autofilter over the written rows (header included)."""
        if self.columns:
            self.sheet.autofilter(0, 0, max(self.row - 1, 0), len(self.columns) - 1)
        return self.row - 1


def workbook_formats(workbook):
    """The shared formats of a workbook (xlsxwriter wants them created once)."""
    return {
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
        ),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "escaped": workbook.add_format({"quote_prefix": True} if QUOTE_PREFIX_SUPPORTED else {}),
        "integer": workbook.add_format({"num_format": "#,##0"}),
        "year": workbook.add_format({"num_format": "0"}),
        "percent": workbook.add_format({"num_format": "0.00"}),
        "date": workbook.add_format({"num_format": DATE_FORMAT}),
        "datetime": workbook.add_format({"num_format": DATETIME_FORMAT}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }


def add_chart(workbook, sheet, kind, title, categories, series, anchor, y_title=None):
    """A native chart over cell ranges of ``sheet``.

    ``categories`` is ``(first_row, col, last_row)``; ``series`` a list of
    ``(name, (first_row, col, last_row))``. Returns the chart, or None when
    there is no row or no series to chart.
    """
    first, col, last = categories
    if last < first or not series:
        return None
    chart = workbook.add_chart({"type": kind})
    name = sheet.get_name()
    for series_name, (s_first, s_col, s_last) in series:
        chart.add_series(
            {
                "name": str(series_name),
                "categories": [name, first, col, last, col],
                "values": [name, s_first, s_col, s_last, s_col],
                "marker": {"type": "circle"} if kind == "line" else None,
            }
        )
    chart.set_title({"name": str(title)})
    if y_title:
        chart.set_y_axis({"name": str(y_title)})
    chart.set_size({"width": 720, "height": 360})
    sheet.insert_chart(anchor, chart)
    return chart
