def is_year_field(field):
    """Whether ``field`` holds a calendar year (an integer named ``year``):
    shown as typed, 2026, never with a thousands separator (2,026)."""
    return field is not None and field.type == "integer" and field.name == "year"
