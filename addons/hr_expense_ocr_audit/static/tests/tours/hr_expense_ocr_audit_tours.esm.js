/* Copyright 2026 hr_expense_ocr_audit authors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// set by the test that starts the tour (tests/test_tours.py)
const DOCUMENT_KEY = "hr_expense_ocr_audit.tour_document";
const SERVICE_URL_KEY = "hr_expense_ocr_audit.tour_service_url";
// the OCR job runs on the server meanwhile: wait for it as a person would,
// longer than a step's trigger may wait, for a busy machine
const OCR_WAIT_MS = 240000;
// set on the page before the settings are saved: gone once the page reloads
const BEFORE_RELOAD = "o_hr_expense_ocr_audit_before_reload";

// a tour step, its trigger and its action included, may last one minute at most
const STEP_TIMEOUT_MS = 60000;
const WAIT_PER_STEP_MS = 55000;

/** Wait until ``selector`` matches or ``ms`` have passed (a plain CSS selector). */
async function waitAWhileFor(selector, ms) {
    const deadline = Date.now() + ms;
    while (!document.querySelector(selector) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
}

/**
 * Steps that wait until the form shows what the OCR job wrote (``selector``), as a
 * person would: up to OCR_WAIT_MS, longer than one step may last, for a busy machine.
 * The first step starts on ``trigger``; the last fails when nothing came.
 */
function waitForOcr(content, trigger, selector) {
    const steps = [{content, trigger, timeout: STEP_TIMEOUT_MS, run: () => waitAWhileFor(selector, WAIT_PER_STEP_MS)}];
    for (let waited = WAIT_PER_STEP_MS; waited < OCR_WAIT_MS; waited += WAIT_PER_STEP_MS) {
        steps.push({
            content: `${content} (still waiting)`,
            trigger: "body",
            timeout: STEP_TIMEOUT_MS,
            run: () => waitAWhileFor(selector, WAIT_PER_STEP_MS),
        });
    }
    steps.push({content: `${content}: done`, trigger: selector, timeout: STEP_TIMEOUT_MS});
    return steps;
}

function tourDocument() {
    const {name, type, data} = JSON.parse(sessionStorage.getItem(DOCUMENT_KEY));
    const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
    return new File([bytes], name, {type});
}

/** Put the test's document in a file input, as the file dialog would. */
function chooseDocument(input) {
    const transfer = new DataTransfer();
    transfer.items.add(tourDocument());
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", {bubbles: true}));
}

/**
 * Answer the next file dialog with the test's document, as a person picking
 * it would: the widget's own change handler then uploads it.
 */
function chooseDocumentInNextFileDialog() {
    const click = HTMLInputElement.prototype.click;
    HTMLInputElement.prototype.click = function () {
        if (this.type !== "file") {
            return click.call(this);
        }
        HTMLInputElement.prototype.click = click;
        chooseDocument(this);
    };
}

registry.category("web_tour.tours").add("hr_expense_ocr_audit_receipt_tour", {
    url: "/odoo/action-hr_expense.hr_expense_actions_my_all",
    steps: () => [
        {
            content: "Create an expense",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Describe it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Team breakfast",
        },
        {
            content: "Pick its category",
            trigger: ".o_field_widget[name=product_id] input",
            run: "edit Tour Meals",
        },
        {
            trigger: ".o_field_widget[name=product_id] .o-autocomplete--dropdown-menu li:contains(Tour Meals)",
            run: "click",
        },
        {
            content: "Type the amount paid (not what the receipt says)",
            trigger: ".o_field_widget[name=total_amount_currency] input",
            run: "edit 25.00",
        },
        {
            content: "Attach the receipt",
            trigger: ".o_attachment_button:contains(Attach Receipt)",
            run(helpers) {
                chooseDocumentInNextFileDialog();
                return helpers.click();
            },
        },
        {
            content: "Read the receipt",
            trigger: ".o_form_statusbar button[name=action_ocr_scan]:contains(Scan Receipt)",
            run: "click",
        },
        ...waitForOcr(
            "The receipt waits for the OCR service; what was read appears by itself",
            "div[name=ocr_progress_alert]:contains(Reading the receipt)",
            "div[name=ocr_audit_alert]"
        ),
        {
            content: "The audit",
            trigger: "div[name=ocr_audit_alert]:contains(amount differs from the receipt)",
        },
        {
            content: "The total read on the receipt",
            trigger: ".o_field_widget[name=ocr_total]:contains(15.66)",
        },
        {
            content: "The vendor read on the receipt",
            trigger: ".o_field_widget[name=ocr_vendor]:contains(HARBOUR CAFE)",
        },
        {
            content: "The receipt's date filled the untouched date",
            trigger: ".o_field_widget[name=date] input:value(05/02/2024)",
        },
        {
            content: "The amount typed stays, with a way to take the receipt's",
            trigger: ".o_field_widget[name=total_amount_currency] input:value(25.00)",
        },
        {
            trigger: ".o_form_statusbar button[name=action_ocr_apply_values]",
        },
        {
            content: "The employee puts the amount right",
            trigger: ".o_field_widget[name=total_amount_currency] input",
            run: "edit 15.66",
        },
        ...stepUtils.saveForm(),
        {
            content: "The audit compares it again: the expense matches its receipt",
            trigger: ".o_field_widget[name=ocr_audit_status]:contains(Matches Receipt)",
        },
        {
            content: "No mismatch is reported any more",
            trigger: ".o_form_view:not(:has(div[name=ocr_audit_alert]:contains(amount differs)))",
        },
    ],
});

registry.category("web_tour.tours").add("hr_expense_ocr_audit_passport_tour", {
    url: "/odoo/action-hr.open_view_employee_list_my",
    steps: () => [
        {
            content: "Open the employee",
            trigger: ".o_kanban_record:contains(Anna Maria Eriksson)",
            run: "click",
        },
        {
            content: "Go to the private information",
            trigger: ".o_notebook_headers a:contains(Private Information)",
            run: "click",
        },
        {
            content: "Upload the passport scan",
            trigger: ".o_field_widget[name=passport_scan] .o_select_file_button",
            run() {
                chooseDocument(document.querySelector(".o_field_widget[name=passport_scan] input[type=file]"));
            },
        },
        {
            trigger: ".o_field_widget[name=passport_scan] input:value(passport-anna.png)",
        },
        ...stepUtils.saveForm(),
        ...waitForOcr(
            "The scan is queued and read; the review appears by itself",
            ".o_field_widget[name=ocr_state]",
            "div[name=passport_review_alert]"
        ),
        {
            content: "The review lists what differs from the employee",
            trigger: "div[name=passport_review_alert]:contains(Passport No)",
        },
        {
            content: "Read from the passport",
            trigger: "div[name=passport_review_alert] .o_field_widget[name=ocr_passport_number]:contains(L898902C3)",
        },
        {
            content: "Empty fields were filled from the verified zone",
            trigger: ".o_field_widget[name=birthday] input:value(08/12/1974)",
        },
        {
            content: "Accept the passport's values",
            trigger: "div[name=passport_review_alert] button[name=action_passport_apply_ocr]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The passport number is the passport's",
            trigger: ".o_field_widget[name=passport_id] input:value(L898902C3)",
        },
        {
            content: "Every check digit held",
            trigger: ".o_field_widget[name=passport_mrz_valid]:contains(Valid):not(:contains(Invalid))",
        },
        {
            content: "Nothing left to review",
            trigger: "body:not(:has(div[name=passport_review_alert]:visible))",
        },
    ],
});

registry.category("web_tour.tours").add("hr_expense_ocr_audit_settings_tour", {
    url: "/odoo/action-hr_expense.action_hr_expense_configuration",
    steps: () => {
        const serviceUrl = sessionStorage.getItem(SERVICE_URL_KEY);
        return [
            {
                content: "A URL that is not http(s)",
                trigger: ".o_field_widget[name=ocr_api_url] input",
                run: "edit ftp://ocr.example.internal",
            },
            {
                trigger: "button[name=action_ocr_test_connection]",
                run: "click",
            },
            {
                content: "is refused with a clear message",
                trigger: ".modal:contains(\"must start with http\")",
            },
            {
                trigger: ".modal-footer .btn-primary",
                run: "click",
            },
            {
                content: "Set the OCR service's URL",
                trigger: ".o_field_widget[name=ocr_api_url] input",
                run: `edit ${serviceUrl}`,
            },
            {
                content: "Save the settings",
                trigger: ".o_form_button_save",
                run(helpers) {
                    document.body.classList.add(BEFORE_RELOAD);
                    return helpers.click();
                },
            },
            {
                content: "The settings are saved (the page reloads)",
                trigger: `body:not(.${BEFORE_RELOAD}) .o_field_widget[name=ocr_api_url] input:value("${serviceUrl}")`,
            },
            {
                content: "Test the connection",
                trigger: "button[name=action_ocr_test_connection]",
                run: "click",
            },
            {
                content: "The service's health is shown, and that it takes the token",
                trigger: `.o_notification:contains("${serviceUrl}"):contains(ready):contains("takes the API token")`,
            },
        ];
    },
});

// An approver finds the expense reports whose receipts had findings, from the list of reports
registry.category("web_tour.tours").add("hr_expense_ocr_audit_approver_tour", {
    steps: () => [
        {
            content: "the reports show how many of their expenses have receipt findings",
            trigger: ".o_list_renderer th[data-name=ocr_audit_findings]",
            timeout: STEP_TIMEOUT_MS,
        },
        {
            content: "the report with a finding is listed, with its count",
            trigger: ".o_data_row:contains(Tour Report Findings) td[name=ocr_audit_findings]:contains(1)",
        },
        {
            content: "and the report without",
            trigger: ".o_data_row:contains(Tour Report Clean)",
        },
        {
            content: "open the search options",
            trigger: ".o_control_panel_actions .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "keep the reports with receipt findings",
            trigger: ".o_filter_menu .o_menu_item:contains(Receipt Findings)",
            run: "click",
        },
        {
            content: "only the report with a finding is left",
            trigger:
                ".o_list_renderer:not(:has(.o_data_row:contains(Tour Report Clean))) .o_data_row:contains(Tour Report Findings)",
        },
    ],
});
