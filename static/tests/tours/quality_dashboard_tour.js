import { registry } from "@web/core/registry";

// The one-screen dashboard mounts with its figures and charts; a figure opens
// the records behind it; a filter narrows the figures.
registry.category("web_tour.tours").add("quality_ops_dashboard_tour", {
    url: "/odoo/quality-dashboard",
    steps: () => [
        {
            content: "every indicator has its card",
            trigger: ".o_quality_dashboard .o_qo_kpi_card[data-code=RESO_SLA] .o_qo_kpi_value",
        },
        {
            content: "the month shown is said: by default the last complete month",
            trigger: ".o_qo_period[data-month-to-date='0'] h5",
        },
        {
            content: "the month's value has its traffic light",
            trigger: ".o_qo_kpi_card[data-code=RESO_SLA] .o_qo_status[data-status]",
        },
        {
            content: "and its change on the previous month and on last year",
            trigger: ".o_qo_kpi_card[data-code=RESO_SLA] .o_qo_compare .o_qo_mom",
        },
        {
            content: "the trend is drawn by Chart.js",
            trigger: ".o_qo_kpi_card[data-code=RESO_SLA] .o_qo_sparkline canvas",
        },
        {
            trigger: ".o_qo_satisfaction_chart canvas",
        },
        {
            trigger: ".o_qo_complaint_chart canvas",
        },
        {
            content: "SLA compliance by team and month",
            trigger: ".o_qo_sla_table .o_qo_sla_cell",
        },
        {
            content: "an SLA figure opens its clocks",
            trigger: ".o_qo_sla_table .o_qo_sla_cell",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            trigger: ".o_quality_dashboard[data-scope=company] .o_qo_overdue_actions",
        },
        {
            content: "the current month, to date",
            trigger: ".o_qo_show_month_to_date",
            run: "click",
        },
        {
            trigger: ".o_qo_period[data-month-to-date='1'] .o_qo_month_to_date",
        },
        {
            content: "filter on the first team",
            trigger: ".o_qo_filter_team",
            run: "selectByIndex 1",
        },
        {
            content: "the team's figures (no longer the company's)",
            trigger: ".o_quality_dashboard[data-scope=team] .o_qo_kpi_card[data-code=RESO_SLA]",
        },
    ],
});
