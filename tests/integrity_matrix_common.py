"""The role matrix's fixture: every quality model x every role x every
operation, the expected outcome of each cell (see the test_integrity_matrix*
modules, one per group of records)."""

from odoo.tests import TransactionCase

from .integrity_common import QD, ROLES, IntegrityFixture

QUALITY = (*QD, "lead", "engineer")

NOBODY = ()
LEAD_UP = (*QD, "lead")


def on(record, env):
    return record.with_env(env)


class Case:
    def __init__(self, name, func, allowed):
        self.name = name
        self.func = func
        self.allowed = allowed


class IntegrityMatrixCase(IntegrityFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_all()
        cls.seal = cls.env["quality_ops.integrity.seal"].search(
            [("res_id", "=", cls.plan_approved.id), ("res_model", "=", "quality_ops.plan")]
        )
        cls.escalation = cls.env["quality_ops.escalation"].search(
            [("complaint_id", "=", cls.complaint.id)], limit=1
        )
        assert cls.seal and cls.escalation

    def run_cases(self, cases):
        failures = []
        for case in cases:
            for role in ROLES:
                env = self.env(user=self.users[role])
                expected = "ok" if role in case.allowed else "no"
                got = self.attempt(lambda case=case, env=env: case.func(env))
                if got != expected:
                    failures.append(f"{case.name} as {role}: expected {expected}, got {got}")
        self.assertFalse(failures, "\n".join(failures))
