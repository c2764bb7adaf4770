"""Checks of the values a client sends: method arguments and field values.

Plain Python (no Odoo import): each check returns the value when it is of the
kind asked for and raises ``BadArgument`` otherwise; the Odoo layer
(``tools/argument_guard.py``) turns a ``BadArgument`` into an error message
in the user's language. The formats are those Odoo's own fields accept, so a
value that passes here is one the ORM stores without a traceback.
"""

import base64
import binascii
import datetime
import math
import numbers
import re
import unicodedata

# PostgreSQL's int4: ids and integer columns
INT_MAX = 2**31 - 1
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
DATE_LENGTH = 10
WHITESPACE = re.compile(rb"\s+")
# x2many commands and the arguments each takes (Odoo's Command)
COMMAND_CODES = range(7)
EMPTY = (None, False)


class BadArgument(ValueError):
    """A value that is not of the kind expected; ``kind`` says which kind
    ("text", "date", "datetime", "id", "ids", "integer", "number", "boolean",
    "selection", "base64", "commands", "domain", "vals")."""

    def __init__(self, kind, value):
        super().__init__(f"{value!r} is not a valid {kind}")
        self.kind = kind
        self.value = value


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def require_text(value):
    """A text, or None / False for no text; PostgreSQL stores no NUL."""
    if value in EMPTY or isinstance(value, str) and "\x00" not in value:
        return value
    raise BadArgument("nul" if isinstance(value, str) else "text", value)


# what shows nothing on a page: spaces, controls, format characters (zero
# width, joiners, BOM, soft hyphen), and the blank letters of some scripts
INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"}
BLANK_LETTERS = {"\u115f", "\u1160", "\u2800", "\u3164", "\uffa0"}


def shows_something(text):
    """Whether a text has a character a reader sees (a reason of spaces or
    zero-width characters is no reason)."""
    return isinstance(text, str) and any(
        unicodedata.category(char) not in INVISIBLE_CATEGORIES and char not in BLANK_LETTERS
        for char in text
    )


def require_boolean(value):
    """True or False (None, 0 and 1 as JSON clients may send them)."""
    if value is None or isinstance(value, bool) or (is_int(value) and value in (0, 1)):
        return value
    raise BadArgument("boolean", value)


def parse_date(value):
    """A ``datetime.date`` from a date or a text ``YYYY-MM-DD`` (a time after
    it is ignored, as Odoo does); None for no date."""
    if value in EMPTY or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise BadArgument("date", value)
    try:
        return datetime.datetime.strptime(value[:DATE_LENGTH], DATE_FORMAT).date()
    except ValueError:
        raise BadArgument("date", value) from None


def parse_datetime(value):
    """A ``datetime.datetime`` from a datetime, a date or a text
    ``YYYY-MM-DD[ HH:MM[:SS]]``; None for none."""
    if value in EMPTY or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time.min)
    if not isinstance(value, str) or len(value) < DATE_LENGTH:
        raise BadArgument("datetime", value)
    # the formats Odoo's Datetime field reads: the date, with the time cut at
    # the length sent (minutes or seconds)
    try:
        return datetime.datetime.strptime(value, DATETIME_FORMAT[: len(value) - 2])
    except ValueError:
        raise BadArgument("datetime", value) from None


def require_id(value):
    """A record id (a positive int4), or None / False for none."""
    if value in EMPTY:
        return value
    if is_int(value) and 0 < value <= INT_MAX:
        return value
    raise BadArgument("id", value)


def require_ids(values):
    """Record ids: one id or a list (tuple, set) of them."""
    if is_int(values):
        return [require_id(values)]
    if isinstance(values, (list, tuple, set, frozenset)):
        for value in values:
            if not (is_int(value) and 0 < value <= INT_MAX):
                raise BadArgument("ids", values)
        return list(values)
    raise BadArgument("ids", values)


def require_integer(value):
    """A whole number PostgreSQL stores (int4): numbers as Odoo takes them
    (a fraction is cut), texts of digits."""
    if value in EMPTY:
        return value
    number = value
    if isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            raise BadArgument("integer", value) from None
    elif not is_number(value):
        raise BadArgument("integer", value)
    if not -INT_MAX - 1 <= number <= INT_MAX:
        raise BadArgument("integer", value)
    return value


def is_number(value):
    """A finite number (int, float, Decimal...), not a boolean."""
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return False
    try:
        return math.isfinite(value)
    except (TypeError, ValueError):
        return False


# beyond any figure, score or duration of a quality system, and still within
# what rounding to a field's digits can multiply without overflowing
MAX_NUMBER = 1e15


def require_number(value):
    """A number (texts of a number as Odoo reads them)."""
    if value in EMPTY:
        return value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise BadArgument("number", value) from None
    elif is_number(value):
        number = value
    else:
        raise BadArgument("number", value)
    if not math.isfinite(number) or abs(number) >= MAX_NUMBER:
        raise BadArgument("number", value)
    return value


def require_choice(value, choices):
    """One of ``choices`` (the keys of a selection), or None / False."""
    if value in EMPTY:
        return value
    if isinstance(value, str) and value in choices:
        return value
    raise BadArgument("selection", value)


def require_base64(value):
    """A file as base64 text (or bytes of it); line breaks are allowed."""
    if value in EMPTY:
        return value
    if isinstance(value, str):
        try:
            data = value.encode("ascii")
        except UnicodeEncodeError:
            raise BadArgument("base64", value) from None
    elif isinstance(value, bytes):
        data = value
    else:
        raise BadArgument("base64", value)
    try:
        base64.b64decode(WHITESPACE.sub(b"", data), validate=True)
    except (binascii.Error, ValueError):
        raise BadArgument("base64", value) from None
    return value


def require_commands(value):
    """The value of a one2many or many2many field: a list of ids or of
    commands ``(code, id, values)``; the values themselves are checked by the
    line model when it creates or writes them."""
    if value in EMPTY:
        return value
    if not isinstance(value, (list, tuple)):
        raise BadArgument("commands", value)
    for item in value:
        if is_int(item):
            require_id(item)
            continue
        if not isinstance(item, (list, tuple)) or not item or item[0] not in COMMAND_CODES:
            raise BadArgument("commands", value)
        code = item[0]
        if code in (0, 1) and (len(item) < 3 or not isinstance(item[2], dict)):
            raise BadArgument("commands", value)
        if code in (1, 2, 3, 4) and (len(item) < 2 or not is_int(item[1])):
            raise BadArgument("commands", value)
        if code == 6 and (len(item) < 3 or require_ids_or_empty(item[2]) is None):
            raise BadArgument("commands", value)
    return value


def require_ids_or_empty(values):
    if values in EMPTY:
        return []
    try:
        return require_ids(values)
    except BadArgument:
        return None


def require_domain(value):
    """A search domain: a list of conditions and operators (their fields and
    values are checked by the ORM)."""
    if value in EMPTY:
        return []
    if not isinstance(value, (list, tuple)):
        raise BadArgument("domain", value)
    for item in value:
        if isinstance(item, str) and item in ("&", "|", "!"):
            continue
        if (
            isinstance(item, (list, tuple))
            and len(item) == 3
            and (isinstance(item[0], str) or item[0] in (0, 1))
            and isinstance(item[1], str)
        ):
            continue
        raise BadArgument("domain", value)
    return list(value)
