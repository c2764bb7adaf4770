"""What a client sends, checked before it is used: the arguments of the public
methods of quality_ops and the values written to its models.

The checks are the plain-Python ones of ``quality_ops/arguments.py``; this
module turns their ``BadArgument`` into a ``UserError`` in the user's
language, so that a wrong type, an impossible date, an unknown choice or a
file that is not base64 is answered with a message, never a traceback.

Every public method of quality_ops declares its arguments with ``@arguments``
(the test of bad input fails for one that does not): the decorator refuses
unknown or missing arguments, ids that are not ids, and values of the wrong
kind, before the method runs.
"""

import functools
import inspect

from odoo import models
from odoo.api import NewId
from odoo.exceptions import UserError

from .. import arguments as checks
from .reader_lang import model_label

# what a method argument may be declared as, and its check
ARGUMENT_CHECKS = {
    "text": checks.require_text,
    "date": checks.parse_date,
    "boolean": checks.require_boolean,
    "id": checks.require_id,
    "domain": checks.require_domain,
    # the method checks the value itself (with its own message)
    "any": None,
}
PREFIX = "quality_ops."
FIELD_PREFIX = "quality_"


def shown(value):
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


def bad_argument_error(env, error, label):
    """The message of a ``BadArgument`` for a field or argument called ``label``."""
    value = shown(error.value)
    messages = {
        "text": lambda: env._("%(label)s must be a text, not %(value)s.", label=label, value=value),
        "nul": lambda: env._(
            "%(label)s: the text holds a NUL character (\\x00), which cannot be stored.",
            label=label,
        ),
        "date": lambda: env._(
            "%(label)s: %(value)s is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01.",
            label=label,
            value=value,
        ),
        "datetime": lambda: env._(
            "%(label)s: %(value)s is not a date and time; write it as "
            "YYYY-MM-DD HH:MM:SS, e.g. 2026-12-01 09:30:00.",
            label=label,
            value=value,
        ),
        "id": lambda: env._(
            "%(label)s: choose a record (its id, a positive whole number), not %(value)s.",
            label=label,
            value=value,
        ),
        "ids": lambda: env._(
            "%(label)s: records are named by their ids (positive whole numbers), not %(value)s.",
            label=label,
            value=value,
        ),
        "integer": lambda: env._(
            "%(label)s: %(value)s is not a whole number.", label=label, value=value
        ),
        "number": lambda: env._("%(label)s: %(value)s is not a number.", label=label, value=value),
        "boolean": lambda: env._(
            "%(label)s is yes (true) or no (false), not %(value)s.", label=label, value=value
        ),
        "selection": lambda: env._(
            "%(label)s: %(value)s is not one of the choices.", label=label, value=value
        ),
        "base64": lambda: env._(
            "%(label)s: the file sent is not a file (base64 text expected).", label=label
        ),
        "commands": lambda: env._(
            "%(label)s: lines are sent as a list of ids or of commands, not %(value)s.",
            label=label,
            value=value,
        ),
        "domain": lambda: env._(
            "%(label)s: %(value)s is not a search filter (a list of conditions).",
            label=label,
            value=value,
        ),
    }
    return UserError(messages[error.kind]())


def check_ids(records):
    """The ids a client sent for the records a method runs on."""
    for id_ in records._ids:
        if not (checks.is_int(id_) and 0 < id_ <= checks.INT_MAX or isinstance(id_, NewId)):
            raise bad_argument_error(
                records.env, checks.BadArgument("ids", list(records._ids)), model_label(records)
            )


def arguments(**kinds):
    """Declare the kind of each argument of a public method (``"text"``,
    ``"date"``, ``"boolean"``, ``"id"``, ``"domain"``, ``"any"`` when the
    method checks it itself). Before the method runs, the records' ids, the
    arguments' names and count and their kinds are checked."""

    def decorate(method):
        signature = inspect.signature(method)
        names = list(signature.parameters)[1:]
        if set(kinds) != set(names) or not set(kinds.values()) <= set(ARGUMENT_CHECKS):
            raise TypeError(f"@arguments of {method.__qualname__} must declare {names}")

        @functools.wraps(method)
        def checked(self, *args, **kwargs):
            check_ids(self)
            env = self.env
            unknown = sorted(set(kwargs) - set(names))
            if unknown:
                raise UserError(
                    env._(
                        "%(method)s takes no argument %(arguments)s.",
                        method=method.__name__,
                        arguments=", ".join(unknown),
                    )
                )
            try:
                bound = signature.bind(self, *args, **kwargs)
            except TypeError:
                raise UserError(
                    env._(
                        "%(method)s takes the arguments %(arguments)s.",
                        method=method.__name__,
                        arguments=", ".join(names) or "-",
                    )
                ) from None
            for name, value in list(bound.arguments.items())[1:]:
                check = ARGUMENT_CHECKS[kinds[name]]
                if check is None:
                    continue
                try:
                    check(value)
                except checks.BadArgument as error:
                    raise bad_argument_error(env, error, name) from None
            try:
                return method(*bound.args, **bound.kwargs)
            except ValueError as error:
                # a step on one record (ensure_one) called on several or none
                if not str(error).startswith("Expected singleton"):
                    raise
                raise UserError(
                    env._(
                        "%(method)s acts on one record at a time.",
                        method=method.__name__,
                    )
                ) from None

        checked._quality_arguments = dict(kinds)
        return checked

    return decorate


def check_value(model, field, value):
    """One value written to one field (booleans, texts and the other kinds
    are taken as Odoo takes them)."""
    kind = field.type
    if kind == "date":
        checks.parse_date(value)
    elif kind == "datetime":
        checks.parse_datetime(value)
    elif kind == "many2one":
        if not isinstance(value, models.BaseModel):
            checks.require_id(value[0] if isinstance(value, tuple) and value else value)
    elif kind in ("one2many", "many2many"):
        checks.require_commands(value)
    elif kind == "integer":
        checks.require_integer(value)
    elif kind in ("float", "monetary"):
        checks.require_number(value)
    elif kind == "selection":
        # a selection declared with validate=False takes any value
        if value not in checks.EMPTY and getattr(field, "validate", True):
            checks.require_choice(value, field.get_values(model.env))
    elif kind == "binary":
        checks.require_base64(value)
    elif kind in ("char", "text", "html"):
        # a number, a list or a dict is not a text (Odoo would store its repr)
        checks.require_text(value)


def check_vals(model, vals):
    """The values of a create or write on a quality_ops model: a dict of its
    fields, each value of its field's kind."""
    env = model.env
    if not isinstance(vals, dict):
        raise UserError(
            env._(
                "%(model)s: values are sent as a dictionary of field names, not %(value)s.",
                model=model_label(model),
                value=shown(vals),
            )
        )
    for name, value in vals.items():
        field = model._fields.get(name) if isinstance(name, str) else None
        if field is None:
            raise UserError(
                env._(
                    "%(model)s has no field %(field)s.",
                    model=model_label(model),
                    field=shown(name),
                )
            )
        try:
            check_value(model, field, value)
        except checks.BadArgument as error:
            raise bad_argument_error(env, error, field._description_string(env)) from None


def check_vals_list(model, vals_list):
    """The values of a create, and the ``default_<field>`` keys of the
    context for the fields they leave out (a client sends values through
    them too; Odoo applies them to the fields not given)."""
    if isinstance(vals_list, dict):
        vals_list = [vals_list]
    if not isinstance(vals_list, (list, tuple)):
        check_vals(model, vals_list)
    defaults = {
        key[8:]: value
        for key, value in model.env.context.items()
        if key.startswith("default_") and key[8:] in model._fields
    }
    for vals in vals_list:
        check_vals(model, vals)
        left_out = {name: value for name, value in defaults.items() if name not in vals}
        if left_out:
            check_vals(model, left_out)


def quality_fields_vals(vals):
    """The values of the ``quality_`` fields (the fields quality_ops adds to
    other modules' models) among ``vals``."""
    if not isinstance(vals, dict):
        return None
    return {
        key: value
        for key, value in vals.items()
        if isinstance(key, str) and key.startswith(FIELD_PREFIX)
    }


def is_quality_model(model):
    return model._name.startswith(PREFIX)
