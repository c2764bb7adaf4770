from odoo import api, fields, models

from ..indicators import SATISFACTION, SLA, sources_of
from ..periods import previous_period
from ..ratios import percent
from ..targets import evaluate, trend

SATISFACTION_SOURCES = sources_of(SATISFACTION)
SLA_SOURCES = sources_of(SLA)
PLAN_STATES = ("approved", "published", "closed")
OPEN_FINDING = ("closed", "cancelled")
SEVERITIES = ("major", "minor", "observation")


class QualityReviewBuilder(models.AbstractModel):
    """The inputs of a management review (ISO 9001 §9.3.2), section by
    section: the results of the period read from the measurements (measured
    by the engine when the inputs are gathered, as the scorecard reads them),
    the complaint and action figures from the indicator registry, the record
    lists from the records. Only figures and references are returned."""

    _name = "quality_ops.review.builder"
    _description = "Section Builder of the Management Review"

    def _input_values(self, review, previous):
        """Every input line of the review, section by section, the period's
        measurements measured now first (unless locked)."""
        review.ensure_one()
        self.env["quality_ops.section.builder"]._refresh_measurements(
            review.company_id, review.periodicity, review.date_from
        )
        lines = []
        for section in (
            self._previous_decision_inputs(review, previous),
            self._objective_inputs(review),
            self._satisfaction_inputs(review),
            self._complaint_inputs(review),
            self._sla_inputs(review),
            self._audit_inputs(review),
            self._finding_inputs(review),
            self._action_inputs(review),
            self._assurance_inputs(review),
        ):
            for sequence, line in enumerate(section):
                line.setdefault("sequence", sequence)
                lines.append(line)
        return lines

    # --- measurements --------------------------------------------------
    def _measurements(self, review, date_from, domain=()):
        """Measurements of the review's company and periodicity starting on
        ``date_from`` (read as the system: the review shows the company's results
        to the quality department, which reads them all)."""
        return (
            self.env["quality_ops.measurement"]
            .sudo()
            .search(
                [
                    ("company_id", "=", review.company_id.id),
                    ("periodicity", "=", review.periodicity),
                    ("date_from", "=", date_from),
                    *domain,
                ]
            )
        )

    def _previous_date_from(self, review):
        return previous_period(review.periodicity, review.date_from)[0]

    def _plan_targets(self, review):
        """Company targets of the year's approved organisation plan, by indicator."""
        targets = (
            self.env["quality_ops.target"]
            .sudo()
            .search(
                [
                    ("company_id", "=", review.company_id.id),
                    ("year", "=", review.date_from.year),
                    ("scope", "=", "company"),
                    ("plan_id.plan_type", "=", "organisation"),
                    ("plan_id.state", "in", PLAN_STATES),
                ],
                order="sequence, id",
            )
        )
        found = {}
        for target in targets:
            found.setdefault(target.indicator_id, target)
        return found

    @api.model
    def _result_line(self, review, section, indicator, measurement, previous, target=None):
        """A result against its target: value, target, status and trend."""
        has_value = bool(measurement and measurement.has_value)
        if measurement and measurement.target_id:
            target_value, warning = measurement.target_value, measurement.warning_value
        elif target:
            target_value, warning = target.target_value, target.warning_value
        else:
            target_value = warning = None
        value = measurement.value if has_value else None
        before = previous.value if previous and previous.has_value else None
        return {
            "section": section,
            "indicator_id": indicator.id,
            "measurement_id": measurement.id if measurement else False,
            "value": value or 0.0,
            "has_value": has_value,
            "target_value": target_value or 0.0,
            "has_target": target_value is not None,
            "previous_value": before or 0.0,
            "has_previous": before is not None,
            "status": evaluate(indicator.direction, value, target_value, warning),
            "trend": trend(indicator.direction, value, before) or False,
            "count": int(measurement.denominator) if measurement else 0,
        }

    def _company_result_lines(self, review, section, indicators, targets):
        """The result lines of ``section``: the company's results of
        ``indicators`` (in their order) in the review's period and the one
        before, against ``targets``."""
        indicators = indicators.sorted(lambda i: (i.sequence, i.code or "", i.id))
        domain = [("scope", "=", "company"), ("indicator_id", "in", indicators.ids)]
        current, before = (
            {m.indicator_id: m for m in self._measurements(review, date_from, domain)}
            for date_from in (review.date_from, self._previous_date_from(review))
        )
        return [
            self._result_line(
                review,
                section,
                indicator,
                current.get(indicator),
                before.get(indicator),
                targets.get(indicator),
            )
            for indicator in indicators
        ]

    def _objective_inputs(self, review):
        """c) 2: the extent to which the quality objectives were met: every
        indicator with a target of the year or a result of the period."""
        targets = self._plan_targets(review)
        measured = self._measurements(review, review.date_from, [("scope", "=", "company")])
        indicators = measured.indicator_id | self.env["quality_ops.indicator"].union(*targets)
        return self._company_result_lines(review, "objective", indicators.sudo(), targets)

    def _satisfaction_inputs(self, review):
        """c) 1: customer satisfaction, by ticket ratings, surveys and NPS, shown
        even when nothing was measured (as no data)."""
        indicators = (
            self.env["quality_ops.indicator"]
            .sudo()
            .search(
                [
                    ("source", "in", SATISFACTION_SOURCES),
                    ("company_id", "in", [review.company_id.id, False]),
                ]
            )
        )
        targets = self._plan_targets(review)
        return self._company_result_lines(review, "satisfaction", indicators, targets)

    def _sla_inputs(self, review):
        """c) 3: response and resolution SLA by team and by project."""
        domain = [("scope", "in", ("team", "project")), ("source", "in", SLA_SOURCES)]
        current = self._measurements(review, review.date_from, domain)
        before = {
            (m.indicator_id, m.scope, m.scope_key): m
            for m in self._measurements(review, self._previous_date_from(review), domain)
        }
        lines = []
        for measurement in current.sorted(
            lambda m: (
                m.scope != "team",
                (m.team_id or m.project_id).display_name or "",
                m.indicator_id.sequence,
                m.indicator_id.id,
            )
        ):
            line = self._result_line(
                review,
                "sla",
                measurement.indicator_id,
                measurement,
                before.get((measurement.indicator_id, measurement.scope, measurement.scope_key)),
            )
            line.update(
                scope=measurement.scope,
                team_id=measurement.team_id.id,
                project_id=measurement.project_id.id,
            )
            lines.append(line)
        return lines

    # --- quality records -------------------------------------------------
    def _complaint_inputs(self, review):
        """c) 1: complaints by level: received and closed in the period, closed
        on time (the registry's complaint figures), open when the inputs are
        gathered."""
        company, date_from, date_to = review.company_id, review.date_from, review.date_to
        still_open = dict(
            self.env["quality_ops.complaint"]
            .sudo()
            ._read_group(
                [("company_id", "=", company.id), ("is_closed", "=", False)],
                ["level_id"],
                ["__count"],
            )
        )
        Builder = self.env["quality_ops.section.builder"]
        levels = (
            Builder._complaint_levels(company, date_from, date_to)
            .union(*still_open)
            .filtered("id")
            .sorted(lambda lv: (lv.sequence, lv.id))
        )
        figures = Builder._complaint_figures(company, date_from, date_to, levels)
        lines = []
        for level in levels:
            received, total, on_time = figures[level]
            lines.append(
                {
                    "section": "complaint",
                    "level_id": level.id,
                    "count": received,
                    "closed_count": total,
                    "on_time_count": on_time,
                    "open_count": still_open.get(level, 0),
                    "value": percent(on_time, total) or 0.0,
                    "has_value": bool(total),
                }
            )
        return lines

    def _audit_inputs(self, review):
        """c) 6: the audits of the period (reported or closed) and their conformity."""
        audits = (
            self.env["quality_ops.audit"]
            .sudo()
            .search(
                [
                    ("company_id", "=", review.company_id.id),
                    ("state", "in", ("reported", "closed")),
                    ("planned_date", ">=", review.date_from),
                    ("planned_date", "<=", review.date_to),
                ],
                order="planned_date, id",
            )
        )
        open_findings = dict(
            self.env["quality_ops.finding"]
            .sudo()
            ._read_group(
                [("audit_id", "in", audits.ids), ("state", "not in", OPEN_FINDING)],
                ["audit_id"],
                ["__count"],
            )
        )
        return [
            {
                "section": "audit",
                "audit_id": audit.id,
                "value": audit.score if audit.applicable_count else 0.0,
                "has_value": bool(audit.applicable_count),
                "count": audit.nonconformity_count,
                "open_count": open_findings.get(audit, 0),
            }
            for audit in audits
        ]

    def _finding_inputs(self, review):
        """c) 4: nonconformities by severity: raised and closed in the period,
        open when the inputs are gathered."""
        Finding = self.env["quality_ops.finding"].sudo()
        start, end = review.company_id._quality_utc_bounds(review.date_from, review.date_to)
        company = [("company_id", "=", review.company_id.id)]
        raised = dict(
            Finding._read_group(
                [*company, ("create_date", ">=", start), ("create_date", "<", end)],
                ["severity"],
                ["__count"],
            )
        )
        closed = dict(
            Finding._read_group(
                [
                    *company,
                    ("state", "=", "closed"),
                    ("closed_date", ">=", review.date_from),
                    ("closed_date", "<=", review.date_to),
                ],
                ["severity"],
                ["__count"],
            )
        )
        still_open = dict(
            Finding._read_group(
                [*company, ("state", "not in", OPEN_FINDING)], ["severity"], ["__count"]
            )
        )
        return [
            {
                "section": "finding",
                "severity": severity,
                "count": raised.get(severity, 0),
                "closed_count": closed.get(severity, 0),
                "open_count": still_open.get(severity, 0),
            }
            for severity in SEVERITIES
        ]

    def _action_inputs(self, review):
        """c) 4: corrective actions by type: open, overdue and awaiting
        verification when the inputs are gathered, verified effective or not in
        the period."""
        Action = self.env["quality_ops.action"].sudo()
        today = fields.Date.context_today(self)
        company = [("company_id", "=", review.company_id.id)]
        now = {
            (kind, state): count
            for kind, state, count in Action._read_group(
                [*company, ("state", "in", ("open", "done"))],
                ["action_type", "state"],
                ["__count"],
            )
        }
        overdue = dict(
            Action._read_group(
                [*company, *Action._overdue_domain(today)],
                ["action_type"],
                ["__count"],
            )
        )
        verified = {
            (kind, effectiveness): count
            for kind, effectiveness, count in Action._read_group(
                [
                    *company,
                    ("state", "=", "verified"),
                    ("verified_date", ">=", review.date_from),
                    ("verified_date", "<=", review.date_to),
                ],
                ["action_type", "effectiveness"],
                ["__count"],
            )
        }
        lines = []
        for kind, _label in Action._fields["action_type"].selection:
            counts = {
                "open_count": now.get((kind, "open"), 0),
                "overdue_count": overdue.get(kind, 0),
                "done_count": now.get((kind, "done"), 0),
                "effective_count": verified.get((kind, "effective"), 0),
                "not_effective_count": verified.get((kind, "not_effective"), 0),
            }
            if any(counts.values()):
                lines.append({"section": "action", "action_type": kind, **counts})
        return lines

    def _assurance_inputs(self, review):
        """c) 3 and 5: quality assurance — the controlled documents due for
        their periodic review, the QA activities of the period (done, on
        time, overdue) and the inspection coverage, for the company and by
        project."""
        Builder = self.env["quality_ops.section.builder"]
        company, date_from, date_to = review.company_id, review.date_from, review.date_to
        in_force, due, _released, in_preparation = Builder._document_counts(
            company, date_from, date_to
        )
        Activity = self.env["quality_ops.qa.activity"].sudo()
        period = Builder._qa_activity_domain(company, date_from, date_to)
        activities = Activity.search(period)
        done = activities.filtered(lambda a: a.state == "done")
        lines = [
            {
                "section": "assurance",
                "assurance_kind": "documents",
                "count": in_force,
                "overdue_count": due,
                "open_count": in_preparation,
            },
            {
                "section": "assurance",
                "assurance_kind": "qa_activities",
                "count": len(activities),
                "closed_count": len(done),
                "on_time_count": len(done.filtered(lambda a: a.date_done <= a.planned_date)),
                "overdue_count": Builder._qa_activities_overdue(company),
                "open_count": len(done.filtered(lambda a: a.result == "nonconformity")),
            },
        ]
        inspection = self.env.ref("quality_ops.indicator_inspection", raise_if_not_found=False)
        if inspection and inspection.source == "inspection":
            targets = self._plan_targets(review)
            current = self._measurements(
                review,
                review.date_from,
                [("indicator_id", "=", inspection.id), ("scope", "in", ("company", "project"))],
            )
            before = {
                (m.scope, m.scope_key): m
                for m in self._measurements(
                    review,
                    self._previous_date_from(review),
                    [("indicator_id", "=", inspection.id), ("scope", "in", ("company", "project"))],
                )
            }
            company_row = current.filtered(lambda m: m.scope == "company")[:1]
            line = self._result_line(
                review,
                "assurance",
                inspection,
                company_row,
                before.get(("company", 0)),
                targets.get(inspection),
            )
            line.update(assurance_kind="inspections", scope="company")
            lines.append(line)
            for measurement in (current - company_row).sorted(
                lambda m: (m.project_id.display_name or "", m.id)
            ):
                line = self._result_line(
                    review,
                    "assurance",
                    inspection,
                    measurement,
                    before.get(("project", measurement.scope_key)),
                )
                line.update(
                    assurance_kind="inspections",
                    scope="project",
                    project_id=measurement.project_id.id,
                )
                lines.append(line)
        return lines

    def _previous_decision_inputs(self, review, previous):
        """a) the decisions of the previous review and the state of their actions."""
        today = fields.Date.context_today(self)
        lines = []
        # searched, not read from the cache of the one2many (which holds what the
        # last reader was allowed to see)
        decisions = (
            self.env["quality_ops.review.decision"].sudo().search([("review_id", "=", previous.id)])
            if previous
            else self.env["quality_ops.review.decision"]
        )
        for decision in decisions:
            action = decision.action_id
            lines.append(
                {
                    "section": "previous",
                    "decision_id": decision.id,
                    "action_id": action.id,
                    "action_type": decision.action_type,
                    "action_state": action.state or False,
                    "effectiveness": action.effectiveness or False,
                    "due_date": action.due_date or decision.due_date or False,
                    "is_overdue": bool(
                        action and action.state == "open" and action.due_date < today
                    ),
                }
            )
        return lines
