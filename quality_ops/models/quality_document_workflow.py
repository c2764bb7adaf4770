"""The workflow of a controlled document: prepared, reviewed and approved by
three different people (the regulation by the management representative),
released, withdrawn; a released version replaces the one before it."""

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_MANAGER, GROUP_OFFICER, GROUP_REPRESENTATIVE
from ..integrity import SEAL, UNSEAL
from ..tools.argument_guard import arguments
from ..tools.reader_lang import reader_env
from ..tools.smart_buttons import dialog_action
from ..tools.unique_guard import unique_violation_as_validation_error
from ..tools.workflow_pass import Transition, transitions, with_pass

_lt = LazyTranslate(__name__)

# the regulation is approved by the management representative, the
# procedures, work instructions and forms under it by the quality manager
APPROVAL = {"regulation": "approve_regulation"}
APPROVED = {"stamp": ("approved_by_id", "approved_date"), "seal": SEAL}
STEPS = {
    "submit": Transition(
        "draft", "in_review", GROUP_OFFICER, stamp=("prepared_by_id", "prepared_date")
    ),
    "review": Transition(
        "in_review", None, GROUP_OFFICER, stamp=("reviewed_by_id", "reviewed_date")
    ),
    "send_back": Transition(
        "in_review", "draft", GROUP_OFFICER, clear=("reviewed_by_id", "reviewed_date"), reason=True
    ),
    "approve": Transition("in_review", "approved", GROUP_MANAGER, **APPROVED),
    "approve_regulation": Transition("in_review", "approved", GROUP_REPRESENTATIVE, **APPROVED),
    # sealed again: the release date is part of what was released
    "release": Transition(
        "approved", "released", GROUP_MANAGER, stamp=(None, "release_date"), seal=SEAL
    ),
    "reset": Transition(
        "approved",
        "draft",
        GROUP_MANAGER,
        clear=("reviewed_by_id", "reviewed_date", "approved_by_id", "approved_date"),
        seal=UNSEAL,
        reason=True,
    ),
    "obsolete": Transition(
        "released", "obsolete", GROUP_MANAGER, stamp=(None, "obsolete_date"), reason=True
    ),
    "confirm_review": Transition("released", None, GROUP_MANAGER, stamp=(None, "last_review_date")),
    "new_version": Transition("released", None, GROUP_OFFICER),
}
DENIED = {
    "submit": _lt("Only the quality department submits controlled documents for review."),
    "review": _lt("Only the quality department reviews controlled documents."),
    "send_back": _lt("Only the quality department sends a document back to its author."),
    "approve": _lt("Only the quality manager approves procedures, work instructions and forms."),
    "approve_regulation": _lt(
        "Only the management representative approves the quality regulation."
    ),
    "release": _lt("Only the quality manager releases controlled documents."),
    "reset": _lt("Only the quality manager takes an approved document back to draft."),
    "obsolete": _lt("Only the quality manager withdraws controlled documents."),
    "confirm_review": _lt("Only the quality manager confirms the periodic review of a document."),
    "new_version": _lt("Only the quality department prepares a new version of a document."),
}
VERBS = {
    "submit": _lt("submitted for review"),
    "review": _lt("reviewed (it must be in review)"),
    "send_back": _lt("sent back (it must be in review)"),
    "approve": _lt("approved (it must be in review)"),
    "approve_regulation": _lt("approved (it must be in review)"),
    "release": _lt("released (it must be approved)"),
    "reset": _lt("reset to draft (only an approved document is)"),
    "obsolete": _lt("withdrawn (only a released document is)"),
    "confirm_review": _lt("confirmed as still valid (only a released document is)"),
    "new_version": _lt("given a new version (only the released version is)"),
}


class QualityDocument(models.Model):
    _inherit = "quality_ops.document"

    _quality_transitions = transitions(STEPS, DENIED, VERBS)

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
    def action_send_back(self, reason=None):
        self._quality_transition("send_back", reason=reason)
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

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

    @arguments(reason="text")
    def action_reset(self, reason=None):
        """An approved document back to draft, saying why (its seal is released)."""
        return self._quality_transition("reset", reason=reason)

    @arguments(reason="text")
    def action_make_obsolete(self, reason=None):
        """Withdraw a released document that no new version replaces."""
        return self._quality_transition("obsolete", reason=reason)

    @arguments()
    def action_open_wizard(self):
        """Open the wizard of the step named in the context (new version,
        send back, reset, withdraw)."""
        self.ensure_one()
        return dialog_action(
            "quality_ops.document.wizard",
            self.env._("Controlled Document"),
            {
                "default_document_id": self.id,
                "default_step": self.env.context.get("quality_document_step", "new_version"),
            },
        )
