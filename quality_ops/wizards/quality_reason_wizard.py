from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.argument_guard import arguments, check_ids

# what a step with a reason is declared as (``@arguments(reason="text")``)
REASON_ONLY = {"reason": "text"}


class QualityReasonWizard(models.TransientModel):
    """The reason of a workflow step that takes a record back (reopen,
    reset, cancel, send back), asked in a dialog and given to the step's own
    method, which checks who may take it and keeps the reason in the
    record's history. It makes no step the user could not make over RPC:
    the method is one of the record's public steps that take a reason only."""

    _name = "quality_ops.reason.wizard"
    _description = "Reason of a Workflow Step"

    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_ids = fields.Json(string="Record IDs", required=True, readonly=True)
    method = fields.Char(string="Step", required=True, readonly=True)
    records_shown = fields.Text(string="Concerned", compute="_compute_records_shown")
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        asked = {
            "res_model": context.get("active_model"),
            "res_ids": context.get("active_ids") or [],
            "method": context.get("quality_reason_method"),
        }
        for name, value in asked.items():
            if name in fields_list:
                values.setdefault(name, value)
        return values

    @api.depends("res_model", "res_ids", "method")
    def _compute_records_shown(self):
        for wizard in self:
            records = wizard._asked_records() if wizard._is_reason_step() else None
            # only what the user may read of them
            shown = records._filtered_access("read") if records else ()
            wizard.records_shown = "\n".join(record.display_name for record in shown)

    def _is_reason_step(self):
        """Whether the method is a public step, taking a reason only, of a
        quality workflow model, on a list of ids."""
        self.ensure_one()
        workflows = self.env.registry.descendants(["quality_ops.workflow.mixin"], "_inherit")
        if (
            self.res_model not in workflows
            or not isinstance(self.method, str)
            or not isinstance(self.res_ids, list)
        ):
            return False
        method = getattr(type(self.env[self.res_model]), self.method, None)
        return not self.method.startswith("_") and (
            getattr(method, "_quality_arguments", None) == REASON_ONLY
        )

    def _asked_records(self):
        """The existing records of a checked step (``_is_reason_step``)."""
        records = self.env[self.res_model].browse(self.res_ids)
        check_ids(records)
        return records.exists()

    def _records(self):
        if not self._is_reason_step():
            raise UserError(self.env._("This dialog gives a reason to a step of a quality record."))
        return self._asked_records()

    @arguments()
    def action_confirm(self):
        self.ensure_one()
        records = self._records()
        if not records:
            raise UserError(self.env._("The records of this step no longer exist."))
        getattr(records, self.method)(self.reason)
        # a dialog is confirmed once
        self.unlink()
        return {"type": "ir.actions.act_window_close"}
