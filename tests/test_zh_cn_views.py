"""A Chinese user reads Chinese: every form, list and kanban view of
quality_ops and of the OCA helpdesk modules it is built on, their field
labels, helps and selection values, the menus, and the customer's ticket
pages, rendered in zh_CN, hold no text still equal to its English source.

A text is reported when it contains a word of Latin letters that is not a
code or a proper name (ALLOWED) and reads the same in zh_CN as in en_US.
The offenders are printed; translate them in i18n/zh_CN.po (quality_ops) or
i18n/<module>/zh_CN.po (the helpdesk modules)."""

import re

from lxml import etree, html

from odoo.tests import HttpCase, TransactionCase, tagged

from .common import role_user

OURS = ("quality_ops", "helpdesk_mgmt", "helpdesk_mgmt_rating", "helpdesk_mgmt_project")
VIEW_TYPES = ("form", "list", "kanban")
# codes, units and proper names a Chinese O&M company writes as they are
ALLOWED = {
    "SLA",
    "CSAT",
    "NPS",
    "ITSS",
    "ISO",
    "XLSX",
    "PDF",
    "RMA",
    "CASE",
    "ID",
    "IT",
    "KPI",
    "CAPA",
    "CNY",
    "Odoo",
    "URL",
    "HTTP",
    "JSON",
    "Python",
    "PDCA",
    "OCA",
    "CC",
}
WORD = re.compile(r"[A-Za-z]{2,}")
SHOWN_ATTRIBUTES = ("string", "placeholder", "help", "title", "confirm", "aria-label", "sum")


def is_english(text):
    """True when ``text`` holds a word that is not an allowed code or name."""
    return any(word not in ALLOWED for word in WORD.findall(text or ""))


def load_chinese(env):
    """zh_CN active, with the terms of every installed module (those of
    quality_ops bring the helpdesk modules' along)."""
    env["res.lang"]._activate_lang("zh_CN")
    modules = env["ir.module.module"].search([("state", "=", "installed")])
    env["ir.module.module"]._load_module_terms(modules.mapped("name"), ["zh_CN"])


def view_texts(env, model, view_id, view_type):
    """{key: text} of what a view shows: its arch's texts and shown
    attributes, the labels and helps of its visible fields and the values of
    its selection fields, keyed the same in every language."""
    result = env[model].get_views([(view_id, view_type)])
    arch = result["views"][view_type]["arch"]
    fields = {name: info["fields"] for name, info in result["models"].items()}
    tree = etree.fromstring(arch)
    texts = {}

    def walk(node, current):
        path = tree.getroottree().getpath(node)
        for attribute in SHOWN_ATTRIBUTES:
            if node.get(attribute):
                texts[(path, attribute)] = node.get(attribute)
        if node.text and node.text.strip() and node.tag != "field":
            texts[(path, "text")] = node.text.strip()
        if node.tail and node.tail.strip():
            texts[(path, "tail")] = node.tail.strip()
        comodel = current
        if node.tag == "field" and node.get("name") in fields.get(current, {}):
            info = fields[current][node.get("name")]
            hidden = node.get("invisible") in ("1", "True") or node.get("column_invisible") in (
                "1",
                "True",
            )
            if not hidden:
                key = (current, node.get("name"))
                if view_type != "kanban" and not node.get("string") and not node.get("nolabel"):
                    texts[key + ("label",)] = info.get("string")
                if info.get("help"):
                    texts[key + ("help",)] = info["help"]
                for value, label in info.get("selection") or []:
                    texts[key + ("selection", value)] = label
            comodel = info.get("relation") or current
        for child in node:
            walk(child, comodel)

    walk(tree, model)
    return texts


def report(title, offenders):
    """The failure message: every offender, one a line."""
    return "\n".join([f"{len(offenders)} {title}:", *offenders])


def untranslated(english, chinese):
    return sorted(
        f"{key}: {text!r}"
        for key, text in chinese.items()
        if isinstance(text, str) and text == english.get(key) and is_english(text)
    )


@tagged("post_install", "-at_install")
class TestChineseViews(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.user = role_user(
            cls.env,
            "qo_zh_reader",
            groups="quality_ops.group_quality_manager,helpdesk_mgmt.group_helpdesk_manager,"
            "project.group_project_manager",
            lang="zh_CN",
        )

    def test_the_allow_list_tells_codes_from_words(self):
        self.assertFalse(is_english("SLA 达成率 (CSAT)"))
        self.assertFalse(is_english("工单"))
        self.assertTrue(is_english("Assigned user"))
        self.assertTrue(is_english("SLA Policy"))

    def test_helpdesk_terms_are_loaded_with_the_language(self):
        ticket = self.env["helpdesk.ticket"].with_user(self.user).with_context(lang="zh_CN")
        labels = ticket.fields_get(["user_id", "team_id", "stage_id"], ["string"])
        self.assertEqual(labels["user_id"]["string"], "处理人")
        self.assertEqual(labels["stage_id"]["string"], "阶段")
        # a translation the database had before is kept: Chinese, whichever
        self.assertFalse(is_english(labels["team_id"]["string"]), labels["team_id"])
        stages = {
            xmlid: self.env.ref(f"helpdesk_mgmt.{xmlid}").with_context(lang="zh_CN").name
            for xmlid in ("helpdesk_ticket_stage_new", "helpdesk_ticket_stage_done")
        }
        self.assertEqual(
            stages, {"helpdesk_ticket_stage_new": "新建", "helpdesk_ticket_stage_done": "已完成"}
        )

    def test_an_upstream_or_user_translation_is_kept(self):
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        stage.with_context(lang="zh_CN").name = "新工单"
        self.env["ir.module.module"]._load_module_terms(["quality_ops"], ["zh_CN"])
        stage.invalidate_recordset()
        self.assertEqual(stage.with_context(lang="zh_CN").name, "新工单")
        self.assertEqual(stage.with_context(lang="en_US").name, "New")

    def test_views_read_in_chinese(self):
        data = self.env["ir.model.data"].search(
            [("module", "in", OURS), ("model", "=", "ir.ui.view")]
        )
        views = (
            self.env["ir.ui.view"]
            .browse(data.mapped("res_id"))
            .filtered(lambda v: v.type in VIEW_TYPES and v.mode == "primary")
        )
        self.assertGreater(len(views), 40)
        offenders = []
        for view in views:
            env_zh = self.env(user=self.user, context={"lang": "zh_CN"})
            env_en = self.env(user=self.user, context={"lang": "en_US"})
            if not env_zh[view.model].has_access("read"):
                continue
            chinese = view_texts(env_zh, view.model, view.id, view.type)
            english = view_texts(env_en, view.model, view.id, view.type)
            name = view.get_external_id()[view.id]
            offenders += [f"{name} {line}" for line in untranslated(english, chinese)]
        self.assertFalse(offenders, report("English texts in zh_CN views", offenders))

    def test_menus_read_in_chinese(self):
        data = self.env["ir.model.data"].search(
            [("module", "in", OURS), ("model", "=", "ir.ui.menu")]
        )
        menus = self.env["ir.ui.menu"].browse(data.mapped("res_id"))
        self.assertGreater(len(menus), 10)
        offenders = [
            f"{menu.get_external_id()[menu.id]}: {menu.name!r}"
            for menu in menus.with_context(lang="zh_CN")
            if menu.name == menu.with_context(lang="en_US").name and is_english(menu.name)
        ]
        self.assertFalse(offenders, report("English menu names in zh_CN", offenders))


@tagged("post_install", "-at_install")
class TestChinesePortal(HttpCase):
    """The customer's ticket pages: no text of their templates or of the
    portal controller left in English."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.customer = role_user(cls.env, "qo_zh_customer", "portal", lang="zh_CN", name="张三")
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "机房空调告警",
                "description": "<p>机房空调告警</p>",
                "partner_id": cls.customer.partner_id.id,
            }
        )

    def english_terms(self):
        """The English texts of the portal templates of quality_ops and the
        helpdesk modules, and of helpdesk_mgmt's portal controller."""
        data = self.env["ir.model.data"].search(
            [("module", "in", OURS), ("model", "=", "ir.ui.view")]
        )
        views = (
            self.env["ir.ui.view"]
            .browse(data.mapped("res_id"))
            .filtered(lambda v: v.type == "qweb")
            .with_context(lang="en_US")
        )
        field = views._fields["arch_db"]
        terms = set()
        for view in views:
            for term in field.get_trans_terms(view.arch_db or ""):
                text = field.get_text_content(term)
                if is_english(text):
                    terms.add(text)
        terms |= {"All", "Newest", "Title", "Stage", "Category", "Last Stage Update"}
        return terms

    def page_texts(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        page = html.fromstring(response.content)
        for bad in page.xpath("//script|//style"):
            bad.drop_tree()
        texts = {" ".join(text.split()) for text in page.itertext()}
        for attribute in ("placeholder", "title", "aria-label"):
            texts |= {" ".join(v.split()) for v in page.xpath(f"//@{attribute}")}
        return {text for text in texts if text}

    def test_ticket_pages_read_in_chinese(self):
        self.authenticate(self.customer.login, self.customer.login)
        terms = self.english_terms()
        self.assertIn("No tickets found.", terms)
        offenders = []
        for url in ("/my", "/my/tickets", f"/my/ticket/{self.ticket.id}", "/new/ticket"):
            offenders += [f"{url}: {text!r}" for text in sorted(self.page_texts(url) & terms)]
        self.assertFalse(offenders, report("English texts on zh_CN portal pages", offenders))
