"""The appraisal's privacy and rules as a plain JSON-RPC client meets them."""

from odoo.tests import HttpCase, tagged

from .appraisal_common import MONTH, AppraisalCommon
from .common import JsonRpcCalls


@tagged("post_install", "-at_install")
class TestAppraisalOverRpc(JsonRpcCalls, AppraisalCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in cls.users.values():
            user.password = user.login
        cls.mine = cls.appraise(cls, cls.eng_a)
        cls.theirs = cls.appraise(cls, cls.eng_b)

    def test_engineer_reads_only_his_figures_and_appraisal(self):
        rows = self.call(
            "eng_a",
            "quality_ops.measurement",
            "search_read",
            [("scope", "=", "engineer"), ("date_from", "=", str(MONTH))],
            ["user_id", "value"],
        )
        self.assertTrue(rows)
        self.assertEqual({row["user_id"][0] for row in rows}, {self.eng_a.id})
        appraisals = self.call("eng_a", "quality_ops.appraisal", "search_read", [], ["user_id"])
        self.assertEqual([row["id"] for row in appraisals], self.mine.ids)
        self.assert_refused(
            "eng_a", "quality_ops.appraisal", "read", self.theirs.ids, ["total_score"]
        )
        figure = self.figure(self.resp, self.eng_b)
        self.assert_refused("eng_a", "quality_ops.measurement", "read", figure.ids, ["value"])
        rows = self.call(
            "om",
            "quality_ops.measurement",
            "search_read",
            [("scope", "=", "engineer")],
            ["user_id"],
        )
        self.assertEqual(
            {row["user_id"][0] for row in rows if row["user_id"]}, {self.eng_a.id, self.eng_b.id}
        )

    def test_engineer_comments_only(self):
        model = "quality_ops.appraisal"
        self.call("om", model, "write", self.mine.ids, {"manager_score": 70})
        self.call("om", model, "action_submit", self.mine.ids)
        self.assert_refused("eng_a", model, "write", self.mine.ids, {"manager_score": 100})
        self.assert_refused("eng_a", model, "action_approve", self.mine.ids)
        self.assert_refused("eng_a", model, "action_reset", self.mine.ids)
        self.assert_refused("om", model, "action_confirm", self.mine.ids)
        self.assert_refused(
            "eng_a", "quality_ops.appraisal.line", "write", self.mine.line_ids.ids, {"score": 100}
        )
        self.call("eng_a", model, "write", self.mine.ids, {"engineer_comment": "OK"})
        self.call("eng_a", model, "action_confirm", self.mine.ids)
        self.call("om", model, "action_approve", self.mine.ids)
        self.assert_refused("om", model, "write", self.mine.ids, {"manager_comment": "later"})
        self.mine.invalidate_recordset()
        self.assertEqual(self.mine.state, "approved")
        self.assertEqual(self.mine.manager_score, 70)
        self.assertEqual(self.mine.engineer_comment, "OK")

    def test_forged_creations_and_other_peoples_appraisals(self):
        model = "quality_ops.appraisal"
        vals = {
            "user_id": self.eng_a.id,
            "date_from": "2025-02-01",
            "template_id": self.template.id,
            "company_id": self.company.id,
        }
        # born approved, or with the figures of one's choosing: refused
        self.assert_refused("om", model, "create", {**vals, "state": "approved"})
        self.assert_refused("om", model, "create", {**vals, "measured_share": 10})
        self.assert_refused("om", model, "create", vals, context={"default_state": "approved"})
        self.assert_refused(
            "om", model, "create", {**vals, "line_ids": [(0, 0, {"indicator_id": self.resp.id})]}
        )
        # an engineer draws up nothing, and writes nothing of another's
        self.assert_refused("eng_b", model, "create", {**vals, "user_id": self.eng_b.id})
        self.call("om", model, "action_submit", self.mine.ids)
        self.assert_refused("eng_b", model, "write", self.mine.ids, {"engineer_comment": "not his"})
        self.assert_refused("eng_b", model, "action_confirm", self.mine.ids)
        # another team's manager neither reads nor approves it
        self.assert_refused("other_om", model, "read", self.mine.ids, ["total_score"])
        self.call("eng_a", model, "action_confirm", self.mine.ids)
        self.assert_refused("other_om", model, "action_approve", self.mine.ids)
        self.mine.invalidate_recordset()
        self.assertEqual(self.mine.state, "confirmed")
        self.assertFalse(self.mine.engineer_comment)
        self.assertFalse(
            self.env[model].search(
                [("date_from", "=", "2025-02-01"), ("user_id", "=", self.eng_a.id)]
            )
        )
