from odoo import api, fields, models
from odoo.tools.misc import format_datetime

from ..integrity import ANCHOR_MISMATCH, CHAIN_TRUNCATED
from ..tools.argument_guard import arguments
from .quality_integrity_check import PROBLEMS


class QualityIntegrityCheckLine(models.Model):
    """A problem a verification found; kept as found, like its result."""

    _name = "quality_ops.integrity.check.line"
    _inherit = ["quality_ops.integrity.check.row.mixin"]
    _description = "Integrity Verification: Problem"
    _order = "company_id, chain, sequence"

    company_id = fields.Many2one(comodel_name="res.company")
    chain = fields.Char()
    sequence = fields.Integer(string="Seal No.")
    res_model = fields.Char(string="Model")
    res_id = fields.Integer(string="Record ID")
    record_name = fields.Char(string="Record")
    sealed_at = fields.Datetime()
    problem = fields.Selection(PROBLEMS)
    # a chain that no longer holds an anchored seal: where it ends now, and the
    # verification that saw it further (empty when a record's anchor says so)
    chain_end = fields.Integer(string="Chain Ends At")
    seen_at = fields.Datetime(string="Seen by the Verification of")
    detail = fields.Char(string="Details", compute="_compute_detail")

    @arguments()
    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    @api.depends("record_name", "problem")
    def _compute_display_name(self):
        labels = dict(self._fields["problem"]._description_selection(self.env))
        for line in self:
            line.display_name = f"{line.record_name or ''}: {labels.get(line.problem, '')}"

    @api.depends_context("lang", "tz")
    @api.depends("problem", "chain", "company_id", "sequence", "chain_end", "seen_at")
    def _compute_detail(self):
        """What an anchor says of the chain, in the reader's language."""
        for line in self:
            args = {
                "chain": self.env["ir.model"]._get(line.chain).name or line.chain or "",
                "company": line.company_id.sudo().name or "",
                "end": line.chain_end,
                "sequence": line.sequence,
                "record": line.record_name or "",
                "date": format_datetime(self.env, line.seen_at) if line.seen_at else "",
            }
            if line.problem == CHAIN_TRUNCATED and line.seen_at:
                line.detail = self.env._(
                    "Chain %(chain)s of %(company)s ends at seal No. %(end)s but the"
                    " verification of %(date)s saw seal No. %(sequence)s.",
                    **args,
                )
            elif line.problem == CHAIN_TRUNCATED:
                line.detail = self.env._(
                    "Chain %(chain)s of %(company)s ends at seal No. %(end)s but"
                    " %(record)s was sealed as No. %(sequence)s.",
                    **args,
                )
            elif line.problem == ANCHOR_MISMATCH and line.seen_at:
                line.detail = self.env._(
                    "Seal No. %(sequence)s of chain %(chain)s of %(company)s is not the one"
                    " the verification of %(date)s saw.",
                    **args,
                )
            elif line.problem == ANCHOR_MISMATCH:
                line.detail = self.env._(
                    "Seal No. %(sequence)s of chain %(chain)s of %(company)s is not the one"
                    " %(record)s was sealed with.",
                    **args,
                )
            else:
                line.detail = False
