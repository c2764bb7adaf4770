"""The audit finds its evidence: the records of the audited period and scope
that answer a checklist item, read with the reader's rights, kept as found
when the audit is reported."""

import datetime as dt
import zoneinfo

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged, users
from odoo.tools import SQL

from odoo.addons.quality_ops.quality_ops.tools.workflow_pass import with_pass

from .common import CurrentUser, company_of_their_own, load_chinese, role_user
from .demo_common import DemoCase
from .pdf_common import PdfTextMixin

D = dt.date


@tagged("post_install", "-at_install")
class TestAuditEvidence(CurrentUser, PdfTextMixin, TransactionCase):
    """A company of its own (the demo's records stay out of the counts)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_of_their_own(cls, "Evidence O&M Co.")
        env = cls.env
        cls.other = env["res.company"].create({"name": "Evidence Elsewhere Co."})
        cls.officer = role_user(env, "qo_ev_officer", "officer", company=cls.company)
        cls.manager = role_user(env, "qo_ev_manager", "manager", company=cls.company)
        cls.lead = role_user(env, "qo_ev_lead", "lead", company=cls.company)
        cls.eng1 = role_user(env, "qo_ev_eng1", "engineer", company=cls.company, name="Wang Fang")
        cls.eng2 = role_user(env, "qo_ev_eng2", "engineer", company=cls.company, name="Li Qiang")
        cls.stranger = role_user(env, "qo_ev_eng3", "engineer", company=cls.other)
        cls.project = env["project.project"].create(
            {"name": "Evidence Bank O&M", "user_id": cls.lead.id, "company_id": cls.company.id}
        )
        cls.ctype = env["quality_ops.certificate.type"].create(
            {"name": "Evidence HCIE", "category": "vendor", "issuer": "Huawei"}
        )
        cls.template = env.ref("quality_ops.checklist_organisation")
        # audited: the first half of 2031, on 15 June 2031
        cls.certs = {
            "expired_in_period": cls.certificate(cls.eng1, "EV-1", D(2029, 3, 1), D(2031, 3, 1)),
            "expiring": cls.certificate(cls.eng2, "EV-2", D(2029, 8, 1), D(2031, 8, 1)),
            "open_ended": cls.certificate(cls.lead, "EV-3", None, None),
            "ended_before": cls.certificate(cls.eng1, "EV-4", D(2027, 1, 1), D(2030, 12, 31)),
            "issued_after": cls.certificate(cls.eng2, "EV-5", D(2031, 7, 1), D(2034, 7, 1)),
            "other_company": cls.certificate(cls.stranger, "EV-6", D(2030, 1, 1), None, cls.other),
        }
        plan = env["quality_ops.training.plan"].create(
            {"name": "Training 2031", "year": 2031, "company_id": cls.company.id}
        )
        with_pass(plan).write({"state": "approved"})
        cls.session_h1 = cls.session(plan, D(2031, 3, 10), 3, [(cls.eng1, True), (cls.eng2, False)])
        cls.session_h2 = cls.session(plan, D(2031, 9, 10), 2, [(cls.eng1, True)])
        for held in cls.session_h1 | cls.session_h2:
            with_pass(held).write({"state": "done"})  # dated ahead: set as held
        # planned in the first half, its people ticked present ahead: a session
        # of the period, but none of its hours are trained yet
        cls.session_planned = cls.session(plan, D(2031, 5, 20), 7, [(cls.eng2, True)])
        KeyPosition = env["quality_ops.key.position"]
        cls.positions = KeyPosition.create(
            [
                {
                    "name": "DBA",
                    "project_id": cls.project.id,
                    "company_id": cls.company.id,
                    "user_id": cls.eng1.id,
                    "backup_id": cls.eng2.id,
                },
                {
                    "name": "Network engineer",
                    "project_id": cls.project.id,
                    "company_id": cls.company.id,
                    "user_id": cls.eng2.id,
                },
            ]
        )

    @classmethod
    def certificate(cls, user, number, issued, expiry, company=None):
        return cls.env["quality_ops.certificate"].create(
            {
                "user_id": user.id,
                "type_id": cls.ctype.id,
                "number": number,
                "issued_on": issued,
                "expiry_date": expiry,
                "company_id": (company or cls.company).id,
            }
        )

    @classmethod
    def session(cls, plan, day, hours, attendees):
        return cls.env["quality_ops.training.session"].create(
            {
                "plan_id": plan.id,
                "name": f"Session {day}",
                "date": day,
                "hours": hours,
                "trainer": "Trainer",
                "organiser_id": cls.officer.id,
                "attendance_ids": [
                    (0, 0, {"user_id": user.id, "attended": attended})
                    for user, attended in attendees
                ],
            }
        )

    def new_audit(self, template=None, **vals):
        values = {
            "name": "2031 H1 internal audit",
            "kind": "internal",
            "year": 2031,
            "half": "h1",
            "planned_date": "2031-06-15",
            "template_id": (template or self.template).id,
            "lead_auditor_id": self.officer.id,
            "company_id": self.company.id,
        }
        values.update(vals)
        audit = self.env["quality_ops.audit"].with_user(self.manager).create(values)
        with freeze_time("2031-06-15 10:00:00"):
            audit.with_user(self.officer).action_start()
        return audit

    def row(self, audit, item_xmlid, kind, user=None):
        item = self.env.ref(item_xmlid) if "." in item_xmlid else item_xmlid
        rows = audit.evidence_ids.filtered(lambda r: r.line_id.item_id == item and r.kind == kind)
        self.assertEqual(len(rows), 1, f"one {kind} row on {item_xmlid}")
        return rows.with_user(user or self.officer)

    def opened(self, row):
        action = row.action_open()
        Model = self.env[action["res_model"]].with_user(row.env.user)
        return Model.with_context(**action.get("context", {})).search(action["domain"])

    # ------------------------------------------------------------------
    def test_evidence_found_is_the_records_of_the_period_and_scope(self):
        audit = self.new_audit()
        self.assertEqual((audit.period_start, audit.period_end), (D(2031, 1, 1), D(2031, 6, 30)))
        certs = self.row(audit, "quality_ops.checklist_organisation_s3_i2", "certificate")
        expected = (
            self.certs["expired_in_period"] | self.certs["expiring"] | self.certs["open_ended"]
        )
        self.assertEqual(self.opened(certs), expected)
        self.assertEqual(certs.found_count, 3)
        # as of the audit date (15 June 2031): one expired, one expiring within 60
        # days (the first reminder's horizon)
        self.assertIn("1 expired", certs.facts)
        self.assertIn("1 expire within 60 days", certs.facts)
        self.assertIn("last updated", certs.facts)
        sessions = self.row(audit, "quality_ops.checklist_organisation_s3_i3", "training_session")
        self.assertEqual(self.opened(sessions), self.session_h1 | self.session_planned)
        records = self.row(audit, "quality_ops.checklist_organisation_s3_i3", "training_record")
        # the attendance of the people present, not of the absent one
        self.assertEqual(
            self.opened(records),
            self.session_h1.attendance_ids.filtered(lambda a: a.user_id == self.eng1),
        )
        self.assertIn("3", records.facts)
        backups = self.row(audit, "quality_ops.checklist_organisation_s3_backup", "key_position")
        self.assertEqual(self.opened(backups), self.positions)
        self.assertIn("1 without", backups.facts)
        # the line says it in one phrase, the PDF lists the records
        line = certs.line_id.with_user(self.officer)
        self.assertIn(": 3", line.evidence_summary)
        action = line.action_open_evidence()
        self.assertEqual(action["res_model"], "quality_ops.certificate")
        training_line = sessions.line_id.with_user(self.officer)
        self.assertEqual(
            training_line.action_open_evidence()["res_model"], "quality_ops.audit.evidence"
        )
        # the second half: the other session, the certificate issued in July
        h2 = self.new_audit(half="h2", planned_date="2031-12-10", name="2031 H2")
        self.assertEqual(
            self.opened(
                self.row(h2, "quality_ops.checklist_organisation_s3_i3", "training_session")
            ),
            self.session_h2,
        )
        self.assertIn(
            self.certs["issued_after"],
            self.opened(self.row(h2, "quality_ops.checklist_organisation_s3_i2", "certificate")),
        )

    def test_a_reader_sees_only_the_records_open_to_him(self):
        """A project audit read by the project's lead: the certificates of
        the company are evidence, he reads only his own."""
        template = self.env["quality_ops.checklist.template"].create(
            {
                "name": "Project staffing check",
                "level": "project",
                "section_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Staffing",
                            "item_ids": [
                                (
                                    0,
                                    0,
                                    {
                                        "question": "Key people are certified.",
                                        "evidence_ids": [
                                            (0, 0, {"kind": "certificate"}),
                                            (0, 0, {"kind": "key_position", "sequence": 20}),
                                        ],
                                    },
                                )
                            ],
                        },
                    )
                ],
            }
        )
        item = template.section_ids.item_ids
        audit = self.new_audit(
            template=template, kind="project", project_id=self.project.id, half=False
        )
        as_officer = self.row(audit, item, "certificate")
        as_lead = self.row(audit, item, "certificate", self.lead)
        # the year 2031: the three of its first half and the one issued in July
        self.assertEqual(as_officer.found_count, 4)
        self.assertEqual(as_lead.found_count, 1)
        self.assertEqual(self.opened(as_lead), self.certs["open_ended"])
        # key positions are the project's: the lead reads them all
        self.assertEqual(self.row(audit, item, "key_position", self.lead).found_count, 2)
        # reported: the snapshot is still read through the reader's rights
        audit.line_ids.with_user(self.officer).write({"result": "conform"})
        audit.with_user(self.officer).action_report()
        lead_row = self.row(audit, item, "certificate", self.lead)
        self.assertEqual(lead_row.found_count, 1)
        officer_row = self.row(audit, item, "certificate")
        self.assertEqual(officer_row.found_count, 4)
        # the stored facts count the four: not told to the lead who reads one,
        # nor the stored references themselves
        self.assertTrue(officer_row.facts)
        self.assertFalse(lead_row.facts)
        self.assertNotIn("·", lead_row.line_id.evidence_summary.split("\n")[0])
        with self.assertRaises(AccessError):
            lead_row.read(["snapshot_res_ids"])
        with self.assertRaises(AccessError):
            lead_row.line_id.read(["evidence_snapshot"])

    def test_snapshot_kept_when_the_audit_is_reported(self):
        audit = self.new_audit()
        audit.line_ids.with_user(self.officer).write({"result": "conform"})
        with freeze_time("2031-06-16 02:30:00"):
            audit.with_user(self.officer).action_report()
        certs = self.row(audit, "quality_ops.checklist_organisation_s3_i2", "certificate")
        found = self.opened(certs)
        facts = certs.facts
        self.assertEqual(len(found), 3)
        self.assertEqual(certs.snapshot_at, dt.datetime(2031, 6, 16, 2, 30))
        # in the company's time zone (the demo company's Shanghai, or UTC)
        self.assertIn("2031-06-16", certs.snapshot_note)
        # the records change afterwards: the evidence stays as it was found
        self.certificate(self.eng2, "EV-7", D(2031, 2, 1), D(2033, 2, 1))
        self.certs["expired_in_period"].write({"expiry_date": "2030-06-30"})
        self.positions[1].active = False
        positions = self.row(audit, "quality_ops.checklist_organisation_s3_i1", "key_position")
        self.assertEqual(self.opened(positions), self.positions)
        self.assertEqual(positions.found_count, 2)
        self.env["quality_ops.certificate"].invalidate_model()
        audit.invalidate_recordset()
        certs = self.row(audit, "quality_ops.checklist_organisation_s3_i2", "certificate")
        self.assertEqual(self.opened(certs), found)
        self.assertEqual(certs.found_count, 3)
        self.assertEqual(certs.facts, facts)
        # closed, it is sealed with what was found: a change behind the
        # application's back breaks the seal
        audit.with_user(self.manager).action_close()
        self.assertTrue(audit._quality_is_sealed())
        sealed = audit._quality_digest()
        self.env.cr.execute(
            SQL(
                "UPDATE quality_ops_audit_evidence SET snapshot_count = 99 WHERE id = %s",
                certs.id,
            )
        )
        audit.invalidate_recordset()
        self.env["quality_ops.audit.evidence"].invalidate_model()
        self.env["quality_ops.audit.line"].invalidate_model()
        self.assertNotEqual(audit._quality_digest(), sealed)
        # reopened, the audit runs again: what is found now
        audit.with_user(self.manager).action_reset("The certificates changed")
        certs = self.row(audit, "quality_ops.checklist_organisation_s3_i2", "certificate")
        now = self.opened(certs)
        self.assertEqual(len(now), 3)
        self.assertNotIn(self.certs["expired_in_period"], now)
        self.assertEqual(certs.snapshot_note, "Evidence found now")

    @users("qo_ev_officer")
    def test_rows_are_made_by_the_checklist_only(self):
        audit = self.new_audit()
        row = self.row(audit, "quality_ops.checklist_organisation_s3_i2", "certificate")
        with self.assertRaises(UserError):
            row.write({"snapshot_count": 99})
        with self.assertRaises(UserError):
            self.env["quality_ops.audit.evidence"].create(
                {"line_id": row.line_id.id, "audit_id": audit.id, "kind": "document"}
            )

    def test_pdf_lists_the_evidence(self):
        load_chinese(self.env)
        self.officer.lang = "zh_CN"
        audit = self.new_audit()
        # started, nothing judged yet: no conformity rate, not 0.0
        text = self.render_pdf_text("quality_ops.report_quality_audit", audit, self.officer)
        self.assertInPdf("符合率（%）—", text)
        audit.line_ids.with_user(self.officer).write({"result": "conform"})
        with freeze_time("2031-06-16 02:30:00"):
            audit.with_user(self.officer).action_report()
        text = self.render_pdf_text("quality_ops.report_quality_audit", audit, self.officer)
        for chinese in ("查得证据", "技能矩阵与证书", "个人培训记录", "关键岗位与储备人员"):
            self.assertInPdf(chinese, text)
        self.assertInPdf("Wang Fang", text)
        self.assertInPdf("2031-06-16", text)
        self.assertInPdf("符合率（%）100.0", text)
        self.assertNotIn("Evidence Found", text)
        self.assertNotIn("Skills Matrix", text)


@tagged("post_install", "-at_install")
class TestDemoAuditEvidence(DemoCase):
    def test_an_organisation_audit_on_the_demo_shows_people_and_resources_evidence(self):
        """The demo's year of work, audited: its people and resources items
        answer with the demo's certificates, training, key positions and
        inspections (the period read from the demo, not from today)."""
        plan = self.env.ref("quality_ops.training_plan_demo")
        year = plan.year
        company = plan.company_id
        inspections = self.env["quality_ops.inspection"].search(
            [("company_id", "=", company.id)], order="due_date desc", limit=1
        )
        end = max(D(year, 12, 31), inspections.due_date or D(year, 12, 31))
        officer = self.env.ref("quality_ops.user_qa_officer")
        audit = (
            self.env["quality_ops.audit"]
            .with_user(self.env.ref("quality_ops.user_quality_manager"))
            .create(
                {
                    "name": "Demo year audit",
                    "kind": "internal",
                    "year": year,
                    "planned_date": end,
                    "template_id": self.env.ref("quality_ops.checklist_organisation").id,
                    "lead_auditor_id": officer.id,
                    "company_id": company.id,
                }
            )
        )
        audit.write({"period_start": D(year, 1, 1), "period_end": end})
        audit.with_user(officer).action_start()
        rows = audit.evidence_ids.with_user(officer)

        def found(item, kind):
            row = rows.filtered(
                lambda r: (
                    r.line_id.item_id == self.env.ref(f"quality_ops.{item}") and r.kind == kind
                )
            )
            action = row.action_open()
            return self.env[action["res_model"]].with_user(officer).search(action["domain"])

        self.assertIn(
            self.env.ref("quality_ops.certificate_pm2_itss"),
            found("checklist_organisation_s3_i2", "certificate"),
        )
        self.assertIn(
            self.env.ref("quality_ops.training_session_quality_h1"),
            found("checklist_organisation_s3_i3", "training_session"),
        )
        self.assertTrue(found("checklist_organisation_s3_i3", "training_record"))
        self.assertIn(
            self.env.ref("quality_ops.key_position_bank_pm"),
            found("checklist_organisation_s3_backup", "key_position"),
        )
        self.assertIn(inspections, found("checklist_organisation_s4_i1", "inspection"))
        # the audit running is not evidence of itself; the vendors' evaluations
        # (a year's made in the next) are, whatever their year
        self.assertNotIn(audit, found("checklist_organisation_s1_audit", "audit"))
        self.assertEqual(
            found("checklist_organisation_s4_vendor", "supplier_evaluation"),
            self.env["quality_ops.supplier.evaluation"]
            .with_user(officer)
            .search([("company_id", "=", company.id)]),
        )
        # supplier support (8.4.4): the vendors' contracts in force over the
        # period, and exactly the vendor cases opened in it
        self.assertIn(
            self.env.ref("quality_ops.supplier_contract_huawei"),
            found("checklist_organisation_s4_vendor", "supplier_contract"),
        )
        cases = found("checklist_organisation_s4_vendor", "vendor_case")
        zone = zoneinfo.ZoneInfo(company.partner_id.tz or "UTC")
        opened = (
            self.env["quality_ops.vendor.case"]
            .with_user(officer)
            .search([("company_id", "=", company.id)])
            .filtered(
                lambda c: (
                    D(year, 1, 1)
                    <= c.opened_at.replace(tzinfo=dt.UTC).astimezone(zone).date()
                    <= end
                )
            )
        )
        self.assertEqual(cases, opened)
        people = rows.filtered(lambda r: r.line_id.item_id.section_id.code in ("8.4.3", "8.4.4"))
        self.assertTrue(all(line.evidence_summary for line in people.line_id))
