from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..integrity import SEAL, UNSEAL, chain_hash

_lt = LazyTranslate(__name__)


class QualityIntegritySeal(models.Model):
    """One link of a company's integrity chain of approved quality records.

    Appended when a plan, report, audit or management review is approved or
    closed (seal), or reset with a reason (unseal); never changed afterwards.
    """

    _name = "quality_ops.integrity.seal"
    _inherit = ["quality_ops.kept.mixin"]
    _quality_kept_changed = _lt("An integrity seal is never changed.")
    _quality_kept_deleted = _lt("An integrity seal is never deleted.")
    _description = "Integrity Seal"
    _order = "company_id, chain, sequence"
    _rec_name = "record_name"

    company_id = fields.Many2one(comodel_name="res.company", required=True, index=True)
    chain = fields.Char(required=True, help="The kind of record the chain holds.")
    chain_label = fields.Char(string="Kind of Record", compute="_compute_chain_label")
    sequence = fields.Integer(required=True)
    event = fields.Selection([(SEAL, "Sealed"), (UNSEAL, "Released")], required=True)
    res_model = fields.Char(string="Model", required=True, index=True)
    res_id = fields.Integer(string="Record ID", required=True, index=True)
    record_name = fields.Char(string="Record")
    version = fields.Integer()
    digest = fields.Char(string="Content Digest", required=True)
    previous_hash = fields.Char()
    hash = fields.Char(required=True)
    user_id = fields.Many2one(comodel_name="res.users", string="By")
    reason = fields.Text()

    _chain_sequence_unique = models.UniqueIndex(
        "(company_id, chain, sequence)", "A chain has one seal per sequence number."
    )

    @api.depends_context("lang")
    @api.depends("chain")
    def _compute_chain_label(self):
        """The chain named by the kind of record it holds, in the reader's
        language (its key is a model's technical name)."""
        for seal in self:
            seal.chain_label = self.env["ir.model"]._get(seal.chain).name or seal.chain

    @api.model
    def _append(self, records, event, reason=None):
        """Seal (or release) ``records``, chained per company and kind; a
        transaction-level lock per chain keeps concurrent approvals in order.
        Each new seal is anchored (``quality_ops.integrity.anchor``)."""
        created = self.browse()
        for company in records.company_id:
            members = records.filtered(lambda r, c=company: r.company_id == c).sorted("id")
            chain = members._quality_chain()
            self.env.cr.execute(
                SQL(
                    "SELECT pg_advisory_xact_lock(hashtext(%s))",
                    f"quality_ops.seal:{company.id}:{chain}",
                )
            )
            self.flush_model()
            self.env.cr.execute(
                SQL(
                    "SELECT sequence, hash FROM quality_ops_integrity_seal"
                    " WHERE company_id = %s AND chain = %s ORDER BY sequence DESC LIMIT 1",
                    company.id,
                    chain,
                )
            )
            row = self.env.cr.fetchone()
            sequence, previous = row if row else (0, "")
            vals_list = []
            for record in members:
                content_digest = record._quality_digest()
                sequence += 1
                new_hash = chain_hash(previous, event, record._name, record.id, content_digest)
                vals_list.append(
                    {
                        "company_id": company.id,
                        "chain": chain,
                        "sequence": sequence,
                        "event": event,
                        "res_model": record._name,
                        "res_id": record.id,
                        "record_name": record.display_name,
                        "version": record._quality_seal_version(),
                        "digest": content_digest,
                        "previous_hash": previous,
                        "hash": new_hash,
                        "user_id": self.env.user.id,
                        "reason": reason or False,
                    }
                )
                previous = new_hash
            created |= self.create(vals_list)
        # the head the chain reached, anchored outside it in the same transaction
        self.env["quality_ops.integrity.anchor"]._anchor(created)
        return created
