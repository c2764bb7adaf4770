"""PostgreSQL array literals for bulk statements (plain Python, no Odoo).

psycopg2 adapts a Python list element by element into an ``ARRAY[...]``
expression; for the tens of thousands of cells of a year's measurement that
costs more than the INSERT itself. The same array sent as one text literal
(``'{1,2,NULL}'``, cast by the statement: ``%s::int[]``) is built by a
``join`` and parsed by the server at once.
"""

from decimal import Decimal


def _element(value):
    kind = type(value)
    if kind is int or kind is float:  # most cells: checked first
        return repr(value)
    if value is None:
        return "NULL"
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, Decimal) and value.is_finite():
        return str(value)  # a SUM of numerics
    if not isinstance(value, str):
        # written as text it would be stored as something else, silently
        raise TypeError(f"no PostgreSQL array element for {value!r}")
    text = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def array_literal(values):
    """``values`` (None, bools, ints, floats, finite Decimals, strings) as a
    PostgreSQL array literal; the statement casts it to its type
    (``%s::float8[]``). Any other value raises TypeError."""
    return "{" + ",".join(map(_element, values)) + "}"
