"""The shipped ITSS checklists at audit granularity: one item per element of
the regulation's section 8.4 (each GB/T 28827.1 capability element and
process) and per checkpoint of section 8.5, each telling the auditor what to
check and which records to sample, in English and in Chinese."""

import re

from odoo.tests import tagged

from .common import QualityCommon, load_chinese
from .pdf_common import PdfTextMixin

CJK = re.compile(r"[\u4e00-\u9fff]")

# organisation template: section code -> the elements checked, one item each;
# an item names its element before the colon of its question
ORGANISATION_ELEMENTS = {
    "8.4.1": {
        "Quality policy",
        "Quality planning",
        "Document control",
        "Measurement",
        "Internal audit",
        "Management review",
        "Follow-up",
        "Improvement",
    },
    "8.4.2": {
        "Capability planning",
        "Service catalogue",
        "Customer satisfaction",
        "Complaints",
        "Capability evaluation",
    },
    "8.4.3": {
        "Staffing and roles",
        "Competence",
        "Training",
        "Performance assessment",
        "Reserve and backup",
    },
    "8.4.4": {
        "O&M tools",
        "Service desk",
        "Knowledge base",
        "Spare parts",
        "Supplier support",
    },
    "8.4.5": {
        "Problem detection",
        "Problem solving",
        "Knowledge management",
        "Risk control",
        "Emergency plans",
        "Technical research and development",
        "Technical documents",
    },
    "8.4.6": {
        "Service desk process",
        "Service level management",
        "Service reporting",
        "Incident management",
        "Problem management",
        "Configuration management",
        "Change management",
        "Release management",
        "Information security management",
        "Availability and continuity management",
        "Capacity management",
    },
}

# the project checkpoints domain.md names, each an item of its section
PROJECT_CHECKPOINTS = {
    "8.5.1": ["checklist_project_s1_i1", "checklist_project_s1_i2"],  # charter and SLA, lead
    "8.5.2": ["checklist_project_s2_i1", "checklist_project_s2_i2"],  # quality plan, staffing
    "8.5.3": ["checklist_project_s3_i1", "checklist_project_s3_i2"],  # inspections, SLA
    "8.5.4": ["checklist_project_s4_i1", "checklist_project_s4_i2"],  # reports, deviations
    "8.5.5": ["checklist_project_s5_i1", "checklist_project_s5_i2"],  # sign-off, lessons
}

# the items shipped before the checklists were detailed: existing databases,
# the demo audit and other data cite them
EARLIER_ITEMS = [
    f"checklist_organisation_s{section}_i{item}"
    for section, count in ((1, 4), (2, 3), (3, 4), (4, 4), (5, 4), (6, 4))
    for item in range(1, count + 1)
] + [f"checklist_project_s{section}_i{item}" for section in range(1, 6) for item in (1, 2)]


@tagged("post_install", "-at_install")
class TestChecklistItss(PdfTextMixin, QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.organisation = cls.env.ref("quality_ops.checklist_organisation")
        cls.project = cls.env.ref("quality_ops.checklist_project")
        cls.items = cls.env["quality_ops.checklist.item"].search(
            [("template_id", "in", (cls.organisation | cls.project).ids)]
        )

    def _load_chinese(self):
        load_chinese(self.env)

    def test_organisation_template_has_one_item_per_element_and_process(self):
        for section in self.organisation.section_ids:
            elements = [
                item.with_context(lang="en_US").question.split(":", 1)[0]
                for item in section.item_ids
            ]
            self.assertEqual(
                sorted(elements), sorted(ORGANISATION_ELEMENTS[section.code]), section.code
            )
        self.assertEqual(
            sorted(self.organisation.section_ids.mapped("code")), sorted(ORGANISATION_ELEMENTS)
        )
        self.assertEqual(
            len(self.organisation.section_ids.item_ids),
            sum(len(elements) for elements in ORGANISATION_ELEMENTS.values()),
        )

    def test_project_template_has_the_checkpoints_of_each_stage(self):
        by_code = {s.code: s for s in self.project.section_ids}
        self.assertEqual(sorted(by_code), sorted(PROJECT_CHECKPOINTS))
        for code, xmlids in PROJECT_CHECKPOINTS.items():
            items = by_code[code].item_ids
            for xmlid in xmlids:
                self.assertIn(self.env.ref(f"quality_ops.{xmlid}"), items, code)
            self.assertGreaterEqual(len(items), 4, f"{code} is checked item by item")

    def test_earlier_items_keep_their_ids(self):
        for xmlid in EARLIER_ITEMS:
            item = self.env.ref(f"quality_ops.{xmlid}", raise_if_not_found=False)
            self.assertTrue(item, xmlid)
            expected = self.project if "_project_" in xmlid else self.organisation
            self.assertEqual(item.template_id, expected, xmlid)

    def test_every_item_has_guidance_and_evidence_in_english_and_chinese(self):
        self.assertGreaterEqual(len(self.items), 60)
        self._load_chinese()
        for item in self.items:
            english = item.with_context(lang="en_US")
            chinese = item.with_context(lang="zh_CN")
            for fname in ("question", "guidance", "evidence_expected"):
                en, zh = english[fname], chinese[fname]
                label = f"{fname} of {english.question[:40]}"
                self.assertTrue(en and en.strip(), label)
                self.assertFalse(CJK.search(en), f"English {label}")
                self.assertTrue(zh and CJK.search(zh), f"Chinese {label}: {zh}")
                self.assertNotEqual(en, zh, label)
        # different items do not share their wording
        for fname in ("question", "guidance"):
            values = self.items.with_context(lang="zh_CN").mapped(fname)
            self.assertEqual(len(values), len(set(values)), fname)

    def test_audit_lines_carry_guidance_and_evidence_expected(self):
        self._load_chinese()
        self.officer.lang = "zh_CN"
        audit = (
            self.env["quality_ops.audit"]
            .with_user(self.manager)
            .create(
                {
                    "name": "2031年上半年内审",
                    "kind": "internal",
                    "planned_date": "2031-06-15",
                    "template_id": self.organisation.id,
                    "lead_auditor_id": self.officer.id,
                }
            )
        )
        audit.with_user(self.officer).with_context(lang="zh_CN").action_start()
        self.assertEqual(len(audit.line_ids), len(self.organisation.section_ids.item_ids))
        for line in audit.line_ids:
            item = line.item_id.with_context(lang="zh_CN")
            self.assertEqual(
                (line.question, line.guidance, line.evidence_expected),
                (item.question, item.guidance, item.evidence_expected),
            )
        incident = self.env.ref("quality_ops.checklist_organisation_s6_i2")
        line = audit.line_ids.filtered(lambda line: line.item_id == incident)
        self.assertEqual(len(line), 1)
        # a line added by hand from an item takes its wording too
        added = (
            self.env["quality_ops.audit.line"]
            .with_user(self.officer)
            .create({"audit_id": audit.id, "item_id": incident.id})
        )
        self.assertEqual(added.evidence_expected, incident.evidence_expected)
        line.with_user(self.officer).write({"result": "minor", "evidence": "两张工单无关闭确认"})
        text = self.render_pdf_text("quality_ops.report_quality_audit", audit, self.officer)
        self.assertInPdf("预期证据", text)
        self.assertInPdf(incident.with_context(lang="zh_CN").evidence_expected, text)
        self.assertInPdf("两张工单无关闭确认", text)
