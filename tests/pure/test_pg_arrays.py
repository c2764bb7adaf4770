from decimal import Decimal

import pytest

from quality_ops.pg_arrays import array_literal


def test_numbers_booleans_and_nulls():
    assert array_literal([1, 2.5, None, True, False]) == "{1,2.5,NULL,t,f}"


def test_strings_are_quoted_and_escaped():
    assert array_literal(["customer", 'a"b', "c\\d", "NULL", ""]) == (
        '{"customer","a\\"b","c\\\\d","NULL",""}'
    )


def test_floats_keep_their_precision():
    value = 2 / 3
    assert float(array_literal([value])[1:-1]) == value


def test_empty():
    assert array_literal([]) == "{}"


def test_decimals_are_numbers():
    assert array_literal([Decimal("1.50"), Decimal("1E+2")]) == "{1.50,1E+2}"


@pytest.mark.parametrize(
    "value", [b"bytes", [1, 2], Decimal("sNaN"), Decimal("Infinity"), object()]
)
def test_other_values_are_refused_not_written_as_text(value):
    with pytest.raises(TypeError):
        array_literal([value])
