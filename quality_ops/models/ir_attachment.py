"""Files are part of the record.

A quality record declares when it is frozen (``_quality_files_frozen``, from
its workflow's frozen states, or its own lock); its files are then frozen
with it: the attachments linked to it (``res_model`` / ``res_id``: its
chatter files and its binary fields) and those of its attachment fields (the
evidence files of an exemption, a measurement, an audit line...).  A frozen
file is neither rewritten, renamed, moved nor deleted, and no file is put
into a frozen record's fields, for every client and in superuser mode alike
(Odoo's mail controllers delete and create files as superuser).

A frozen record's chatter may still receive new messages with their files:
a file added that way is dated and authored in the trail, takes nothing of
the sealed evidence away, and is frozen from the moment it is there.

Only the module's uninstallation and a workflow step of the record itself
(its pass, which no client can send) go past these guards."""

import base64
import binascii
from collections import defaultdict

from odoo import api, models, tools
from odoo.exceptions import UserError

from ..tools.group_guard import uninstalling
from ..tools.trail_posts import others_message_files
from ..tools.workflow_pass import has_pass

# what makes a file the file it is (Odoo itself ignores writes of checksum,
# file_size and store_fname), and whether anyone may read it without the
# record's rights
CONTENT_FIELDS = frozenset(
    {"datas", "raw", "db_datas", "url", "type", "mimetype", "name", "public"}
)
# what ties a file to its record
LINK_FIELDS = frozenset({"res_model", "res_id", "res_field"})
# where the mail composer keeps a file until its message is posted
PENDING_MODELS = ("mail.compose.message", "mail.scheduled.message")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # ------------------------------------------------------------------
    # which files are frozen
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache()
    def _quality_file_models(self):
        """``((model, (attachment fields...)), ...)``: the quality models
        whose files freeze with their records, each with its fields that
        hold attachments."""
        result = []
        for name in sorted(self.env.registry):
            Model = self.env.registry[name]
            if not name.startswith("quality_ops.") or Model._abstract:
                continue
            if not hasattr(Model, "_quality_files_frozen"):
                continue
            fields_ = tuple(
                fname
                for fname, field in Model._fields.items()
                if field.type in ("many2many", "many2one")
                and field.comodel_name == "ir.attachment"
                and field.store
            )
            result.append((name, fields_))
        return tuple(result)

    def _quality_frozen_files(self, linked_only=False):
        """``{attachment id: record}``: the files among these that belong to
        a frozen quality record, with that record (set-based: one query per
        model and attachment field; ``linked_only``: the records they are
        linked to by ``res_model`` / ``res_id`` only)."""
        attachments = self.sudo().with_context(active_test=False).exists()
        if not attachments:
            return {}
        found = {}

        def keep(records, pairs):
            frozen = records._quality_files_frozen()
            for record in frozen:
                # a workflow step of the record writes its files
                if has_pass(record.with_env(self.env)):
                    continue
                for att_id, rec_id in pairs:
                    if rec_id == record.id:
                        found.setdefault(att_id, record)

        file_models = dict(self._quality_file_models())
        by_model = defaultdict(list)
        for att in attachments:
            if att.res_model in file_models and att.res_id:
                by_model[att.res_model].append((att.id, att.res_id))
        for name, pairs in by_model.items():
            records = (
                self.env[name]
                .sudo()
                .with_context(active_test=False)
                .browse({rec_id for _att, rec_id in pairs})
                .exists()
            )
            keep(records, pairs)
        if linked_only:
            return found
        for name, fnames in file_models.items():
            Model = self.env[name].sudo().with_context(active_test=False)
            for fname in fnames:
                records = Model.search([(fname, "in", attachments.ids)])
                pairs = [
                    (att_id, record.id)
                    for record in records
                    for att_id in set(record[fname].ids) & set(attachments.ids)
                ]
                keep(records, pairs)
        return found

    def _quality_model_name(self, record):
        """The record's kind in the reader's language."""
        return self.env["ir.model"].sudo()._get(record._name).name

    def _quality_refuse_frozen(self):
        frozen = self._quality_frozen_files()
        if frozen:
            att_id, record = next(iter(frozen.items()))
            raise UserError(
                self.env._(
                    "%(file)s is evidence kept with %(model)s %(record)s, which is frozen: "
                    "its files can be neither replaced, renamed, moved nor deleted. A new "
                    "version, or reopening the record with a reason, is the way to change them.",
                    file=self.browse(att_id).sudo().name,
                    model=self._quality_model_name(record),
                    record=record.display_name,
                )
            )

    def _quality_refuse_new_frozen(self, as_message):
        """Refuse files just put on a frozen record (created or moved there),
        except the files of a new message in its chatter (``as_message``:
        ids that may arrive that way).  A record's attachment fields are
        written through the record, whose own guard refuses them frozen."""
        for att_id, record in self._quality_frozen_files(linked_only=True).items():
            att = self.browse(att_id).sudo()
            in_chatter = (
                att_id in as_message
                and not att.res_field
                and (att.res_model, att.res_id) == (record._name, record.id)
                and "message_ids" in record._fields
            )
            if not in_chatter:
                raise UserError(
                    self.env._(
                        "%(model)s %(record)s is frozen: no file can be put in its fields "
                        "or moved into it. A new version, or reopening the record with a "
                        "reason, is the way to change its files; a new message in its "
                        "chatter, if it has one, may still bring a file.",
                        model=self._quality_model_name(record),
                        record=record.display_name,
                    )
                )

    def _quality_refuse_others_notes(self):
        """A file of a message on a record whose trail is evidence belongs to
        the message: only its author changes, moves or deletes it (as the
        chatter's edit does), not whoever may write the record."""
        if self.env.su or not self:
            return
        for message in others_message_files(self.env, self.ids)[:1]:
            raise UserError(
                self.env._(
                    "%(file)s is a file of a message of %(author)s on %(record)s: only "
                    "its author changes or deletes it.",
                    file=(message.attachment_ids & self.sudo())[:1].name,
                    author=message.author_id.name or message.email_from or "-",
                    record=message.record_name or message.model,
                )
            )

    def _quality_changed_by(self, vals):
        """The attachments whose content or link ``vals`` changes (a write of
        the same bytes, as Odoo's storage migration does, changes nothing)."""
        names = (CONTENT_FIELDS | LINK_FIELDS) & set(vals)
        if not names:
            return self.browse()
        if "db_datas" in names:
            return self
        new_raw = None
        if "raw" in names:
            new_raw = vals["raw"] or b""
            new_raw = new_raw.encode() if isinstance(new_raw, str) else new_raw
        elif "datas" in names:
            try:
                new_raw = base64.b64decode(vals["datas"] or b"")
            except (binascii.Error, TypeError, ValueError):
                return self
        changed = self.browse()
        for att in self.sudo().with_context(bin_size=False):
            same = new_raw is None or (att.raw or b"") == new_raw
            for name in names - {"raw", "datas"}:
                same = same and (vals[name] or False) == (att[name] or False)
            if not same:
                changed |= att
        return self.browse(changed.ids)

    @api.model
    def _quality_content_checksums(self):
        """``{id: SHA-1}`` of the bytes each file serves now, recomputed from
        its content: the stored checksum column stays as it was when the
        content is changed in the database.  "" for a file that never had
        content (a link), as such files were sealed."""
        result = {}
        for att in self.sudo().with_context(bin_size=False):
            raw = att.raw
            result[att.id] = att._compute_checksum(raw) if raw or att.checksum else ""
        return result

    # ------------------------------------------------------------------
    # ORM guards
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        if not uninstalling(self.env):
            # the mail machinery creates the files of a new message (posted or
            # received) in superuser mode; a client creating a file straight
            # on a frozen record posts no message
            as_message = set(attachments.ids) if self.env.su else set()
            attachments._quality_refuse_new_frozen(as_message)
        return attachments

    def write(self, vals):
        if not self or uninstalling(self.env):
            return super().write(vals)
        # nothing of the file of another's message is rewritten (its token
        # would share it, its description would speak for it)
        self._quality_refuse_others_notes()
        changed = self._quality_changed_by(vals)
        changed._quality_refuse_frozen()
        if not changed or not LINK_FIELDS & set(vals):
            return super().write(vals)
        # a message posted on a record takes its files from the composer
        pending = {att.id for att in changed.sudo() if att.res_model in PENDING_MODELS}
        result = super().write(vals)
        changed._quality_refuse_new_frozen(pending)
        return result

    @api.ondelete(at_uninstall=True)
    def _quality_unlink_unless_evidence(self):
        if uninstalling(self.env):
            return
        self._quality_refuse_frozen()
        self._quality_refuse_others_notes()
