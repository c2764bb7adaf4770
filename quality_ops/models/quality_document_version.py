"""Versions of a controlled document: its number kept from version to
version, the version it supersedes and the change history up to it."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..assurance import next_version, parse_version
from ..tools.argument_guard import arguments
from ..tools.smart_buttons import form_action


class QualityDocument(models.Model):
    _inherit = "quality_ops.document"

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
    history_ids = fields.Many2many(
        comodel_name="quality_ops.document",
        compute="_compute_history",
        string="Change History",
        help="Every version of the document up to this one, each with its change.",
    )
    change_no = fields.Integer(compute="_compute_history", string="No.")

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
        return form_action(new, target="current")

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
