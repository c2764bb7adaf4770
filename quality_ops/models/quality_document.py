import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_OFFICER
from ..tools.argument_guard import check_ids, check_vals, check_vals_list
from ..tools.field_checks import unchanged
from ..tools.record_fields import company_field, current_user, internal_user_field
from ..tools.unique_guard import unique_violation_as_validation_error
from ..tools.workflow_fields import SIGNATURES, signer_field, state_field, step_date_field
from ..tools.workflow_pass import has_pass

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

KINDS = [
    ("regulation", "Regulation"),
    ("procedure", "Procedure"),
    ("work_instruction", "Work Instruction"),
    ("form", "Form"),
]
CONFIDENTIALITY = [
    ("public", "Public"),
    ("internal", "Internal"),
    ("confidential", "Confidential"),
    ("secret", "Secret"),
]
STATES = [
    ("draft", "Draft"),
    ("in_review", "In Review"),
    ("approved", "Approved"),
    # released: the version in force (现行)
    ("released", "In Force"),
    ("obsolete", "Obsolete"),
]


class QualityDocument(models.Model):
    """A controlled document of the quality system (seed §6.1, 流程文件): the
    regulation, a procedure, a work instruction or a form, in one version.

    Each version is its own record: a new version is prepared from the
    released one, carries the line of the change history that made it
    (where and what changed, by whom, reviewed and approved by whom and
    when) and, once released, makes the previous version obsolete, which
    stays readable."""

    _name = "quality_ops.document"
    _description = "Controlled Document"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.reminder.mixin",
    ]
    _order = "number, version_sort desc, id desc"
    _rec_names_search = ["number", "name"]
    _check_company_auto = True

    _quality_control_fields = frozenset(
        {
            "state",
            "previous_id",
            *SIGNATURES,
            "release_date",
            "obsolete_date",
            "last_review_date",
            "review_reminder_date",
        }
    )
    _quality_frozen_states = ("in_review", "approved", "released", "obsolete")
    # who must read it is distribution, not content
    _quality_free_fields = frozenset({"color", "reader_ids"})
    _quality_field_groups = {"reader_ids": GROUP_OFFICER}
    _quality_deletable_states = ("draft",)
    _quality_seal_fields = (
        "number",
        "name",
        "kind",
        "version",
        "previous_id",
        "company_id",
        "department",
        "owner_id",
        "confidentiality",
        "description",
        "file_name",
        "file_checksum",
        "change_location",
        "change_description",
        "review_months",
        "ack_required",
        *SIGNATURES,
        "release_date",
    )

    number = fields.Char(
        required=True,
        tracking=True,
        index=True,
        help="The document's number (编号), the same for all its versions.",
    )
    name = fields.Char(string="Title", required=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, default="procedure", tracking=True)
    version = fields.Char(
        required=True,
        default="1.0",
        tracking=True,
        help="Written X.Y; a new version is 1.0 → 1.1 (revision) or → 2.0 (major change).",
    )
    company_id = company_field()
    department = fields.Char(string="Owner Department", tracking=True)
    owner_id = internal_user_field(
        default=current_user,
        tracking=True,
        help="Keeps the document up to date and is reminded of its periodic review.",
    )
    confidentiality = fields.Selection(
        CONFIDENTIALITY,
        required=True,
        default="internal",
        tracking=True,
        help="Public and internal documents are read by every quality role once "
        "released; confidential and secret ones by the quality department and "
        "the named readers only.",
    )
    description = fields.Html(string="Scope and Summary")
    file = fields.Binary(string="Document File", attachment=True, copy=True)
    file_name = fields.Char()
    file_checksum = fields.Char(
        compute="_compute_file_checksum",
        help="SHA-1 of the document file, as sealed with the approved content.",
    )
    change_location = fields.Char(
        string="Where Changed", help="Chapters or clauses changed by this version (更改处)."
    )
    change_description = fields.Text(
        string="What Changed", help="What this version changes (更改内容)."
    )
    state = state_field(STATES)
    prepared_by_id = signer_field()
    prepared_date = step_date_field("Prepared On")
    reviewed_by_id = signer_field()
    reviewed_date = step_date_field("Reviewed On")
    approved_by_id = signer_field()
    approved_date = step_date_field("Approved On")
    release_date = fields.Date(readonly=True, copy=False, tracking=True)
    obsolete_date = step_date_field("Obsolete Since")
    color = fields.Integer()

    _number_version_unique = models.UniqueIndex(
        "(company_id, number, version)",
        "This version of the document already exists.",
    )
    # one released version at a time, one version in preparation at a time
    _released_unique = models.UniqueIndex(
        "(company_id, number) WHERE state = 'released'",
        "Another version of this document is released: release the new one through "
        "its workflow, which makes the previous one obsolete.",
    )
    _in_progress_unique = models.UniqueIndex(
        "(company_id, number) WHERE state IN ('draft', 'in_review', 'approved')",
        "A new version of this document is already in preparation.",
    )

    # ------------------------------------------------------------------

    def _compute_file_checksum(self):
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", "file"),
                    ("res_id", "in", self.ids),
                ]
            )
            if self.ids
            else []
        )
        # the bytes the file serves, hashed now (see ir_attachment)
        checksums = attachments._quality_content_checksums() if attachments else {}
        by_id = {att.res_id: checksums[att.id] or False for att in attachments}
        for document in self:
            document.file_checksum = by_id.get(document.id, False)

    @api.depends("number", "name", "version")
    def _compute_display_name(self):
        for document in self:
            document.display_name = " ".join(
                part
                for part in (
                    document.number,
                    document.name,
                    f"V{document.version}" if document.version else "",
                )
                if part
            )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        if not has_pass(self, creating=True):
            # a new version is created by New Version (its pass), never by hand
            for vals in vals_list:
                self._check_new_number(vals)
        Document = self._quality_checked_for_create(vals_list)
        with unique_violation_as_validation_error(self):
            records = super(QualityDocument, Document).create(vals_list)
        return records.with_env(self.env)

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if not has_pass(self):
            if (
                "version" in vals
                and not unchanged(self, "version", vals["version"])
                and self.filtered("previous_id")
            ):
                raise UserError(
                    self.env._(
                        "The version of a new version is set by New Version (revision or "
                        "major change)."
                    )
                )
            if "number" in vals and not unchanged(self, "number", vals["number"]):
                if self.filtered(lambda d: d.previous_id or d.superseded_by_id):
                    raise UserError(
                        self.env._("The number of a document is the same for all its versions.")
                    )
                for document in self:
                    self._check_new_number(
                        {"number": vals["number"], "company_id": document.company_id.id},
                        exclude=self.ids,
                    )
        with unique_violation_as_validation_error(self):
            return super().write(vals)

    def _quality_frozen_message(self):
        if self.state in ("released", "obsolete"):
            return self.env._(
                "%(document)s is %(state)s: it is kept as it was released. Prepare a new "
                "version to change it.",
                document=self.display_name,
                state=self._quality_state_label(),
            )
        return self.env._(
            "%(document)s is %(state)s: send it back to draft to change it.",
            document=self.display_name,
            state=self._quality_state_label(),
        )

    # ------------------------------------------------------------------
