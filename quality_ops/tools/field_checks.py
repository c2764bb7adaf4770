"""Checks of the values a client sends, shared by every guarded model."""

from odoo.exceptions import UserError, ValidationError

from .reader_lang import model_label

# fields the mail and activity machinery writes on any record: not content
MAIL_FIELD_PREFIXES = ("message_", "activity_", "website_message", "rating_")
# fields the record rules read: a write that changes them is checked again
# against the rules afterwards (Odoo checks them only before), so a record
# cannot be moved out of what its writer may write
RULE_FIELDS = frozenset(
    {
        "company_id",
        "project_id",
        "plan_type",
        "plan_id",
        "report_id",
        "audit_id",
        "review_id",
        "finding_id",
        "owner_id",
        "partner_id",
        "team_id",
        "ticket_id",
        "user_id",
        "state",
        "recipient_user_ids",
        "session_id",
        "organiser_id",
        "backup_id",
    }
)
TEXT_TYPES = ("char", "text", "html")
NOT_TEXT = (list, tuple, dict, set)


def recheck_rules(records, vals):
    if not records.env.su and RULE_FIELDS & set(vals):
        records.check_access("write")


def unchanged(records, name, value):
    """Whether writing ``value`` to field ``name`` leaves it as it is on every
    record (an import or a client re-sending what it read); a relation list
    always counts as a change, and so does a value the field cannot take."""
    field = records._fields.get(name)
    if not field or field.type in ("one2many", "many2many"):
        return False
    try:
        written = field.convert_to_write(field.convert_to_cache(value, records), records)
    except (ValueError, TypeError):
        return False
    return {field.convert_to_write(record[name], record) for record in records} == {written}


def is_mail_field(name):
    return name.startswith(MAIL_FIELD_PREFIXES)


def derived_fields(model, names):
    """Fields among ``names`` that are computed or related without an inverse:
    figures the server derives, never typed by anyone."""
    result = []
    for name in names:
        field = model._fields.get(name)
        if field and field.compute and not field.inverse and not is_mail_field(name):
            result.append(name)
        elif field and field.related and not is_mail_field(name):
            result.append(name)
    return result


def field_labels(model, names):
    return ", ".join(
        model._fields[name]._description_string(model.env) if name in model._fields else name
        for name in sorted(names)
    )


def refuse_non_text(model, vals):
    """Text fields take text: a list or a dict sent where text is expected
    (JSON-RPC lets a client send any JSON value) is refused, naming the field,
    instead of being stored as its Python representation."""
    wrong = [
        name
        for name, value in vals.items()
        if isinstance(value, NOT_TEXT)
        and name in model._fields
        and model._fields[name].type in TEXT_TYPES
    ]
    if wrong:
        raise ValidationError(
            model.env._(
                "%(fields)s of %(model)s takes text, not a list or a structure.",
                fields=field_labels(model, wrong),
                model=model_label(model),
            )
        )


def refuse_derived(model, names):
    derived = derived_fields(model, names)
    if derived:
        raise UserError(
            model.env._(
                "%(fields)s of %(model)s are computed by the system and cannot be set.",
                fields=field_labels(model, derived),
                model=model_label(model),
            )
        )
