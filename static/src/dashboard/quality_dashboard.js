import { Component, markRaw, onWillStart, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { deserializeDate } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { formatFloat } from "@web/core/utils/numbers";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

// the traffic lights: the status each measurement stores
export const STATUS_CLASS = {
    met: "text-bg-success",
    warning: "text-bg-warning",
    missed: "text-bg-danger",
};
const STATUS_COLOR = { met: "#28a745", warning: "#f0ad4e", missed: "#dc3545" };
const NEUTRAL = "#adb5bd";
const LINE_COLORS = ["#017e84", "#714b67", "#e67e22", "#3498db"];

/** A Chart.js chart (Odoo's web.chartjs_lib bundle); a click on a point or a
 * bar calls onPick(datasetIndex, index). */
export class QualityChart extends Component {
    static template = "quality_ops.QualityChart";
    static props = {
        config: Object,
        onPick: { type: Function, optional: true },
        className: { type: String, optional: true },
    };

    setup() {
        this.canvas = useRef("canvas");
        useEffect(
            (config) => {
                const options = {
                    ...config.options,
                    onClick: (event, elements) => {
                        if (elements.length && this.props.onPick) {
                            this.props.onPick(elements[0].datasetIndex, elements[0].index);
                        }
                    },
                    onHover: (event, elements) => {
                        event.native.target.style.cursor = elements.length ? "pointer" : "default";
                    },
                };
                const chart = new Chart(this.canvas.el, { ...config, options });
                return () => chart.destroy();
            },
            () => [this.props.config]
        );
    }
}

export class QualityDashboard extends Component {
    static template = "quality_ops.QualityDashboard";
    static components = { QualityChart };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        const kept = this.props.state || {};
        this.state = useState({
            year: kept.year || false,
            month: kept.month || false,
            team: kept.team || 0,
            project: kept.project || 0,
            customer: kept.customer || 0,
            data: null,
        });
        this.statusClass = STATUS_CLASS;
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
    }

    async load() {
        const data = await this.orm.call("quality_ops.dashboard", "get_dashboard_data", [], {
            year: this.state.year,
            month: this.state.month,
            team_id: this.state.team || false,
            project_id: this.state.project || false,
            partner_id: this.state.customer || false,
        });
        this.charts = markRaw(this.buildCharts(data));
        this.state.year = data.year;
        this.state.month = deserializeDate(data.month).month;
        this.state.data = data;
    }

    async setFilter(name, value) {
        const picked = parseInt(value, 10) || 0;
        if (name === "year") {
            // another year: its last complete month, chosen by the server
            this.state.year = picked;
            this.state.month = false;
        } else if (name === "month") {
            this.state.month = picked;
        } else {
            // measurements are kept per team, per project or per customer:
            // one scope at a time
            for (const scope of ["team", "project", "customer"]) {
                this.state[scope] = scope === name ? picked : 0;
            }
        }
        this.props.updateActionState?.({
            year: this.state.year,
            month: this.state.month,
            team: this.state.team,
            project: this.state.project,
            customer: this.state.customer,
        });
        await this.load();
    }

    async showMonthToDate() {
        const thisMonth = deserializeDate(this.state.data.this_month);
        this.state.year = thisMonth.year;
        await this.setFilter("month", thisMonth.month);
    }

    // ------------------------------------------------------------------
    // what the numbers look like
    // ------------------------------------------------------------------
    /** 1月 … 12月 (the user's locale) */
    monthLabel(month) {
        return deserializeDate(month).toLocaleString({ month: "short" });
    }

    /** 2026年12月 (the user's locale) */
    periodLabel(month) {
        return deserializeDate(month).toLocaleString({ year: "numeric", month: "long" });
    }

    /** the month shown: a month, or the current one "to date" */
    monthOptionLabel(month) {
        const data = this.state.data;
        if (data.month_to_date && month === data.month) {
            return this.monthToDateLabel;
        }
        if (month === data.this_month) {
            return _t("Month to date");
        }
        return this.periodLabel(month);
    }

    get monthToDateLabel() {
        const asOf = deserializeDate(this.state.data.as_of);
        return _t("Month to date (as of %s)", asOf.toLocaleString({ month: "long", day: "numeric" }));
    }

    get ticketsText() {
        return _t("%s tickets created", this.state.data.tickets);
    }

    get scopeNote() {
        return _t("Actions and findings belong to projects, not teams: these are the company's.");
    }

    formatValue(value, unit) {
        if (value === null || value === undefined) {
            return _t("No Data");
        }
        const digits = unit === "count" ? 0 : 1;
        const text = formatFloat(value, { digits: [16, digits] });
        if (unit === "percent") {
            return `${text} %`;
        }
        if (unit === "hours") {
            return _t("%s h", text);
        }
        if (unit === "nps" && value > 0) {
            return `+${text}`;
        }
        return text;
    }

    targetText(kpi) {
        const current = kpi.current;
        if (!current || current.target === null) {
            return _t("No target");
        }
        const sign = kpi.direction === "lower" ? "≤" : "≥";
        return _t("Target %(sign)s %(target)s", {
            sign,
            target: this.formatValue(current.target, kpi.unit),
        });
    }

    /** what a value stands on: "(120/130)" for a rate, "n = 35" otherwise */
    sampleText(cell, unit) {
        if (!cell || cell.sample === null || cell.sample === undefined) {
            return "";
        }
        if (unit === "percent") {
            const num = formatFloat(cell.numerator, { digits: [16, 0] });
            const den = formatFloat(cell.denominator, { digits: [16, 0] });
            return `(${num}/${den})`;
        }
        return _t("n = %s", cell.sample);
    }

    smallSampleTitle(cell) {
        return cell && cell.small_sample
            ? _t("Small sample: fewer than %s, read with care.", this.state.data.min_sample)
            : "";
    }

    /** 环比 / 同比: the change and whether it is better, given the direction */
    compareText(comparison, unit) {
        if (!comparison) {
            return "—";
        }
        const arrow = comparison.delta > 0 ? "▲" : comparison.delta < 0 ? "▼" : "＝";
        const digits = unit === "count" ? 0 : 1;
        const size = formatFloat(Math.abs(comparison.delta), { digits: [16, digits] });
        return comparison.delta ? `${arrow} ${size}` : arrow;
    }

    compareTitle(comparison, unit) {
        if (!comparison) {
            return _t("No value to compare with");
        }
        return `${this.periodLabel(comparison.month)}: ${this.formatValue(comparison.value, unit)}`;
    }

    compareClass(comparison) {
        if (!comparison) {
            return "text-muted";
        }
        return (
            { better: "text-success", worse: "text-danger" }[comparison.trend] || "text-muted"
        );
    }

    cellTitle(cell, row) {
        const target = cell.target === null ? "" : ` / ${this.formatValue(cell.target, "percent")}`;
        const sample = this.sampleText(cell, "percent");
        const small = cell.small_sample ? ` · ${this.smallSampleTitle(cell)}` : "";
        return `${row.indicator} ${this.periodLabel(cell.month)}: ${this.formatValue(cell.value, "percent")} ${sample}${target} · ${cell.status_label}${small}`;
    }

    statusOf(kpi) {
        return kpi.current ? kpi.current.status : "no_data";
    }

    statusLabelOf(kpi) {
        return kpi.current ? kpi.current.status_label : this.state.data.no_data_label;
    }

    analysisTitle(analysis) {
        return _t("%(author)s, %(date)s", {
            author: analysis.author,
            date: analysis.date ? deserializeDate(analysis.date).toLocaleString() : "",
        });
    }

    canWriteAnalysis(kpi) {
        const data = this.state.data;
        const locked = kpi.analysis ? kpi.analysis.frozen : kpi.current && kpi.current.locked;
        return data.analysis_editable && !locked;
    }

    editAnalysis(kpi) {
        const data = this.state.data;
        const scopeField = { team: "team_id", project: "project_id", customer: "partner_id" }[
            data.scope
        ];
        const context = {
            default_indicator_id: kpi.indicator_id,
            default_month: data.month,
            default_scope: data.scope,
        };
        if (scopeField) {
            context[`default_${scopeField}`] = data.scope_key;
        }
        return this.actionService.doAction(
            {
                type: "ir.actions.act_window",
                name: _t("Indicator Analysis"),
                res_model: "quality_ops.indicator.analysis",
                res_id: kpi.analysis ? kpi.analysis.id : false,
                views: [[false, "form"]],
                target: "new",
                context,
            },
            { onClose: () => this.load() }
        );
    }

    badgeClass(status) {
        return STATUS_CLASS[status] || "text-bg-secondary";
    }

    get overdueLabel() {
        return _t("Overdue corrective actions");
    }

    get findingsLabel() {
        return _t("Open findings");
    }

    get complaintsLabel() {
        return _t("Complaints");
    }

    get complaintsTotal() {
        const complaints = this.state.data.complaints;
        return _t("%(received)s received, %(open)s open", {
            received: complaints.received,
            open: complaints.open,
        });
    }

    get complaintsOverdue() {
        return _t("%(overdue)s overdue", {
            overdue: this.state.data.complaints.overdue,
        });
    }

    get complaintsOverdueLabel() {
        return _t("Complaints past their closing deadline");
    }

    get satisfaction() {
        return this.state.data.kpis.filter((kpi) => kpi.grouping === "satisfaction");
    }

    // ------------------------------------------------------------------
    // charts
    // ------------------------------------------------------------------
    pointColors(trend) {
        return trend.map((cell) => (cell && STATUS_COLOR[cell.status]) || NEUTRAL);
    }

    values(trend) {
        return trend.map((cell) => (cell && cell.has_value ? cell.value : null));
    }

    buildCharts(data) {
        const labels = data.months.map((month) => this.monthLabel(month));
        const charts = { trend: {} };
        for (const kpi of data.kpis) {
            charts.trend[kpi.indicator_id] = {
                type: "line",
                data: {
                    labels,
                    datasets: [
                        {
                            label: kpi.name,
                            data: this.values(kpi.trend),
                            borderColor: "#017e84",
                            borderWidth: 2,
                            pointBackgroundColor: this.pointColors(kpi.trend),
                            pointBorderColor: this.pointColors(kpi.trend),
                            pointRadius: kpi.trend.map((cell) =>
                                cell && cell.month === data.month ? 5 : 3
                            ),
                            spanGaps: true,
                            tension: 0.2,
                        },
                        {
                            // the target in force, as a dashed line
                            label: _t("Target"),
                            data: kpi.trend.map((cell) => (cell ? cell.target : null)),
                            borderColor: "#6c757d",
                            borderWidth: 1,
                            borderDash: [4, 3],
                            pointRadius: 0,
                            spanGaps: true,
                            stepped: "middle",
                        },
                    ],
                },
                options: {
                    maintainAspectRatio: false,
                    animation: false,
                    plugins: { legend: { display: false } },
                    scales: { x: { display: false }, y: { display: false, grace: "10%" } },
                },
            };
        }
        const satisfaction = data.kpis.filter((kpi) => kpi.grouping === "satisfaction");
        charts.satisfaction = {
            type: "line",
            data: {
                labels,
                datasets: satisfaction.map((kpi, index) => ({
                    label: kpi.name,
                    data: this.values(kpi.trend),
                    borderColor: LINE_COLORS[index % LINE_COLORS.length],
                    backgroundColor: LINE_COLORS[index % LINE_COLORS.length],
                    pointBackgroundColor: this.pointColors(kpi.trend),
                    pointRadius: 4,
                    spanGaps: true,
                    yAxisID: kpi.unit === "nps" ? "nps" : "y",
                })),
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                plugins: { legend: { position: "bottom" } },
                scales: {
                    y: { position: "left", suggestedMin: 0, suggestedMax: 100 },
                    nps: {
                        position: "right",
                        suggestedMin: -100,
                        suggestedMax: 100,
                        grid: { drawOnChartArea: false },
                        display: satisfaction.some((kpi) => kpi.unit === "nps"),
                    },
                },
            },
        };
        const levels = data.complaints.levels;
        charts.complaints = {
            type: "bar",
            data: {
                labels: levels.map((level) => level.name),
                datasets: [
                    {
                        label: _t("Received"),
                        data: levels.map((level) => level.received),
                        backgroundColor: "#3498db",
                    },
                    {
                        label: _t("Still open"),
                        data: levels.map((level) => level.open),
                        backgroundColor: "#e67e22",
                    },
                ],
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                plugins: { legend: { position: "bottom" } },
                scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
            },
        };
        return charts;
    }

    // ------------------------------------------------------------------
    // every figure opens the records behind it
    // ------------------------------------------------------------------
    async openCell(cell, source) {
        if (!cell) {
            return;
        }
        if (source === "manual") {
            return this.actionService.doAction({
                type: "ir.actions.act_window",
                res_model: "quality_ops.measurement",
                res_id: cell.measurement_id,
                views: [[false, "form"]],
            });
        }
        const action = await this.orm.call("quality_ops.measurement", "action_view_records", [
            [cell.measurement_id],
        ]);
        return this.actionService.doAction(action);
    }

    openTrendPoint(kpi, index) {
        // a point of the value or of the target line: the month's measurement
        return this.openCell(kpi.trend[index], kpi.source);
    }

    openSatisfactionPoint(datasetIndex, index) {
        const kpi = this.satisfaction[datasetIndex];
        return kpi && this.openCell(kpi.trend[index], kpi.source);
    }

    openComplaintBar(datasetIndex, index) {
        const level = this.state.data.complaints.levels[index];
        if (!level) {
            return;
        }
        const complaints = this.state.data.complaints;
        return datasetIndex === 0
            ? this.openList(level.name, complaints.model, level.domain)
            : this.openList(level.name, complaints.model, level.open_domain);
    }

    openList(name, model, domain) {
        return this.actionService.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: model,
            domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            context: { create: false },
        });
    }

    openMeasurements(kpi) {
        return this.actionService.doAction({
            type: "ir.actions.act_window",
            name: kpi.name,
            res_model: "quality_ops.measurement",
            domain: kpi.measurements_domain,
            views: [
                [false, "list"],
                [false, "graph"],
                [false, "form"],
            ],
            context: { create: false },
        });
    }
}

registry.category("actions").add("quality_ops.dashboard", QualityDashboard);
