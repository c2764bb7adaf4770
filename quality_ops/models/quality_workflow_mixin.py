"""One workflow for every quality record: its steps.

A model declares its transitions (from which states, to which, the group
allowed to make each, the document-control fields it stamps, the seal it
adds); a step checks the caller's group and the record's state, stamps, moves
the state and seals, writing through the pass of its document control
(``quality_ops.write.guard.mixin``) and the integrity chain
(``quality_ops.seal.mixin``).
"""

from odoo import api, models
from odoo.exceptions import UserError

from ..arguments import shows_something
from ..integrity import SEAL, UNSEAL
from ..tools.group_guard import require_group
from ..tools.trail_posts import STEP_BACK_SUBTYPE, with_step_note
from ..tools.workflow_fields import NO_REFERENCE


class QualityWorkflowMixin(models.AbstractModel):
    _name = "quality_ops.workflow.mixin"
    _inherit = ["quality_ops.seal.mixin", "quality_ops.write.guard.mixin"]
    _description = "Quality Workflow and Document Control"

    _quality_transitions = {}  # name -> Transition

    # ------------------------------------------------------------------
    # numbering
    # ------------------------------------------------------------------
    @api.model
    def _quality_set_references(self, vals_list, code, day_of=None):
        """The reference of each new record sent without one, from the
        sequence ``code``, dated ``day_of(vals)``, else the company's today
        (a register's year starts at the company's midnight, not the
        server's: Odoo's sequence would take the UTC day)."""
        Sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("reference", NO_REFERENCE) == NO_REFERENCE:
                day = (day_of and day_of(vals)) or self._quality_company_today(vals)
                vals["reference"] = Sequence.next_by_code(code, sequence_date=day) or NO_REFERENCE

    # ------------------------------------------------------------------
    # transitions
    # ------------------------------------------------------------------
    def _quality_reason(self, reason, message):
        """The reason a step was given (send back, reset, reopen...), as text;
        ``message`` (a UserError) without one."""
        if not shows_something(reason):
            raise UserError(message)
        return reason.strip()

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

    @api.model
    def _quality_company_today(self, vals):
        """The today of the company of a record to create (``vals``)."""
        company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
        return company._quality_today()

    def _quality_stamp_day(self):
        """The day a step is dated with: its company's today, as periods
        count days (not the user's nor the server's)."""
        company = self[:1].company_id if "company_id" in self._fields else None
        return (company or self.env.company)._quality_today()

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
                vals[date_field] = self._quality_stamp_day()
        for name_ in spec.clear:
            vals.setdefault(name_, False)
        if spec.reason:
            reason = self._quality_reason(
                reason,
                self.env._(
                    "Give the reason for this step on %(record)s: it is kept in its history.",
                    record=", ".join(self.mapped("display_name")),
                ),
            )
        if spec.seal == UNSEAL:
            # released before the content changes
            self.filtered(lambda r: r._quality_is_sealed())._quality_add_seals(UNSEAL, reason)
        self._quality_write(vals)
        if spec.seal == SEAL:
            self._quality_add_seals(SEAL, reason)
        if spec.reason:
            for record in self:
                with_step_note(record).message_post(
                    body=self.env._(
                        "Now %(state)s. Reason: %(reason)s",
                        state=record._quality_state_label(),
                        reason=reason,
                    ),
                    subtype_xmlid=STEP_BACK_SUBTYPE,
                )
        return True

    def _quality_went_back(self):
        """The records taken back once from what they were recorded as: their
        trail says so, and they are kept like those sealed."""
        subtype = self.env["ir.model.data"]._xmlid_to_res_id(STEP_BACK_SUBTYPE)
        messages = (
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("subtype_id", "=", subtype),
                ],
                ["res_id"],
            )
        )
        return self.browse(res_id for (res_id,) in messages)
