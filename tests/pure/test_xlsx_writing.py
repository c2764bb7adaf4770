import datetime
import io
import zipfile

import openpyxl
import pytest
import xlsxwriter

from quality_ops.xlsx_writing import (
    QUOTE_PREFIX_SUPPORTED,
    Column,
    SheetWriter,
    add_chart,
    workbook_formats,
)


def build(rows, columns, constant_memory=True, raw=False):
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": constant_memory})
    writer = SheetWriter(workbook, "Data", columns, workbook_formats(workbook))
    writer.add_rows(rows)
    last = writer.finish()
    workbook.close()
    output.seek(0)
    if raw:
        return zipfile.ZipFile(output).read("xl/worksheets/sheet1.xml").decode()
    return openpyxl.load_workbook(output), last


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=1+1", True),
        ("+86 10 1234", True),
        ("-2", True),
        ("@SUM(A1)", True),
        ("\t=1", True),
        ("a=1", False),
        ("", False),
        ("服务", False),
    ],
)
def test_formula_like_texts_are_quoted(text, expected):
    book, _last = build([[text]], [Column("A")])
    cell = book["Data"]["A2"]
    if not text:
        assert cell.value is None
        return
    assert (cell.value, cell.data_type) == (text, "s")
    if QUOTE_PREFIX_SUPPORTED:
        assert bool(cell.quotePrefix) is expected


FORMULA_ROW = ['=HYPERLINK("http://x","y")', "-3", "plain", "@cmd", "+1"]


@pytest.mark.parametrize("constant_memory", [True, False])
def test_formula_text_arrives_as_text(constant_memory):
    columns = [Column(c) for c in "ABCDE"]
    book, _last = build([FORMULA_ROW], columns, constant_memory)
    sheet = book["Data"]
    for col, text in zip("ABCDE", FORMULA_ROW, strict=True):
        cell = sheet[f"{col}2"]
        assert cell.value == text
        assert cell.data_type == "s", "a formula-like text must stay a string"
        if QUOTE_PREFIX_SUPPORTED and col != "C":
            assert cell.quotePrefix, "Excel must not re-evaluate it on edit"
    xml = build([FORMULA_ROW], columns, constant_memory, raw=True)
    assert "<f>" not in xml and "<f " not in xml, "no formula element in the sheet"


def test_typed_cells_header_freeze_and_filter():
    day = datetime.date(2026, 3, 1)
    moment = datetime.datetime(2026, 3, 1, 9, 30)
    columns = [
        Column("名称"),
        Column("Count", "integer"),
        Column("Hours", "float", digits=1),
        Column("Day", "date"),
        Column("At", "datetime"),
        Column("Rate", "percent"),
    ]
    book, last = build(
        [["a", 3, 1.25, day, moment, 95.5], ["b", None, 0, None, None, 100]], columns
    )
    sheet = book["Data"]
    assert [c.value for c in sheet[1]] == ["名称", "Count", "Hours", "Day", "At", "Rate"]
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    assert last == 2
    assert sheet["B2"].value == 3 and sheet["C2"].value == 1.25
    assert sheet["C2"].number_format == "#,##0.0"
    assert sheet["D2"].value == datetime.datetime(2026, 3, 1)
    assert sheet["D2"].number_format == "yyyy-mm-dd"
    assert sheet["E2"].value == moment
    assert sheet["B3"].value is None and sheet["C3"].value == 0


def test_years_are_written_without_separator():
    book, _last = build([[2026, 12026]], [Column("Year", "year"), Column("Count", "integer")])
    sheet = book["Data"]
    assert sheet["A2"].value == 2026
    assert sheet["A2"].number_format == "0", "a year reads 2026, not 2,026"
    assert sheet["B2"].number_format == "#,##0"


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Column("x", "money")


def test_overlong_text_is_cut_to_the_cell_limit():
    book, _last = build([["x" * 40000]], [Column("A")])
    assert len(book["Data"]["A2"].value) == 32767


def test_chart_over_written_rows():
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output)
    writer = SheetWriter(workbook, "Scores", [Column("Indicator"), Column("Value", "float")])
    writer.add_rows([["A", 1.0], ["B", 2.0]])
    last = writer.finish()
    chart = add_chart(
        workbook, writer.sheet, "column", "Scorecard", (1, 0, last), [("Value", (1, 1, last))], "D2"
    )
    assert chart is not None
    assert add_chart(workbook, writer.sheet, "line", "t", (1, 0, 0), [], "D20") is None
    # rows (the months of a period) but nothing measured in them: no chart,
    # rather than a workbook that cannot be written
    assert add_chart(workbook, writer.sheet, "line", "t", (1, 0, last), [], "D20") is None
    workbook.close()
    output.seek(0)
    sheet = openpyxl.load_workbook(output)["Scores"]
    assert sheet["B3"].value == 2.0
    # the chart is a native drawing part of the file
    output.seek(0)
    import zipfile

    names = zipfile.ZipFile(output).namelist()
    assert any(name.startswith("xl/charts/chart") for name in names)
