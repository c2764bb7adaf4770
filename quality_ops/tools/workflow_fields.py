"""Field declarations every workflow record repeats: its state, and who made
each step on which day (document control)."""

from odoo import fields

# document control: prepared, reviewed and approved, by whom and on which
# day (编制 / 审核 / 批准), set by the steps and sealed with the content
SIGNATURES = (
    "prepared_by_id",
    "prepared_date",
    "reviewed_by_id",
    "reviewed_date",
    "approved_by_id",
    "approved_date",
)


def state_field(selection, default="draft", **kwargs):
    """The state of a workflow record: moved by its steps only, tracked, its
    columns shown even when empty."""
    options = {
        "required": True,
        "default": default,
        "readonly": True,
        "copy": False,
        "tracking": True,
        "index": True,
        "group_expand": True,
    }
    return fields.Selection(selection, **{**options, **kwargs})


def signer_field(**kwargs):
    """Who made a step (prepared, reviewed, approved... by): set by the step."""
    options = {"comodel_name": "res.users", "readonly": True, "copy": False, "tracking": True}
    return fields.Many2one(**{**options, **kwargs})


def step_date_field(string, **kwargs):
    """The day a step was made: set by the step."""
    return fields.Date(**{"string": string, "readonly": True, "copy": False, **kwargs})


# what a record is sent without a reference: numbered at creation
NO_REFERENCE = "/"


def reference_field(**kwargs):
    """The number of a workflow record (编号): given at creation from its
    sequence (``_quality_set_references``), then never typed."""
    options = {
        "required": True,
        "readonly": True,
        "copy": False,
        "default": NO_REFERENCE,
        "index": True,
    }
    return fields.Char(**{**options, **kwargs})


def given_reference(record):
    """The reference of ``record`` once it is numbered, else nothing (a falsy value)."""
    return record.reference if record.reference != NO_REFERENCE else ""
