"""One workflow and document-control mechanism for every quality record.

A model declares its states, its transitions (from which states, to which,
the group allowed to make each, the document-control fields it stamps) and
the fields only a transition may write; this mixin enforces the declaration
in ``create`` / ``write`` / ``unlink`` for every client: the web client,
JSON-RPC and XML-RPC, imports and server actions alike.

The transitions write through a *pass*: an object put in the context that
says which records of which model may be written.  A client can only send
JSON or XML-RPC values in a context, never such an object, so no context key
a client sends switches a guard off.
"""

from dataclasses import dataclass

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..integrity import SEAL, UNSEAL, digest
from .argument_guard import check_ids, check_vals, check_vals_list
from .group_guard import require_group, uninstalling

PASS_KEY = "quality_ops_pass"
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
    }
)


def context_defaults(records):
    """``{field: value}`` of the ``default_<field>`` keys of the context: a
    client sends values for creation through them as much as through vals."""
    return {
        key[8:]: value
        for key, value in records.env.context.items()
        if key.startswith("default_") and key[8:] in records._fields
    }


def effective_vals(records, vals):
    """What a create will store for the fields sent: the context's defaults
    under the values."""
    return {**context_defaults(records), **vals}


def without_context_defaults(records):
    context = {k: v for k, v in records.env.context.items() if not k.startswith("default_")}
    return records.with_env(records.env(context=context))


def recheck_rules(records, vals):
    if not records.env.su and RULE_FIELDS & set(vals):
        records.check_access("write")


class WorkflowPass:
    """Permission, given by a transition, to write some records of a model.

    Not JSON-serialisable on purpose: RPC cannot forge one.
    """

    __slots__ = ("ids", "model")

    def __init__(self, model, ids=None):
        self.model = model
        self.ids = None if ids is None else frozenset(ids)

    def covers(self, records, creating=False):
        if records._name != self.model:
            return False
        if creating:
            return self.ids is None
        # a pass to create never allows writing
        return self.ids is not None and set(records.ids) <= self.ids


@dataclass(frozen=True)
class Transition:
    """A step of a workflow, as a model declares it."""

    sources: tuple
    target: str | None
    group: str
    denied: object  # lazy translation: the error for a caller without the group
    verb: object  # lazy translation: "approved", "closed"... for state errors
    stamp: tuple = ()  # (user field, date field) set to the caller and today
    clear: tuple = ()  # fields emptied by the step
    seal: str | None = None  # SEAL or UNSEAL: the integrity chain


def has_pass(records, creating=False):
    token = records.env.context.get(PASS_KEY)
    return isinstance(token, WorkflowPass) and token.covers(records, creating)


def with_pass(records, creating=False):
    """The records, allowed to write what their transitions write."""
    token = WorkflowPass(records._name, None if creating else records.ids)
    return records.with_context(**{PASS_KEY: token})


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


TEXT_TYPES = ("char", "text", "html")
NOT_TEXT = (list, tuple, dict, set)


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
                model=model._description,
            )
        )


def refuse_derived(model, names):
    derived = derived_fields(model, names)
    if derived:
        raise UserError(
            model.env._(
                "%(fields)s of %(model)s are computed by the system and cannot be set.",
                fields=field_labels(model, derived),
                model=model._description,
            )
        )


class QualityWorkflowMixin(models.AbstractModel):
    _name = "quality_ops.workflow.mixin"
    _description = "Quality Workflow and Document Control"

    # --- declared by each model -------------------------------------------
    _quality_state_field = "state"
    _quality_initial_state = "draft"
    _quality_transitions = {}  # name -> Transition
    # written only by a transition (state, by / on, version, lock, closing...)
    _quality_control_fields = frozenset()
    # set at creation, never changed afterwards
    _quality_immutable_fields = frozenset()
    # field -> group xmlid: only that group (or a transition) writes it
    _quality_field_groups = {}
    # states in which the record and its lines refuse every change
    _quality_frozen_states = ()
    # fields still writable in a frozen record (not content: e.g. kanban colour)
    _quality_free_fields = frozenset({"color"})
    # states in which a record may be deleted (history depends on the others)
    _quality_deletable_states = ("draft",)
    # integrity chain: the fields and lines hashed when the record is sealed
    _quality_seal_fields = ()
    _quality_seal_lines = {}  # one2many field -> fields of the line
    # sealed fields (of the record or of its lines) hashed only when set:
    # fields added after records were sealed, whose seals stay valid
    _quality_seal_optional = frozenset()

    # ------------------------------------------------------------------
    # state helpers
    # ------------------------------------------------------------------
    def _quality_state(self):
        self.ensure_one()
        return self[self._quality_state_field]

    def _quality_state_label(self):
        self.ensure_one()
        field = self._fields[self._quality_state_field]
        value = self._quality_state()
        if field.type == "many2one":
            return value.display_name or ""
        return dict(field._description_selection(self.env)).get(value, value or "")

    def _quality_frozen(self):
        """The records of ``self`` that refuse changes."""
        return self.filtered(lambda r: r._quality_state() in self._quality_frozen_states)

    def _quality_files_frozen(self):
        """The records of ``self`` whose files are frozen (see ir_attachment):
        the frozen ones, unless a model keeps its files otherwise."""
        return self._quality_frozen()

    def _quality_frozen_message(self):
        """How to change a frozen record: overridden by the models."""
        self.ensure_one()
        return self.env._(
            "%(record)s is %(state)s and can no longer be changed.",
            record=self.display_name,
            state=self._quality_state_label(),
        )

    # ------------------------------------------------------------------
    # ORM guards
    # ------------------------------------------------------------------
    def _quality_default_like(self, name, value):
        """Whether a value sent at creation is the field's starting value (the
        web client sends the defaults of a new form, readonly ones included)."""
        field = self._fields[name]
        if name == self._quality_state_field:
            initial = self._quality_initial_state
            if field.type == "many2one":
                default = without_context_defaults(self).default_get([name]).get(name)
                return not value or value == default
            return value in (initial, False, None)
        if not value:
            return True
        # the field's own default, not one a client put in the context
        default = without_context_defaults(self).default_get([name]).get(name)
        if default is None:
            return False
        try:
            # compare as the field stores them ("2026-12-01" and a date are equal)
            return field.convert_to_cache(value, self) == field.convert_to_cache(default, self)
        except (ValueError, TypeError):
            return False

    def _quality_check_group_fields(self, names):
        for name in names:
            group = self._quality_field_groups.get(name)
            if group:
                require_group(
                    self.env,
                    group,
                    self.env._(
                        "You are not allowed to change %(field)s of %(model)s.",
                        field=field_labels(self, [name]),
                        model=self._description,
                    ),
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        for vals in vals_list:
            refuse_non_text(self, effective_vals(self, vals))
        if not has_pass(self, creating=True):
            for vals in vals_list:
                self._quality_check_create_vals(vals)
        return super().create(vals_list)

    @api.model
    def _quality_checked_for_create(self, vals_list):
        """Check what the client sent for creation, then give the model the
        right to add what the server sets (references, workflow values).

        Callers return the created records ``.with_env(self.env)``: the pass
        stays inside the create."""
        check_vals_list(self, vals_list)
        for vals in vals_list:
            refuse_non_text(self, effective_vals(self, vals))
        if not has_pass(self, creating=True):
            for vals in vals_list:
                self._quality_check_create_vals(vals)
        return with_pass(self, creating=True)

    def _quality_check_create_vals(self, vals):
        vals = effective_vals(self, vals)
        controlled = [
            name
            for name in self._quality_control_fields
            if name in vals and not self._quality_default_like(name, vals[name])
        ]
        if controlled:
            raise UserError(
                self.env._(
                    "A new %(model)s starts at the beginning of its workflow: "
                    "%(fields)s are set by its steps, not at creation.",
                    model=self._description,
                    fields=field_labels(self, controlled),
                )
            )
        refuse_derived(self, [name for name in vals if vals[name] not in (False, None, 0, "")])
        self._quality_check_group_fields([name for name in vals if vals[name]])

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        refuse_non_text(self, vals)
        if self and not has_pass(self):
            self._quality_check_write_vals(vals)
        result = super().write(vals)
        recheck_rules(self, vals)
        return result

    def _quality_unchanged(self, name, value):
        """Whether writing ``value`` leaves the field as it is on every record
        (an import or a client re-sending what it read)."""
        field = self._fields.get(name)
        if not field or field.type in ("one2many", "many2many"):
            return False
        current = {field.convert_to_write(record[name], record) for record in self}
        return current == {field.convert_to_write(field.convert_to_cache(value, self), self)}

    def _quality_check_write_vals(self, vals):
        names = [name for name in vals if not self._quality_unchanged(name, vals[name])]
        locked = [
            name
            for name in names
            if name in self._quality_control_fields or name in self._quality_immutable_fields
        ]
        if locked:
            raise UserError(
                self.env._(
                    "%(fields)s of %(model)s change only through its workflow steps "
                    "(the buttons of the form), by the role allowed to make them.",
                    fields=field_labels(self, locked),
                    model=self._description,
                )
            )
        refuse_derived(self, names)
        self._quality_check_group_fields(names)
        content = [
            name
            for name in names
            if name not in self._quality_free_fields and not is_mail_field(name)
        ]
        if content:
            frozen = self._quality_frozen()
            if frozen:
                raise UserError(frozen[0]._quality_frozen_message())

    @api.ondelete(at_uninstall=True)
    def _quality_unlink_only_deletable(self):
        if uninstalling(self.env):
            return
        for record in self:
            if record._quality_state() in record._quality_deletable_states and not (
                record._quality_has_seals()
            ):
                continue
            if not record._quality_deletable_states:
                message = self.env._(
                    "%(record)s is kept as a quality record: it cannot be deleted.",
                    record=record.display_name,
                )
            else:
                message = self.env._(
                    "%(record)s is %(state)s: only a draft that was never approved can "
                    "be deleted; the others are kept as quality records.",
                    record=record.display_name,
                    state=record._quality_state_label(),
                )
            raise UserError(message)

    def _quality_copy_with_pass(self, default=None):
        """Copy made by a workflow step (next year's plan, a new version)."""
        self.ensure_one()
        return with_pass(self, creating=True).copy(default).with_env(self.env)

    # ------------------------------------------------------------------
    # transitions
    # ------------------------------------------------------------------
    def _quality_write(self, vals):
        """Write what a transition decided (the only way to the control fields)."""
        return with_pass(self).write(vals)

    def _quality_check_transition(self, name):
        spec = self._quality_transitions[name]
        require_group(self.env, spec.group, self.env._(spec.denied))
        for record in self:
            if record._quality_state() not in spec.sources:
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: it cannot be %(action)s.",
                        record=record.display_name,
                        state=record._quality_state_label(),
                        action=self.env._(spec.verb),
                    )
                )
        return spec

    def _quality_transition(self, name, vals=None, reason=None):
        """Check and make the step ``name``: group, source state, stamps,
        the state itself and the integrity chain."""
        spec = self._quality_check_transition(name)
        if not self:
            return True
        vals = dict(vals or {})
        if spec.target is not None:
            vals[self._quality_state_field] = spec.target
        if spec.stamp:
            user_field, date_field = spec.stamp
            if user_field:
                vals[user_field] = self.env.user.id
            if date_field:
                vals[date_field] = fields.Date.context_today(self)
        for name_ in spec.clear:
            vals.setdefault(name_, False)
        if spec.seal == UNSEAL:
            # released before the content changes
            self.filtered(lambda r: r._quality_is_sealed())._quality_add_seals(UNSEAL, reason)
        self._quality_write(vals)
        if spec.seal == SEAL:
            self._quality_add_seals(SEAL, reason)
        return True

    # ------------------------------------------------------------------
    # integrity chain
    # ------------------------------------------------------------------
    def _quality_seal_content(self):
        """Canonical content of the record: its sealed fields and lines."""
        self.ensure_one()
        # all of it, whoever seals or verifies (an attachment hidden from the
        # approver is still part of what was approved)
        record = self.sudo().with_context(lang="en_US", active_test=False)
        content = {"id": record.id, "fields": {}, "lines": {}}
        optional = self._quality_seal_optional
        for name in self._quality_seal_fields:
            if name in optional and not record[name]:
                continue
            content["fields"][name] = record._quality_seal_value(record, name)
        for fname, line_fields in self._quality_seal_lines.items():
            lines = record[fname].sorted("id")
            content["lines"][fname] = [
                {
                    "id": line.id,
                    **{
                        f: self._quality_seal_value(line, f)
                        for f in line_fields
                        if f not in optional or line[f]
                    },
                }
                for line in lines
            ]
        return content

    @api.model
    def _quality_seal_value(self, record, name):
        field = record._fields[name]
        value = record[name]
        if field.type == "many2one":
            return value.id or None
        if field.comodel_name == "ir.attachment":
            # the evidence files by the content they serve, not only by id
            # (nor by their stored checksum, which a change in the database
            # leaves as it was)
            checksums = value._quality_content_checksums()
            return sorted([att.id, checksums[att.id]] for att in value)
        if field.type == "binary" and field.attachment:
            stored = (
                record.env["ir.attachment"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", record._name),
                        ("res_field", "=", name),
                        ("res_id", "=", record.id),
                    ]
                )
            )
            return next(iter(stored._quality_content_checksums().values()), None)
        if field.type in ("one2many", "many2many"):
            return sorted(value.ids)
        if field.type == "html":
            return str(value or "")
        return value

    def _quality_seal_version(self):
        """The version shown on the record's seals (an integer version)."""
        self.ensure_one()
        field = self._fields.get("version")
        return self.version if field and field.type == "integer" else 0

    def _quality_digest(self):
        self.ensure_one()
        return digest(self._quality_seal_content())

    def _quality_chain(self):
        return self._name

    def _quality_has_seals(self):
        self.ensure_one()
        if not self._quality_seal_fields:
            return False
        return bool(
            self.env["quality_ops.integrity.seal"]
            .sudo()
            .search_count([("res_model", "=", self._name), ("res_id", "=", self.id)], limit=1)
        )

    def _quality_is_sealed(self):
        self.ensure_one()
        last = (
            self.env["quality_ops.integrity.seal"]
            .sudo()
            .search(
                [("res_model", "=", self._name), ("res_id", "=", self.id)],
                order="sequence desc",
                limit=1,
            )
        )
        return last.event == SEAL

    def _quality_add_seals(self, event, reason=None):
        if not self._quality_seal_fields or not self:
            return self.env["quality_ops.integrity.seal"]
        self.flush_recordset()
        return self.env["quality_ops.integrity.seal"].sudo()._append(self, event, reason)
