from markupsafe import Markup, escape

from odoo import api, models
from odoo.tools import html2plaintext

from ..indicators import SATISFACTION, SLA, sources_of
from ..periods import add_months, period_bounds, previous_period
from ..ratios import percent
from ..targets import trend

# complaint causes listed in a report: the most recent, enough to read
MAX_CAUSES = 30


class QualityReportBuilder(models.AbstractModel):
    """The sections of a quality report, read from the stored measurements
    (measured by the engine when the report is generated) and, for the
    figures counted by record group, from the indicator registry; the
    record lists (audits, findings, improvement) from the records."""

    _name = "quality_ops.report.builder"
    _description = "Section Builder of the Quality Report"

    @api.model
    def _lines(self, report):
        """Every line of the report's sections, as values of section lines."""
        Measurement = self.env["quality_ops.measurement"].sudo().with_company(report.company_id)
        prev_from, prev_to = previous_period(report.periodicity, report.date_from)
        # the period and the previous one, measured now unless locked
        Measurement._compute_period(report.periodicity, report.date_from, report.date_to)
        Measurement._compute_period(report.periodicity, prev_from, prev_to)
        self._measure_missing_months(report)
        # the period's rows with a value, and those with a target but no data
        current = Measurement.search(
            [
                *self._measurement_domain(report, report.date_from, with_value=False),
                "|",
                ("has_value", "=", True),
                ("target_id", "!=", False),
            ]
        )
        previous = Measurement.search(
            self._measurement_domain(report, prev_from) + [("scope", "=", "company")]
        )
        before = {m.indicator_id: m for m in previous}
        lines = []
        company_rows = current.filtered(lambda m: m.scope == "company")
        # manual indicators entered by month or quarter: the latest of the period
        manual = Measurement.search(
            [
                ("company_id", "=", report.company_id.id),
                ("source", "=", "manual"),
                ("scope", "=", "company"),
                ("date_from", ">=", report.date_from),
                ("date_to", "<=", report.date_to),
            ],
            order="date_from desc, id desc",
        )
        for measurement in manual:
            if measurement.indicator_id not in company_rows.indicator_id:
                company_rows |= measurement
        company_rows = company_rows.sorted(lambda m: (m.indicator_id.sequence, m.indicator_id.id))
        for sequence, measurement in enumerate(company_rows):
            lines.append(
                self._scorecard_line(report, measurement, before.get(measurement.indicator_id))
            )
            lines[-1]["sequence"] = sequence
        lines += self._sla_lines(report, current)
        lines += self._satisfaction_lines(report, company_rows, before)
        lines += self._complaint_lines(report)
        lines += self._audit_lines(report)
        lines += self._action_lines(report)
        lines += self._assurance_lines(report, current, before)
        if report.kind == "improvement":
            lines += self._improvement_lines(report)
        return lines

    def _measurement_domain(self, report, date_from, with_value=True):
        domain = [
            ("company_id", "=", report.company_id.id),
            ("periodicity", "=", report.periodicity),
            ("date_from", "=", date_from),
        ]
        return [*domain, ("has_value", "=", True)] if with_value else domain

    def _measure_missing_months(self, report):
        """Monthly measurements feed the trend sheet: measure the months of
        the period that were never measured (one grouped count to find them)."""
        Measurement = self.env["quality_ops.measurement"].sudo().with_company(report.company_id)
        done = {
            day
            for (day,) in Measurement._read_group(
                [
                    ("company_id", "=", report.company_id.id),
                    ("periodicity", "=", "month"),
                    ("date_from", ">=", report.date_from),
                    ("date_from", "<=", report.date_to),
                ],
                ["date_from:day"],
            )
        }
        day = report.date_from
        today = report.company_id._quality_today()
        while day <= report.date_to and day <= today:
            if day not in done:
                Measurement._compute_period("month", *period_bounds("month", day))
            day = add_months(day, 1)

    def _scorecard_line(self, report, measurement, previous):
        indicator = measurement.indicator_id
        return {
            "section": "scorecard",
            "label": indicator.display_name,
            "indicator_id": indicator.id,
            "measurement_id": measurement.id,
            "value": measurement.value,
            "target_value": measurement.target_value,
            "previous_value": previous.value if previous else 0.0,
            "has_previous": bool(previous),
            "count": int(measurement.denominator),
            "status": measurement.status,
            "trend": trend(
                indicator.direction,
                measurement.value if measurement.has_value else None,
                previous.value if previous else None,
            )
            or False,
        }

    def _sla_lines(self, report, current):
        """Response and resolution compliance per team and per project."""
        rows = {}
        for measurement in current.filtered(
            lambda m: m.scope in ("team", "project") and m.source in sources_of(SLA)
        ):
            record = measurement.team_id or measurement.project_id
            row = rows.setdefault(
                (measurement.scope, record),
                {
                    "section": f"sla_{measurement.scope}",
                    "label": record.display_name,
                    "status": "no_target",
                },
            )
            if measurement.source == "resp_sla":
                row["value"] = measurement.value
                row["count"] = int(measurement.denominator)
            else:
                row["second_value"] = measurement.value
                row["second_count"] = int(measurement.denominator)
                row["measurement_id"] = measurement.id
                row["target_value"] = measurement.target_value
                row["status"] = measurement.status
        return sorted(rows.values(), key=lambda row: (row["section"] != "sla_team", row["label"]))

    def _satisfaction_lines(self, report, company_rows, before):
        lines = []
        for measurement in company_rows.filtered(lambda m: m.source in sources_of(SATISFACTION)):
            line = self._scorecard_line(report, measurement, before.get(measurement.indicator_id))
            line["section"] = "satisfaction"
            lines.append(line)
        return lines

    def _period_datetimes(self, report):
        """The report's period in UTC, from the company's local midnight."""
        return report.company_id._quality_utc_bounds(report.date_from, report.date_to)

    def _complaint_lines(self, report):
        """Complaints by level: received, closed and closed on time in the
        period (the registry's complaint figures), then the causes of those
        closed."""
        Complaint = self.env["quality_ops.complaint"].sudo()
        start, end = self._period_datetimes(report)
        company = [("company_id", "=", report.company_id.id)]
        Builder = self.env["quality_ops.section.builder"]
        levels = Builder._complaint_levels(report.company_id, report.date_from, report.date_to)
        figures = Builder._complaint_figures(
            report.company_id, report.date_from, report.date_to, levels
        )
        lines = []
        for level in levels:
            received, total, on_time = figures[level]
            if not received and not total:
                continue
            lines.append(
                {
                    "section": "complaint",
                    "sequence": len(lines),
                    "label": level.display_name,
                    "count": received,
                    "second_count": total,
                    "value": percent(on_time, total) or 0.0,
                }
            )
        causes = Complaint.search(
            [*company, ("closed_at", ">=", start), ("closed_at", "<", end)],
            order="closed_at desc",
            limit=MAX_CAUSES,
        )
        for complaint in causes:
            lines.append(
                {
                    "section": "complaint_cause",
                    "label": complaint.display_name,
                    "detail": html2plaintext(complaint.cause_analysis or "").strip(),
                    "status": "met" if complaint.closed_on_time else "missed",
                }
            )
        return lines

    def _audit_lines(self, report):
        company = [("company_id", "=", report.company_id.id)]
        audits = (
            self.env["quality_ops.audit"]
            .sudo()
            .search(
                [
                    *company,
                    ("planned_date", ">=", report.date_from),
                    ("planned_date", "<=", report.date_to),
                ],
                order="planned_date, id",
            )
        )
        states = dict(audits._fields["state"]._description_selection(self.env))
        lines = [
            {
                "section": "audit",
                "label": audit.display_name,
                "value": audit.score,
                # nothing applicable yet: no score, not 0 %
                "status": False if audit.applicable_count else "no_data",
                "count": audit.nonconformity_count,
                "second_count": audit.finding_count,
                "detail": states.get(audit.state, ""),
            }
            for audit in audits
        ]
        Finding = self.env["quality_ops.finding"].sudo()
        start, end = self._period_datetimes(report)
        severities = dict(Finding._fields["severity"]._description_selection(self.env))
        found = {}
        for severity, state, count in Finding._read_group(
            [*company, ("create_date", ">=", start), ("create_date", "<", end)],
            ["severity", "state"],
            ["__count"],
        ):
            totals = found.setdefault(severity, [0, 0])
            totals[0] += count
            totals[1] += count if state == "closed" else 0
        for sequence, severity in enumerate(("major", "minor", "observation")):
            if severity in found:
                lines.append(
                    {
                        "section": "finding",
                        "sequence": sequence,
                        "label": severities[severity],
                        "count": found[severity][0],
                        "second_count": found[severity][1],
                    }
                )
        return lines

    def _action_lines(self, report):
        """Corrective actions due in the period: how many, closed on time (the
        registry's figures of actions closed on time), and their state."""
        Action = self.env["quality_ops.action"].sudo()
        # overdue on the company's day (a scheduled draft runs as nobody's)
        today = report.company_id._quality_today()
        domain = [
            ("company_id", "=", report.company_id.id),
            ("due_date", ">=", report.date_from),
            ("due_date", "<=", report.date_to),
        ]
        counts = {
            (state, effectiveness): count
            for state, effectiveness, count in Action._read_group(
                domain, ["state", "effectiveness"], ["__count"]
            )
        }
        overdue = Action.search_count([*domain, *Action._overdue_domain(today)])
        on_time, due = self.env["quality_ops.section.builder"]._actions_due(
            report.company_id, report.date_from, report.date_to
        )

        def total(state=None, effectiveness=None):
            return sum(
                count
                for (s, e), count in counts.items()
                if (state is None or s == state) and (effectiveness is None or e == effectiveness)
            )

        rows = [
            (self.env._("Actions due in the period"), due),
            (self.env._("Open"), total("open")),
            (self.env._("Overdue"), overdue),
            (self.env._("Closed on time"), on_time),
            (self.env._("Done, awaiting verification"), total("done")),
            (self.env._("Verified effective"), total("verified", "effective")),
            (self.env._("Verified not effective"), total("verified", "not_effective")),
        ]
        return [
            {"section": "action", "sequence": sequence, "label": label, "count": count}
            for sequence, (label, count) in enumerate(rows)
        ]

    def _assurance_lines(self, report, current, before):
        """Quality assurance of the period: controlled documents (in force,
        due for their periodic review, released), QA activities (planned,
        done, overdue, nonconformities) and the inspection coverage of the
        company and of each project."""
        Builder = self.env["quality_ops.section.builder"]
        company, date_from, date_to = report.company_id, report.date_from, report.date_to
        in_force, due, released, _drafts = Builder._document_counts(company, date_from, date_to)
        Activity = self.env["quality_ops.qa.activity"].sudo()
        period = Builder._qa_activity_domain(company, date_from, date_to)
        rows = [
            (self.env._("Controlled documents in force"), in_force),
            (self.env._("Documents due for periodic review"), due),
            (self.env._("Document versions released in the period"), released),
            (self.env._("QA activities planned in the period"), Activity.search_count(period)),
            (
                self.env._("QA activities done"),
                Activity.search_count([*period, ("state", "=", "done")]),
            ),
            (self.env._("QA activities overdue"), Builder._qa_activities_overdue(company)),
            (
                self.env._("Nonconformities found by QA activities"),
                Activity.search_count(
                    [*period, ("state", "=", "done"), ("result", "=", "nonconformity")]
                ),
            ),
        ]
        lines = [
            {"section": "assurance", "sequence": sequence, "label": label, "count": count}
            for sequence, (label, count) in enumerate(rows)
        ]
        coverage = current.filtered(
            lambda m: m.source == "inspection" and m.scope in ("company", "project")
        )
        for sequence, measurement in enumerate(
            coverage.sorted(lambda m: (m.scope != "company", m.project_id.display_name or ""))
        ):
            line = self._scorecard_line(
                report,
                measurement,
                before.get(measurement.indicator_id) if measurement.scope == "company" else None,
            )
            line.update(
                section="inspection",
                sequence=sequence,
                second_count=int(measurement.numerator),
            )
            if measurement.scope == "project":
                line["label"] = measurement.project_id.display_name
            lines.append(line)
        return lines

    def _improvement_lines(self, report):
        """Each finding of the year with each of its actions and the effect verified."""
        start, end = self._period_datetimes(report)
        findings = (
            self.env["quality_ops.finding"]
            .sudo()
            .search(
                [
                    ("company_id", "=", report.company_id.id),
                    ("create_date", ">=", start),
                    ("create_date", "<", end),
                    ("state", "!=", "cancelled"),
                ],
                order="create_date, id",
            )
        )
        effects = dict(
            self.env["quality_ops.action"]._fields["effectiveness"]._description_selection(self.env)
        )
        lines = []
        for finding in findings:
            for action in finding.action_ids or [self.env["quality_ops.action"]]:
                effect = effects.get(action.effectiveness) if action else ""
                lines.append(
                    {
                        "section": "improvement",
                        "label": finding.display_name,
                        "finding_id": finding.id,
                        "action_id": action.id or False,
                        "detail": " / ".join(
                            part
                            for part in (
                                action.display_name if action else self.env._("No action"),
                                effect,
                                action.verification_note if action else "",
                            )
                            if part
                        ),
                        "status": {"effective": "met", "not_effective": "missed"}.get(
                            action.effectiveness, "no_target"
                        )
                        if action
                        else "no_target",
                    }
                )
        return lines

    def _summary_text(self, report, scorecard):
        met = sum(1 for line in scorecard if line["status"] == "met")
        warning = sum(1 for line in scorecard if line["status"] == "warning")
        missed = [line["label"] for line in scorecard if line["status"] == "missed"]
        text = self.env._(
            "%(total)s indicators measured from %(date_from)s to %(date_to)s: "
            "%(met)s met their target, %(warning)s in the warning band, %(missed)s missed.",
            total=len(scorecard),
            date_from=report.date_from,
            date_to=report.date_to,
            met=met,
            warning=warning,
            missed=len(missed),
        )
        return Markup("<p>%s</p>") % text

    def _highlights_text(self, report, scorecard):
        better = [
            line["label"]
            for line in scorecard
            if line.get("trend") == "better" and line["status"] == "met"
        ]
        if not better:
            return Markup("<p><br></p>")
        return Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Met and better than the previous period:"),
            Markup("").join(Markup("<li>%s</li>") % escape(label) for label in better),
        )

    def _proposals_text(self, report, scorecard):
        missed = [line["label"] for line in scorecard if line["status"] in ("missed", "warning")]
        if not missed:
            return Markup("<p><br></p>")
        return Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Improve next period (missed or in the warning band):"),
            Markup("").join(Markup("<li>%s</li>") % escape(label) for label in missed),
        )
