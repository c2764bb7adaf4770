import { registry } from "@web/core/registry";

// Create a plan with one target, submit it and approve it through the web client.
registry.category("web_tour.tours").add("quality_ops_plan_tour", {
    url: "/odoo/action-quality_ops.quality_plan_action",
    steps: () => [
        {
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Quality Plan 2034",
        },
        {
            trigger: ".o_field_widget[name=year] input",
            run: "edit 2034",
        },
        {
            trigger: "div[name=target_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=target_ids] .o_field_widget[name=indicator_id] input",
            run: "edit CSAT",
        },
        {
            trigger: ".ui-autocomplete a:contains(Customer satisfaction)",
            run: "click",
        },
        {
            trigger: "div[name=target_ids] .o_field_widget[name=target_value] input",
            run: "edit 92",
        },
        {
            trigger: "div[name=target_ids] .o_field_widget[name=warning_value] input",
            run: "edit 88",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            trigger: "button[name=action_submit]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value=submitted].o_arrow_button_current",
        },
        {
            trigger: "button[name=action_approve]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value=approved].o_arrow_button_current",
        },
    ],
});
