from odoo import api, fields, models
from odoo.exceptions import UserError

from ..integrity import CHAIN_BROKEN, CONTENT_CHANGED, RECORD_MISSING, sealed_now, verify_chain
from ..models.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..models.quality_workflow_mixin import has_pass, with_pass

PROBLEMS = [
    (CONTENT_CHANGED, "Content changed since it was sealed"),
    (CHAIN_BROKEN, "Seal altered or missing in the chain"),
    (RECORD_MISSING, "Sealed record deleted"),
]


class QualityIntegrityCheck(models.TransientModel):
    """Verify Integrity: every sealed record of the user's companies against its
    seal, and every chain against its hashes."""

    _name = "quality_ops.integrity.check"
    _description = "Integrity Verification"

    checked_at = fields.Datetime(readonly=True)
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
    is_clean = fields.Boolean(string="Verified Clean", readonly=True)

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
        if not has_pass(self):
            raise UserError(self.env._("A verification is made by Verify, not typed."))
        return super().write(vals)

    @arguments()
    def action_verify(self):
        self.ensure_one()
        Seal = self.env["quality_ops.integrity.seal"].sudo()
        # read what the database holds now, not what this transaction cached
        self.env.invalidate_all()
        companies = self.env.companies
        seals = Seal.search([("company_id", "in", companies.ids)])
        chains = {}
        for seal in seals:
            chains.setdefault((seal.company_id, seal.chain), []).append(seal)
        problems, chain_rows, record_count = [], [], 0
        for (company, chain), members in sorted(
            chains.items(), key=lambda item: (item[0][0].id, item[0][1])
        ):
            entries = [
                (s.sequence, s.event, s.res_model, s.res_id, s.digest, s.hash) for s in members
            ]
            by_sequence = {s.sequence: s for s in members}
            broken = verify_chain(entries)
            for sequence in broken:
                seal = by_sequence.get(sequence)
                problems.append(
                    {
                        "company_id": company.id,
                        "chain": chain,
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
                            "company_id": company.id,
                            "chain": chain,
                            "sequence": seal.sequence,
                            "res_model": res_model,
                            "res_id": res_id,
                            "record_name": seal.record_name,
                            "sealed_at": seal.create_date,
                            "problem": problem,
                        }
                    )
            chain_rows.append(
                {
                    "company_id": company.id,
                    "chain": chain,
                    "chain_label": self.env["ir.model"]._get(chain).name or chain,
                    "seal_count": len(members),
                    "first_sealed": members[0].create_date,
                    "last_sealed": members[-1].create_date,
                    "record_count": len(sealed),
                    "problem_count": len(broken) + changed,
                }
            )
        with_pass(self).write(
            {
                "checked_at": fields.Datetime.now(),
                "user_id": self.env.user.id,
                "company_ids": [(6, 0, companies.ids)],
                "seal_count": len(seals),
                "record_count": record_count,
                "line_ids": [(5, 0, 0)] + [(0, 0, vals) for vals in problems],
                "chain_ids": [(5, 0, 0)] + [(0, 0, vals) for vals in chain_rows],
                "is_clean": not problems,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @arguments()
    def action_print(self):
        return self.env.ref("quality_ops.action_report_integrity_check").report_action(self)
