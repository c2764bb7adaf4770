import { Component, onWillStart, useState } from "@odoo/owl";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

// My Work: the sections the server computes for the user's roles (what waits
// for their approval, then their own work), each opening its records.
export class QualityMyWork extends Component {
    static template = "quality_ops.MyWork";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("quality_ops.my_work", "get_my_work", []);
    }

    get approvals() {
        return this.state.data.sections.filter((section) => section.kind === "approval");
    }

    get tasks() {
        return this.state.data.sections.filter((section) => section.kind === "task");
    }

    dateText(date) {
        return date ? formatDate(deserializeDate(date)) : "";
    }

    openSection(section) {
        return this.actionService.doAction({
            type: "ir.actions.act_window",
            name: section.title,
            res_model: section.model,
            domain: section.domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            context: { create: false },
        });
    }

    openRecord(section, record) {
        return this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: section.model,
            res_id: record.id,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("quality_ops.my_work", QualityMyWork);
