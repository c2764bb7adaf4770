"""What a person may post on a record whose trail is evidence, by any door.

People post a note or a message, in their own name: the chatter's route,
the mail composer (sent now or scheduled) and a scheduled message created
directly all check it here. The messages of the system (tracked changes,
activities done, the *Taken Back* note of a step) are posted by the system.

A step that takes a record back posts its *Taken Back* note under a pass, an
object in the context that RPC cannot send: the note is the mark that keeps
the record from deletion, so no other path may write one.
"""

from odoo.exceptions import UserError

PERSON_TYPES = ("comment",)
# messages people type: a plain note or comment of the chatter
PLAIN_SUBTYPES = ("mail.mt_note", "mail.mt_comment")
STEP_BACK_SUBTYPE = "quality_ops.mt_step_back"
STEP_NOTE_KEY = "quality_ops_step_note"
# the composer checked the post it schedules (its author may be its template's)
CHECKED_POST_KEY = "quality_ops_checked_post"


class StepNote:
    """Permission, given by a step, to post the *Taken Back* note of some
    records. Not JSON-serialisable on purpose: RPC cannot forge one."""

    __slots__ = ("pairs",)

    def __init__(self, pairs):
        self.pairs = frozenset(pairs)  # {(model, res_id)}


def with_step_note(records):
    pairs = {(records._name, res_id) for res_id in records.ids}
    return records.with_context(**{STEP_NOTE_KEY: StepNote(pairs)})


def check_step_notes(env, model, values_list):
    """Refuse a *Taken Back* note among ``values_list`` (messages to create
    on records of ``model``) that no step posts."""
    step_back = env["ir.model.data"]._xmlid_to_res_id(STEP_BACK_SUBTYPE, raise_if_not_found=False)
    if not step_back:
        return
    token = env.context.get(STEP_NOTE_KEY)
    for values in values_list:
        if values.get("subtype_id") != step_back:
            continue
        pair = (values.get("model") or model, values.get("res_id"))
        if not (isinstance(token, StepNote) and pair in token.pairs):
            raise UserError(
                env._(
                    "A Taken Back note is written by the step that takes the record back, "
                    "with its reason; post a note instead."
                )
            )


class CheckedPost:
    """The composer's word that it checked the message it schedules; an
    object RPC cannot send."""

    __slots__ = ()


def with_checked_post(records):
    return records.with_context(**{CHECKED_POST_KEY: CheckedPost()})


def post_checked(env):
    return isinstance(env.context.get(CHECKED_POST_KEY), CheckedPost)


def kept_trail(env, model):
    """Whether the chatter of ``model`` is evidence."""
    kept = (
        isinstance(model, str) and model in env and getattr(env[model], "_quality_trail_kept", None)
    )
    return bool(kept and kept())


def plain_subtype_ids(env):
    ids = (
        env["ir.model.data"]._xmlid_to_res_id(x, raise_if_not_found=False) for x in PLAIN_SUBTYPES
    )
    return {subtype_id for subtype_id in ids if subtype_id}


def check_person_post(env, message_type, subtype_id, author_id, email_from=None, senders=()):
    """A post by a person on a record whose trail is evidence: a comment with
    a plain subtype (or none), in the poster's own name, from the poster's
    address or one of ``senders`` (a mail template's) if one is given."""
    if env.su:
        return
    user = env.user
    if (
        message_type not in PERSON_TYPES
        or (
            subtype_id
            and (not isinstance(subtype_id, int) or subtype_id not in plain_subtype_ids(env))
        )
        or author_id != user.partner_id.id
        or (email_from and email_from not in {user.email, user.email_formatted, *senders})
    ):
        raise UserError(
            env._(
                "On a quality record, tracked changes and the messages of the system are "
                "recorded by the system; people post notes in their own name, dated when "
                "they are posted."
            )
        )


def x2many_ids(commands):
    """The ids an x2many value links (ids, or commands 4 and 6)."""
    ids = set()
    for command in commands if isinstance(commands, (list, tuple)) else ():
        if isinstance(command, int):
            ids.add(command)
        elif isinstance(command, (list, tuple)) and command:
            if command[0] == 4 and len(command) > 1:
                ids.add(command[1])
            elif command[0] == 6 and len(command) > 2 and isinstance(command[2], (list, tuple)):
                ids.update(command[2])
    return {i for i in ids if isinstance(i, int)}


def others_message_files(env, attachment_ids, exclude=()):
    """The messages, on records whose trail is evidence, of which files of
    ``attachment_ids`` are files, by another author than the user."""
    if not attachment_ids:
        return env["mail.message"]
    messages = (
        env["mail.message"]
        .sudo()
        .search([("attachment_ids", "in", list(attachment_ids)), ("id", "not in", list(exclude))])
    )
    me = env.user.partner_id
    return messages.filtered(lambda m: m.author_id != me and kept_trail(env, m.model))


def check_not_others_files(env, attachment_ids, exclude=()):
    """A person's message takes no file of another's message (taken, it
    could be deleted with the taker's own message)."""
    if env.su:
        return
    if others_message_files(env, attachment_ids, exclude):
        raise UserError(
            env._("A file of another person's message on a quality record stays with it.")
        )
