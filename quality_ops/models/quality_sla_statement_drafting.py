import datetime
import logging

from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import SQL

from ..periods import period_bounds, previous_period
from ..sla_credits import statement_reference
from ..tools.workflow_pass import with_pass
from .quality_sla_statement_line import LINE_FIGURES

_logger = logging.getLogger(__name__)

DRAFT_BATCH = 100


class QualitySlaStatementDrafting(models.AbstractModel):
    """Statements drafted in bulk: every contract's missing statements of some
    months, from one grouped query, inserted in batches (the daily cron and the
    onboarding's history); idempotent and safe twice at once."""

    _name = "quality_ops.sla.statement.drafting"
    _description = "SLA Statement Drafting"

    # ------------------------------------------------------------------
    # drafting: every contract's statements of some months
    # ------------------------------------------------------------------
    @api.model
    def _draft_statements(self, months, schemes=None):
        """Draft the missing statements of ``months`` (first days) for every
        active scheme valid in them: one grouped query for all, then the
        statements in batches.  Idempotent and safe twice at once: a statement
        another run created meanwhile is skipped (the unique index)."""
        Scheme = self.env["quality_ops.sla.credit.scheme"].sudo()
        if schemes is None:
            schemes = Scheme.search([])  # pylint: disable=no-search-all
        existing = set(
            self.sudo()
            .search_fetch(
                [
                    ("contract_key", "in", schemes.mapped("contract_key")),
                    ("date_from", "in", months),
                ],
                ["contract_key", "date_from"],
            )
            .mapped(lambda s: (s.contract_key, s.date_from))
        )
        pairs = [
            (scheme, month)
            for month in months
            for scheme in schemes
            if scheme._valid_in(month)
            and (scheme.contract_key, month) not in existing
            and self._month_over(scheme, month)
        ]
        found = self._gather(pairs)
        created = self.browse()
        quiet = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
        Statement = with_pass(self.sudo().with_context(**quiet), creating=True)
        cron = self.env.context.get("cron_id")
        plain = {}
        for start in range(0, len(pairs), DRAFT_BATCH):
            batch = pairs[start : start + DRAFT_BATCH]
            vals_list, lines = [], []
            for scheme, month in batch:
                if scheme.id not in plain:
                    plain[scheme.id] = self._plain_scheme(scheme)
                vals = self._figures(scheme, found.get((scheme.id, month), {}), plain[scheme.id])
                lines.append([command[2] for command in vals.pop("line_ids")])
                vals.update(
                    scheme_id=scheme.id,
                    date_from=month,
                    reference=statement_reference(scheme.contract_key, month),
                )
                vals_list.append(vals)
            new = self._draft_batch(Statement, vals_list)
            # a statement's lines by its scheme and month (one lookup each, not a scan)
            lines_of = {
                (vals["scheme_id"], vals["date_from"]): lines[index]
                for index, vals in enumerate(vals_list)
            }
            line_vals = []
            for statement_ in new:
                line_vals += [
                    dict(line, statement_id=statement_.id, company_id=statement_.company_id.id)
                    for line in lines_of[(statement_.scheme_id.id, statement_.date_from)]
                ]
            self._insert_lines(line_vals)
            new.invalidate_recordset(["line_ids"])
            created |= new
            if cron:
                self.env["ir.cron"]._commit_progress(len(batch))
        return created.with_env(self.env)

    @api.model
    def _insert_lines(self, line_vals):
        """The lines of drafted statements in one INSERT: server-computed
        figures of statements just created by the draft run (as the SLA clocks
        are inserted in bulk)."""
        if not line_vals:
            return
        columns = ("statement_id", "company_id", *LINE_FIGURES)
        Line = self.env["quality_ops.sla.statement.line"]
        Line.flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO quality_ops_sla_statement_line
                       (%(columns)s, create_uid, create_date, write_uid, write_date)
                SELECT x.*, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM unnest(%(arrays)s) AS x(%(columns)s)
                """,
                columns=SQL(", ").join(SQL.identifier(c) for c in columns),
                uid=self.env.uid,
                arrays=SQL(", ").join(
                    SQL("%s::" + cast, [vals[c] for vals in line_vals])
                    for c, cast in zip(
                        columns,
                        (
                            "int[]",
                            "int[]",
                            "varchar[]",
                            "varchar[]",
                            "int[]",
                            "int[]",
                            "int[]",
                            "int[]",
                            "int[]",
                            "numeric[]",
                            "numeric[]",
                        ),
                        strict=True,
                    )
                ),
            )
        )
        Line.invalidate_model()

    @api.model
    def _draft_batch(self, Statement, vals_list):
        """Create the statements of a batch at once; when another run drafted
        some of them meanwhile (or one row fails), one by one, skipping those."""
        try:
            with self.env.cr.savepoint():
                return Statement.create(vals_list)
        except Exception:  # noqa: BLE001 - retried one by one below, each logged
            _logger.info("Drafting SLA statements in a batch failed: one by one")
        created = Statement.browse()
        for vals in vals_list:
            try:
                with self.env.cr.savepoint():
                    created |= Statement.create([vals])
            except errors.UniqueViolation:
                _logger.info(
                    "SLA statement %s %s drafted by another run",
                    vals["scheme_id"],
                    vals["date_from"],
                )
            except Exception:
                _logger.exception(
                    "Drafting the SLA statement %s %s failed", vals["scheme_id"], vals["date_from"]
                )
        return created

    @api.model
    def _first_working_day(self, company, month):
        """The first working day of ``month`` in the company's calendar."""
        calendar = company.resource_calendar_id
        if not calendar:
            return month
        start, _end = company._quality_utc_bounds(month, month)
        try:
            work = calendar._quality_worktime(month, month + datetime.timedelta(days=15))
            instant = work.add_hours(start, 0.01)
        except ValueError:
            return month
        return company._quality_local_date(instant)

    @api.model
    def _cron_draft(self, today=None):
        """Draft last month's statements, from the first working day of this
        month on (a daily run; the days before it do nothing, the days after
        it find the statements drafted). Months are the company's: today is
        each company's (``today``, when given, is every company's)."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            day = today or company._quality_local_date(now)
            month, _last = previous_period("month", day)
            if day < self._first_working_day(company, period_bounds("month", day)[0]):
                continue
            schemes = (
                self.env["quality_ops.sla.credit.scheme"]
                .sudo()
                .search([("company_id", "=", company.id)])
            )
            self._draft_statements([month], schemes)
        return True
