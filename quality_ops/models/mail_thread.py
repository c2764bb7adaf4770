"""The chatter of a quality record is part of its evidence.

The rule lives here, on the thread side, once: :meth:`MailThread._quality_trail_check`
says whether messages of records may be edited or deleted; ``mail.message``,
``mail.tracking.value`` and the edit path of the chatter call it.

The mail machinery itself writes the trail through a *pass*: an object put
in the context that names the records whose messages it may create or
delete.  A client can only send JSON or XML-RPC values in a context, never
such an object, so no context key a client sends switches the rule off.
"""

from odoo import api, models
from odoo.exceptions import UserError

from ..tools.group_guard import uninstalling
from ..tools.trail_posts import PLAIN_SUBTYPES, check_step_notes

TRAIL_PASS_KEY = "quality_ops_trail_pass"


class TrailPass:
    """Permission, given by the mail machinery, to write the messages of some
    records (posting, sending a mail, deleting a deletable record).

    Not JSON-serialisable on purpose: RPC cannot forge one."""

    __slots__ = ("message_ids", "pairs")

    def __init__(self, pairs, message_ids=()):
        self.pairs = frozenset(pairs)  # {(model, res_id)}
        # messages named one by one (a sending mail stamping its own message):
        # covered without reading which record they are on
        self.message_ids = frozenset(message_ids)

    def covers(self, model, res_id):
        return (model, res_id) in self.pairs


def trail_pass_covers(env, model, res_id):
    token = env.context.get(TRAIL_PASS_KEY)
    return isinstance(token, TrailPass) and token.covers(model, res_id)


def with_trail_pass(records, pairs=None, message_ids=()):
    """``records`` allowed to write the messages of ``pairs`` (by default,
    of the records themselves), or the messages ``message_ids``."""
    if pairs is None:
        pairs = () if message_ids else {(records._name, res_id) for res_id in records.ids}
    return records.with_context(**{TRAIL_PASS_KEY: TrailPass(pairs, message_ids)})


def existing_messages(messages):
    """The messages of ``messages`` that exist: those this transaction holds
    in its cache (created or read in it: the mail machinery's own, the hot
    path) without a query, the others checked."""
    missing = set(messages._fields["model"]._cache_missing_ids(messages))
    if not missing:
        return messages
    found = set(messages.browse(sorted(missing)).exists().ids)
    return messages.browse([i for i in messages.ids if i not in missing or i in found])


def trail_records(messages):
    """``{model: records}`` of the quality records (and tickets) ``messages``
    are on, without those a pass covers; read as the superuser (the rule does
    not depend on what the caller may read)."""
    env = messages.env
    if uninstalling(env):
        return {}
    token = env.context.get(TRAIL_PASS_KEY)
    named = token.message_ids if isinstance(token, TrailPass) else ()
    by_model = {}
    for message in messages.sudo():
        if message.id in named:
            continue
        model, res_id = message.model, message.res_id
        if not model or not res_id or model not in env:
            continue
        kept = getattr(env[model], "_quality_trail_kept", None)
        if not kept or not kept() or trail_pass_covers(env, model, res_id):
            continue
        by_model.setdefault(model, set()).add(res_id)
    return {model: env[model].browse(sorted(ids)) for model, ids in by_model.items()}


def check_trail(messages):
    """Refuse the change of ``messages`` unless the rule of their records allows it."""
    for model, records in trail_records(messages).items():
        records._quality_trail_check(
            messages.filtered(lambda m, model=model: m.sudo().model == model)
        )


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """ "%s created" in one language: without a language in the context
        (data loading, some scheduled actions) Odoo translates the words in
        the user's language but reads the model's name in English ("Quality
        Plan 创建"); both are read in the user's language."""
        return super(MailThread, self._fallback_lang())._creation_message()

    # ------------------------------------------------------------------
    # the trail is evidence
    # ------------------------------------------------------------------
    @api.model
    def _quality_trail_kept(self):
        """Whether the chatter of this model is evidence: every quality record,
        and helpdesk tickets (their stage tracking and replies are what the
        SLA figures are reconstructed from)."""
        return self._name.startswith("quality_ops.") or self._name == "helpdesk.ticket"

    def _quality_trail_frozen(self):
        """The records of ``self`` whose own notes are frozen too: those the
        workflow freezes (approved, closed, locked...)."""
        if hasattr(self, "_quality_frozen"):
            return self._quality_frozen()
        return self.browse()

    def _quality_trail_evidence(self, message):
        """Whether ``message`` is a trace rather than a note someone typed:
        tracking values, a message the system posted (its type is not a
        comment, its subtype not a plain note or comment, its author the
        system's bot)."""
        message = message.sudo()
        if message.tracking_value_ids or message.message_type != "comment":
            return True
        plain = {self.env.ref(xmlid, raise_if_not_found=False) for xmlid in PLAIN_SUBTYPES}
        if message.subtype_id and message.subtype_id not in plain:
            return True
        return message.author_id == self.env.ref("base.partner_root", raise_if_not_found=False)

    def _quality_trail_check(self, messages):
        """Refuse editing or deleting ``messages`` (on records of ``self``)
        unless each is the caller's own note on a record that is not frozen.
        Tracking and the messages the system posted are kept for everyone,
        the superuser included."""
        frozen = self._quality_trail_frozen()
        partner = self.env.user.partner_id
        for message in messages.sudo():
            record = self.browse(message.res_id)
            if self._quality_trail_evidence(message):
                raise UserError(
                    self.env._(
                        "The history of %(record)s is part of its evidence: tracked changes "
                        "and the messages the system posted cannot be edited or deleted.",
                        record=record.sudo().display_name,
                    )
                )
            if message.author_id != partner:
                raise UserError(
                    self.env._(
                        "Only its author edits or deletes a note of %(record)s.",
                        record=record.sudo().display_name,
                    )
                )
            if record in frozen:
                raise UserError(
                    self.env._(
                        "%(record)s can no longer be changed: its notes are kept as they "
                        "are; add a new note instead.",
                        record=record.sudo().display_name,
                    )
                )

    def _check_can_update_message_content(self, messages):
        """The chatter's edit and delete (``/mail/message/update_content``)."""
        result = super()._check_can_update_message_content(messages)
        if self._quality_trail_kept():
            check_trail(messages.with_env(self.env))
        return result

    def _message_create(self, values_list):
        """Posting and logging on records: the mail machinery writes the trail."""
        if not self._quality_trail_kept() or not self.ids:
            return super()._message_create(values_list)
        check_step_notes(self.env, self._name, values_list)
        return (
            super(MailThread, with_trail_pass(self))._message_create(values_list).with_env(self.env)
        )

    def message_post(self, **kwargs):
        """Nobody posts tracked changes by hand: the system records them."""
        if kwargs.get("tracking_value_ids") and self._quality_trail_kept():
            raise UserError(self.env._("Tracked changes are recorded by the system, not posted."))
        return super().message_post(**kwargs)

    def unlink(self):
        """Deleting a deletable record deletes its chatter with it."""
        if not self or not self._quality_trail_kept():
            return super().unlink()
        if hasattr(self, "_quality_unlink_only_deletable"):
            # the record's own refusal first, before the mail machinery
            self._quality_unlink_only_deletable()
        return super(MailThread, with_trail_pass(self)).unlink()

    def _thread_to_store(self, store, fields, *, request_list=None):
        """The chatter is told which records are frozen, so that it does not
        offer to edit or delete what the server refuses (notes and files of
        an approved, closed or locked record)."""
        super()._thread_to_store(store, fields, request_list=request_list)
        if request_list is None or not self._quality_trail_kept():
            return
        frozen = self._quality_trail_frozen()
        if hasattr(self, "_quality_files_frozen"):
            frozen |= self._quality_files_frozen()
        for thread in self:
            store.add(thread, {"quality_frozen": thread in frozen}, as_thread=True)
