"""The integrity chain of a quality record: what is hashed when it is sealed.

A model declares the fields and the lines its seal covers; a workflow step
seals (approval) or unseals (revision) the record through
``quality_ops.integrity.seal``.
"""

from odoo import api, models

from ..integrity import SEAL, digest


class QualitySealMixin(models.AbstractModel):
    _name = "quality_ops.seal.mixin"
    _description = "Quality Integrity Seals"

    # --- declared by each model -------------------------------------------
    # integrity chain: the fields and lines hashed when the record is sealed
    _quality_seal_fields = ()
    _quality_seal_lines = {}  # one2many field -> fields of the line
    # sealed fields (of the record or of its lines) hashed only when set:
    # fields added after records were sealed, whose seals stay valid
    _quality_seal_optional = frozenset()

    def _quality_seal_content(self):
        """Canonical content of the record: its sealed fields and lines."""
        self.ensure_one()
        # all of it, whoever seals or verifies (an attachment hidden from the
        # approver is still part of what was approved)
        record = self.sudo().with_context(lang="en_US", active_test=False)
        content = {"id": record.id, "fields": {}, "lines": {}}
        optional = self._quality_seal_optional
        for name in self._quality_seal_fields:
            if name in optional and not record[name]:
                continue
            content["fields"][name] = record._quality_seal_value(record, name)
        for fname, line_fields in self._quality_seal_lines.items():
            lines = record[fname].sorted("id")
            content["lines"][fname] = [
                {
                    "id": line.id,
                    **{
                        f: self._quality_seal_value(line, f)
                        for f in line_fields
                        if f not in optional or line[f]
                    },
                }
                for line in lines
            ]
        return content

    @api.model
    def _quality_seal_value(self, record, name):
        field = record._fields[name]
        value = record[name]
        if field.type == "many2one":
            return value.id or None
        if field.comodel_name == "ir.attachment":
            # the evidence files by the content they serve, not only by id
            # (nor by their stored checksum, which a change in the database
            # leaves as it was)
            checksums = value._quality_content_checksums()
            return sorted([att.id, checksums[att.id]] for att in value)
        if field.type == "binary" and field.attachment:
            stored = (
                record.env["ir.attachment"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", record._name),
                        ("res_field", "=", name),
                        ("res_id", "=", record.id),
                    ]
                )
            )
            return next(iter(stored._quality_content_checksums().values()), None)
        if field.type in ("one2many", "many2many"):
            return sorted(value.ids)
        if field.type == "html":
            return str(value or "")
        return value

    def _quality_seal_version(self):
        """The version shown on the record's seals (an integer version)."""
        self.ensure_one()
        field = self._fields.get("version")
        return self.version if field and field.type == "integer" else 0

    def _quality_digest(self):
        self.ensure_one()
        return digest(self._quality_seal_content())

    def _quality_chain(self):
        return self._name

    def _quality_has_seals(self):
        self.ensure_one()
        if not self._quality_seal_fields:
            return False
        return bool(
            self.env["quality_ops.integrity.seal"]
            .sudo()
            .search_count([("res_model", "=", self._name), ("res_id", "=", self.id)], limit=1)
        )

    def _quality_is_sealed(self):
        self.ensure_one()
        last = (
            self.env["quality_ops.integrity.seal"]
            .sudo()
            .search(
                [("res_model", "=", self._name), ("res_id", "=", self.id)],
                order="sequence desc",
                limit=1,
            )
        )
        return last.event == SEAL

    def _quality_add_seals(self, event, reason=None):
        if not self._quality_seal_fields or not self:
            return self.env["quality_ops.integrity.seal"]
        self.flush_recordset()
        return self.env["quality_ops.integrity.seal"].sudo()._append(self, event, reason)
