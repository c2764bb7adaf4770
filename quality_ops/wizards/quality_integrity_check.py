from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_datetime

from ..integrity import (
    ANCHOR_MISMATCH,
    CHAIN_BROKEN,
    CHAIN_TRUNCATED,
    CONTENT_CHANGED,
    RECORD_MISSING,
    anchor_problems,
    sealed_now,
    verify_chain,
)
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.group_guard import uninstalling
from ..tools.workflow_pass import has_pass, with_pass, without_context_defaults

PROBLEMS = [
    (CONTENT_CHANGED, "Content changed since it was sealed"),
    (CHAIN_BROKEN, "Seal altered or missing in the chain"),
    (RECORD_MISSING, "Sealed record deleted"),
    (CHAIN_TRUNCATED, "Chain truncated: an anchored seal is gone"),
    (ANCHOR_MISMATCH, "Seal differs from its anchor"),
]


class QualityIntegrityCheck(models.Model):
    """Verify Integrity: every sealed record of the user's companies against its
    seal, every chain against its hashes and its head against its anchors.

    A result is kept as Verify found it, with its author and time: nobody
    edits or deletes it, and running Verify again makes a new result (whose
    chain rows are anchors the next verifications compare with)."""

    _name = "quality_ops.integrity.check"
    _description = "Integrity Verification"
    _order = "checked_at desc, id desc"

    checked_at = fields.Datetime(readonly=True, index=True)
    user_id = fields.Many2one(comodel_name="res.users", default=lambda s: s.env.user, readonly=True)
    company_ids = fields.Many2many(
        comodel_name="res.company", default=lambda s: s.env.companies, readonly=True
    )
    seal_count = fields.Integer(string="Seals Checked", readonly=True)
    record_count = fields.Integer(string="Sealed Records Checked", readonly=True)
    line_ids = fields.One2many(
        comodel_name="quality_ops.integrity.check.line", inverse_name="check_id", readonly=True
    )
    chain_ids = fields.One2many(
        comodel_name="quality_ops.integrity.check.chain", inverse_name="check_id", readonly=True
    )
    problem_count = fields.Integer(string="Problems", readonly=True)
    is_clean = fields.Boolean(string="Verified Clean", readonly=True)

    @api.depends("checked_at")
    def _compute_display_name(self):
        for check in self:
            if check.checked_at:
                check.display_name = self.env._(
                    "Integrity verification of %(date)s",
                    date=format_datetime(self.env, check.checked_at),
                )
            else:
                check.display_name = self.env._("Integrity verification")

    # a verification is what the server found, never what a client typed
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        sent = any(vals for vals in vals_list) or any(
            key.startswith("default_") for key in self.env.context
        )
        if sent and not has_pass(self, creating=True):
            raise UserError(self.env._("A verification is made by Verify, not typed."))
        return super().create(vals_list)

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        # only Verify fills a result, once: the empty one its author opened
        if not has_pass(self) or any(self.mapped("checked_at")):
            raise UserError(self.env._("A verification is made by Verify, not typed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if uninstalling(self.env):
            return
        raise UserError(self.env._("A verification is kept: it is never deleted."))

    @arguments()
    def action_verify(self):
        self.ensure_one()
        self = without_context_defaults(self)
        # read what the database holds now, not what this transaction cached
        self.env.invalidate_all()
        # a run fills the empty result its own author opened; any other run,
        # on a result already made or on someone else's, makes a new one
        if self.checked_at or self.create_uid != self.env.user:
            result = self.create({})
        else:
            result = self
        with_pass(result.sudo()).write(result._verify())
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Verify Integrity"),
            "res_model": self._name,
            "res_id": result.id,
            "view_mode": "form",
            "target": "new",
        }

    def _verify(self):
        """The values of a result: what the database holds now."""
        companies = self.env.companies
        Seal = self.env["quality_ops.integrity.seal"].sudo()
        seals = Seal.search([("company_id", "in", companies.ids)])
        chains = defaultdict(list)
        for seal in seals:
            chains[(seal.company_id.id, seal.chain)].append(seal)
        anchors = defaultdict(list)
        for anchor in (
            self.env["quality_ops.integrity.anchor"]
            .sudo()
            .search([("company_id", "in", companies.ids)])
        ):
            anchors[(anchor.company_id.id, anchor.chain)].append(anchor)
        seen = self._heads_seen(companies)
        problems, chain_rows, record_count = [], [], 0
        for company_id, chain in sorted(set(chains) | set(anchors) | set(seen)):
            key = (company_id, chain)
            members = chains.get(key, [])
            where = {"company_id": company_id, "chain": chain}
            entries = [
                (s.sequence, s.event, s.res_model, s.res_id, s.digest, s.hash) for s in members
            ]
            by_sequence = {s.sequence: s for s in members}
            broken = verify_chain(entries)
            for sequence in broken:
                seal = by_sequence.get(sequence)
                problems.append(
                    {
                        **where,
                        "sequence": sequence,
                        "res_model": seal.res_model if seal else False,
                        "res_id": seal.res_id if seal else 0,
                        "record_name": seal.record_name if seal else False,
                        "problem": CHAIN_BROKEN,
                    }
                )
            sealed = sealed_now(entries)
            last_seal = {(s.res_model, s.res_id): s for s in members if s.event == "seal"}
            changed = 0
            for (res_model, res_id), stored_digest in sealed.items():
                record_count += 1
                seal = last_seal[(res_model, res_id)]
                record = self.env[res_model].sudo().with_context(active_test=False).browse(res_id)
                problem = None
                if not record.exists():
                    problem = RECORD_MISSING
                elif record._quality_digest() != stored_digest:
                    problem = CONTENT_CHANGED
                if problem:
                    changed += 1
                    problems.append(
                        {
                            **where,
                            "sequence": seal.sequence,
                            "res_model": res_model,
                            "res_id": res_id,
                            "record_name": seal.record_name,
                            "sealed_at": seal.create_date,
                            "problem": problem,
                        }
                    )
            # the head against the anchors kept outside the chain
            heads = {s.sequence: s.hash for s in members}
            end = max(heads, default=0)
            marks = [(a.sequence, a.hash, a) for a in anchors.get(key, [])]
            if key in seen:
                marks.append(seen[key])
            unanchored = anchor_problems(heads, marks)
            for mark, problem in unanchored:
                line = {**where, "problem": problem, "chain_end": end}
                if isinstance(mark, models.BaseModel):
                    line.update(
                        sequence=mark.sequence,
                        res_model=mark.res_model,
                        res_id=mark.res_id,
                        record_name=mark.record_name,
                        sealed_at=mark.create_date,
                    )
                else:
                    _kind, sequence, checked_at = mark
                    line.update(sequence=sequence, seen_at=checked_at)
                problems.append(line)
            chain_rows.append(
                {
                    **where,
                    "seal_count": len(members),
                    "first_sealed": members[0].create_date if members else False,
                    "last_sealed": members[-1].create_date if members else False,
                    "record_count": len(sealed),
                    "head_sequence": end,
                    "head_hash": heads.get(end, False),
                    "problem_count": len(broken) + changed + len(unanchored),
                }
            )
        return {
            "checked_at": fields.Datetime.now(),
            "user_id": self.env.user.id,
            "company_ids": [(6, 0, companies.ids)],
            "seal_count": len(seals),
            "record_count": record_count,
            "line_ids": [(0, 0, vals) for vals in problems],
            "chain_ids": [(0, 0, vals) for vals in chain_rows],
            "problem_count": len(problems),
            "is_clean": not problems,
        }

    @api.model
    def _heads_seen(self, companies):
        """``{(company_id, chain): (sequence, hash, ("seen", sequence, checked_at))}``: the
        furthest head of each chain an earlier verification saw (the latest
        such verification)."""
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (row.company_id, row.chain)
                       row.company_id, row.chain, row.head_sequence, row.head_hash,
                       result.checked_at
                  FROM quality_ops_integrity_check_chain row
                  JOIN quality_ops_integrity_check result ON result.id = row.check_id
                 WHERE row.company_id IN %s
                   AND result.checked_at IS NOT NULL
                   AND row.head_sequence > 0
                 ORDER BY row.company_id, row.chain, row.head_sequence DESC,
                          result.checked_at DESC, result.id DESC
                """,
                tuple(companies.ids),
            )
        )
        return {
            (company_id, chain): (sequence, head_hash, ("seen", sequence, checked_at))
            for company_id, chain, sequence, head_hash, checked_at in self.env.cr.fetchall()
        }

    @arguments()
    def action_print(self):
        return self.env.ref("quality_ops.action_report_integrity_check").report_action(self)
