import datetime as dt

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from odoo.addons.quality_ops.quality_ops.vendors import on_time

from .common import MANAGER, OFFICER, local, role_user
from .pdf_common import PdfTextMixin
from .vendor_common import VC_ENGINEER, VC_OTHER, VendorCommon

MONTH_MARCH = dt.date(2024, 3, 1)
MONTH_APRIL = dt.date(2024, 4, 1)


@tagged("post_install", "-at_install")
class TestVendorFigures(VendorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_hand_count_cases()

    def figures(self):
        """``{(vendor, month): (cases, resp met, resp judged, resol met,
        resol judged, mean resp h, mean resol h)}`` of the two vendors."""
        groups = self.env["quality_ops.vendor.report"]._read_group(
            [("partner_id", "in", (self.vendor_a | self.vendor_b).ids)],
            ["partner_id", "month:month"],
            [
                "case_count:sum",
                "response_met:sum",
                "response_counted:sum",
                "resolution_met:sum",
                "resolution_counted:sum",
                "response_elapsed:avg",
                "resolution_elapsed:avg",
            ],
        )
        return {
            (partner, month): tuple(
                round(value, 2) if isinstance(value, float) else value for value in values
            )
            for partner, month, *values in groups
        }

    def test_figures_per_vendor_and_local_month_equal_a_hand_count(self):
        figures = self.figures()
        a, b = self.vendor_a, self.vendor_b
        self.assertEqual(
            figures,
            {
                # c1: responded in 3 h (of 4), resolved in 30 h (of 24)
                (a, MONTH_MARCH): (1, 1, 1, 0, 1, 3.0, 30.0),
                # c2 (opened 00:30 local on 1 April, 31 March in UTC): response
                # late, resolution on time; c3: response on time, resolution
                # late without one (its 24 h passed long ago)
                (a, MONTH_APRIL): (2, 1, 2, 1, 2, 3.0, 20.0),
                # c4: exactly at both limits: on time
                (b, MONTH_APRIL): (1, 1, 1, 1, 1, 2.0, 48.0),
                # c5: no contract in force in 2025: counted, not judged
                (a, dt.date(2025, 2, 1)): (1, 0, 0, 0, 0, 1.0, 2.0),
            },
        )

    def test_rates_are_the_share_of_the_judged(self):
        groups = self.env["quality_ops.vendor.report"]._read_group(
            [("partner_id", "=", self.vendor_a.id), ("year", "=", 2024)],
            ["partner_id"],
            ["response_rate:avg", "resolution_rate:avg"],
        )
        ((_partner, response, resolution),) = groups
        self.assertAlmostEqual(response, 200 / 3, places=2)
        self.assertAlmostEqual(resolution, 100 / 3, places=2)

    def test_sql_and_python_apply_the_same_rule(self):
        cases = self.c1 | self.c2 | self.c3 | self.c4 | self.c5
        rows = self.env["quality_ops.vendor.report"].search([("case_id", "in", cases.ids)])
        self.assertEqual(len(rows), 5)
        now = fields.Datetime.now()
        for row in rows:
            case = row.case_id
            for done, hours, met, counted in (
                ("responded_at", "response_hours", "response_met", "response_counted"),
                ("resolved_at", "resolution_hours", "resolution_met", "resolution_counted"),
            ):
                verdict = on_time(case.opened_at, case[done] or None, case[hours], now)
                self.assertEqual(bool(row[met]), verdict is True, f"{case.name} {done}")
                self.assertEqual(bool(row[counted]), verdict is not None, f"{case.name} {done}")
        self.assertEqual(self.c2.response_verdict, "missed")
        self.assertEqual(self.c4.resolution_verdict, "met")
        self.assertFalse(self.c5.response_verdict, "no terms: no verdict")

    def test_terms_taken_when_the_case_is_opened(self):
        self.assertEqual(self.c1.contract_id, self.contract_a, "found: the contract in force")
        self.assertFalse(self.c5.contract_id)
        self.contract_a.response_hours = 1
        self.assertEqual(self.c1.response_hours, 4, "a later change does not move a case")
        self.assertEqual(self.figures()[self.vendor_a, MONTH_MARCH][1], 1)

    @users(OFFICER)
    def test_year_evaluations_generated_once_with_the_figures(self):
        Evaluation = self.env["quality_ops.supplier.evaluation"]
        created = Evaluation._quality_generate(2024, self.env.company)
        mine = created.filtered(lambda e: e.partner_id in (self.vendor_a | self.vendor_b))
        self.assertEqual(len(mine), 2)
        by_vendor = {e.partner_id: e for e in mine}
        a = by_vendor[self.vendor_a.with_env(self.env)]
        self.assertEqual(
            (a.case_count, a.response_met, a.response_counted),
            (3, 2, 3),
        )
        self.assertEqual((a.resolution_met, a.resolution_counted), (1, 3))
        self.assertAlmostEqual(a.response_mean_hours, 3.0)
        self.assertAlmostEqual(a.resolution_mean_hours, 25.0)
        self.assertTrue(a.figures_at)
        again = Evaluation._quality_generate(2024, self.env.company)
        self.assertFalse(again & mine, "once per vendor and year")


@tagged("post_install", "-at_install")
class TestVendorCaseRules(VendorCommon):
    @users(VC_ENGINEER)
    def test_case_followed_to_closure_then_frozen_and_sealed(self):
        case = self.make_case(self.vendor_a, (2024, 5, 6, 9, 0)).with_env(self.env)
        self.assertEqual(case.state, "open")
        self.assertTrue(case.name.startswith("VC/"))
        case.write({"vendor_reference": "A-123", "responded_at": local(2024, 5, 6, 10, 0)})
        self.assertEqual(case.state, "responded")
        with self.assertRaises(UserError):
            case.action_close()  # not resolved yet
        case.resolved_at = local(2024, 5, 6, 20, 0)
        self.assertEqual(case.state, "resolved")
        with self.assertRaises(UserError):
            case.action_close()  # no resolution written
        case.resolution = "Line card replaced."
        case.action_close()
        self.assertEqual(case.state, "closed")
        self.assertEqual(case.closed_by_id, self.env.user)
        self.assertTrue(case._quality_is_sealed())
        with self.assertRaises(UserError):
            case.note = "changed afterwards"
        with self.assertRaises(UserError):
            case.unlink()
        with self.assertRaises(AccessError):
            case.action_reopen()  # the quality department reopens

    @users(OFFICER)
    def test_quality_department_reopens_a_closed_case(self):
        case = self.make_case(self.vendor_a, (2024, 5, 6, 9, 0), responded=1, resolved=2)
        case = case.with_env(self.env)
        case.action_close()
        with self.assertRaises(UserError):
            case.write({"resolution": "other"})
        case.action_reopen(reason="The fault came back.")
        self.assertEqual(case.state, "resolved")
        self.assertFalse(case._quality_is_sealed())
        case.resolution = "Second fix."

    @users(VC_ENGINEER)
    def test_a_copy_is_a_new_case_the_vendor_has_not_acted_on(self):
        case = self.make_case(
            self.vendor_b, (2024, 5, 6, 9, 0), responded=1, resolved=2, part_number="LC-48"
        ).with_env(self.env)
        self.assertEqual(case.state, "resolved")
        with freeze_time("2024-06-03 02:00:00"):
            copy = case.copy()
        self.assertEqual(copy.state, "open")
        self.assertFalse(copy.responded_at or copy.resolved_at or copy.resolution)
        self.assertEqual(copy.opened_at, dt.datetime(2024, 6, 3, 2, 0))
        # measured against the contract in force when it opened, found again
        self.assertEqual((copy.contract_id, copy.response_hours), (self.contract_b, 2))
        self.assertNotEqual(copy.name, case.name)
        # what identifies the fault and the part is kept
        self.assertEqual(
            (copy.ticket_id, copy.partner_id, copy.part_number),
            (case.ticket_id, case.partner_id, "LC-48"),
        )

    def test_closed_case_altered_in_sql_is_found_by_the_integrity_check(self):
        case = self.make_case(self.vendor_a, (2024, 5, 6, 9, 0), responded=1, resolved=2)
        case.with_user(self.vc_engineer).action_close()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE quality_ops_vendor_case SET resolved_at = resolved_at - interval '1 day'"
            " WHERE id = %s",
            [case.id],
        )
        check = self.env["quality_ops.integrity.check"].with_user(self.officer).create({})
        check.action_verify()
        lines = check.line_ids.filtered(lambda line: line.res_model == case._name)
        self.assertEqual(lines.mapped("res_id"), case.ids)
        self.assertEqual(lines.problem, "content_changed")

    @users(VC_ENGINEER)
    def test_rma_closes_with_the_part_received(self):
        case = self.make_case(
            self.vendor_b,
            (2024, 6, 3, 9, 0),
            responded=1,
            resolved=30,
            kind="rma",
            part_number="PN-1",
            part_shipped_at=local(2024, 6, 3, 12, 0),
        ).with_env(self.env)
        with self.assertRaises(UserError):
            case.action_close()
        case.part_received_at = local(2024, 6, 4, 9, 0)
        case.action_close()
        self.assertEqual(case.state, "closed")

    @users(VC_ENGINEER, VC_OTHER)
    def test_cases_follow_the_tickets(self):
        Case = self.env["quality_ops.vendor.case"]
        mine = self.ticket if self.env.user.login == VC_ENGINEER else self.other_ticket
        theirs = self.other_ticket if mine == self.ticket else self.ticket
        case = Case.create(
            {"ticket_id": mine.id, "partner_id": self.vendor_a.id, "opened_at": local(2024, 5, 1)}
        )
        self.assertEqual(case.owner_id, self.env.user)
        self.assertEqual(case.contract_id, self.contract_a)
        self.assertEqual(mine.with_env(self.env).quality_vendor_case_count, 1)
        with self.assertRaises(AccessError):
            Case.create(
                {
                    "ticket_id": theirs.id,
                    "partner_id": self.vendor_a.id,
                    "opened_at": local(2024, 5, 1),
                }
            )
        with self.assertRaises(AccessError):
            self.env["quality_ops.supplier.contract"].create(
                {
                    "name": "X",
                    "partner_id": self.vendor_a.id,
                    "date_start": "2024-01-01",
                    "date_end": "2024-02-01",
                }
            )
        with self.assertRaises(AccessError):
            self.env["quality_ops.supplier.evaluation"].search([])
        case.unlink()  # opened by mistake: an open case may go

    def test_another_company_sees_nothing_of_ours(self):
        case = self.make_case(self.vendor_a, (2024, 5, 6, 9, 0), responded=1)
        evaluation = self.env["quality_ops.supplier.evaluation"].create(
            {"partner_id": self.vendor_a.id, "year": 2024}
        )
        foreign = self.foreign_manager
        for record in (case, evaluation, self.contract_a):
            found = self.env[record._name].with_user(foreign).search([("id", "=", record.id)])
            self.assertFalse(found, record._name)
        rows = self.env["quality_ops.vendor.report"].with_user(foreign).search([])
        self.assertFalse(rows & self.env["quality_ops.vendor.report"].browse(case.id))
        self.assertTrue(
            self.env["quality_ops.vendor.report"].with_user(self.officer).browse(case.id).exists()
        )

    def test_incoherent_instants_refused(self):
        case = self.make_case(self.vendor_a, (2024, 5, 6, 9, 0))
        bad = [
            {"responded_at": local(2024, 5, 6, 8, 0)},  # before the opening
            {"resolved_at": local(2024, 5, 6, 12, 0)},  # resolved, never responded
            {"responded_at": local(2024, 5, 6, 12, 0), "resolved_at": local(2024, 5, 6, 11, 0)},
            {"part_received_at": local(2024, 5, 7, 9, 0)},  # received, never shipped
            {
                "part_shipped_at": local(2024, 5, 8, 9, 0),
                "part_received_at": local(2024, 5, 7, 9, 0),
            },
            {"responded_at": fields.Datetime.now() + dt.timedelta(days=2)},  # future
            {"contract_id": self.contract_b.id},  # another vendor's
        ]
        for vals in bad:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                case.write(vals)
        with self.assertRaises(ValidationError):
            self.make_case(self.vendor_a, (2025, 5, 6, 9, 0), contract_id=self.contract_a.id)
        with mute_logger("odoo.addons.quality_ops"), self.assertRaises(UserError):
            case.write({"opened_at": "last month"})
        with self.assertRaises(UserError):
            case.write({"closed_at": local(2024, 5, 9)})  # only the closing step
        with self.assertRaises(UserError):
            case.write({"ticket_id": self.other_ticket.id})  # stays on its ticket

    def test_a_case_keeps_its_vendor_company_contract_and_owner(self):
        case = self.make_case(self.vendor_a, (2024, 5, 6, 9, 0))
        self.assertEqual(case.contract_id, self.contract_a)
        # cleared, the contract in force when it was opened is found again
        case.write({"contract_id": False})
        self.assertEqual(case.contract_id, self.contract_a)
        self.assertEqual(case.response_hours, 4)
        contact = self.env["res.partner"].create(
            {"name": "A. Salesman", "parent_id": self.vendor_a.id}
        )
        with self.assertRaises(ValidationError):
            case.write({"partner_id": contact.id, "contract_id": False})
        with self.assertRaises(ValidationError):
            self.make_case(contact, (2024, 5, 6, 9, 0))
        # open, it is evidence already: an O&M manager who reads every ticket
        # does not delete another's case (its owner or the quality department)
        om = role_user(
            self.env,
            "qo_t_vc_om",
            groups="quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_manager",
        )
        self.assertTrue(case.with_user(om).read(["name"]))
        with self.assertRaisesRegex(UserError, "only its owner"):
            case.with_user(om).unlink()
        # the uninstall key a client may send does not lift the guard
        with self.assertRaisesRegex(UserError, "only its owner"):
            case.with_user(om).with_context(_force_unlink=True).unlink()
        self.assertTrue(case.exists())
        case.with_user(self.vc_engineer).unlink()
        self.assertFalse(case.exists())

    def test_contract_terms_checked(self):
        for vals in (
            {"date_start": "2024-05-01", "date_end": "2024-04-01"},
            {"response_hours": -1},
            {"response_hours": 8, "resolution_hours": 4},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.contract_a.write(vals)
        with self.assertRaises(UserError):
            self.contract_a.with_user(self.officer).write({"reminded_days": 60})


@tagged("post_install", "-at_install")
class TestVendorReminders(VendorCommon):
    def activities(self, record, user):
        return self.env["mail.activity"].search_count(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("user_id", "=", user.id),
            ]
        )

    def test_late_cases_remind_their_owner_once_per_breach(self):
        Case = self.env["quality_ops.vendor.case"]
        silent = self.make_case(self.vendor_a, (2024, 5, 6, 9, 0))  # both breaches
        answered = self.make_case(self.vendor_a, (2024, 5, 6, 9, 0), responded=1)
        done = self.make_case(self.vendor_a, (2024, 5, 6, 9, 0), responded=1, resolved=2)
        untermed = self.make_case(self.vendor_a, (2025, 5, 6, 9, 0))  # no contract
        self.assertGreaterEqual(Case._cron_breach_reminders(), 3)
        self.assertEqual(Case._cron_breach_reminders(), 0, "a second run reminds nobody")
        owner = self.vc_engineer
        self.assertEqual(self.activities(silent, owner), 2)
        self.assertEqual(self.activities(answered, owner), 1)
        self.assertEqual(self.activities(done, owner), 0)
        self.assertEqual(self.activities(untermed, owner), 0)
        self.assertTrue(silent.response_reminded and silent.resolution_reminded)
        self.assertFalse(answered.response_reminded)

    def test_a_late_case_s_reminder_is_due_on_the_company_s_today(self):
        # 17:00 UTC on 30 June is 1 July in Shanghai: due that day, not on the
        # cron user's (New York's) 30 June
        case = self.make_case(self.vendor_a, (2024, 5, 6, 9, 0))
        case.company_id.partner_id.tz = "Asia/Shanghai"
        Case = self.env["quality_ops.vendor.case"].with_context(tz="America/New_York")
        with freeze_time("2027-06-30 17:00:00"):
            Case._cron_breach_reminders()
        activities = self.env["mail.activity"].search(
            [("res_model", "=", case._name), ("res_id", "=", case.id)]
        )
        self.assertTrue(activities)
        self.assertEqual(set(activities.mapped("date_deadline")), {dt.date(2027, 7, 1)})

    def test_contract_expiry_reminded_once_per_threshold(self):
        Contract = self.env["quality_ops.supplier.contract"]
        self.assertEqual(Contract._cron_expiry_reminders(today=dt.date(2024, 10, 1)), 0)
        self.assertEqual(Contract._cron_expiry_reminders(today=dt.date(2024, 11, 15)), 2)
        self.assertEqual(Contract._cron_expiry_reminders(today=dt.date(2024, 11, 16)), 0)
        self.assertEqual(self.contract_a.reminded_days, 60)
        self.assertEqual(self.activities(self.contract_a, self.officer), 1)
        self.assertEqual(Contract._cron_expiry_reminders(today=dt.date(2024, 12, 5)), 2)
        self.assertEqual(Contract._cron_expiry_reminders(today=dt.date(2024, 12, 6)), 0)
        self.assertEqual(self.activities(self.contract_a, self.officer), 2)
        # renewed: reminded again before its new end
        self.contract_a.date_end = "2025-12-31"
        self.assertEqual(self.contract_a.reminded_days, 0)
        self.assertEqual(Contract._cron_expiry_reminders(today=dt.date(2025, 11, 15)), 1)

    def test_contract_expiry_reminded_on_the_company_s_today(self):
        # 17:00 UTC on 31 October is 1 November in Shanghai: a contract ending
        # on 31 December is 60 days away there, 61 for the cron user in New York
        Contract = self.env["quality_ops.supplier.contract"].with_context(tz="America/New_York")
        with freeze_time("2024-10-31 17:00:00"):
            Contract._cron_expiry_reminders()
        self.assertEqual(self.contract_a.reminded_days, 60)


@tagged("post_install", "-at_install")
class TestSupplierEvaluation(PdfTextMixin, VendorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_hand_count_cases()
        cls.evaluation = (
            cls.env["quality_ops.supplier.evaluation"]
            .with_user(cls.officer)
            .create({"partner_id": cls.vendor_a.id, "year": 2024})
        )

    @users(OFFICER, MANAGER)
    def test_only_the_quality_manager_approves_then_frozen_and_sealed(self):
        evaluation = self.evaluation.with_env(self.env)
        evaluation.write({"score_service": 80, "score_cooperation": 80, "score_technical": 80})
        # the year's rates 2/3 and 1/3: measured 50, assessed 80
        self.assertAlmostEqual(evaluation.total, 62.0)
        self.assertEqual(evaluation.grade, "c")
        self.assertFalse(evaluation.qualified)
        if self.env.user.login == OFFICER:
            with self.assertRaises(AccessError):
                evaluation.action_approve()
            return
        with self.assertRaises(UserError):
            evaluation.action_approve()  # no assessment written
        evaluation.comment = "Slow resolutions."
        evaluation.action_approve()
        self.assertEqual(evaluation.state, "approved")
        self.assertEqual(evaluation.approved_by_id, self.env.user)
        self.assertTrue(evaluation._quality_is_sealed())
        with self.assertRaises(UserError):
            evaluation.score_service = 100
        with self.assertRaises(UserError):
            evaluation.action_refresh_figures()
        with self.assertRaises(UserError):
            evaluation.unlink()
        evaluation.action_reset("The score of a case was wrong")
        self.assertEqual(evaluation.state, "draft")
        self.assertFalse(evaluation._quality_is_sealed())

    def test_bad_evaluation_input_refused(self):
        with self.assertRaises(ValidationError):
            self.evaluation.score_service = 150
        with self.assertRaises(UserError):
            self.evaluation.write({"case_count": 99})  # figures come from the cases
        with self.assertRaises(UserError):
            self.evaluation.write({"year": 2023})
        with self.assertRaises(ValidationError):
            self.env["quality_ops.supplier.evaluation"].create(
                {"partner_id": self.vendor_a.id, "year": 2024}
            )

    def test_evaluation_form_prints_figures_scores_and_grade(self):
        self.evaluation.write(
            {
                "score_service": 80,
                "score_cooperation": 80,
                "score_technical": 80,
                "comment": "Slow resolutions in April.",
            }
        )
        self.evaluation.with_user(self.manager).action_approve()
        text = self.render_pdf_text(
            "quality_ops.report_supplier_evaluation", self.evaluation, self.manager
        )
        for needle in ("Vendor A Networks", "2024", "2 / 3", "1 / 3", "62.0", "Slow resolutions"):
            self.assertInPdf(needle, text)
        self.assertInPdf("C (Not Qualified)", text)
        self.assertInPdf(self.manager.name, text)
