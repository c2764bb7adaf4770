"""Turn our unique-index violations into the user's ValidationError.

The unique indexes are the race-proof guarantee; the web client already maps
their violation to a message, but ORM callers (imports, server actions,
tests) would get a bare IntegrityError and an aborted transaction.  A
savepoint keeps the transaction usable; the plan and target models that use
this write few rows, so its cost does not matter.
"""

from contextlib import contextmanager

from psycopg2 import errors

from odoo.exceptions import ValidationError


@contextmanager
def unique_violation_as_validation_error(records):
    try:
        with records.env.cr.savepoint():
            yield
            records.env.flush_all()
    except errors.UniqueViolation as exc:
        raise ValidationError(records._sql_error_to_message(exc)) from exc
