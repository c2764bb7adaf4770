"""Who may be named on the records of people and training."""

from odoo.exceptions import ValidationError


def check_internal_users(records, *field_names):
    """The people named in ``field_names`` are employees (internal users),
    never a customer's portal account, whatever the client sends."""
    for record in records:
        for name in field_names:
            user = record[name]
            if user and user.share:
                raise ValidationError(
                    records.env._(
                        "%(user)s is a customer's account: %(field)s names one of the "
                        "company's people.",
                        user=user.name,
                        field=records._fields[name]._description_string(records.env),
                    )
                )
