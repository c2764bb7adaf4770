"""The vendor case and evaluation rules a client could try to break over JSON-RPC."""

from odoo.tests import HttpCase, tagged

from .common import JsonRpcCalls, local
from .vendor_common import VendorCommon


@tagged("post_install", "-at_install")
class TestVendorOverRpc(JsonRpcCalls, VendorCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "engineer": cls.vc_engineer,
            "other": cls.vc_other,
            "officer": cls.officer,
            "manager": cls.manager,
        }
        for user in cls.users.values():
            user.password = user.login
        cls.case = cls.make_case(cls.vendor_a, (2024, 5, 6, 9, 0), responded=1, resolved=5)

    def test_closed_case_is_kept_as_closed(self):
        self.call("engineer", self.case._name, "action_close", self.case.ids)
        self.assertEqual(self.case.state, "closed")
        for vals in (
            {"resolved_at": "2024-05-06 07:00:00"},
            {"closed_at": False},
            {"attachment_ids": [(5, 0, 0)]},
        ):
            self.assert_refused("engineer", self.case._name, "write", self.case.ids, vals)
        self.assert_refused("engineer", self.case._name, "unlink", self.case.ids)
        self.assert_refused("engineer", self.case._name, "action_reopen", self.case.ids)
        self.assertEqual(self.case.resolved_at, local(2024, 5, 6, 14, 0))

    def test_others_cannot_reach_the_case_nor_the_figures(self):
        self.assert_refused("other", self.case._name, "read", self.case.ids, ["name"])
        self.assert_refused(
            "other", self.case._name, "write", self.case.ids, {"vendor_reference": "x"}
        )
        self.assert_refused(
            "engineer", "quality_ops.vendor.report", "search_read", [], ["case_count"]
        )
        self.assert_refused(
            "engineer",
            "quality_ops.supplier.evaluation",
            "create",
            {"partner_id": self.vendor_a.id, "year": 2024},
        )

    def test_evaluation_figures_and_approval_only_by_their_steps(self):
        evaluation = self.call(
            "officer",
            "quality_ops.supplier.evaluation",
            "create",
            {"partner_id": self.vendor_a.id, "year": 2024},
        )
        model = "quality_ops.supplier.evaluation"
        self.assert_refused("officer", model, "write", [evaluation], {"case_count": 50})
        self.assert_refused("officer", model, "write", [evaluation], {"state": "approved"})
        self.assert_refused("officer", model, "action_approve", [evaluation])
        self.call(
            "officer",
            model,
            "write",
            [evaluation],
            {"score_service": 90, "score_cooperation": 90, "score_technical": 90, "comment": "ok"},
        )
        self.call("manager", model, "action_approve", [evaluation])
        self.assert_refused("officer", model, "write", [evaluation], {"comment": "changed"})
        record = self.env[model].browse(evaluation)
        self.assertEqual((record.state, record.comment, record.case_count), ("approved", "ok", 1))
