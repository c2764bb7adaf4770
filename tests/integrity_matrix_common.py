"""The role matrix's fixture: every quality model x every role x every
operation, the expected outcome of each cell (see the test_integrity_matrix*
modules, one per group of records)."""

import copy

from odoo.tests import TransactionCase

from .integrity_common import QD, ROLES, IntegrityFixture

QUALITY = (*QD, "lead", "engineer")

NOBODY = ()
LEAD_UP = (*QD, "lead")


def on(record, env):
    return record.with_env(env)


class Case:
    """One operation, ``func(env)``, and the roles ``allowed`` to make it."""

    def __init__(self, name, func, allowed):
        self.name = name
        self.func = func
        self.allowed = allowed


# the operations most cells make; the values are copied for each role, as
# ``create`` and ``write`` may complete the dictionary they are sent
def creates(name, model, vals, allowed):
    return Case(name, lambda env: env[model].create(copy.deepcopy(vals)), allowed)


def writes(name, record, vals, allowed):
    return Case(name, lambda env: on(record, env).write(copy.deepcopy(vals)), allowed)


def deletes(name, record, allowed):
    return Case(name, lambda env: on(record, env).unlink(), allowed)


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
