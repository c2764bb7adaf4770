import datetime
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import format_date, format_datetime

from ..evidence import BY_KEY, SELECTION, fact_values, search_domain
from ..groups import GROUP_OFFICER
from ..tools.argument_guard import arguments
from ..tools.record_fields import belongs_to_field, company_of_field
from .quality_section_line import SNAPSHOT_FORMAT

# how many records of a kind the audit report lists (the rest are counted)
LISTED = 15
FROZEN = ("reported", "closed")


class QualityAuditEvidence(models.Model):
    """The records of one evidence kind answering an audit line, found for
    the audit's period and scope: while the audit runs, searched live with
    the reader's rights; from the moment it is reported, the records found
    then (their references, count and freshness facts, and the instant),
    still shown through the reader's rights."""

    _name = "quality_ops.audit.evidence"
    _description = "Evidence Found for an Audit Line"
    _inherit = ["quality_ops.workflow.child.mixin"]
    _quality_parent_field = "audit_id"
    # made from the checklist item with the line, snapshot by the report step
    _quality_lines_by_hand = False
    _quality_line_control_fields = frozenset(
        {
            "line_id",
            "kind",
            "snapshot_at",
            "snapshot_count",
            "snapshot_res_ids",
            "snapshot_facts",
        }
    )
    _order = "line_id, sequence, id"

    line_id = belongs_to_field("quality_ops.audit.line", string="Checklist Line")
    audit_id = belongs_to_field("quality_ops.audit")
    company_id = company_of_field("audit_id")
    project_id = fields.Many2one(related="audit_id.project_id", store=True, index=True)
    question = fields.Text(related="line_id.question_shown", string="Checklist Question")
    sequence = fields.Integer(default=10)
    kind = fields.Selection(SELECTION, string="Evidence Kind", required=True)
    found_count = fields.Integer(string="Records Found", compute="_compute_found")
    facts = fields.Text(string="Freshness", compute="_compute_found")
    snapshot_at = fields.Datetime(string="Snapshot Taken", readonly=True, copy=False)
    # the snapshot as stored covers what the reporting officer read: served
    # raw to the quality department only (others read it through their rights)
    snapshot_count = fields.Integer(readonly=True, copy=False, groups=GROUP_OFFICER)
    snapshot_res_ids = fields.Json(
        string="Snapshot Records", readonly=True, copy=False, groups=GROUP_OFFICER
    )
    snapshot_facts = fields.Json(readonly=True, copy=False, groups=GROUP_OFFICER)
    snapshot_note = fields.Char(string="Snapshot", compute="_compute_snapshot_note")

    # ------------------------------------------------------------------
    def _is_snapshot(self):
        self.ensure_one()
        return self.audit_id.state in FROZEN

    def _evidence_found(self, live=False):
        """``{row id: (record ids, facts)}``, read with the reader's rights.

        Live: one search per kind and audited scope (not per line). Frozen
        audits (unless ``live``): the records of the snapshot the reader may
        read, one search per kind."""
        found = {}
        groups = defaultdict(lambda: self.browse())
        for row in self:
            kind = BY_KEY.get(row.kind)
            if not kind or kind.model not in self.env:
                found[row.id] = ([], {})
                continue
            audit = row.audit_id
            if not live and row._is_snapshot():
                groups[(row.kind, "snapshot")] |= row
            else:
                groups[(row.kind, audit.company_id.id, audit.project_id.id, audit._period())] |= row
        for key, rows in groups.items():
            kind = BY_KEY[key[0]]
            Model = self.env[kind.model]
            if not Model.has_access("read"):
                found.update({row.id: ([], {}) for row in rows})
                continue
            if key[1] == "snapshot":
                stored = {row.id: row.sudo() for row in rows}
                wanted = {rid for row in stored.values() for rid in (row.snapshot_res_ids or [])}
                # a record archived since stays evidence
                readable = set(
                    Model.with_context(active_test=False).search([("id", "in", sorted(wanted))]).ids
                )
                for row in rows:
                    snapshot = stored[row.id].snapshot_res_ids or []
                    ids = [rid for rid in snapshot if rid in readable]
                    # the facts were counted over every record of the snapshot:
                    # shown only to a reader who may read them all
                    complete = len(ids) == len(snapshot)
                    found[row.id] = (ids, (stored[row.id].snapshot_facts or {}) if complete else {})
                continue
            _kind, company_id, project_id, (date_from, date_to) = key
            company = self.env["res.company"].browse(company_id)
            datetime_fields = [
                name for name in (kind.period or ())[1:] if Model._fields[name].type == "datetime"
            ]
            domain = search_domain(
                kind,
                company_id,
                project_id,
                date_from,
                date_to,
                utc_bounds=company._quality_utc_bounds(date_from, date_to),
                datetime_fields=datetime_fields,
            )
            if kind.model == self._fields["audit_id"].comodel_name:
                # an audit is not evidence of itself
                domain = [*domain, ("id", "not in", rows.audit_id.ids)]
            fact_fields = sorted({fact.field for fact in kind.facts})
            records = Model.search_fetch(domain, fact_fields)
            values = [{name: _plain(record[name]) for name in fact_fields} for record in records]
            for row in rows:
                facts = fact_values(kind, values, row.audit_id._evidence_as_of())
                found[row.id] = (records.ids, _storable(facts))
        return found

    @api.depends("kind", "audit_id.state", "snapshot_res_ids", "snapshot_facts")
    @api.depends_context("uid", "lang", "allowed_company_ids")
    def _compute_found(self):
        found = self._evidence_found()
        for row in self:
            ids, facts = found.get(row.id, ([], {}))
            row.found_count = len(ids)
            row.facts = row._facts_text(facts)

    def _facts_text(self, facts):
        """The freshness facts in the reader's words."""
        self.ensure_one()
        kind = BY_KEY.get(self.kind)
        if not kind or kind.model not in self.env or not facts:
            return ""
        Model = self.env[kind.model]
        texts = []
        for fact in kind.facts:
            value = facts.get(fact.key)
            if value is None:
                continue
            field = Model._fields[fact.field]
            if fact.key == "latest":
                if field.type == "datetime":
                    zone = self.audit_id.company_id.sudo()._quality_tz()
                    shown = format_datetime(
                        self.env,
                        fields.Datetime.to_datetime(value),
                        tz=zone,
                        dt_format=SNAPSHOT_FORMAT,
                    )
                else:
                    shown = format_date(self.env, fields.Date.to_date(value))
                texts.append(self.env._("last updated %(date)s", date=shown))
            elif fact.key == "expired":
                texts.append(self.env._("%(count)s expired", count=value))
            elif fact.key == "expiring":
                texts.append(
                    self.env._("%(count)s expire within %(days)s days", count=value, days=fact.days)
                )
            elif fact.key == "missing":
                texts.append(
                    self.env._(
                        "%(count)s without %(field)s",
                        count=value,
                        field=field._description_string(self.env),
                    )
                )
            elif fact.key == "total":
                texts.append(
                    self.env._(
                        "%(field)s: %(total)s",
                        field=field._description_string(self.env),
                        total=f"{value:g}",
                    )
                )
            elif fact.key == "matching":
                label = dict(field._description_selection(self.env)).get(fact.value, fact.value)
                texts.append(self.env._("%(value)s: %(count)s", value=label, count=value))
        return " · ".join(texts)

    @api.depends("snapshot_at", "audit_id.state")
    @api.depends_context("lang")
    def _compute_snapshot_note(self):
        for row in self:
            if not row._is_snapshot():
                row.snapshot_note = self.env._("Evidence found now")
            elif not row.snapshot_at:
                row.snapshot_note = self.env._(
                    "No evidence snapshot was taken when the audit was reported"
                )
            else:
                zone = row.audit_id.company_id.sudo()._quality_tz()
                row.snapshot_note = self.env._(
                    "Evidence snapshot of %(instant)s (%(zone)s)",
                    instant=format_datetime(
                        self.env, row.snapshot_at, tz=zone, dt_format=SNAPSHOT_FORMAT
                    ),
                    zone=zone,
                )

    # ------------------------------------------------------------------
    def _take_snapshot(self):
        """Record what is found now (called by the audit's report step,
        which writes through its pass)."""
        now = fields.Datetime.now()
        found = self._evidence_found(live=True)
        for row in self:
            ids, facts = found.get(row.id, ([], {}))
            # the stored snapshot is the quality department's to read (the
            # lead auditor writing it through the report step may not be)
            row.sudo().write(
                {
                    "snapshot_at": now,
                    "snapshot_count": len(ids),
                    "snapshot_res_ids": ids,
                    "snapshot_facts": facts,
                }
            )

    def _evidence_listing(self):
        """``{row id: (records to list, what is not listed, headline)}`` for
        the report (the headline: kind, count and freshness), with
        the reader's rights: name, date and state of each record."""
        found = self._evidence_found()
        labels = dict(self._fields["kind"]._description_selection(self.env))
        listing = {}
        for row in self:
            kind = BY_KEY.get(row.kind)
            ids, _facts = found.get(row.id, ([], {}))
            headline = self.env._(
                "%(kind)s: %(count)s", kind=labels.get(row.kind, row.kind), count=len(ids)
            )
            if row.facts:
                headline = f"{headline} · {row.facts}"
            if not kind or not ids:
                listing[row.id] = ([], "", headline)
                continue
            records = self.env[kind.model].browse(ids[:LISTED])
            entries = []
            for record in records:
                date = record[kind.date_field] if kind.date_field else False
                if isinstance(date, datetime.datetime):
                    local = row.audit_id.company_id._quality_local_date(date)
                    date = format_date(self.env, local)
                elif date:
                    date = format_date(self.env, date)
                state = ""
                if kind.state_field:
                    field = record._fields[kind.state_field]
                    value = record[kind.state_field]
                    if field.type == "selection":
                        state = dict(field._description_selection(self.env)).get(value, "")
                    elif field.type == "many2one":
                        state = value.display_name or ""
                name = record[kind.name_field] or ""
                for fname in kind.detail_fields:
                    value = record[fname]
                    field = record._fields[fname]
                    if isinstance(value, models.BaseModel):
                        shown = value.display_name
                    elif field.type == "selection":
                        shown = dict(field._description_selection(self.env)).get(value, value)
                    else:
                        shown = value
                    if shown and str(shown) in name:
                        continue  # already in the record's name
                    label = field._description_string(self.env)
                    detail = self.env._("%(label)s: %(value)s", label=label, value=shown or "—")
                    name = f"{name} · {detail}"
                entries.append({"name": name, "date": date or "", "state": state})
            more = len(ids) - LISTED
            listing[row.id] = (
                entries,
                self.env._("and %(count)s more", count=more) if more > 0 else "",
                headline,
            )
        return listing

    @api.readonly
    @arguments()
    def action_open(self):
        """The records found, in a list, with the reader's rights."""
        self.ensure_one()
        kind = BY_KEY.get(self.kind)
        ids, _facts = self._evidence_found().get(self.id, ([], {}))
        return {
            "type": "ir.actions.act_window",
            "name": dict(self._fields["kind"]._description_selection(self.env)).get(self.kind),
            "res_model": kind.model,
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", ids)],
            "context": {"create": False, "active_test": False},
        }


def _plain(value):
    """A field's value as the plain-Python facts read it."""
    if isinstance(value, models.BaseModel):
        return value.id
    return value


def _storable(facts):
    """Facts as JSON keeps them (dates as ISO text)."""
    stored = {}
    for key, value in facts.items():
        if isinstance(value, datetime.datetime):
            value = fields.Datetime.to_string(value)
        elif isinstance(value, datetime.date):
            value = fields.Date.to_string(value)
        stored[key] = value
    return stored
