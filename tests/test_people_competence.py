import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users
from odoo.tools import format_date, mute_logger

from .common import load_chinese
from .people_common import PeopleCommon

TODAY = datetime.date(2030, 6, 1)


def days(n):
    return TODAY + datetime.timedelta(days=n)


@tagged("post_install", "-at_install")
class TestCertificates(PeopleCommon):
    def test_verified_certificate_and_its_copy_are_frozen(self):
        cert = self.make_certificate(self.member, self.type_a, "A-1", expiry=days(300))
        self.assertEqual(cert.state, "verified")
        self.assertEqual(cert.verified_by_id, self.officer)
        copy = cert.attachment_ids
        self.assertTrue(copy)
        with self.assertRaises(UserError):
            cert.with_user(self.manager).write({"number": "A-2"})
        with self.assertRaises(UserError):
            cert.with_user(self.manager).write({"expiry_date": days(900)})
        with self.assertRaises(UserError):
            copy.write({"raw": b"another copy"})
        with self.assertRaises(UserError):
            copy.unlink()
        with self.assertRaises(UserError):
            cert.write({"state": "draft"})
        self.assertEqual(copy.raw, b"%PDF-1.4 copy")
        with self.assertRaises(UserError):
            cert.with_user(self.officer).action_reopen()
        cert.with_user(self.manager).action_reopen("Wrong expiry date")
        cert.flush_recordset()
        self.env.cr.execute(
            "UPDATE quality_ops_certificate SET last_update = '2001-01-01 08:00' WHERE id = %s",
            [cert.id],
        )
        cert.invalidate_recordset()
        with self.assertRaises(UserError):
            cert.write({"last_update": "2031-01-01 08:00:00"})
        cert.write({"number": "A-2"})
        self.assertGreater(str(cert.last_update), "2001-01-01 08:00:00")
        self.assertEqual(cert.number, "A-2")
        self.assertEqual(cert.state, "draft")

    def test_who_verifies(self):
        cert = self.make_certificate(self.member, self.type_a, "A-3", verify=False)
        with self.assertRaises(UserError):
            cert.with_user(self.officer).action_verify()  # no copy, no verification
        self.env["ir.attachment"].create(
            {"name": "copy.pdf", "raw": b"x", "res_model": cert._name, "res_id": cert.id}
        )
        cert.attachment_ids = self.env["ir.attachment"].search(
            [("res_model", "=", cert._name), ("res_id", "=", cert.id)]
        )
        with self.assertRaises(UserError):
            cert.with_user(self.member).action_verify()  # the holder
        with self.assertRaises(AccessError):
            cert.with_user(self.outsider).action_verify()  # cannot even read it
        cert.with_user(self.om).action_verify()  # the holder's O&M manager
        self.assertEqual(cert.verified_by_id, self.om)
        own = self.make_certificate(self.om, self.type_b, "B-1", verify=False)
        with self.assertRaises(UserError):
            own.with_user(self.om).action_verify()

    def test_dates_checked(self):
        with self.assertRaises(ValidationError):
            self.make_certificate(
                self.member, self.type_a, "A-4", expiry=days(1), issued=days(2), verify=False
            )

    @users("qo_t_engineer", "qo_t_member")
    def test_engineer_keeps_his_own_certificates(self):
        Cert = self.env["quality_ops.certificate"]
        mine = Cert.create({"type_id": self.type_a.id, "number": f"E-{self.env.uid}"})
        self.assertEqual(mine.user_id, self.env.user)
        mine.write({"number": f"E2-{self.env.uid}"})
        other = Cert.sudo().create(
            {"user_id": self.outsider.id, "type_id": self.type_a.id, "number": f"O-{self.env.uid}"}
        )
        self.assertFalse(Cert.search([("id", "=", other.id)]))
        with self.assertRaises(AccessError):
            Cert.browse(other.id).write({"number": f"O2-{self.env.uid}"})
        with self.assertRaises(AccessError):
            Cert.create(
                {
                    "user_id": self.outsider.id,
                    "type_id": self.type_b.id,
                    "number": f"O3-{self.env.uid}",
                }
            )
        with self.assertRaises(UserError):
            Cert.create({"type_id": self.type_b.id, "number": "X", "state": "verified"})

    @users("qo_t_om")
    def test_om_manager_sees_his_teams_people(self):
        Cert = self.env["quality_ops.certificate"].sudo()
        member = Cert.create({"user_id": self.member.id, "type_id": self.type_a.id})
        outsider = Cert.create({"user_id": self.outsider.id, "type_id": self.type_a.id})
        seen = self.env["quality_ops.certificate"].search([("id", "in", (member | outsider).ids)])
        self.assertEqual(seen, member)
        seen.write({"number": "M-1"})
        self.assertEqual(member.number, "M-1")


@tagged("post_install", "-at_install")
class TestExpiryReminders(PeopleCommon):
    def activities(self, cert, user):
        return self.env["mail.activity"].search_count(
            [("res_model", "=", cert._name), ("res_id", "=", cert.id), ("user_id", "=", user.id)]
        )

    def test_reminded_once_per_threshold(self):
        Cert = self.env["quality_ops.certificate"]
        soon = self.make_certificate(self.member, self.type_a, "R-1", expiry=days(40))
        later = self.make_certificate(self.member, self.type_b, "R-2", expiry=days(200))
        draft = self.make_certificate(
            self.member, self.type_b, "R-3", expiry=days(10), verify=False
        )
        gone = self.make_certificate(self.member, self.type_a, "R-4", expiry=days(-1))
        soon.flush_recordset()
        self.env.cr.execute(
            "UPDATE quality_ops_certificate SET last_update = '2001-01-01 08:00' WHERE id = %s",
            [soon.id],
        )
        soon.invalidate_recordset()
        self.assertEqual(Cert._cron_expiry_reminders(today=TODAY), 1)
        self.assertEqual(Cert._cron_expiry_reminders(today=TODAY), 0)  # a second run
        self.assertEqual(self.activities(soon, self.member), 1)
        self.assertEqual(self.activities(soon, self.om), 1, "the holder's O&M manager")
        self.assertEqual(soon.reminded_days, 60)
        # a reminder is not an update of the skills matrix
        self.assertEqual(str(soon.last_update), "2001-01-01 08:00:00")
        for cert in (later, draft, gone):
            self.assertEqual(self.activities(cert, self.member), 0)
        # 25 days before: the 30-day reminder, once
        self.assertEqual(Cert._cron_expiry_reminders(today=days(15)), 1)
        self.assertEqual(Cert._cron_expiry_reminders(today=days(16)), 0)
        self.assertEqual(self.activities(soon, self.member), 2)
        self.assertEqual(soon.reminded_days, 30)

    def test_reminded_on_the_company_s_today(self):
        # 17:00 UTC on 30 June is 1 July in Shanghai: a certificate expiring on
        # 30 August is 60 days away there, 61 for the cron user in New York
        self.company.partner_id.tz = "Asia/Shanghai"
        cert = self.make_certificate(
            self.member, self.type_a, "R-8", expiry=datetime.date(2030, 8, 30)
        )
        Cert = self.env["quality_ops.certificate"].with_context(tz="America/New_York")
        with freeze_time("2030-06-30 17:00:00"):
            Cert._cron_expiry_reminders()
        self.assertEqual(cert.reminded_days, 60)

    def test_a_reminder_reads_in_its_readers_language(self):
        """The cron runs in English; a Chinese holder's reminder names the
        certificate and its date in Chinese."""
        load_chinese(self.env)
        self.member.lang = "zh_CN"
        self.type_a.with_context(lang="zh_CN").name = "测试证书甲"
        cert = self.make_certificate(self.member, self.type_a, "R-7", expiry=days(40))
        cert.display_name  # noqa: B018 - read in English first, as the cron's own screens would
        self.env["quality_ops.certificate"].with_context(lang="en_US")._cron_expiry_reminders(
            today=TODAY
        )
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", cert._name),
                ("res_id", "=", cert.id),
                ("user_id", "=", self.member.id),
            ]
        )
        self.assertIn("测试证书甲", activity.summary)
        self.assertNotIn("Test cert A", activity.summary)
        # the date as the reader's language writes it, not in ISO
        self.assertIn(format_date(self.env(context={"lang": "zh_CN"}), days(40)), activity.summary)
        self.assertNotIn(str(days(40)), activity.summary)

    @users("qo_t_member", "qo_t_om")
    def test_nobody_writes_the_reminder_marker(self):
        """The last reminder sent is the cron's record: neither the holder nor
        his O&M manager moves it (no context key lifts the guard)."""
        number = f"R-6-{self.env.user.login}"
        cert = self.make_certificate(self.member, self.type_a, number, expiry=days(40))
        for context in ({}, {"quality_system_write": True, "tracking_disable": True}):
            with (
                self.subTest(context=context),
                mute_logger("odoo.models"),
                self.assertRaises(UserError),  # an AccessError is one too
            ):
                self.mine(cert).with_context(**context).write({"reminded_days": 60})
        self.assertEqual(cert.reminded_days, 0)

    def test_first_reminder_at_the_nearest_threshold(self):
        Cert = self.env["quality_ops.certificate"]
        cert = self.make_certificate(self.outsider, self.type_a, "R-5", expiry=days(10))
        self.assertEqual(Cert._cron_expiry_reminders(today=TODAY), 1)
        self.assertEqual(cert.reminded_days, 30)
        self.assertEqual(self.activities(cert, self.outsider), 1)
        self.assertEqual(Cert._cron_expiry_reminders(today=TODAY), 0)


@tagged("post_install", "-at_install")
class TestGrowthGoals(PeopleCommon):
    def test_goals_set_by_the_om_manager_read_by_the_engineer(self):
        Goal = self.env["quality_ops.growth.goal"]
        mine = Goal.with_user(self.om).create(
            {"user_id": self.member.id, "name": "HCIE", "year": 2030}
        )
        with self.assertRaises(AccessError):
            Goal.with_user(self.om).create(
                {"user_id": self.outsider.id, "name": "CCIE", "year": 2030}
            )
        with self.assertRaises(AccessError):
            Goal.with_user(self.om).create({"user_id": self.om.id, "name": "Own", "year": 2030})
        other = Goal.create({"user_id": self.outsider.id, "name": "OCP", "year": 2030})
        seen = Goal.with_user(self.member).search([("id", "in", (mine | other).ids)])
        self.assertEqual(seen, mine)
        with self.assertRaises(AccessError):
            mine.with_user(self.member).write({"state": "achieved"})
        mine.with_user(self.om).write({"state": "achieved"})
        self.assertEqual(mine.state, "achieved")
        with self.assertRaises(ValidationError):
            mine.write({"due_date": "2031-01-31"})
