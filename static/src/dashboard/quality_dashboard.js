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
const SATISFACTION_SOURCES = ["csat", "nps", "survey"];

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
            team_id: this.state.team || false,
            project_id: this.state.project || false,
            partner_id: this.state.customer || false,
        });
        this.charts = markRaw(this.buildCharts(data));
        this.state.year = data.year;
        this.state.data = data;
    }

    async setFilter(name, value) {
        const picked = parseInt(value, 10) || 0;
        if (name === "year") {
            this.state.year = picked;
        } else {
            // measurements are kept per team, per project or per customer:
            // one scope at a time
            for (const scope of ["team", "project", "customer"]) {
                this.state[scope] = scope === name ? picked : 0;
            }
        }
        this.props.updateActionState?.({
            year: this.state.year,
            team: this.state.team,
            project: this.state.project,
            customer: this.state.customer,
        });
        await this.load();
    }

    // ------------------------------------------------------------------
    // what the numbers look like
    // ------------------------------------------------------------------
    monthLabel(month) {
        return deserializeDate(month).toFormat("MMM");
    }

    periodLabel(month) {
        return deserializeDate(month).toFormat("yyyy-MM");
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
        const latest = kpi.latest;
        if (!latest || latest.target === null) {
            return _t("No target");
        }
        const sign = kpi.direction === "lower" ? "≤" : "≥";
        return _t("Target %(sign)s %(target)s", {
            sign,
            target: this.formatValue(latest.target, kpi.unit),
        });
    }

    cellTitle(cell, row) {
        const target = cell.target === null ? "" : ` / ${this.formatValue(cell.target, "percent")}`;
        return `${row.indicator}: ${this.formatValue(cell.value, "percent")}${target} · ${cell.status_label}`;
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

    get satisfaction() {
        return this.state.data.kpis.filter((kpi) => SATISFACTION_SOURCES.includes(kpi.source));
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
                            data: this.values(kpi.trend),
                            borderColor: "#017e84",
                            borderWidth: 2,
                            pointBackgroundColor: this.pointColors(kpi.trend),
                            pointBorderColor: this.pointColors(kpi.trend),
                            pointRadius: 3,
                            spanGaps: true,
                            tension: 0.2,
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
        const satisfaction = data.kpis.filter((kpi) => SATISFACTION_SOURCES.includes(kpi.source));
        charts.satisfaction = {
            type: "line",
            data: {
                labels,
                datasets: satisfaction.map((kpi, index) => ({
                    label: `${kpi.code} ${kpi.name}`,
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
