"""A step that takes a record back from what it was recorded as (reopen,
reset, cancel, send back) is made with a reason, kept in its history: one
rule, declared on the step, enforced by the workflow for every model and
every client; one dialog asks for it."""

import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.quality_ops.quality_ops.integrity import UNSEAL

from .common import JsonRpcCalls, reason_wizard
from .people_common import PeopleCommon
from .vendor_common import VendorCommon

EXPIRY = datetime.date(2031, 6, 1)


def workflow_steps(env):
    """(model, step name, step) of every workflow model."""
    for name in env.registry.descendants(["quality_ops.workflow.mixin"], "_inherit"):
        model = env[name]
        if model._abstract:
            continue
        for step_name, step in model._quality_transitions.items():
            yield name, step_name, step


@tagged("post_install", "-at_install")
class TestStepReasons(PeopleCommon):
    def test_every_step_that_releases_a_seal_or_leaves_a_kept_state_asks_a_reason(self):
        """What was sealed or frozen as evidence goes back only with a reason;
        the steps whose caller gives none are the forward ones."""
        checked, missing = 0, []
        for name, step_name, step in workflow_steps(self.env):
            model = self.env[name]
            kept = set(model._quality_frozen_states) | {"closed", "approved", "verified"}
            goes_back = step.seal == UNSEAL or (
                set(step.sources) & kept and step.target is not None and step.target not in kept
            )
            # an action found not effective goes back to its owner with the
            # verifier's note, a step of the verification, not a reopening
            if goes_back and (name, step_name) != ("quality_ops.action", "reopen"):
                checked += 1
                if not step.reason:
                    missing.append(f"{name}: {step_name}")
        self.assertEqual(missing, [], "these steps must ask a reason")
        self.assertGreaterEqual(checked, 10)

    def test_a_verified_certificate_is_reopened_with_its_reason_kept(self):
        cert = self.make_certificate(self.member, self.type_a, "R-1", expiry=EXPIRY)
        # spaces, zero-width characters, a BOM, a blank Hangul letter: no reason
        for reason in (None, "", "   ", "\u3000", "\u200b\u2060", "\ufeff", "\u3164", "\u00ad\n"):
            with self.assertRaisesRegex(UserError, "reason"):
                cert.with_user(self.manager).action_reopen(reason)
        self.assertEqual(cert.state, "verified")
        cert.with_user(self.manager).action_reopen("  The number was mistyped ")
        self.assertEqual(cert.state, "draft")
        note = cert.message_ids.filtered(lambda m: "mistyped" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("The number was mistyped", note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)

    def test_a_record_taken_back_is_kept_even_as_a_draft(self):
        cert = self.make_certificate(self.member, self.type_a, "R-4", expiry=EXPIRY)
        cert.with_user(self.manager).action_reopen("Wrong issuer")
        self.assertEqual(cert.state, "draft")
        with self.assertRaisesRegex(UserError, "never approved"):
            cert.with_user(self.manager).unlink()
        self.assertTrue(cert.exists())
        # a draft that never was verified goes
        draft = self.make_certificate(self.member, self.type_a, "R-5", verify=False)
        draft.with_user(self.manager).unlink()
        self.assertFalse(draft.exists())

    def test_only_the_step_writes_the_taken_back_note(self):
        """The note is the mark that keeps a record: no other post writes one,
        whoever posts, the superuser included."""
        draft = self.make_certificate(self.member, self.type_a, "R-6", verify=False)
        for poster in (draft.with_user(self.manager), draft.sudo()):
            with self.assertRaisesRegex(UserError, "Taken Back"):
                poster.message_post(body="Reopened", subtype_xmlid="quality_ops.mt_step_back")
        self.assertFalse(draft._quality_went_back())
        draft.with_user(self.manager).unlink()
        self.assertFalse(draft.exists())

    def test_the_dialog_makes_the_step_of_the_button_and_keeps_the_reason(self):
        plan = self.make_training_plan()
        session = self.make_session(plan, datetime.date(2024, 3, 4), 2, [(self.member, True)])
        session.with_user(self.officer).action_done()
        wizard = reason_wizard(self.manager, session, "action_reopen", "A score was mistyped")
        self.assertEqual(wizard.records_shown, session.display_name)
        wizard.action_confirm()
        self.assertEqual(session.state, "planned")
        kept = session.message_ids.filtered(lambda m: "A score was mistyped" in (m.body or ""))
        self.assertEqual(kept.author_id, self.manager.partner_id)
        # confirmed once: the dialog is gone with what it did
        self.assertFalse(wizard.exists())

    def test_a_dialog_is_its_users_own(self):
        cert = self.make_certificate(self.member, self.type_a, "R-6", expiry=EXPIRY)
        wizard = reason_wizard(self.manager, cert, "action_reopen", "Private reason")
        for other in (self.officer, self.outsider):
            with self.assertRaises(AccessError):
                wizard.with_user(other).read(["reason"])
            with self.assertRaises(AccessError):
                wizard.with_user(other).write({"reason": "Mine now"})
        self.assertEqual(cert.state, "verified")

    def test_the_dialog_shows_only_what_its_user_may_read(self):
        cert = self.make_certificate(self.member, self.type_a, "R-7", expiry=EXPIRY)
        wizard = reason_wizard(self.outsider, cert, "action_reopen", "Curious")
        self.assertEqual(wizard.records_shown, "")
        self.assertEqual(
            reason_wizard(self.om, cert, "action_reopen", "x").records_shown, cert.display_name
        )

    def test_the_dialog_checks_who_makes_the_step(self):
        cert = self.make_certificate(self.member, self.type_a, "R-2", expiry=EXPIRY)
        wizard = reason_wizard(self.officer, cert, "action_reopen", "I may not")
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertEqual(cert.state, "verified")

    def test_the_dialog_makes_no_other_call_than_a_step_with_a_reason(self):
        cert = self.make_certificate(self.member, self.type_a, "R-3", expiry=EXPIRY)
        forged = [
            (cert, "unlink"),  # a public method that takes no reason
            (cert, "action_verify"),  # a step without a reason
            (cert, "_quality_write"),  # a private method
            (cert, "write"),
            (self.manager, "action_reset_password"),  # not a quality record
        ]
        for records, method in forged:
            wizard = reason_wizard(self.manager, records, method, "forged")
            with self.assertRaisesRegex(UserError, "reason to a step"):
                wizard.action_confirm()
        for res_ids in (cert.id, [str(cert.id)], [-1]):
            wizard = reason_wizard(self.manager, cert, "action_reopen", "ids")
            wizard.res_ids = res_ids
            with self.assertRaises(UserError):
                wizard.action_confirm()
        gone = self.make_certificate(self.member, self.type_a, "R-8", verify=False)
        wizard = reason_wizard(self.manager, gone, "action_reopen", "gone")
        gone.unlink()
        with self.assertRaisesRegex(UserError, "no longer exist"):
            wizard.action_confirm()
        self.assertTrue(cert.exists())
        self.assertEqual(cert.state, "verified")


@tagged("post_install", "-at_install")
class TestStepReasonsOverRpc(JsonRpcCalls, VendorCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {"engineer": cls.vc_engineer, "officer": cls.officer}
        for user in cls.users.values():
            user.password = user.login
        cls.case = cls.make_case(cls.vendor_a, (2024, 5, 6, 9, 0), responded=1, resolved=5)
        cls.case.with_user(cls.vc_engineer).action_close()

    def test_a_closed_case_is_reopened_over_rpc_only_with_a_reason(self):
        for args in ((), ("",), (" \n ",)):
            refused = self.assert_refused(
                "officer", self.case._name, "action_reopen", self.case.ids, *args
            )
            self.assertEqual(refused, "odoo.exceptions.UserError")
        self.assertEqual(self.case.state, "closed")
        self.call("officer", self.case._name, "action_reopen", self.case.ids, "The fault came back")
        self.case.invalidate_recordset()
        self.assertEqual(self.case.state, "resolved")
        released = self.env["quality_ops.integrity.seal"].search(
            [("res_model", "=", self.case._name), ("res_id", "=", self.case.id)],
            order="sequence desc",
            limit=1,
        )
        self.assertEqual((released.event, released.reason), (UNSEAL, "The fault came back"))

    def test_the_dialog_over_rpc_refuses_a_forged_method(self):
        wizard_id = self.call(
            "officer",
            "quality_ops.reason.wizard",
            "create",
            {
                "res_model": self.case._name,
                "res_ids": self.case.ids,
                "method": "action_close",
                "reason": "forged",
            },
        )
        refused = self.assert_refused(
            "officer", "quality_ops.reason.wizard", "action_confirm", [wizard_id]
        )
        self.assertEqual(refused, "odoo.exceptions.UserError")
        self.assertEqual(self.case.state, "closed")
