"""What the server writes for someone reads in their language, whoever runs
the code (a scheduled action as the English superuser); an audit's checklist
reads in its reader's language, whoever started it."""

from markupsafe import Markup

from odoo.tests import TransactionCase, tagged

from odoo.addons.quality_ops.quality_ops.tools.reader_lang import reader_lang

from .common import load_chinese, role_user


@tagged("post_install", "-at_install")
class TestReaderLanguage(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        # the scheduled actions' user: the superuser, in English
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tracking_disable=True))
        cls.zh_manager = role_user(cls.env, "qo_l_zh", "manager", lang="zh_CN")
        cls.en_manager = role_user(cls.env, "qo_l_en", "manager", lang="en_US")
        cls.zh_company = cls.env.company
        cls.en_company = cls.env["res.company"].create({"name": "English O&M Ltd."})
        cls.zh_company.quality_manager_id = cls.zh_manager
        cls.en_company.quality_manager_id = cls.en_manager
        cls.en_manager.company_ids |= cls.en_company

    def low_rating(self, company):
        team = self.env["helpdesk.ticket.team"].create(
            {"name": f"Desk {company.name}", "company_id": company.id}
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Server down",
                "description": "<p>Server down</p>",
                "team_id": team.id,
                "company_id": company.id,
                "partner_id": self.env["res.partner"].create({"name": "Client"}).id,
            }
        )
        return self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "res_id": ticket.id,
                "rating": 1,
                "consumed": True,
                "partner_id": ticket.partner_id.id,
            }
        )

    def test_the_reader_s_language_is_the_first_reader_s(self):
        self.assertEqual(reader_lang(self.env, self.zh_manager, self.en_manager), "zh_CN")
        self.assertEqual(reader_lang(self.env, self.en_manager, self.zh_manager), "en_US")
        nobody = self.env["res.users"]
        self.assertEqual(reader_lang(self.env, nobody), self.env.company.partner_id.lang or "en_US")

    def test_a_follow_up_by_the_superuser_reads_in_its_owner_s_language(self):
        Followup = self.env["quality_ops.followup"]
        # rated as the superuser, English: the follow-ups are drafted at once
        ratings = self.low_rating(self.zh_company) | self.low_rating(self.en_company)
        followups = Followup.search([("rating_id", "in", ratings.ids)])
        by_owner = {f.owner_id: f for f in followups}
        self.assertEqual(set(by_owner), {self.zh_manager, self.en_manager})
        chinese, english = by_owner[self.zh_manager], by_owner[self.en_manager]
        self.assertIn("评价低分", chinese.name)
        self.assertTrue(english.name.startswith("Low rating (1/5) on"), english.name)
        self.assertEqual(chinese.activity_ids.summary, "回访客户")
        self.assertEqual(english.activity_ids.summary, "Call back the customer")

    def test_a_report_drafted_by_the_scheduled_action_reads_in_its_manager_s_language(self):
        Report = self.env["quality_ops.report"]
        chinese = Report._draft_report(self.zh_company, "annual", 2031, False)
        english = Report._draft_report(self.en_company, "annual", 2031, False)
        zh_name = dict(
            Report._fields["kind"]._description_selection(self.env(context={"lang": "zh_CN"}))
        )
        self.assertEqual(chinese.name, f"{zh_name['annual']} 2031")
        self.assertNotEqual(zh_name["annual"], "Annual Report")
        self.assertTrue(english.name.endswith(" 2031"))
        self.assertNotEqual(chinese.name, english.name)
        self.assertIn("完善并提交", chinese.activity_ids.summary)
        self.assertTrue(english.activity_ids.summary.startswith("Complete and submit"))
        for report, words in ((chinese, "项指标"), (english, "indicators measured")):
            text = Markup(report.summary or "") + Markup(report.proposals or "")
            self.assertIn(words, str(text), report.name)

    def test_a_tracked_selection_reads_in_the_reader_s_language(self):
        plan = self.env["quality_ops.plan"].create(
            {
                "name": "Plan 2031",
                "plan_type": "organisation",
                "year": 2031,
                "company_id": self.zh_company.id,
            }
        )
        # as an English writer: the tracking stores the English label
        plan.with_context(tracking_disable=False, lang="en_US")._message_log(
            body="",
            tracking_value_ids=[
                (
                    0,
                    0,
                    {
                        "field_id": self.env["ir.model.fields"]
                        ._get("quality_ops.plan", "state")
                        .id,
                        "old_value_char": dict(
                            plan._fields["state"]._description_selection(self.env)
                        )["draft"],
                        "new_value_char": dict(
                            plan._fields["state"]._description_selection(self.env)
                        )["submitted"],
                    },
                )
            ],
        )
        tracking = plan.message_ids.tracking_value_ids
        self.assertEqual(len(tracking), 1)
        zh_env = self.env(user=self.zh_manager, context={"lang": "zh_CN"})
        zh_labels = dict(plan._fields["state"]._description_selection(zh_env))
        en_labels = dict(plan._fields["state"]._description_selection(self.env))
        self.assertNotEqual(zh_labels["submitted"], en_labels["submitted"])
        shown = tracking.with_env(zh_env)._tracking_value_format()[0]
        self.assertEqual(
            (shown["oldValue"], shown["newValue"]), (zh_labels["draft"], zh_labels["submitted"])
        )
        shown = tracking._tracking_value_format()[0]
        self.assertEqual(
            (shown["oldValue"], shown["newValue"]), (en_labels["draft"], en_labels["submitted"])
        )

    def test_an_audit_started_in_english_reads_in_chinese_for_a_chinese_reader(self):
        officer = role_user(self.env, "qo_l_officer", "officer", lang="en_US")
        template = self.env.ref("quality_ops.checklist_organisation")
        audit = self.env["quality_ops.audit"].create(
            {
                "name": "Internal audit H1 2031",
                "kind": "internal",
                "planned_date": "2031-06-15",
                "template_id": template.id,
                "lead_auditor_id": officer.id,
            }
        )
        audit.with_user(officer).with_context(lang="en_US").action_start()
        lines = audit.line_ids
        self.assertGreater(len(lines), 10)
        first, second = lines[0], lines[1]
        # the evidence keeps the words it was made with
        original = first.item_id.with_context(lang="en_US").question
        self.assertEqual(first.question, original)
        # an auditor's own wording is theirs in every language
        second.question_shown = "Also check the on-call roster"
        self.assertEqual(second.question, "Also check the on-call roster")
        for line in (lines - second).with_context(lang="zh_CN"):
            item = line.item_id.with_context(lang="zh_CN")
            self.assertEqual(
                (line.question_shown, line.guidance_shown, line.evidence_expected_shown),
                (item.question, item.guidance, item.evidence_expected),
            )
            self.assertEqual(line.section_shown, item.section_id.display_name)
            self.assertNotEqual(line.question_shown, line.question)
        self.assertEqual(
            second.with_context(lang="zh_CN").question_shown, "Also check the on-call roster"
        )
        self.assertEqual(first.with_context(lang="en_US").question_shown, original)
        # what the item says later does not rewrite what was audited
        first.item_id.with_context(lang="en_US").question = "A reworded question"
        first.item_id.with_context(lang="zh_CN").question = "改写后的问题"
        self.env.invalidate_all()
        self.assertEqual(first.with_context(lang="zh_CN").question_shown, original)
        # a line added by hand keeps its words
        added = self.env["quality_ops.audit.line"].create(
            {"audit_id": audit.id, "question_shown": "Spare parts stock checked"}
        )
        self.assertEqual(added.question, "Spare parts stock checked")

    def test_a_creation_line_reads_in_one_language(self):
        # no language in the context (data loading): the user's, whole
        env = self.env(user=self.zh_manager, context={})
        plan = env["quality_ops.plan"].create(
            {"name": "Plan 2032", "plan_type": "organisation", "year": 2032}
        )
        zh_name = self.env["ir.model"].with_context(lang="zh_CN")._get("quality_ops.plan").name
        self.assertNotEqual(zh_name, "Quality Plan")
        bodies = plan.message_ids.mapped("body")
        self.assertTrue(any(zh_name in str(body) for body in bodies), bodies)
        self.assertFalse(any("Quality Plan" in str(body) for body in bodies), bodies)
