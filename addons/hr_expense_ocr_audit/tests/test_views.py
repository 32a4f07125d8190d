# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests.common import new_test_user
from odoo.tools.safe_eval import safe_eval

from .common import OcrCommon, png_bytes, receipt_fields


class TestViews(OcrCommon):
    """The views load for each kind of user, showing what they may see."""

    def arch(self, model, view_type, user):
        views = self.env[model].with_user(user).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_expense_views_for_employee(self):
        form = self.arch("hr.expense", "form", self.user_employee)
        self.assertTrue(form.xpath("//button[@name='action_ocr_scan']"))
        self.assertTrue(form.xpath("//field[@name='ocr_total']"))
        self.assertTrue(form.xpath("//field[@name='ocr_audit_summary']"))
        search = self.arch("hr.expense", "search", self.user_employee)
        for name in ("ocr_mismatch", "ocr_needs_review", "ocr_failed"):
            self.assertTrue(search.xpath(f"//filter[@name='{name}']"), name)
        listing = self.arch("hr.expense", "list", self.user_expense_manager)
        self.assertTrue(listing.xpath("//field[@name='ocr_audit_status']"))

    def visible_ocr_buttons(self, form, **values):
        """Labels of the form's OCR buttons visible for these field values."""
        labels = []
        for button in form.xpath("//header/button[starts-with(@name, 'action_ocr_')]"):
            invisible = button.get("invisible")
            if not invisible or not safe_eval(invisible, dict(values)):
                labels.append(button.get("string"))
        return labels

    def shown(self, node, record):
        """Whether the view's ``node`` is visible on ``record``, as the web client decides it:
        its ``invisible`` evaluated on the record's values (a many2one's is its id)."""
        expression = node.get("invisible")
        if not expression:
            return True
        names = [name for name in set(re.findall(r"[a-z_][a-z0-9_]*", expression)) if name in record._fields]
        record.invalidate_recordset()
        values = {
            name: value[0] if isinstance(value, tuple) else value
            for name, value in record.read(names)[0].items()
        }
        return not safe_eval(expression, values)

    def test_apply_offered_for_a_receipt_to_review(self):
        """A receipt read with doubt fills nothing and waits for review: *Apply OCR Values* takes
        its values once someone has checked them. The button showed for a mismatch only, so the
        expense in *Needs Review* had no way to take them; it shows for both now, never where
        the action refuses (the receipt read deleted or replaced, the expense not editable)."""
        form = self.arch("hr.expense", "form", self.user_employee)
        [apply] = form.xpath("//header/button[@name='action_ocr_apply_values']")
        expense = self.create_expense(date="2024-03-15")
        self.attach(expense)
        self.service.push(200, receipt_fields(confidence=0.4))
        self.run_job(expense)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertFalse(expense.total_amount_currency)  # (nothing filled from a doubtful read)
        mine = expense.with_user(self.user_employee)
        self.assertTrue(self.shown(apply, mine))
        # the receipt read was replaced after submission: the action refuses, the button is gone
        self.reader_writes(expense, {"ocr_flag_receipt_changed": True})
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertFalse(self.shown(apply, mine))
        with self.assertRaises(UserError):
            mine.action_ocr_apply_values()
        self.reader_writes(expense, {"ocr_flag_receipt_changed": False})
        self.assertTrue(self.shown(apply, mine))
        mine.action_ocr_apply_values()
        self.assertEqual(expense.total_amount_currency, 42.50)
        # a receipt that matches offers nothing to apply
        expense = self.create_expense(total_amount_currency=12.0, date="2024-03-15")
        self.attach(expense, png_bytes("green"))
        self.service.push(200, receipt_fields(vendor="Other Shop", total="12.00"))
        self.run_job(expense)
        self.assertEqual(expense.ocr_audit_status, "ok")
        self.assertFalse(self.shown(apply, expense.with_user(self.user_employee)))

    def test_no_scan_button_while_digitization_is_off(self):
        """With digitization turned off, Scan Receipt and Scan Passport showed, and a click said
        "digitization is turned off". They show where the action scans now, by its own rule: a
        mode the settings do not know (a typo in the server environment) is the default, on."""
        self.set_param("digitize_mode", "on_demand")
        expense = self.create_expense()
        self.attach(expense)
        employee = self.employee.with_user(self.user_hr)
        employee.passport_scan = self.b64(png_bytes("blue"))
        expense = expense.with_user(self.user_employee)
        self.assertEqual(expense.ocr_state, "not_scanned")
        form = self.arch("hr.expense", "form", self.user_employee)
        [scan, rescan] = form.xpath("//header/button[@name='action_ocr_scan']")
        [passport_scan] = self.arch("hr.employee", "form", self.user_hr).xpath(
            "//button[@name='action_passport_scan']"
        )
        for mode, scans in (("off", False), ("on_demand", True), ("auto", True), ("Off-ish", True)):
            self.set_param("digitize_mode", mode)
            self.assertEqual(self.shown(scan, expense), scans, mode)
            self.assertEqual(self.shown(passport_scan, employee), scans, mode)
            if not scans:
                with self.assertRaisesRegex(UserError, "turned off"):
                    expense.action_ocr_scan()
                with self.assertRaisesRegex(UserError, "turned off"):
                    employee.action_passport_scan()
        # a receipt read, to read again: Re-scan follows the same rule
        self.reader_writes(expense.sudo(), {"ocr_state": "failed"})
        self.assertTrue(self.shown(rescan, expense))
        self.set_param("digitize_mode", "off")
        self.assertFalse(self.shown(rescan, expense))

    def test_one_needs_review(self):
        """The audit filter said "Needs Review" beside the OCR status "Needs Review" (a reading
        with doubt): the filter found nothing where the OCR status column said it. The filters
        say what they filter now (the audit's verdict, by its own label), and the list and the
        form show one status: the audit's once the receipt is read, the reading's before."""
        search = self.arch("hr.expense", "search", self.user_expense_manager)
        audit_labels = dict(self.env["hr.expense"]._fields["ocr_audit_status"].selection)
        ocr_labels = dict(self.env["hr.expense"]._fields["ocr_state"].selection).values()
        for name in ("ocr_mismatch", "ocr_needs_review", "ocr_failed"):
            [node] = search.xpath(f"//filter[@name='{name}']")
            [(field, operator, value)] = safe_eval(node.get("domain"))
            self.assertEqual((field, operator), ("ocr_audit_status", "="), name)
            self.assertEqual(node.get("string"), f"Receipt Audit: {audit_labels[value]}")
        for node in search.xpath("//filter[@string]"):
            self.assertNotIn(node.get("string"), ocr_labels)
        listing = self.arch("hr.expense", "list", self.user_expense_manager)
        self.assertFalse(listing.xpath("//field[@name='ocr_state'][not(@column_invisible='1')]"))
        form = self.arch("hr.expense", "form", self.user_employee)
        [status] = form.xpath("//group[@name='ocr']//field[@name='ocr_state']")
        [audit] = form.xpath("//group[@name='ocr']//field[@name='ocr_audit_status']")
        # read with doubt, and the amount typed differs: 'Needs Review' read, 'OCR Mismatch' audited
        expense = self.create_expense(total_amount_currency=99.0, date="2024-03-15")
        self.attach(expense)
        self.service.push(200, receipt_fields(confidence=0.4))
        mine = expense.with_user(self.user_employee)
        self.assertEqual(expense.ocr_state, "queued")
        self.assertEqual((self.shown(status, mine), self.shown(audit, mine)), (True, False))
        self.run_job(expense)
        self.assertEqual((expense.ocr_state, expense.ocr_audit_status), ("needs_review", "mismatch"))
        self.assertEqual((self.shown(status, mine), self.shown(audit, mine)), (False, True))

    def test_history_lines_say_what_they_are(self):
        """OCR History's Outcome column showed the raw 'needs_review', its Reference 'Expense #5'
        where the form said 'Taxi'. The outcome reads as the OCR status does, a line of another
        text (logged before) as none, without an error; the reference is the record's name to
        whoever may read the record, its kind and id to anyone else."""
        expense = self.create_expense(name="Taxi", date="2024-03-15")
        self.attach(expense)
        self.service.push(200, receipt_fields(confidence=0.4))
        self.run_job(expense)
        line = self.env["hr.ocr.history"].search(
            [("res_model", "=", "hr.expense"), ("res_id", "=", expense.id)]
        )
        self.assertEqual(line.outcome, "needs_review")
        History = self.env["hr.ocr.history"].with_user(self.user_expense_manager)
        [column] = self.arch("hr.ocr.history", "list", self.user_expense_manager).xpath(
            "//field[@name='outcome']"
        )
        outcome = History.fields_get(["outcome"])["outcome"]
        self.assertEqual(outcome["type"], "selection")
        self.assertEqual(dict(outcome["selection"])["needs_review"], "Needs Review")
        spec = {"display_ref": {}, "display_name": {}, "outcome": {}}
        [row] = History.web_search_read([("id", "=", line.id)], spec)["records"]
        self.assertEqual(
            (row["display_ref"], row["display_name"], row["outcome"]), ("Taxi", "Taxi", "needs_review")
        )
        # an administrator outside Expenses reads the line, not the expense
        admin = new_test_user(self.env, login="ocr_history_admin", groups="base.group_user,base.group_system")
        self.assertFalse(expense.with_user(admin).has_access("read"))
        [row] = line.with_user(admin).web_read(spec)
        self.assertEqual(
            (row["display_ref"], row["display_name"]), (f"Expense #{expense.id}", f"Expense #{expense.id}")
        )
        self.assertEqual(line.with_user(self.user_expense_manager).display_ref, "Taxi")
        # a record deleted since
        self.env["hr.ocr.history"].sudo().create(
            {"res_model": "hr.expense", "res_id": 999999, "state": "done", "outcome": "done"}
        )
        [row] = History.web_search_read([("res_id", "=", 999999)], spec)["records"]
        self.assertEqual(row["display_ref"], "Expense #999999")
        # a line whose outcome is a text the selection does not hold is read, listed and grouped
        self.env.cr.execute("UPDATE hr_ocr_history SET outcome = 'legacy' WHERE id = %s", [line.id])
        self.env.invalidate_all()
        [row] = History.web_search_read([("id", "=", line.id)], spec)["records"]
        self.assertEqual(row["outcome"], "legacy")
        groups = History.web_read_group([("id", "=", line.id)], ["outcome"], ["outcome"])["groups"]
        self.assertEqual([group["outcome"] for group in groups], ["legacy"])
        self.assertEqual(column.get("name"), "outcome")

    def test_read_values_shown_as_the_form_says_them(self):
        """What was read, as a person reads the form: the vendor's confidence a percent beside
        the receipt's ("0.89" stood beside "98%"); a subtotal or tax the receipt did not print
        (stored 0) not shown as 0.00."""
        form = self.arch("hr.expense", "form", self.user_employee)
        # (the currency's too: a currency guessed showed "MYR" beside "OCR Confidence 88%" under
        # words saying the currency was not read)
        for name in ("ocr_confidence", "ocr_vendor_confidence", "ocr_currency_confidence"):
            [node] = form.xpath(f"//group[@name='ocr']//field[@name='{name}']")
            self.assertEqual(node.get("widget"), "percentage", name)
        [subtotal] = form.xpath("//group[@name='ocr']//field[@name='ocr_subtotal']")
        [tax] = form.xpath("//group[@name='ocr']//field[@name='ocr_tax']")
        expense = self.create_expense()
        self.attach(expense)
        answer = receipt_fields()
        for name in ("subtotal", "tax"):
            del answer["fields"][name]
        self.service.push(200, answer)
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual((expense.ocr_subtotal, expense.ocr_tax), (0.0, 0.0))
        mine = expense.with_user(self.user_employee)
        self.assertEqual((self.shown(subtotal, mine), self.shown(tax, mine)), (False, False))
        expense = self.create_expense()
        self.attach(expense, png_bytes("red"))
        self.service.push(200, receipt_fields(vendor="Other Shop", total="12.00"))
        self.run_job(expense)
        mine = expense.with_user(self.user_employee)
        self.assertEqual((self.shown(subtotal, mine), self.shown(tax, mine)), (True, True))

    def test_a_document_of_no_payment_named_on_the_form(self):
        """What a document that records no payment is ("Bill not paid yet") is shown among what
        was read; nothing of it on a receipt."""
        form = self.arch("hr.expense", "form", self.user_employee)
        [node] = form.xpath("//group[@name='ocr']//field[@name='ocr_no_payment']")
        expense = self.create_expense()
        self.attach(expense)
        answer = receipt_fields()
        answer["fields"]["no_payment"] = "unpaid"
        self.service.push(200, answer)
        self.run_job(expense)
        mine = expense.with_user(self.user_employee)
        self.assertTrue(self.shown(node, mine))
        labels = dict(mine.fields_get(["ocr_no_payment"], ["selection"])["ocr_no_payment"]["selection"])
        self.assertEqual(labels[mine.ocr_no_payment], "Bill not paid yet")
        self.reader_writes(expense, {"ocr_no_payment": False})
        self.assertFalse(self.shown(node, mine))

    def test_documents_of_no_payment_and_pages_of_several_receipts_are_found(self):
        """The search offers what the audit flags: the expenses whose attachment records no
        payment (a quote), those whose page holds several receipts; each filter finds its own
        expenses only."""
        search = self.arch("hr.expense", "search", self.user_employee)
        domains = {}
        for name in ("ocr_no_payment", "ocr_several_receipts"):
            [node] = search.xpath(f"//filter[@name='{name}']")
            domains[name] = safe_eval(node.get("domain"))
        quote, several, receipt = (self.create_expense(name=name) for name in ("Quote", "Two", "Receipt"))
        answers = [receipt_fields() for _ in range(3)]
        answers[0]["fields"]["no_payment"] = "quote"
        answers[1]["fields"]["several_receipts"] = True
        for expense, answer in zip((quote, several, receipt), answers, strict=True):
            self.attach(expense)
            self.service.push(200, answer)
            self.run_job(expense)
        mine = self.env["hr.expense"].with_user(self.user_employee)
        ours = [("id", "in", (quote | several | receipt).ids)]
        self.assertEqual(mine.search(ours + domains["ocr_no_payment"]), quote)
        self.assertEqual(mine.search(ours + domains["ocr_several_receipts"]), several)

    def test_fields_filled_named_as_on_the_form(self):
        """ "Filled by OCR: Total In Currency, Expense Date" named the amount by its field, where
        the form says "Total": the fields filled are named by the form's labels, in its order."""
        expense = self.create_expense()
        self.attach(expense)
        self.service.push(200, receipt_fields())
        self.run_job(expense)
        self.assertEqual(expense.ocr_filled_fields, "Total, Expense Date")

    def test_custom_group_by_offers_no_technical_field(self):
        """*Add Custom Group* offered "Ocr Date Typed", "OCR Receipt No", "Scanned Checksum": the
        addon's technical fields are described not groupable now, its statuses still are."""
        views = self.env["hr.expense"].with_user(self.user_expense_manager).get_views([(False, "search")])
        described = views["models"]["hr.expense"]["fields"]
        for name in ("ocr_date_typed", "ocr_receipt_number", "ocr_filled_fields", "ocr_currency_code"):
            self.assertIs(described[name]["groupable"], False, name)
        # the mixin's technical fields too, on expenses (which do not define them again)
        for name in ("ocr_checksum", "ocr_job_uuid", "ocr_attachment_id", "ocr_error", "ocr_cron_retries"):
            self.assertIs(described[name]["groupable"], False, name)
        for name in ("ocr_audit_status", "ocr_vendor_id", "ocr_flag_duplicate", "employee_id"):
            self.assertIs(described[name]["groupable"], True, name)
        Employee = self.env["hr.employee"].with_user(self.user_hr)
        described = Employee.get_views([(False, "search")])["models"]["hr.employee"]["fields"]
        for name in ("ocr_checksum", "ocr_job_uuid", "ocr_passport_number", "passport_scan_filename"):
            self.assertIs(described[name]["groupable"], False, name)
        self.assertIs(described["ocr_state"]["groupable"], True)
        # grouping in code is unchanged
        expense = self.create_expense()
        groups = self.env["hr.expense"]._read_group(
            [("id", "=", expense.id)], ["ocr_date_typed"], ["__count"]
        )
        self.assertEqual(groups, [(False, 1)])

    def test_expense_cards_show_the_receipt_audit(self):
        """On a phone, My Expenses is a kanban: its cards showed no receipt audit."""
        for xmlid in ("hr_expense.hr_expense_kanban_view_header", "hr_expense.hr_expense_kanban_view"):
            view = self.env.ref(xmlid)
            kanban = self.env["hr.expense"].with_user(self.user_employee).get_views([(view.id, "kanban")])
            arch = etree.fromstring(kanban["views"]["kanban"]["arch"])
            [badge] = arch.xpath("//templates//field[@name='ocr_audit_status']")
            self.assertEqual(badge.get("widget"), "badge", xmlid)
            self.assertEqual(badge.get("invisible"), "ocr_audit_status == 'none'")

    def test_every_state_has_a_way_out(self):
        form = self.arch("hr.expense", "form", self.user_employee)
        values = {
            "nb_attachment": 1,
            "state": "draft",
            "is_editable": True,
            "ocr_audit_status": "none",
            "ocr_job_lost": False,
            "ocr_enabled": True,
        }
        self.assertIn("Scan Receipt", self.visible_ocr_buttons(form, ocr_state="not_scanned", **values))
        for state in ("failed", "done", "needs_review"):
            labels = self.visible_ocr_buttons(form, ocr_state=state, **values)
            self.assertIn("Re-scan", labels, state)
            self.assertNotIn("Scan Receipt", labels, state)
        # submitted: neither, the audit stays as it is
        values["state"] = "submitted"
        for state in ("not_scanned", "failed", "done"):
            labels = self.visible_ocr_buttons(form, ocr_state=state, **values)
            self.assertNotIn("Re-scan", labels)
            self.assertNotIn("Scan Receipt", labels)
        # a queued request says where it stands, a failed one why, in banners
        self.assertTrue(form.xpath("//div[@name='ocr_progress_alert']//field[@name='ocr_status_message']"))
        self.assertTrue(form.xpath("//div[@name='ocr_error_alert']//field[@name='ocr_error']"))
        self.assertTrue(form.xpath("//div[@name='ocr_audit_alert']//field[@name='ocr_duplicate_note']"))
        expense = self.create_expense()
        self.attach(expense)
        self.assertIn("queue", expense.with_user(self.user_employee).ocr_status_message)
        # the job vanished from the queue (e.g. a database restored without it)
        self.env.cr.execute("DELETE FROM queue_job WHERE uuid = %s", [expense.ocr_job_uuid])
        self.env["queue.job"].invalidate_model()
        expense.invalidate_recordset(["ocr_status_message", "ocr_job_lost"])
        self.assertIn("Re-scan", expense.ocr_status_message)
        self.assertTrue(expense.ocr_job_lost)
        values.update(state="draft", ocr_job_lost=True)
        self.assertIn("Re-scan", self.visible_ocr_buttons(form, ocr_state="queued", **values))
        expense.action_ocr_scan()
        self.assertFalse(expense.ocr_job_lost)

    def test_report_shows_receipt_audit(self):
        form = self.arch("hr.expense.sheet", "form", self.user_expense_manager)
        self.assertTrue(form.xpath("//field[@name='expense_line_ids']//field[@name='ocr_audit_status']"))
        self.assertTrue(form.xpath("//field[@name='ocr_audit_findings']"))
        expense = self.create_expense(total_amount_currency=99.0)
        self.attach(expense)
        self.run_job(expense)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        sheet = self.env["hr.expense.sheet"].create(
            {"name": "March", "employee_id": self.employee.id, "expense_line_ids": [(6, 0, expense.ids)]}
        )
        self.assertEqual(sheet.ocr_audit_findings, 1)

    def test_reports_with_receipt_findings_are_found(self):
        """An approver finds the reports to look at: the list counts each report's expenses
        with findings, and the filter "Receipt Findings" keeps the reports that have any
        (the count is computed, and was searchable by nothing)."""
        listing = self.arch("hr.expense.sheet", "list", self.user_expense_manager)
        self.assertTrue(listing.xpath("//field[@name='ocr_audit_findings']"))
        search = self.arch("hr.expense.sheet", "search", self.user_expense_manager)
        [finding] = search.xpath("//filter[@name='ocr_audit_findings']")
        sheets = self.env["hr.expense.sheet"]
        # claimed, then read from the receipt (each a receipt of its own)
        for amounts in ([(99.0, "10.00"), (98.0, "11.00")], [(12.0, "12.00")], [(99.0, "13.00")]):
            expenses = self.env["hr.expense"]
            for claimed, total in amounts:
                expense = self.create_expense(total_amount_currency=claimed, date="2024-03-15")
                self.attach(expense, png_bytes((int(float(total)), 3, 5)))
                self.service.push(200, receipt_fields(total=total, vendor=f"Shop {total}"))
                self.run_job(expense)
                expenses |= expense
            sheets |= sheets.create(
                {"name": "March", "employee_id": self.employee.id, "expense_line_ids": [(6, 0, expenses.ids)]}
            )
        self.assertEqual(sheets.mapped("ocr_audit_findings"), [2, 0, 1])
        two, clean, one = sheets
        Sheet = self.env["hr.expense.sheet"].with_user(self.user_expense_manager)

        def found(domain):
            return Sheet.search(domain + [("id", "in", sheets.ids)])

        self.assertEqual(found(safe_eval(finding.get("domain"))), two | one)
        self.assertEqual(found([("ocr_audit_findings", "=", 0)]), clean)
        self.assertEqual(found([("ocr_audit_findings", "<", 2)]), clean | one)
        self.assertEqual(found([("ocr_audit_findings", ">=", 2)]), two)
        self.assertEqual(found([("ocr_audit_findings", "!=", 1)]), two | clean)
        # the filter editor's "is set", "is not set", "is in", "is not in" (they raised)
        self.assertEqual(found([("ocr_audit_findings", "!=", False)]), two | one)
        self.assertEqual(found([("ocr_audit_findings", "=", False)]), clean)
        self.assertEqual(found([("ocr_audit_findings", "in", [0, 2])]), two | clean)
        self.assertEqual(found([("ocr_audit_findings", "not in", [0, 2])]), one)
        self.assertEqual(found([("ocr_audit_findings", "in", [])]), sheets.browse())
        self.assertEqual(found([("ocr_audit_findings", "not in", [])]), sheets)
        with self.assertRaises(UserError):
            found([("ocr_audit_findings", "in", ["2"])])
        with self.assertRaises(UserError):
            found([("ocr_audit_findings", "ilike", "2")])

    def test_list_action_bound(self):
        action = self.env.ref("hr_expense_ocr_audit.hr_expense_action_ocr_scan")
        self.assertEqual(action.binding_model_id.model, "hr.expense")
        self.assertEqual(action.binding_view_types, "list")

    def test_employee_form_passport_for_hr_only(self):
        form = self.arch("hr.employee", "form", self.user_hr)
        self.assertTrue(form.xpath("//field[@name='passport_scan']"))
        self.assertTrue(form.xpath("//field[@name='passport_mrz_valid']"))
        self.assertTrue(form.xpath("//button[@name='action_passport_scan']"))
        self.assertTrue(form.xpath("//button[@name='action_passport_apply_ocr']"))
        # another person's or another document's values are applied with a warning of their own,
        # never through the plain button
        buttons = form.xpath("//button[@name='action_passport_apply_ocr']")
        self.assertEqual(len(buttons), 2)
        plain, anyway = buttons
        self.assertIn("ocr_passport_name_mismatch", plain.get("invisible"))
        self.assertIn("another person", anyway.get("confirm"))
        # the review's words name its reasons: it said the scan "differs from the values on the
        # employee" for an expired passport and an employee with no passport values at all
        [review] = form.xpath("//div[@invisible='not ocr_passport_review']/p")
        words = " ".join(" ".join(review.itertext()).split())
        self.assertIn("waits for review", words)
        self.assertIn("the passport has expired", words)
        # without HR rights the employee form is the public one
        form = self.arch("hr.employee", "form", self.user_employee)
        self.assertFalse(form.xpath("//field[@name='passport_scan']"))
        self.assertFalse(form.xpath("//field[@name='ocr_passport_number']"))

    def test_settings_and_history_views(self):
        admin = new_test_user(
            self.env,
            login="ocr_admin",
            groups="base.group_user,base.group_system,hr_expense.group_hr_expense_manager",
        )
        settings = self.arch("res.config.settings", "form", admin)
        for name in ("ocr_api_url", "ocr_api_token", "ocr_digitize_mode", "ocr_min_confidence"):
            self.assertTrue(settings.xpath(f"//field[@name='{name}']"), name)
        # an expense manager without the Settings group never gets the token
        manager_fields = self.env["res.config.settings"].with_user(self.user_expense_manager).fields_get()
        self.assertNotIn("ocr_api_token", manager_fields)
        for view_type in ("list", "form", "search"):
            self.assertIsNotNone(self.arch("hr.ocr.history", view_type, self.user_expense_manager))
