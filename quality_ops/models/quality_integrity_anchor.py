from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_datetime
from odoo.tools.translate import LazyTranslate

from ..integrity import SEAL, UNSEAL

_lt = LazyTranslate(__name__)


class QualityIntegrityAnchor(models.Model):
    """Where a chain stood when a record was sealed, kept outside the chain.

    Written with each seal, in the same transaction, and printed on the
    record's PDF: a seal deleted or replaced in the database leaves its anchor
    behind, and *Verify Integrity* compares the chain with its anchors (and
    with the heads earlier verifications saw).  Never changed afterwards.
    """

    _name = "quality_ops.integrity.anchor"
    _inherit = ["quality_ops.kept.mixin"]
    _quality_kept_changed = _lt("An integrity anchor is never changed.")
    _quality_kept_deleted = _lt("An integrity anchor is never deleted.")
    _description = "Integrity Anchor"
    _order = "company_id, chain, sequence"
    _rec_name = "record_name"

    company_id = fields.Many2one(comodel_name="res.company", required=True, index=True)
    chain = fields.Char(required=True)
    sequence = fields.Integer(string="Seal No.", required=True)
    event = fields.Selection([(SEAL, "Sealed"), (UNSEAL, "Released")], required=True)
    hash = fields.Char(required=True)
    res_model = fields.Char(string="Model", required=True, index=True)
    res_id = fields.Integer(string="Record ID", required=True, index=True)
    record_name = fields.Char(string="Record")

    # not unique: a seal appended where a deleted one stood is anchored beside
    # the anchor of the deleted one, which Verify then names
    _chain_sequence_index = models.Index("(company_id, chain, sequence)")

    def init(self):
        # seals made before anchors existed: anchored once, where they stand
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO quality_ops_integrity_anchor
                    (company_id, chain, sequence, event, hash, res_model, res_id, record_name,
                     create_uid, create_date, write_uid, write_date)
                SELECT company_id, chain, sequence, event, hash, res_model, res_id, record_name,
                       create_uid, create_date, write_uid, write_date
                  FROM quality_ops_integrity_seal
                 WHERE NOT EXISTS (SELECT 1 FROM quality_ops_integrity_anchor)
                """
            )
        )

    @api.model
    def _anchor(self, seals):
        """Anchor ``seals`` (just appended) as they are."""
        return self.sudo().create(
            [
                {
                    "company_id": seal.company_id.id,
                    "chain": seal.chain,
                    "sequence": seal.sequence,
                    "event": seal.event,
                    "hash": seal.hash,
                    "res_model": seal.res_model,
                    "res_id": seal.res_id,
                    "record_name": seal.record_name,
                }
                for seal in seals
            ]
        )

    @api.model
    def _printed(self, record):
        """The line a PDF of ``record`` prints under its content: the seal the
        record was last sealed with, its chain and hash; empty when the record
        is not sealed (never sealed, or released by a reset)."""
        if not isinstance(record, models.BaseModel) or len(record) != 1:
            return ""
        if not getattr(record, "_quality_seal_fields", ()):
            return ""
        anchor = self.sudo().search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)],
            order="id desc",
            limit=1,
        )
        if anchor.event != SEAL:
            return ""
        return self.env._(
            "Integrity seal No. %(sequence)s of the chain %(chain)s of %(company)s,"
            " sealed on %(date)s. Hash: %(hash)s",
            sequence=anchor.sequence,
            chain=self.env["ir.model"]._get(anchor.chain).name or anchor.chain,
            company=anchor.company_id.name,
            date=format_datetime(self.env, anchor.create_date),
            hash=anchor.hash,
        )
