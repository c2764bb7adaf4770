import json

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..audit_scoring import is_applicable, is_conforming
from ..evidence import BY_KEY
from ..groups import GROUP_OFFICER
from ..tools.argument_guard import arguments, check_ids, check_vals, check_vals_list
from ..tools.group_guard import require_group, uninstalling
from ..tools.record_fields import belongs_to_field, company_of_field
from ..tools.workflow_pass import with_pass

RESULTS = [
    ("conform", "Conform"),
    ("minor", "Minor Nonconformity"),
    ("major", "Major Nonconformity"),
    ("observation", "Observation"),
    ("not_applicable", "Not Applicable"),
]


# texts of a checklist item a line copies, shown in the reader's language
ITEM_TEXTS = ("question", "guidance", "evidence_expected")
SHOWN = ("section", *ITEM_TEXTS)


class QualityAuditLine(models.Model):
    _name = "quality_ops.audit.line"
    _inherit = ["quality_ops.xlsx.mixin", "quality_ops.workflow.child.mixin"]
    _quality_parent_field = "audit_id"
    _quality_line_control_fields = frozenset({"finding_id"})
    _quality_xlsx_fields = [
        ("audit_id", "reference"),
        "audit_date",
        "section",
        "question",
        "evidence_expected",
        "weight",
        "result",
        "evidence",
        "auditor_id",
        ("finding_id", "reference"),
        "project_id",
    ]
    _description = "Audit Checklist Line"
    _order = "audit_id, sequence, id"

    audit_id = belongs_to_field("quality_ops.audit")
    company_id = company_of_field("audit_id")
    project_id = fields.Many2one(related="audit_id.project_id", store=True, index=True)
    audit_date = fields.Date(related="audit_id.planned_date", store=True, index=True)
    audit_state = fields.Selection(related="audit_id.state", string="Audit Status")
    sequence = fields.Integer(default=10)
    section = fields.Char()
    item_id = fields.Many2one(comodel_name="quality_ops.checklist.item", ondelete="restrict")
    question = fields.Text(required=True)
    guidance = fields.Text(help="What the auditor checks.")
    evidence_expected = fields.Text(help="The records the auditor samples.")
    weight = fields.Float(default=1.0)
    # the checklist's wording in the reader's language (see _compute_shown)
    section_shown = fields.Char(
        string="Checklist Section", compute="_compute_shown", inverse="_inverse_shown"
    )
    question_shown = fields.Text(
        string="Checklist Question", compute="_compute_shown", inverse="_inverse_shown"
    )
    guidance_shown = fields.Text(
        string="Checklist Guidance",
        compute="_compute_shown",
        inverse="_inverse_shown",
        help="What the auditor checks, in the checklist's words.",
    )
    evidence_expected_shown = fields.Text(
        string="Evidence to Sample",
        compute="_compute_shown",
        inverse="_inverse_shown",
        help="The records the auditor samples, in the checklist's words.",
    )
    document_id = fields.Many2one(
        comodel_name="quality_ops.document",
        string="Procedure Checked",
        ondelete="restrict",
        help="The controlled document, in the version in force, the item checks.",
    )
    result = fields.Selection(RESULTS, index=True)
    evidence = fields.Text(string="Evidence Notes")
    attachment_ids = fields.Many2many(comodel_name="ir.attachment", string="Evidence Files")
    auditor_id = fields.Many2one(comodel_name="res.users")
    finding_id = fields.Many2one(
        comodel_name="quality_ops.finding", copy=False, index=True, ondelete="restrict"
    )
    evidence_ids = fields.One2many(
        comodel_name="quality_ops.audit.evidence",
        inverse_name="line_id",
        string="Evidence by Kind",
    )
    evidence_summary = fields.Text(
        string="Evidence Found",
        compute="_compute_evidence_summary",
        help="The records of the audited period and scope that answer the item, as "
        "you may read them: found now while the audit runs, as found when it was "
        "reported afterwards.",
    )
    # the evidence as found when the audit was reported: sealed with the line
    evidence_snapshot = fields.Text(compute="_compute_evidence_snapshot", groups=GROUP_OFFICER)
    # stored for the AUDIT_CONF indicator (read_group, no loop over lines)
    is_applicable = fields.Boolean(compute="_compute_flags", store=True)
    is_conforming = fields.Boolean(compute="_compute_flags", store=True)

    @api.depends("result")
    def _compute_flags(self):
        for line in self:
            line.is_applicable = is_applicable(line.result)
            line.is_conforming = is_conforming(line.result)

    @api.depends(
        "evidence_ids.snapshot_at",
        "evidence_ids.snapshot_count",
        "evidence_ids.snapshot_res_ids",
        "evidence_ids.snapshot_facts",
    )
    def _compute_evidence_snapshot(self):
        for line in self:
            rows = line.evidence_ids.sudo().filtered("snapshot_at").sorted("id")
            line.evidence_snapshot = (
                json.dumps(
                    [
                        [
                            row.kind,
                            fields.Datetime.to_string(row.snapshot_at),
                            row.snapshot_count,
                            row.snapshot_res_ids or [],
                            row.snapshot_facts or {},
                        ]
                        for row in rows
                    ],
                    sort_keys=True,
                )
                if rows
                else False
            )

    @api.depends("evidence_ids.found_count", "evidence_ids.facts")
    @api.depends_context("uid", "lang", "allowed_company_ids")
    def _compute_evidence_summary(self):
        rows = self.evidence_ids
        # one search per kind for all the lines (the rows' compute is set-based)
        rows.mapped("found_count")
        labels = dict(rows._fields["kind"]._description_selection(self.env))
        for line in self:
            parts = []
            for row in line.evidence_ids:
                text = self.env._(
                    "%(kind)s: %(count)s",
                    kind=labels.get(row.kind, row.kind),
                    count=row.found_count,
                )
                if row.facts:
                    text = f"{text} · {row.facts}"
                parts.append(text)
            line.evidence_summary = "\n".join(parts)

    @api.depends("section", "question", "guidance", "evidence_expected", "item_id")
    @api.depends_context("lang")
    def _compute_shown(self):
        """A line keeps the wording it was made with (the audit's evidence,
        sealed with it). Shown to a reader, a wording that is still exactly
        its checklist item's text in one of the languages reads in the
        reader's language; a wording the auditor changed, or one the item no
        longer has, reads as stored: what is shown always says what was
        audited."""
        items = self.item_id.sudo()
        variants = {}  # (item id, field name): {language: text}
        for code, _name in self.env["res.lang"].get_installed():
            for item in items.with_context(lang=code):
                texts = {fname: item[fname] for fname in ITEM_TEXTS}
                texts["section"] = item.section_id.display_name
                for fname, text in texts.items():
                    variants.setdefault((item.id, fname), {})[code] = text
        lang = self.env.lang or "en_US"
        for line in self:
            for fname in SHOWN:
                stored = line[fname]
                texts = variants.get((line.item_id.id, fname), {})
                shown = stored
                if stored and stored in texts.values():
                    shown = texts.get(lang) or stored
                line[f"{fname}_shown"] = shown

    def _inverse_shown(self):
        for line in self:
            for fname in SHOWN:
                if line[f"{fname}_shown"] != line[fname]:
                    line[fname] = line[f"{fname}_shown"]

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        # the wording typed on a new line is its stored wording
        for vals in vals_list:
            for fname in SHOWN:
                if f"{fname}_shown" in vals:
                    vals.setdefault(fname, vals.pop(f"{fname}_shown"))
        if not self.env.su:
            self.env["quality_ops.audit"].browse(
                [
                    vals.get("audit_id") or self.env.context.get("default_audit_id")
                    for vals in vals_list
                    if vals.get("audit_id") or self.env.context.get("default_audit_id")
                ]
            )._check_not_auditee()
        # a line made from a checklist item takes its wording
        items = self.env["quality_ops.checklist.item"].browse(
            [vals["item_id"] for vals in vals_list if vals.get("item_id")]
        )
        by_id = {item.id: item for item in items}
        current = {
            item.id: item.document_id.sudo()._current_version().id
            for item in items.sudo()
            if item.document_id
        }
        for vals in vals_list:
            item = by_id.get(vals.get("item_id"))
            if item:
                vals.setdefault("question", item.question)
                vals.setdefault("guidance", item.guidance)
                vals.setdefault("evidence_expected", item.evidence_expected)
                vals.setdefault("section", item.section_id.display_name)
                vals.setdefault("weight", item.weight)
                if item.id in current:
                    vals.setdefault("document_id", current[item.id])
        lines = super().create(vals_list)
        lines._make_evidence()
        return lines

    def _make_evidence(self):
        """One evidence row per kind the line's checklist item names."""
        vals = [
            {
                "line_id": line.id,
                "audit_id": line.audit_id.id,
                "kind": evidence.kind,
                "sequence": evidence.sequence,
            }
            for line in self
            for evidence in line.item_id.sudo().evidence_ids
            if evidence.kind in BY_KEY
        ]
        if vals:
            with_pass(self.audit_id).env["quality_ops.audit.evidence"].create(vals)

    @api.readonly
    @arguments()
    def action_open_evidence(self):
        """The records found for the line: those of its one kind, or its kinds."""
        self.ensure_one()
        if len(self.evidence_ids) == 1:
            return self.evidence_ids.action_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Evidence Found"),
            "res_model": "quality_ops.audit.evidence",
            "views": [(False, "list")],
            "domain": [("line_id", "=", self.id)],
            "context": {"create": False},
        }

    @api.constrains("auditor_id", "audit_id")
    def _check_auditor_independent(self):
        for line in self:
            if line.auditor_id and line.auditor_id in line.audit_id.sudo()._auditees():
                raise ValidationError(
                    self.env._(
                        "%(user)s is audited in %(audit)s and cannot be the auditor of an item.",
                        user=line.auditor_id.name,
                        audit=line.audit_id.display_name,
                    )
                )

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        # an auditee changes nothing of the audit that audits them
        if not self.env.su:
            self.audit_id._check_not_auditee()
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_not_by_auditees(self):
        if not self.env.su and not uninstalling(self.env):
            self.audit_id._check_not_auditee()

    @api.onchange("result")
    def _onchange_result(self):
        if self.result and not self.auditor_id:
            self.auditor_id = self.env.user

    @arguments()
    def action_create_finding(self):
        """One finding per nonconforming line (never two)."""
        require_group(self.env, GROUP_OFFICER, self.env._("Only quality officers record findings."))
        closed = self.audit_id.filtered(lambda a: a.state == "closed")
        if closed:
            raise UserError(closed[0]._quality_frozen_message())

        def finding_vals(line):
            if line.result not in ("minor", "major"):
                raise UserError(
                    self.env._("Only a nonconformity becomes a finding: %(q)s", q=line.question)
                )
            return {
                "name": (line.question or "")[:120],
                "origin": "audit",
                "audit_id": line.audit_id.id,
                "source_ref": f"quality_ops.audit.line,{line.id}",
                "severity": "major" if line.result == "major" else "minor",
                "description": line.evidence or line.question,
                "project_id": line.audit_id.project_id.id,
                "company_id": line.company_id.id,
                "responsible_id": line.audit_id.company_id.quality_manager_id.id,
                "document_id": line.document_id.id,
            }

        return self.env["quality_ops.finding"]._quality_open_from(self, finding_vals)
