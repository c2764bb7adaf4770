"""Document control of a quality record: who may write what, when.

A model declares its states, the fields only a workflow step may write, the
fields set once at creation, the fields of one group, and the states in which
the record is frozen or may be deleted; this mixin enforces the declaration in
``create`` / ``write`` / ``unlink`` for every client: the web client, JSON-RPC
and XML-RPC, imports and server actions alike.  A workflow step writes through
a pass (see ``tools/workflow_pass.py``), which no client can forge.
"""

from odoo import api, models
from odoo.exceptions import UserError

from ..tools.argument_guard import check_ids, check_vals, check_vals_list
from ..tools.field_checks import (
    field_labels,
    is_mail_field,
    recheck_rules,
    refuse_derived,
    refuse_non_text,
    unchanged,
)
from ..tools.group_guard import require_group, uninstalling
from ..tools.reader_lang import model_label
from ..tools.workflow_pass import effective_vals, has_pass, with_pass, without_context_defaults


class QualityWriteGuardMixin(models.AbstractModel):
    _name = "quality_ops.write.guard.mixin"
    _description = "Quality Document Control"

    # --- declared by each model -------------------------------------------
    _quality_state_field = "state"
    _quality_initial_state = "draft"
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
                        model=model_label(self),
                    ),
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._quality_check_create(vals_list)
        return super().create(vals_list)

    @api.model
    def _quality_check_create(self, vals_list):
        """Refuse what a client may not send for creation (without a pass)."""
        check_vals_list(self, vals_list)
        for vals in vals_list:
            refuse_non_text(self, effective_vals(self, vals))
        if not has_pass(self, creating=True):
            for vals in vals_list:
                self._quality_check_create_vals(vals)

    @api.model
    def _quality_checked_for_create(self, vals_list):
        """Check what the client sent for creation, then give the model the
        right to add what the server sets (references, workflow values).

        Callers return the created records ``.with_env(self.env)``: the pass
        stays inside the create."""
        self._quality_check_create(vals_list)
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
                    model=model_label(self),
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

    def _quality_check_write_vals(self, vals):
        names = [name for name in vals if not unchanged(self, name, vals[name])]
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
                    model=model_label(self),
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
        went_back = self._quality_went_back()
        for record in self:
            if (
                record._quality_state() in record._quality_deletable_states
                and not record._quality_has_seals()
                and record not in went_back
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

    def _quality_write(self, vals):
        """Write what a transition decided (the only way to the control fields)."""
        return with_pass(self).write(vals)

    def _quality_has_seals(self):
        """Whether the record was ever sealed (see the seal mixin): a sealed
        record is kept, whatever its state."""
        return False

    def _quality_went_back(self):
        """The records taken back from what they were recorded as (see the
        workflow mixin): kept, whatever their state."""
        return self.browse()
