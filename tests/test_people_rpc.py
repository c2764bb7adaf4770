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

    def test_records_are_not_moved_out_of_reach(self):
        """After an independent attack: a write that changes who or what a
        record belongs to is checked against the rules after the write too."""
        other_session = self.make_session(
            self.make_training_plan(),
            datetime.date(2024, 4, 2),
            2,
            [(self.outsider, True)],
            organiser=self.officer,
        )
        self.assert_refused(
            "om", self.line._name, "write", self.line.ids, {"session_id": other_session.id}
        )
        self.assert_refused(
            "om", self.training._name, "write", self.training.ids, {"organiser_id": self.officer.id}
        )
        self.assertEqual(
            (self.line.session_id, self.training.organiser_id), (self.training, self.om)
        )
        Goal = self.env["quality_ops.growth.goal"]
        goal = Goal.with_user(self.om).create(
            {"user_id": self.member.id, "name": "HCIE", "year": 2030}
        )
        for holder in (self.om, self.outsider):
            self.assert_refused("om", goal._name, "write", goal.ids, {"user_id": holder.id})
        self.assertEqual(goal.user_id, self.member)

    def test_nobody_assesses_himself_and_customers_are_not_attendees(self):
        self.assert_refused(
            "om",
            self.line._name,
            "create",
            {
                "session_id": self.training.id,
                "user_id": self.om.id,
                "score": 100,
                "result": "passed",
            },
        )
        portal = self.env["res.users"].create(
            {
                "name": "Customer Zhao",
                "login": "qo_people_portal",
                "group_ids": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        self.assert_refused(
            "om", self.line._name, "create", {"session_id": self.training.id, "user_id": portal.id}
        )
        self.assertEqual(self.training.attendance_ids, self.line)

    def test_a_certificate_stays_with_its_holder(self):
        cert = self.make_certificate(self.member, self.type_a, "RPC-H", verify=False)
        self.assert_refused("om", cert._name, "write", cert.ids, {"user_id": self.om.id})
        self.assert_refused("engineer", cert._name, "write", cert.ids, {"user_id": self.om.id})
        self.assertEqual(cert.user_id, self.member)

    def test_no_system_message_through_context_defaults(self):
        cert = self.make_certificate(self.member, self.type_a, "RPC-M")
        before = self.env["mail.message"].search_count([("model", "=", cert._name)])
        for defaults in (
            {"default_message_type": "notification"},
            {"default_author_id": self.env.ref("base.partner_admin").id},
            {"default_date": "2020-01-01 00:00:00"},
        ):
            with self.subTest(**defaults):
                self.assert_refused(
                    "engineer",
                    "mail.message",
                    "create",
                    {"model": cert._name, "res_id": cert.id, "body": "x"},
                    context=defaults,
                )
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", cert._name)]), before
        )
