from odoo import api, models
from odoo.exceptions import UserError

from .quality_workflow_mixin import has_pass, is_mail_field, refuse_derived


class QualityWorkflowChildMixin(models.AbstractModel):
    """Lines of a workflow record (targets of a plan, lines of a report or an
    audit...): frozen with their parent, for every client.

    A frozen parent refuses new lines, changes and deletions of its lines, and
    lines moved into it from another record.
    """

    _name = "quality_ops.workflow.child.mixin"
    _description = "Lines of a Quality Workflow Record"

    _quality_parent_field = None  # many2one to the workflow record
    # fields the server derives on the line, set by the parent's workflow only
    _quality_line_control_fields = frozenset()

    def _quality_parents(self, vals=None):
        Parent = self.env[self._fields[self._quality_parent_field].comodel_name]
        if vals is not None:
            return Parent.browse(vals.get(self._quality_parent_field) or [])
        return self[self._quality_parent_field]

    def _quality_refuse_if_frozen(self, parents):
        frozen = parents.exists()._quality_frozen()
        if frozen:
            raise UserError(frozen[0]._quality_frozen_message())

    @api.model_create_multi
    def create(self, vals_list):
        if not has_pass(self, creating=True):
            for vals in vals_list:
                self._quality_refuse_if_frozen(self._quality_parents(vals))
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
        if self and not has_pass(self):
            content = [name for name in vals if not is_mail_field(name)]
            if content:
                self._quality_refuse_if_frozen(self._quality_parents())
                if self._quality_parent_field in vals:
                    self._quality_refuse_if_frozen(self._quality_parents(vals))
                refuse_derived(self, content)
                self._quality_refuse_controlled(content)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _quality_unlink_unless_frozen(self):
        self._quality_refuse_if_frozen(self._quality_parents())
