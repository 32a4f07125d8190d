/* Copyright 2026 hr_expense_ocr_audit authors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

import {CharField, charField} from "@web/views/fields/char/char_field";
import {registry} from "@web/core/registry";
import {useEffect} from "@odoo/owl";

const WAITING_STATES = ["queued", "processing"];
// a receipt is read in seconds: look often at first, then less and less
const FIRST_DELAY_MS = 2000;
const MAX_DELAY_MS = 30000;

/**
 * The progress of a queued OCR request: shows the job's status and reloads
 * the record while the request waits, so what was read appears by itself.
 * A form with unsaved changes is never reloaded.
 */
export class OcrProgressField extends CharField {
    setup() {
        super.setup();
        useEffect(
            (state, resId) => {
                if (!WAITING_STATES.includes(state) || !resId) {
                    return undefined;
                }
                let stopped = false;
                let timer = null;
                let delay = FIRST_DELAY_MS;
                const tick = async () => {
                    const record = this.props.record;
                    if (!(await record.isDirty())) {
                        await record.load();
                    }
                    if (!stopped) {
                        delay = Math.min(delay * 1.5, MAX_DELAY_MS);
                        timer = setTimeout(tick, delay);
                    }
                };
                timer = setTimeout(tick, delay);
                return () => {
                    stopped = true;
                    clearTimeout(timer);
                };
            },
            () => [this.props.record.data.ocr_state, this.props.record.resId]
        );
    }
}

registry.category("fields").add("ocr_progress", {
    ...charField,
    component: OcrProgressField,
});
