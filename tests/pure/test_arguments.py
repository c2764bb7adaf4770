import base64
import datetime as dt
from decimal import Decimal

import pytest

from quality_ops.arguments import (
    INT_MAX,
    BadArgument,
    parse_date,
    parse_datetime,
    require_base64,
    require_boolean,
    require_choice,
    require_commands,
    require_domain,
    require_id,
    require_ids,
    require_integer,
    require_number,
    require_text,
    shows_something,
)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("2026-12-01 10:30:00", dt.date(2026, 12, 1)),
        (dt.date(2026, 2, 28), dt.date(2026, 2, 28)),
        (dt.datetime(2026, 2, 28, 23, 59), dt.date(2026, 2, 28)),
        (None, None),
        (False, None),
        ("", None),
    ],
)
def test_dates_odoo_reads(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value", ["2026-13-01", "2026-02-30", 20261101, "last month", ["2026-01-01"], {"a": 1}, True]
)
def test_impossible_dates(value):
    with pytest.raises(BadArgument) as caught:
        parse_date(value)
    assert caught.value.kind == "date"


def test_datetimes():
    assert parse_datetime("2026-12-01 09:30:00") == dt.datetime(2026, 12, 1, 9, 30)
    assert parse_datetime("2026-12-01 09:30") == dt.datetime(2026, 12, 1, 9, 30)
    assert parse_datetime("2026-12-01") == dt.datetime(2026, 12, 1)
    for bad in ("2026-13-01 10:00:00", "2026-12-01T09:30:00", 20261101, "last month", "2026"):
        with pytest.raises(BadArgument):
            parse_datetime(bad)


def test_texts():
    assert require_text("Room closed") == "Room closed"
    assert require_text(None) is None and require_text(False) is False
    for bad in (5, ["a"], {"a": 1}, 1.5, True):
        with pytest.raises(BadArgument):
            require_text(bad)
    # PostgreSQL stores no NUL: said as such, not as "not a text"
    with pytest.raises(BadArgument) as caught:
        require_text("a\x00b")
    assert caught.value.kind == "nul"


@pytest.mark.parametrize("text", ["Room closed", "证书编号录入错误", " x ", "\u200b1", "。"])
def test_a_text_that_shows_something(text):
    assert shows_something(text)


@pytest.mark.parametrize(
    "text",
    [
        None,
        False,
        3,
        "",
        "  \n\t",
        "\u3000",
        "\u200b\u200c\u2060",
        "\ufeff",
        "\u00ad",
        "\u3164",
        "\u2800",
        "\x00 ",
        "\u0301",
    ],
)
def test_a_text_that_shows_nothing(text):
    assert not shows_something(text)


def test_ids():
    assert require_ids([1, 2]) == [1, 2]
    assert require_ids(7) == [7]
    assert require_id(False) is False
    for bad in ("abc", ["1"], [True], [0], [-1], [INT_MAX + 1], {"a": 1}, None):
        with pytest.raises(BadArgument):
            require_ids(bad)
    for bad in ("5", [1], True, -1, INT_MAX + 1, 2.0):
        with pytest.raises(BadArgument):
            require_id(bad)


def test_numbers():
    assert require_integer("12") == "12"
    assert require_integer(3.0) == 3.0
    assert require_integer(2.5) == 2.5  # Odoo cuts the fraction
    assert require_number(Decimal("1.25")) == Decimal("1.25")
    assert require_number("1.5") == "1.5"
    assert require_number(2) == 2
    for bad in ("abc", ["x"], 2**40, True, {"a": 1}, float("nan")):
        with pytest.raises(BadArgument):
            require_integer(bad)
    assert require_number(-99999999999999.0) == -99999999999999.0
    for bad in ("abc", ["x"], {"a": 1}, float("nan"), "inf", True, 1e308, "1e15", -(10**15)):
        with pytest.raises(BadArgument):
            require_number(bad)


def test_booleans_and_choices():
    assert require_boolean(True) is True and require_boolean(0) == 0
    with pytest.raises(BadArgument):
        require_boolean("yes")
    assert require_choice("month", ("month", "year")) == "month"
    assert require_choice(False, ("month",)) is False
    for bad in ("week", 5, ["month"]):
        with pytest.raises(BadArgument) as caught:
            require_choice(bad, ("month", "year"))
        assert caught.value.kind == "selection"


def test_files():
    data = base64.b64encode(b"%PDF-1.4 a file").decode()
    assert require_base64(data) == data
    assert require_base64(data[:8] + "\n" + data[8:])
    assert require_base64(data.encode())
    for bad in ("not a file!", "YWJ", 5, ["x"], "数据"):
        with pytest.raises(BadArgument) as caught:
            require_base64(bad)
        assert caught.value.kind == "base64"


def test_commands():
    assert require_commands([(6, 0, [1, 2])])
    assert require_commands([(0, 0, {"name": "x"}), (4, 3), (5,), 7])
    for bad in ("abc", {"a": 1}, [("x",)], [(0, 0, "vals")], [(4, "3")], [(6, 0, "abc")], ["9"]):
        with pytest.raises(BadArgument):
            require_commands(bad)


def test_domains():
    assert require_domain([("id", "=", 1), "|", ("name", "ilike", "x")]) == [
        ("id", "=", 1),
        "|",
        ("name", "ilike", "x"),
    ]
    assert require_domain(None) == []
    for bad in ("everything", {"a": 1}, [5], [("id", "=")]):
        with pytest.raises(BadArgument):
            require_domain(bad)
