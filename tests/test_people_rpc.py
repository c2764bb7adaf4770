"""The people rules a client could try to break over JSON-RPC."""

import datetime

from odoo.tests import HttpCase, tagged

from .common import JsonRpcCalls
from .people_common import PeopleCommon


@tagged("post_install", "-at_install")
class TestPeopleOverRpc(JsonRpcCalls, PeopleCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {"engineer": cls.member, "om": cls.om, "officer": cls.officer}
        for user in cls.users.values():
            user.password = user.login
        plan = cls.make_training_plan()
        cls.training = cls.make_session(
            plan, datetime.date(2024, 3, 12), 3, [(cls.member, True)], organiser=cls.om
        )
        cls.line = cls.training.attendance_ids

    def test_engineer_cannot_score_his_own_attendance(self):
        self.assert_refused(
            "engineer", self.line._name, "write", self.line.ids, {"score": 100, "result": "passed"}
        )
        self.assert_refused(
            "engineer",
            self.line._name,
            "create",
            {"session_id": self.training.id, "user_id": self.member.id},
        )
        self.assertEqual(self.line.score, 0)
        self.assertEqual(self.line.result, "none")

    def test_held_session_attendance_is_frozen_even_for_its_organiser(self):
        self.call("om", self.line._name, "write", self.line.ids, {"score": 70})
        self.call("om", self.training._name, "action_done", self.training.ids)
        self.assert_refused("om", self.line._name, "write", self.line.ids, {"score": 95})
        self.assert_refused("om", self.line._name, "unlink", self.line.ids)
        self.assertEqual(self.line.score, 70)

    def test_certificates_of_others_and_verified_copies(self):
        other = self.make_certificate(self.outsider, self.type_a, "RPC-1", verify=False)
        self.assert_refused("engineer", other._name, "write", other.ids, {"number": "forged"})
        self.assert_refused("engineer", other._name, "unlink", other.ids)
        mine = self.make_certificate(
            self.member, self.type_a, "RPC-2", expiry=datetime.date(2040, 1, 1)
        )
        self.assert_refused(
            "engineer", mine._name, "write", mine.ids, {"expiry_date": "2045-01-01"}
        )
        self.assert_refused("engineer", mine._name, "action_verify", other.ids)
        copy = mine.attachment_ids
        self.assert_refused("engineer", "ir.attachment", "write", copy.ids, {"datas": "Zm9yZ2Vk"})
        self.assert_refused("officer", "ir.attachment", "unlink", copy.ids)
        self.assert_refused(
            "engineer", mine._name, "write", mine.ids, {"attachment_ids": [(5, 0, 0)]}
        )
        self.assertEqual(mine.attachment_ids, copy)
        self.assertEqual(copy.raw, b"%PDF-1.4 copy")
        self.assertEqual(mine.expiry_date, datetime.date(2040, 1, 1))
        self.assertEqual(other.number, "RPC-1")
