import datetime
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..assurance import next_version, parse_version, review_due
from ..groups import GROUP_MANAGER, GROUP_OFFICER, GROUP_REPRESENTATIVE
from ..integrity import SEAL, UNSEAL
from .argument_guard import arguments, check_ids, check_vals, check_vals_list
from .quality_workflow_mixin import Transition, has_pass, with_pass
from .reader_lang import reader_env
from .unique_guard import unique_violation_as_validation_error

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
# the regulation is approved by the management representative, the
# procedures, work instructions and forms under it by the quality manager
APPROVAL = {"regulation": "approve_regulation"}
APPROVE = {
    "sources": ("in_review",),
    "target": "approved",
    "stamp": ("approved_by_id", "approved_date"),
    "seal": SEAL,
    "verb": _lt("approved (it must be in review)"),
}
TRANSITIONS = {
    "submit": Transition(
        sources=("draft",),
        target="in_review",
        group=GROUP_OFFICER,
        denied=_lt("Only the quality department submits controlled documents for review."),
        verb=_lt("submitted for review"),
        stamp=("prepared_by_id", "prepared_date"),
    ),
    "review": Transition(
        sources=("in_review",),
        target=None,
        group=GROUP_OFFICER,
        denied=_lt("Only the quality department reviews controlled documents."),
        verb=_lt("reviewed (it must be in review)"),
        stamp=("reviewed_by_id", "reviewed_date"),
    ),
    "send_back": Transition(
        sources=("in_review",),
        target="draft",
        group=GROUP_OFFICER,
        denied=_lt("Only the quality department sends a document back to its author."),
        verb=_lt("sent back (it must be in review)"),
        clear=("reviewed_by_id", "reviewed_date"),
    ),
    "approve": Transition(
        group=GROUP_MANAGER,
        denied=_lt("Only the quality manager approves procedures, work instructions and forms."),
        **APPROVE,
    ),
    "approve_regulation": Transition(
        group=GROUP_REPRESENTATIVE,
        denied=_lt("Only the management representative approves the quality regulation."),
        **APPROVE,
    ),
    "release": Transition(
        sources=("approved",),
        target="released",
        group=GROUP_MANAGER,
        denied=_lt("Only the quality manager releases controlled documents."),
        verb=_lt("released (it must be approved)"),
        stamp=(None, "release_date"),
        # sealed again: the release date is part of what was released
        seal=SEAL,
    ),
    "reset": Transition(
        sources=("approved",),
        target="draft",
        group=GROUP_MANAGER,
        denied=_lt("Only the quality manager takes an approved document back to draft."),
        verb=_lt("reset to draft (only an approved document is)"),
        clear=("reviewed_by_id", "reviewed_date", "approved_by_id", "approved_date"),
        seal=UNSEAL,
    ),
    "obsolete": Transition(
        sources=("released",),
        target="obsolete",
        group=GROUP_MANAGER,
        denied=_lt("Only the quality manager withdraws controlled documents."),
        verb=_lt("withdrawn (only a released document is)"),
        stamp=(None, "obsolete_date"),
    ),
    "confirm_review": Transition(
        sources=("released",),
        target=None,
        group=GROUP_MANAGER,
        denied=_lt("Only the quality manager confirms the periodic review of a document."),
        verb=_lt("confirmed as still valid (only a released document is)"),
        stamp=(None, "last_review_date"),
    ),
    "new_version": Transition(
        sources=("released",),
        target=None,
        group=GROUP_OFFICER,
        denied=_lt("Only the quality department prepares a new version of a document."),
        verb=_lt("given a new version (only the released version is)"),
    ),
}


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

    _quality_transitions = TRANSITIONS
    _quality_control_fields = frozenset(
        {
            "state",
            "previous_id",
            "prepared_by_id",
            "prepared_date",
            "reviewed_by_id",
            "reviewed_date",
            "approved_by_id",
            "approved_date",
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
        "prepared_by_id",
        "prepared_date",
        "reviewed_by_id",
        "reviewed_date",
        "approved_by_id",
        "approved_date",
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
    version_sort = fields.Integer(compute="_compute_version_sort", store=True)
    previous_id = fields.Many2one(
        comodel_name="quality_ops.document",
        string="Supersedes",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    superseded_by_id = fields.Many2one(
        comodel_name="quality_ops.document",
        compute="_compute_superseded_by",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    department = fields.Char(string="Owner Department", tracking=True)
    owner_id = fields.Many2one(
        comodel_name="res.users",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
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
    state = fields.Selection(
        STATES,
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand=True,
    )
    prepared_by_id = fields.Many2one(
        comodel_name="res.users", readonly=True, copy=False, tracking=True
    )
    prepared_date = fields.Date(string="Prepared On", readonly=True, copy=False)
    reviewed_by_id = fields.Many2one(
        comodel_name="res.users", readonly=True, copy=False, tracking=True
    )
    reviewed_date = fields.Date(string="Reviewed On", readonly=True, copy=False)
    approved_by_id = fields.Many2one(
        comodel_name="res.users", readonly=True, copy=False, tracking=True
    )
    approved_date = fields.Date(string="Approved On", readonly=True, copy=False)
    release_date = fields.Date(readonly=True, copy=False, tracking=True)
    obsolete_date = fields.Date(string="Obsolete Since", readonly=True, copy=False)
    review_months = fields.Integer(
        string="Review Every (Months)",
        default=12,
        help="The document is due for its periodic review this many months after "
        "its release or its last review (0: no periodic review).",
    )
    last_review_date = fields.Date(string="Last Periodic Review", readonly=True, copy=False)
    next_review_date = fields.Date(
        compute="_compute_next_review_date", store=True, string="Next Periodic Review"
    )
    review_reminder_date = fields.Date(readonly=True, copy=False)
    ack_required = fields.Boolean(
        string="Reading Acknowledged",
        help="Its readers confirm they have read each released version.",
    )
    reader_ids = fields.Many2many(
        comodel_name="res.users",
        relation="quality_ops_document_reader_rel",
        string="Readers",
        domain="[('share', '=', False)]",
        help="Who must read the document (and acknowledge it when asked); they "
        "also read it when it is confidential or secret.",
    )
    ack_ids = fields.One2many(
        comodel_name="quality_ops.document.ack",
        inverse_name="document_id",
        string="Acknowledgements",
    )
    ack_count = fields.Integer(compute="_compute_ack", string="Acknowledged")
    ack_pending_count = fields.Integer(compute="_compute_ack", string="Not Yet Acknowledged")
    acknowledged_by_me = fields.Boolean(compute="_compute_ack")
    history_ids = fields.Many2many(
        comodel_name="quality_ops.document",
        compute="_compute_history",
        string="Change History",
        help="Every version of the document up to this one, each with its change.",
    )
    change_no = fields.Integer(compute="_compute_history", string="No.")
    is_review_due = fields.Boolean(
        compute="_compute_is_review_due", search="_search_is_review_due", string="Review Due"
    )
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
    @api.depends("version")
    def _compute_version_sort(self):
        for document in self:
            try:
                major, minor = parse_version(document.version)
            except ValueError:
                major, minor = 0, 0
            document.version_sort = major * 1000 + minor

    def _compute_superseded_by(self):
        following = self.sudo().search([("previous_id", "in", self.ids)]) if self.ids else []
        by_previous = {doc.previous_id.id: doc for doc in following}
        for document in self:
            document.superseded_by_id = by_previous.get(document.id, False)

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

    @api.depends("release_date", "last_review_date", "review_months", "state")
    def _compute_next_review_date(self):
        for document in self:
            document.next_review_date = (
                review_due(document.release_date, document.last_review_date, document.review_months)
                if document.state == "released"
                else False
            )

    def _compute_is_review_due(self):
        today = fields.Date.context_today(self)
        for document in self:
            document.is_review_due = bool(
                document.state == "released"
                and document.next_review_date
                and document.next_review_date <= today
            )

    def _search_is_review_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search documents due for review with yes or no."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("state", "=", "released"), ("next_review_date", "<=", today)]
        return [
            "|",
            "|",
            ("state", "!=", "released"),
            ("next_review_date", "=", False),
            ("next_review_date", ">", today),
        ]

    @api.depends("ack_ids", "reader_ids")
    def _compute_ack(self):
        acks = self.env["quality_ops.document.ack"].sudo().search([("document_id", "in", self.ids)])
        readers_done = {}
        for ack in acks:
            readers_done.setdefault(ack.document_id.id, set()).add(ack.user_id.id)
        for document in self:
            done = readers_done.get(document.id, set())
            document.ack_count = len(done)
            document.ack_pending_count = len(set(document.reader_ids.ids) - done)
            document.acknowledged_by_me = self.env.uid in done

    @api.depends("number", "version", "company_id")
    def _compute_history(self):
        numbered = self.filtered(lambda d: d.number and d.id)
        # every version of the numbers shown, in one query
        versions = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "in", numbered.company_id.ids),
                    ("number", "in", list(set(numbered.mapped("number")))),
                ],
                order="version_sort, id",
            )
            if numbered
            else self.browse()
        )
        by_number = versions.grouped(lambda d: (d.company_id.id, d.number))
        for document in self:
            if document not in numbered:
                document.history_ids = document
                document.change_no = 1
                continue
            series = by_number.get(
                (document.company_id.id, document.number), self.browse()
            ).filtered(lambda d, doc=document: d.version_sort <= doc.version_sort)
            # the versions the reader may read (an engineer reads released ones)
            readable = series.with_env(self.env)._filtered_access("read")
            document.history_ids = readable.filtered(
                lambda d, doc=document: d.state != "draft" or d == doc
            )
            document.change_no = len(series.filtered(lambda d: d.state != "draft")) + (
                1 if document.state == "draft" else 0
            )

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

    @api.constrains("version")
    def _check_version(self):
        for document in self:
            try:
                parse_version(document.version)
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "The version %(version)s of %(document)s is not written X.Y "
                        "(e.g. 1.0, 3.2).",
                        version=document.version,
                        document=document.number,
                    )
                ) from None

    @api.constrains("review_months")
    def _check_review_months(self):
        for document in self:
            if document.review_months < 0 or document.review_months > 120:
                raise ValidationError(
                    self.env._("The periodic review interval is 0 to 120 months.")
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

    @api.model
    def _check_new_number(self, vals, exclude=()):
        """A document number already in use gets its next version through
        New Version (which records the change), never as a new document."""
        company = vals.get("company_id") or self.env.company.id
        number = (vals.get("number") or "").strip()
        if number and self.sudo().search_count(
            [("company_id", "=", company), ("number", "=", number), ("id", "not in", exclude)],
            limit=1,
        ):
            raise ValidationError(
                self.env._(
                    "Document %(number)s already exists: prepare its next version with "
                    "New Version on the released version.",
                    number=number,
                )
            )

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if not has_pass(self):
            if (
                "version" in vals
                and not self._quality_unchanged("version", vals["version"])
                and self.filtered("previous_id")
            ):
                raise UserError(
                    self.env._(
                        "The version of a new version is set by New Version (revision or "
                        "major change)."
                    )
                )
            if "number" in vals and not self._quality_unchanged("number", vals["number"]):
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
    # workflow
    # ------------------------------------------------------------------
    @arguments()
    def action_submit(self):
        self._quality_check_transition("submit")
        for document in self:
            if document.previous_id and not (document.change_description or "").strip():
                raise UserError(
                    self.env._(
                        "Say what version %(version)s of %(document)s changes before "
                        "submitting it.",
                        version=document.version,
                        document=document.number,
                    )
                )
        self._quality_transition("submit")
        manager = self.company_id.quality_manager_id
        for document in self:
            reviewer = document.company_id.quality_manager_id or manager[:1]
            if reviewer and reviewer != self.env.user:
                document.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=reviewer.id,
                    summary=reader_env(self.env, reviewer)._("Review the controlled document"),
                )
        return True

    def _check_not_preparer(self):
        for document in self:
            if document.prepared_by_id == self.env.user and not self.env.su:
                raise UserError(
                    self.env._(
                        "%(user)s prepared %(document)s: a controlled document is reviewed "
                        "and approved by someone else than its author.",
                        user=self.env.user.name,
                        document=document.display_name,
                    )
                )

    @arguments()
    def action_review(self):
        self._quality_check_transition("review")
        self._check_not_preparer()
        done = self.filtered("reviewed_by_id")
        if done:
            raise UserError(
                self.env._(
                    "%(document)s was reviewed already by %(user)s.",
                    document=done[0].display_name,
                    user=done[0].reviewed_by_id.name,
                )
            )
        return self._quality_transition("review")

    @arguments(reason="text")
    def action_send_back(self, reason):
        self._quality_check_transition("send_back")
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Say why the document goes back to its author."))
        for document in self:
            document.message_post(body=self.env._("Sent back: %(reason)s", reason=reason))
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return self._quality_transition("send_back")

    @arguments()
    def action_approve(self):
        """The regulation is approved by the management representative, the
        other documents by the quality manager: a document is approved by its
        kind's role only, reviewed first, never by its author."""
        for document in self:
            step = APPROVAL.get(document.kind, "approve")
            document._quality_check_transition(step)
            document._check_not_preparer()
            if not document.reviewed_by_id:
                raise UserError(
                    self.env._(
                        "%(document)s has not been reviewed yet.", document=document.display_name
                    )
                )
        for document in self:
            document._quality_transition(APPROVAL.get(document.kind, "approve"))
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    @arguments()
    def action_release(self):
        """Released: the version in force from today; the version it
        supersedes becomes obsolete (it stays readable)."""
        self._quality_check_transition("release")
        for document in self.sorted("id"):
            previous = document.sudo().search(
                [
                    ("company_id", "=", document.company_id.id),
                    ("number", "=", document.number),
                    ("state", "=", "released"),
                    ("id", "!=", document.id),
                ]
            )
            if previous:
                with_pass(previous)._quality_write(
                    {"state": "obsolete", "obsolete_date": fields.Date.context_today(self)}
                )
                # the old version leaves "released" before the new one enters it
                previous.flush_recordset()
                for old in previous:
                    old.message_post(
                        body=self.env._(
                            "Superseded by version %(version)s.", version=document.version
                        )
                    )
            with unique_violation_as_validation_error(document):
                document._quality_transition("release")
            document._ask_readers()
        return True

    def _ask_readers(self):
        """Readers of a document asking for acknowledgement get an activity."""
        for document in self.filtered("ack_required"):
            for reader in document.reader_ids.filtered(lambda u: u.active and not u.share):
                document.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=reader.id,
                    summary=reader_env(self.env, reader)._(
                        "Read and acknowledge %(document)s", document=document.display_name
                    ),
                )

    @arguments(reason="text")
    def action_reset(self, reason):
        """An approved document back to draft, saying why (its seal is released)."""
        self._quality_check_transition("reset")
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Say why the approved document goes back to draft."))
        for document in self:
            document.message_post(body=self.env._("Reset to draft: %(reason)s", reason=reason))
        return self._quality_transition("reset", reason=reason)

    @arguments(reason="text")
    def action_make_obsolete(self, reason):
        """Withdraw a released document that no new version replaces."""
        self._quality_check_transition("obsolete")
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Say why the document is withdrawn."))
        for document in self:
            document.message_post(body=self.env._("Withdrawn: %(reason)s", reason=reason))
        return self._quality_transition("obsolete")

    @arguments()
    def action_confirm_review(self):
        """The periodic review found the document still valid: its next
        review is counted from today."""
        self._quality_transition("confirm_review", {"review_reminder_date": False})
        for document in self:
            document.message_post(body=self.env._("Periodic review: still valid."))
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    @arguments(change_location="text", change_description="text", major="boolean")
    def action_new_version(self, change_location=None, change_description=None, major=False):
        """The next version, as a draft of the same number, from the released
        one: ``X.Y`` → ``X.Y+1`` (or ``X+1.0`` for a major change)."""
        self.ensure_one()
        self._quality_check_transition("new_version")
        in_progress = self.sudo().search_count(
            [
                ("company_id", "=", self.company_id.id),
                ("number", "=", self.number),
                ("state", "in", ("draft", "in_review", "approved")),
            ],
            limit=1,
        )
        if in_progress:
            raise UserError(
                self.env._(
                    "A new version of %(number)s is already in preparation.", number=self.number
                )
            )
        new = self._quality_copy_with_pass(
            {
                "version": next_version(self.version, major=major),
                "previous_id": self.id,
                "change_location": change_location or False,
                "change_description": change_description or False,
                "reader_ids": [(6, 0, self.reader_ids.ids)],
                "owner_id": self.owner_id.id,
            }
        )
        new.message_post(
            body=self.env._("Prepared from version %(version)s.", version=self.version)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
            "target": "current",
        }

    @arguments()
    def action_open_wizard(self):
        """Open the wizard of the step named in the context (new version,
        send back, reset, withdraw)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Controlled Document"),
            "res_model": "quality_ops.document.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_document_id": self.id,
                "default_step": self.env.context.get("quality_document_step", "new_version"),
            },
        }

    @arguments()
    def action_acknowledge(self):
        """The reader confirms having read this version (once)."""
        Ack = self.env["quality_ops.document.ack"].sudo()
        for document in self:
            # the reader must be able to read it: the rules decide, not this method
            document.check_access("read")
            if document.state != "released":
                raise UserError(
                    self.env._(
                        "Only the released version of %(number)s is acknowledged.",
                        number=document.number,
                    )
                )
            if not document.ack_required:
                raise UserError(
                    self.env._(
                        "%(document)s does not ask its readers to acknowledge it.",
                        document=document.display_name,
                    )
                )
            if self.env.user.share:
                raise UserError(self.env._("Only employees acknowledge controlled documents."))
            if Ack.search_count(
                [("document_id", "=", document.id), ("user_id", "=", self.env.uid)], limit=1
            ):
                continue
            with_pass(Ack, creating=True).create(
                {
                    "document_id": document.id,
                    "user_id": self.env.uid,
                    "acknowledged_at": fields.Datetime.now(),
                }
            )
            document.sudo().activity_ids.filtered(
                lambda a: a.user_id == self.env.user
            ).action_feedback(feedback=self.env._("Read and acknowledged."))
        return True

    @api.readonly
    @arguments()
    def action_view_acks(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality_ops.document.ack",
            "view_mode": "list",
            "domain": [("document_id", "=", self.id)],
            "context": {"create": False},
            "name": self.env._("Acknowledgements"),
        }

    def _current_version(self):
        """The released version of each document's number (itself if none)."""
        result = self.browse()
        for document in self:
            released = document.sudo().search(
                [
                    ("company_id", "=", document.company_id.id),
                    ("number", "=", document.number),
                    ("state", "=", "released"),
                ],
                limit=1,
            )
            result |= released.with_env(self.env) or document
        return result

    # ------------------------------------------------------------------
    @api.model
    def _cron_review_reminders(self, today=None):
        """Owners of released documents due for their periodic review get an
        activity, once per due date."""
        today = today or fields.Date.context_today(self)
        due = self.search(
            [
                ("state", "=", "released"),
                ("next_review_date", "!=", False),
                ("next_review_date", "<=", today + datetime.timedelta(days=14)),
            ]
        ).filtered(lambda d: d.review_reminder_date != d.next_review_date)
        # once per due date
        due._quality_remind(
            lambda document: document.owner_id or document.company_id.quality_manager_id,
            lambda env, document: env._("Periodic review of the controlled document"),
            lambda document: document.next_review_date,
            lambda document: {"review_reminder_date": document.next_review_date},
        )
        return len(due)
