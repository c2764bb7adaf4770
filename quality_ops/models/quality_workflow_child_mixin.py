from odoo import api, models
from odoo.exceptions import UserError

from ..tools.argument_guard import check_ids, check_vals, check_vals_list
from ..tools.field_checks import is_mail_field, recheck_rules, refuse_derived, refuse_non_text
from ..tools.group_guard import uninstalling
from ..tools.reader_lang import model_label
from ..tools.workflow_pass import PASS_KEY, WorkflowPass, effective_vals, has_pass


class QualityWorkflowChildMixin(models.AbstractModel):
    """Lines of a workflow record (targets of a plan, lines of a report or an
    audit...): frozen with their parent, for every client.

    A frozen parent refuses new lines, changes and deletions of its lines, and
    lines moved into it from another record.  A workflow step of the parent
    (its pass) writes its lines as it writes the parent.
    """

    _name = "quality_ops.workflow.child.mixin"
    _description = "Lines of a Quality Workflow Record"

    _quality_parent_field = None  # many2one to the workflow record
    # fields the server derives on the line, set by the parent's workflow only
    _quality_line_control_fields = frozenset()
    # lines a person may add or delete (False: only the parent's steps do)
    _quality_lines_by_hand = True

    def _quality_parent_model(self):
        return self._fields[self._quality_parent_field].comodel_name

    def _quality_parents(self, vals=None):
        Parent = self.env[self._quality_parent_model()]
        if vals is not None:
            return Parent.browse(vals.get(self._quality_parent_field) or [])
        return self[self._quality_parent_field]

    def _quality_parent_pass(self, parents):
        """Whether a step of these parents writes the lines."""
        token = self.env.context.get(PASS_KEY)
        return (
            isinstance(token, WorkflowPass)
            and token.model == self._quality_parent_model()
            and token.ids is not None
            and bool(parents)
            and set(parents.ids) <= token.ids
        )

    def _quality_refuse_if_frozen(self, parents):
        frozen = parents.exists()._quality_frozen()
        if frozen:
            raise UserError(frozen[0]._quality_frozen_message())

    def _quality_files_frozen(self):
        """The lines whose files are frozen (see ir_attachment): those of a
        frozen record."""
        frozen = self._quality_parents()._quality_frozen()
        return self.filtered(lambda line: line[self._quality_parent_field] in frozen)

    def _quality_refuse_by_hand(self):
        if not self._quality_lines_by_hand:
            raise UserError(
                self.env._(
                    "The %(lines)s are made by the workflow of their record, not by hand.",
                    lines=model_label(self),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        for vals in vals_list:
            refuse_non_text(self, effective_vals(self, vals))
        if not has_pass(self, creating=True):
            for vals in vals_list:
                # the context's default parent and values count as sent
                vals = effective_vals(self, vals)
                parents = self._quality_parents(vals)
                if self._quality_parent_pass(parents):
                    continue
                self._quality_refuse_if_frozen(parents)
                self._quality_refuse_by_hand()
                self._quality_refuse_controlled([n for n in vals if vals[n]])
                refuse_derived(self, [n for n in vals if vals[n]])
        return super().create(vals_list)

    def _quality_refuse_controlled(self, names):
        controlled = [n for n in names if n in self._quality_line_control_fields]
        if controlled:
            raise UserError(
                self.env._(
                    "This is set by the workflow of the record, not by hand: %(fields)s.",
                    fields=", ".join(
                        self._fields[n]._description_string(self.env) for n in controlled
                    ),
                )
            )

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        refuse_non_text(self, vals)
        if self and not has_pass(self) and not self._quality_parent_pass(self._quality_parents()):
            content = [name for name in vals if not is_mail_field(name)]
            if content:
                self._quality_refuse_if_frozen(self._quality_parents())
                if self._quality_parent_field in vals:
                    self._quality_refuse_if_frozen(self._quality_parents(vals))
                    self._quality_refuse_by_hand()
                refuse_derived(self, content)
                self._quality_refuse_controlled(content)
        result = super().write(vals)
        recheck_rules(self, vals)
        return result

    @api.ondelete(at_uninstall=True)
    def _quality_unlink_unless_frozen(self):
        if uninstalling(self.env) or has_pass(self):
            return
        parents = self._quality_parents()
        if self._quality_parent_pass(parents):
            return
        self._quality_refuse_if_frozen(parents)
        self._quality_refuse_by_hand()
