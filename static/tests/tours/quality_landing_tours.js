import { registry } from "@web/core/registry";

// Each role starts at its work (its home action is the quality landing), and
// the quality department opens every figure of the dashboard that has
// records behind it, down to the first record's form.

const tours = registry.category("web_tour.tours");

// the last step: the page's own requests are answered before the tour ends
const SETTLE = {
    content: "the page has finished loading",
    trigger: "body:not(:has(.o_loading_indicator))",
    run: () => delay(1500),
};

function myWork(sections) {
    return [
        { content: "My Work is the first screen", trigger: ".o_qo_my_work" },
        ...sections.map((key) => ({
            content: `the section ${key} is shown`,
            trigger: `.o_qo_my_work_section[data-section=${key}]`,
        })),
    ];
}

/** Open a section with records (the first one that has some, among keys):
 * its list, then its first record's form, then back. */
function openSection(keys) {
    const selector = keys
        .map((key) => `.o_qo_my_work_section[data-section=${key}]:not([data-count="0"])`)
        .join(", ");
    return [
        {
            content: "a section with records opens them",
            trigger: `:is(${selector}) .o_qo_my_work_open`,
            run: "click",
        },
        { trigger: ".o_list_view .o_data_row .o_data_cell", run: "click" },
        { content: "its first record opens", trigger: ".o_form_view .o_form_sheet" },
        { trigger: ".o_breadcrumb .breadcrumb-item:first-child a", run: "click" },
        { trigger: ".o_qo_my_work" },
    ];
}

function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(selector, what, timeout = 20000) {
    const start = Date.now();
    while (Date.now() - start < timeout) {
        if (document.querySelector(".o_error_dialog, .o_dialog .modal-body .o_error_detail")) {
            throw new Error(`${what}: an error dialog opened`);
        }
        const found = document.querySelector(selector);
        if (found) {
            return found;
        }
        await delay(100);
    }
    throw new Error(`${what}: ${selector} never appeared`);
}

async function backToDashboard(what) {
    const first = await waitFor(".o_breadcrumb .breadcrumb-item:first-child a", what);
    first.click();
    await waitFor(".o_quality_dashboard", `${what}: back`);
    await delay(200);
}

/** The figures of the dashboard that have records behind them: the value
 * of each indicator, one SLA cell per row, the tiles. */
function drillTargets() {
    const targets = [];
    for (const card of document.querySelectorAll(".o_qo_kpi_card[data-code]")) {
        const value = card.querySelector(".o_qo_kpi_value");
        // a figure of 0 (e.g. no overdue ticket) may have no record behind it
        if (value && value.dataset.value && Number(value.dataset.value) !== 0) {
            const code = card.dataset.code;
            targets.push([`.o_qo_kpi_card[data-code="${code}"] .o_qo_kpi_value`, code]);
        }
    }
    // one cell per row of the SLA grid (rows found again after each return)
    document.querySelectorAll(".o_qo_sla_table tbody tr").forEach((row, index) => {
        if (row.querySelector(".o_qo_sla_cell")) {
            const selector = `.o_qo_sla_table tbody tr:nth-child(${index + 1}) .o_qo_sla_cell`;
            targets.push([selector, `SLA row ${index + 1}`]);
        }
    });
    for (const tile of [".o_qo_overdue_actions", ".o_qo_open_findings", ".o_qo_complaints_total"]) {
        if (document.querySelector(tile)) {
            targets.push([tile, tile]);
        }
    }
    return targets;
}

/** Open one figure: its list, then the first record's form, then back. */
async function openFigure([selector, what]) {
    const link = await waitFor(selector, what);
    link.click();
    const view = await waitFor(".o_list_view, .o_form_view .o_form_sheet", what);
    if (view.classList.contains("o_list_view")) {
        // the rows, or the help of an empty list
        await waitFor(".o_list_view .o_data_row, .o_view_nocontent", `${what}: rows`);
        const row = document.querySelector(".o_list_view .o_data_row .o_data_cell");
        if (row) {
            row.click();
            await waitFor(".o_form_view .o_form_sheet", `${what}: first record`);
        } else if (!what.startsWith(".o_qo_")) {
            // a tile (actions, findings) may count nothing today; a value never
            throw new Error(`${what}: the figure opens an empty list`);
        }
    }
    await backToDashboard(what);
}

// one step per figure (each step has its own time limit)
const MAX_FIGURES = 60;
const drill = { targets: null, opened: 0 };

tours.add("quality_ops_dashboard_drilldown_tour", {
    steps: () => [
        {
            content: "the figures with records behind them",
            trigger: ".o_quality_dashboard .o_qo_kpi_card[data-code] .o_qo_kpi_value",
            run() {
                drill.targets = drillTargets();
                drill.opened = 0;
                if (drill.targets.length < 3) {
                    throw new Error(`only ${drill.targets.length} figures with records`);
                }
            },
        },
        ...Array.from({ length: MAX_FIGURES }, (_, index) => ({
            content: `figure ${index + 1} opens its records, down to a record's form`,
            trigger: ".o_quality_dashboard",
            // a figure, its list, its first record and back: four round trips
            timeout: 60000,
            async run() {
                const target = drill.targets.shift();
                if (target) {
                    await openFigure(target);
                    drill.opened++;
                }
            },
        })),
        {
            content: "every figure was opened",
            trigger: ".o_quality_dashboard",
            run() {
                if (drill.targets.length) {
                    throw new Error(`${drill.targets.length} figures left unopened`);
                }
                console.log(`quality_ops: ${drill.opened} figures opened`);
            },
        },
    ],
});

tours.add("quality_ops_landing_manager_tour", {
    steps: () => [
        {
            content: "the quality manager starts at the dashboard",
            trigger: ".o_quality_dashboard .o_qo_kpi_card[data-code] .o_qo_kpi_value",
        },
        SETTLE,
    ],
});

tours.add("quality_ops_landing_representative_tour", {
    steps: () => [
        ...myWork([
            "plans_to_approve",
            "regulation_to_approve",
            "reports_to_approve",
            "reviews_to_close",
            "statements_to_approve",
        ]),
        { content: "what waits for approval comes first", trigger: ".o_qo_my_work_approvals" },
        SETTLE,
    ],
});

tours.add("quality_ops_landing_officer_tour", {
    steps: () => [
        ...myWork(["exemptions_to_decide", "actions_to_verify", "followups_to_do"]),
        ...openSection(["exemptions_to_decide", "followups_to_do", "actions_to_verify"]),
        SETTLE,
    ],
});

tours.add("quality_ops_landing_project_lead_tour", {
    steps: () => [
        ...myWork(["statements_to_confirm", "project_complaints", "project_inspections_late"]),
        SETTLE,
    ],
});

tours.add("quality_ops_landing_om_tour", {
    steps: () => [...myWork(["team_tickets_at_risk", "my_inspections"]),
        SETTLE,
    ],
});

tours.add("quality_ops_landing_engineer_tour", {
    steps: () => [
        ...myWork(["my_inspections", "my_actions", "my_tickets_at_risk"]),
        ...openSection(["my_inspections", "my_actions", "my_tickets_at_risk"]),
        SETTLE,
    ],
});

tours.add("quality_ops_landing_customer_tour", {
    steps: () => [
        { content: "the customer's portal home", trigger: ".o_portal_my_home" },
        {
            content: "their tickets",
            trigger: ".o_portal_my_home a[href^='/my/tickets']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "one of their tickets",
            trigger: "a[href^='/my/ticket/']",
            run: "click",
            expectUnloadPage: true,
        },
        { trigger: ".breadcrumb a[href^='/my/tickets']" },
    ],
});
