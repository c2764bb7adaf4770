import { registry } from "@web/core/registry";

// A portal customer raises a complaint on their ticket, then confirms the
// return visit of another complaint under My Complaints.
registry.category("web_tour.tours").add("quality_ops_portal_tour", {
    steps: () => [
        {
            content: "Open the complaint form of the ticket",
            trigger: "button.o_quality_raise_toggle",
            run: "click",
        },
        {
            trigger: "#quality_complaint_form.show select[name=reason]",
            run: "select delay",
        },
        {
            trigger: "#quality_complaint_form textarea[name=text]",
            run: "edit The engineer never called back.",
        },
        {
            content: "Send the complaint",
            trigger: "button.o_quality_raise_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint's page: its reference and the customer's words",
            trigger: ".o_quality_portal_complaint_page .o_quality_customer_text:contains(never called back)",
        },
        {
            trigger: ".o_quality_portal_complaint_page h2:contains(CP/)",
        },
        {
            content: "Back to My Complaints",
            trigger: ".breadcrumb a[href='/my/complaints']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint waiting for the return visit",
            trigger: "tr.o_quality_portal_complaint a:contains(Return visit of A)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_quality_feedback:contains(We fixed it for A)",
        },
        {
            trigger: ".o_quality_answer_form textarea[name=comment]",
            run: "edit Works again, thank you.",
        },
        {
            content: "Yes, it is resolved",
            trigger: ".o_quality_answer_form button.o_quality_resolved",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The confirmation is recorded",
            trigger: ".o_quality_answer:contains(You confirmed the result.)",
        },
    ],
});
