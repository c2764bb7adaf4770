"""PostgreSQL array literals for bulk statements (plain Python, no Odoo).

psycopg2 adapts a Python list element by element into an ``ARRAY[...]``
expression; for the tens of thousands of cells of a year's measurement that
costs more than the INSERT itself. The same array sent as one text literal
(``'{1,2,NULL}'``, cast by the statement: ``%s::int[]``) is built by a
``join`` and parsed by the server at once.
"""

import numbers


def _element(value):
    kind = type(value)
    if kind is int or kind is float:  # most cells: checked first
        return repr(value)
    if value is None:
        return "NULL"
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, numbers.Number):
        return str(value)  # Decimal (a SUM of numerics)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def array_literal(values):
    """``values`` (None, bools, numbers, strings) as a PostgreSQL array
    literal; the statement casts it to its type (``%s::float8[]``)."""
    return "{" + ",".join(map(_element, values)) + "}"
