import { Attachment } from "@mail/core/common/attachment_model";
import { Message } from "@mail/core/common/message_model";
import { Thread } from "@mail/core/common/thread_model";
import { patch } from "@web/core/utils/patch";

// The server refuses to edit or delete the notes and files of a frozen
// quality record (approved, closed, locked): the chatter does not offer it.
patch(Thread.prototype, {
    setup() {
        super.setup(...arguments);
        this.quality_frozen = false;
    },
});

patch(Message.prototype, {
    get editable() {
        return !this.thread?.quality_frozen && super.editable;
    },
});

patch(Attachment.prototype, {
    get isDeletable() {
        const thread = this.thread || this.message?.thread;
        return !thread?.quality_frozen && super.isDeletable;
    },
});
