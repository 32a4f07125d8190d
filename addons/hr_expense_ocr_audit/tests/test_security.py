# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from ..hooks import uninstall_hook
from .common import OcrCommon, passport_fields, png_bytes, receipt_fields


class TestSecurity(OcrCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_param("ocr_api_token", "very-secret-token")

    def test_passport_data_hr_only(self):
        self.employee.passport_scan = self.b64(png_bytes("white", (80, 50)))
        self.service.push(200, passport_fields())
        self.run_job(self.employee)
        self.assertEqual(self.employee.passport_id, "L898902C3")
        for user in (self.user_employee_2, self.user_expense_manager):
            employee = self.employee.with_user(user)
            for field in (
                "passport_id",
                "passport_scan",
                "passport_expiry_date",
                "passport_mrz_valid",
                "ocr_passport_number",
                "ocr_state",
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} read {field}"):
                    employee.read([field])
        # HR officers read it
        self.assertEqual(
            self.employee.with_user(self.user_hr).read(["passport_id"])[0]["passport_id"],
            "L898902C3",
        )

    def test_history_managers_only(self):
        expense = self.create_expense()
        self.attach(expense)
        self.service.push(200, receipt_fields())
        self.run_job(expense)
        self.employee.passport_scan = self.b64(png_bytes("white", (80, 50)))
        self.service.push(200, passport_fields())
        self.run_job(self.employee)
        History = self.env["hr.ocr.history"]
        self.assertEqual(History.search_count([]), 2)
        for user in (self.user_employee, self.user_employee_2, self.user_hr):
            with self.assertRaises(AccessError):
                History.with_user(user).search([])
        # expense managers audit receipts, not passports
        lines = History.with_user(self.user_expense_manager).search([])
        self.assertEqual(lines.mapped("res_model"), ["hr.expense"])
        hr_manager = new_test_user(
            self.env, login="ocr_hr_manager", groups="base.group_user,hr.group_hr_manager"
        )
        # HR managers see passports, not who had which expense scanned (they may not open it)
        self.assertFalse(expense.with_user(hr_manager).has_access("read"))
        self.assertEqual(History.with_user(hr_manager).search([]).mapped("res_model"), ["hr.employee"])
        with self.assertRaises(AccessError):
            History.with_user(hr_manager).browse(lines.id).unlink()
        both = new_test_user(
            self.env,
            login="ocr_hr_and_expense_manager",
            groups="base.group_user,hr.group_hr_manager,hr_expense.group_hr_expense_manager",
        )
        self.assertEqual(History.with_user(both).search_count([]), 2)
        admin = new_test_user(self.env, login="ocr_admin", groups="base.group_user,base.group_system")
        self.assertEqual(History.with_user(admin).search_count([]), 2)

    def test_employee_cannot_read_token(self):
        user = self.user_employee
        with self.assertRaises(AccessError):
            self.env["ir.config_parameter"].with_user(user).get_param("hr_expense_ocr_audit.ocr_api_token")
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(user).create({})
        self.assertNotIn(
            "ocr_api_token",
            self.env["res.config.settings"].with_user(self.user_expense_manager).fields_get(),
        )

    def test_employee_sees_own_expense_ocr_only(self):
        own = self.create_expense()
        other = self.create_expense(employee=self.employee_2)
        for expense in own | other:
            self.attach(expense, png_bytes((expense.id % 255, 3, 4)))
            self.service.push(200, receipt_fields())
            self.run_job(expense)
        Expense = self.env["hr.expense"].with_user(self.user_employee)
        visible = Expense.search([("ocr_state", "!=", "not_scanned")])
        self.assertEqual(visible, own)
        self.assertEqual(own.with_user(self.user_employee).ocr_total, 42.50)
        with self.assertRaises(AccessError):
            other.with_user(self.user_employee).read(["ocr_total"])

    def mismatched_expense(self, colour):
        """An expense of 500.00 whose receipt was read as 42.50: flagged by the audit."""
        expense = self.create_expense(total_amount_currency=500.0)
        self.attach(expense, png_bytes(colour))
        self.service.push(200, receipt_fields(total="42.50"))
        self.run_job(expense)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        return expense

    def test_employee_cannot_rewrite_the_audit(self):
        # readonly holds in the form only: over RPC the employee could write what was "read"
        expense = self.mismatched_expense("olive")
        sheet = self.env["hr.expense.sheet"].create(
            {"name": "May", "employee_id": self.employee.id, "expense_line_ids": [(6, 0, expense.ids)]}
        )
        sheet.action_submit_sheet()
        as_employee = expense.with_user(self.user_employee)
        for vals in (
            {"ocr_flag_amount": False, "ocr_total": 500.0},
            {"ocr_vendor_id": self.employee.work_contact_id.id},
        ):
            with self.assertRaisesRegex(AccessError, "written by the document reader only"):
                as_employee.write(vals)
        # nor the approver: the audit says what the receipt says
        with self.assertRaises(AccessError):
            expense.with_user(self.user_expense_manager).write({"ocr_state": "done", "ocr_total": 500.0})
        self.assertEqual(expense.ocr_total, 42.50)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_employee_cannot_fabricate_a_scan(self):
        self.set_param("digitize_mode", "on_demand")
        expense = self.create_expense(total_amount_currency=500.0)
        self.attach(expense, png_bytes("navy"))
        Expense = self.env["hr.expense"].with_user(self.user_employee)
        with self.assertRaises(AccessError):
            expense.with_user(self.user_employee).write(
                {"ocr_state": "done", "ocr_total": 500.0, "ocr_date": expense.date, "ocr_confidence": 0.99}
            )
        with self.assertRaises(AccessError):
            Expense.create(
                {
                    "name": "Taxi",
                    "employee_id": self.employee.id,
                    "product_id": self.product.id,
                    "total_amount_currency": 30.0,
                    "ocr_state": "done",
                    "ocr_total": 30.0,
                }
            )
        self.assertEqual(expense.ocr_state, "not_scanned")
        self.assertEqual(expense.ocr_audit_status, "none")
        # what the employee may still do: edit the expense, which is audited against the receipt
        self.service.push(200, receipt_fields(total="42.50"))
        expense.with_user(self.user_employee).action_ocr_scan()
        self.run_job(expense)
        expense.with_user(self.user_employee).write({"total_amount_currency": 42.50})
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_employee_cannot_create_a_scan_through_context_defaults(self):
        Expense = self.env["hr.expense"].with_user(self.user_employee)
        with self.assertRaises(AccessError):
            Expense.with_context(default_ocr_state="done", default_ocr_total=42.5).create(
                {"name": "x", "employee_id": self.employee.id, "product_id": self.product.id}
            )

    def test_employee_cannot_write_the_audit_status(self):
        expense = self.mismatched_expense("teal")
        with self.assertRaises(AccessError):
            expense.with_user(self.user_employee).write({"ocr_audit_status": "ok"})
        # the findings are put in words as they are read, from the flags: nothing to rewrite
        summary = expense.ocr_audit_summary
        expense.with_user(self.user_employee).write({"ocr_audit_summary": False})
        expense.invalidate_recordset(["ocr_audit_summary"])
        self.assertEqual(expense.ocr_audit_summary, summary)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_duplicates_limited_to_readable(self):
        content = png_bytes("maroon")
        other = self.create_expense(employee=self.employee_2)
        self.attach(other, content)
        own = self.create_expense()
        self.attach(own, content)
        for expense in (other, own):
            self.service.push(200, receipt_fields())
            self.run_job(expense)
        self.assertTrue(own.ocr_flag_duplicate)
        self.assertIn(other, own.ocr_duplicate_expense_ids)
        # the employee learns there is a duplicate, not whose expense it is,
        # and is told so rather than shown an empty list
        own_as_employee = own.with_user(self.user_employee)
        self.assertTrue(own_as_employee.ocr_flag_duplicate)
        self.assertFalse(own_as_employee.ocr_duplicate_expense_ids)
        self.assertEqual(own_as_employee.ocr_duplicate_hidden_count, 1)
        self.assertIn("cannot open", own_as_employee.ocr_duplicate_note)
        self.assertNotIn("Bob", own_as_employee.ocr_duplicate_note)
        # the other employee's expense is flagged too, with the same honesty
        other_as_employee = other.with_user(self.user_employee_2)
        self.assertTrue(other_as_employee.ocr_flag_duplicate)
        self.assertIn("cannot open", other_as_employee.ocr_duplicate_note)
        # the manager sees both, from either side
        for expense, duplicate in ((own, other), (other, own)):
            as_manager = expense.with_user(self.user_expense_manager)
            self.assertEqual(as_manager.ocr_duplicate_expense_ids, duplicate)
            self.assertFalse(as_manager.ocr_duplicate_hidden_count)
            self.assertNotIn("cannot open", as_manager.ocr_duplicate_note)

    def test_backlog_for_cron_and_admins_only(self):
        for user in (self.user_employee, self.user_hr, self.user_expense_manager):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["hr.ocr.history"].with_user(user).process_pending_ocr_queue()
        # the mixin's own method is private: out of reach of RPC
        self.assertFalse(hasattr(self.env["hr.ocr.mixin"], "process_pending_ocr_queue"))
        admin = new_test_user(self.env, login="ocr_sys_admin", groups="base.group_user,base.group_system")
        self.assertIsInstance(self.env["hr.ocr.history"].with_user(admin).process_pending_ocr_queue(), int)
        # the scheduled action runs it with its own user
        cron = self.env.ref("hr_expense_ocr_audit.ir_cron_process_pending_ocr")
        cron.method_direct_trigger()

    def test_only_hr_scans_and_reviews_passports(self):
        """A passport scan re-queued by anyone (a plain employee, an expense manager, a portal
        user) over RPC: the service kept busy, HR's review undone, and whether an employee has a
        passport on file told. Refused before anything is read, whatever the cache holds."""
        self.employee_2.passport_scan = self.b64(png_bytes("white", (80, 50)))
        self.service.push(200, passport_fields())
        self.run_job(self.employee_2)
        self.employee_2.action_passport_discard_ocr()
        state = self.employee_2.ocr_state
        portal = new_test_user(self.env, login="ocr_portal_passport", groups="base.group_portal")
        for user in (self.user_employee, self.user_expense_manager, portal):
            buttons = ("action_passport_scan", "action_passport_apply_ocr", "action_passport_discard_ocr")
            for method in buttons:
                # a fresh cache, as in a request of its own
                self.env.flush_all()
                self.env.invalidate_all()
                employees = self.env(user=user.id, context={})["hr.employee"]
                with self.assertRaises(AccessError, msg=f"{user.login} {method}"):
                    getattr(employees.browse(self.employee_2.id), method)()
                # (an employee without a scan answers the same: nothing is told)
                with self.assertRaises(AccessError):
                    employees.browse(self.employee.id).action_passport_scan()
        self.env.invalidate_all()
        self.assertEqual(self.employee_2.ocr_state, state)
        self.assertFalse(self.employee_2.ocr_passport_review)
        # HR officers still do
        self.employee_2.with_user(self.user_hr).action_passport_scan()
        self.assertEqual(self.employee_2.ocr_state, "queued")

    def test_attach_document_of_an_expense_one_may_not_write(self):
        """``attach_document`` called with no attachment writes nothing and so checked no access:
        the receipt hook then erased another employee's reading (open) or flagged it changed
        (submitted), with sudo. Refused now; one's own expense still takes a receipt."""
        expense = self.create_expense(employee=self.employee_2)
        self.attach(expense)
        self.service.push(200, receipt_fields())
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "done")
        portal = new_test_user(self.env, login="ocr_portal_attach", groups="base.group_portal")
        for user in (self.user_employee, portal):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertRaises(AccessError, msg=user.login):
                self.env(user=user.id, context={})["hr.expense"].browse(expense.id).attach_document(
                    attachment_ids=[]
                )
        self.env.invalidate_all()
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.ocr_total, 42.50)
        self.assertFalse(expense.ocr_flag_receipt_changed)

    def test_uninstall_leaves_no_passport_scan_nor_its_history(self):
        """Odoo drops the addon's columns on uninstall but neither the files of its binary fields
        nor the tracking of its fields: the passport scans stayed in the database and filestore,
        unreachable and never deleted, and the history of the passport's expiry date and issuing
        country, shown to HR officers only while the fields exist, went to any administrator once
        the fields were gone. Both go with the addon; Odoo's own fields' history stays."""
        employee = self.employee_2
        employee.passport_scan = self.b64(png_bytes("white", (80, 50)))
        scan = employee._ocr_get_attachment()
        self.assertTrue(scan)
        Tracking = self.env["mail.tracking.value"].sudo()

        def tracked(names, values):
            described = employee.fields_get(names)
            return [
                (0, 0, Tracking._create_tracking_values(False, value, name, described[name], employee))
                for name, value in zip(names, values, strict=True)
            ]

        renewal = employee._message_log(
            tracking_value_ids=tracked(
                ["passport_id", "passport_expiry_date"], ["L898902C3", fields.Date.to_date("2032-04-15")]
            )
        )
        issued = employee._message_log(
            tracking_value_ids=tracked(["passport_issuing_country_id"], [self.env.ref("base.se")])
        )
        note = employee._message_log(body="Passport copy requested")
        uninstall_hook(self.env)
        self.assertFalse(scan.exists())
        scans = [("res_model", "=", "hr.employee"), ("res_field", "=", "passport_scan")]
        self.assertFalse(self.env["ir.attachment"].sudo().search(scans))
        self.assertEqual(renewal.sudo().tracking_value_ids.field_id.mapped("name"), ["passport_id"])
        self.assertFalse(issued.exists(), "a message of the addon's tracking only is left empty")
        self.assertTrue(note.exists())

    def test_hr_officer_cannot_write_what_the_passport_scan_read(self):
        """*MRZ Validity* and the values read are read-only in the form only: over RPC an HR
        officer wrote "Valid" for a scan whose check digits failed, or a passport number the scan
        never read into the review banner, which *Use Passport Values* then wrote onto the
        employee under the scan's badge. Refused now, as the receipt's reading is; HR reviews."""
        answer = passport_fields()
        answer["fields"]["check_digits"]["value"] = {"document_number": False, "composite": False}
        self.employee_2.passport_scan = self.b64(png_bytes("white", (80, 50)))
        self.service.push(200, answer)
        self.run_job(self.employee_2)
        self.assertEqual(self.employee_2.passport_mrz_valid, "invalid")
        as_hr = self.employee_2.with_user(self.user_hr)
        for vals in (
            {"passport_mrz_valid": "valid"},
            {"ocr_passport_number": "X0000000", "ocr_passport_review": True},
            {"ocr_state": "done"},
        ):
            with self.assertRaisesRegex(AccessError, "written by the document reader only"):
                as_hr.write(vals)
        Employee = self.env["hr.employee"].with_user(self.user_hr)
        with self.assertRaisesRegex(AccessError, "written by the document reader only"):
            Employee.create({"name": "Nora Scan", "passport_mrz_valid": "valid"})
        with self.assertRaisesRegex(AccessError, "written by the document reader only"):
            Employee.with_context(default_passport_mrz_valid="valid").create({"name": "Nora Scan"})
        self.assertEqual(self.employee_2.passport_mrz_valid, "invalid")
        self.assertEqual(self.employee_2.ocr_passport_number, "L898902C3")
        # what HR does: review the scan, accept its values or keep the record's, type a value
        as_hr.action_passport_apply_ocr()
        self.assertEqual(self.employee_2.passport_id, "L898902C3")
        self.assertEqual(self.employee_2.passport_mrz_valid, "invalid")
        as_hr.write({"passport_id": "L898902C4"})
        self.assertEqual(self.employee_2.passport_id, "L898902C4")

    # ------------------------------------------------------------------
    # What the reader writes cannot come from a personal default
    # ------------------------------------------------------------------
    def _personal_default(self, user, model, name, value):
        # what the debug menu's "Set Default" does, and any internal user may do over RPC
        self.env["ir.default"].with_user(user).set(model, name, value, user_id=True)

    def test_employee_cannot_fabricate_a_scan_through_personal_defaults(self):
        """``check_ocr_write`` looks at ``vals`` and the context's ``default_*`` keys; a personal
        default (ir.default) is added later, by ``create``: an expense nobody scanned was
        "Matches Receipt"."""
        self.set_param("digitize_mode", "on_demand")
        for name, value in (
            ("ocr_state", "done"),
            ("ocr_total", 500.0),
            ("ocr_date", "2024-03-15"),
            ("ocr_confidence", 0.99),
            ("ocr_currency_code", "USD"),
            ("ocr_currency_confidence", 0.99),
        ):
            self._personal_default(self.user_employee, "hr.expense", name, value)
        expense = (
            self.env["hr.expense"]
            .with_user(self.user_employee)
            .create(
                {
                    "name": "Taxi",
                    "employee_id": self.employee.id,
                    "product_id": self.product.id,
                    "total_amount_currency": 500.0,
                    "date": "2024-03-15",
                }
            )
        )
        self.assertEqual(expense.ocr_audit_status, "none", "an audit of a scan nobody ran")
        self.assertEqual(expense.ocr_state, "not_scanned")
        self.assertFalse(expense.ocr_total)

    def test_employee_cannot_join_another_employees_split_through_personal_defaults(self):
        """``ocr_split_origin_id`` from a personal default made the employee's expense a part of
        a colleague's split (any id: one they cannot open), whose audit then counted its amount:
        the colleague's honest expense flagged "amount differs"."""
        victim = self.create_expense(employee=self.employee_2, total_amount_currency=42.50)
        self.attach(victim)
        self.service.push(200, receipt_fields(total="42.50"))
        self.run_job(victim)
        self.assertEqual(victim.ocr_audit_status, "ok")
        self._personal_default(self.user_employee, "hr.expense", "ocr_split_origin_id", victim.id)
        own = (
            self.env["hr.expense"]
            .with_user(self.user_employee)
            .create({"name": "Parking", "employee_id": self.employee.id, "product_id": self.product.id,
                     "total_amount_currency": 5.0})
        )  # fmt: skip
        own.write({"total_amount_currency": 10.0})
        self.assertFalse(own.sudo().ocr_split_origin_id)
        self.env.invalidate_all()
        self.assertEqual(victim.ocr_audit_status, "ok", "a colleague's expense changed the audit")
        self.assertFalse(victim.ocr_flag_amount)

    def test_employee_cannot_name_a_colleagues_file_through_personal_defaults(self):
        """``ocr_attachment_id`` from a personal default: any attachment's name was read back with
        the employee's own expense (a many2one's name is read as superuser)."""
        other = self.create_expense(employee=self.employee_2)
        secret = self.attach(other, name="Bob-Other-clinic-invoice.pdf")
        self._personal_default(self.user_employee, "hr.expense", "ocr_attachment_id", secret.id)
        own = (
            self.env["hr.expense"]
            .with_user(self.user_employee)
            .create({"name": "Parking", "employee_id": self.employee.id, "product_id": self.product.id})
        )
        self.assertFalse(own.read(["ocr_attachment_id"])[0]["ocr_attachment_id"])

    def test_hr_officer_cannot_vouch_for_a_passport_through_personal_defaults(self):
        """The same for an employee's "MRZ Validity: Valid" (``passport_mrz_valid``): a passport
        typed by hand, vouched for by no scan."""
        self._personal_default(self.user_hr, "hr.employee", "passport_mrz_valid", "valid")
        employee = (
            self.env["hr.employee"]
            .with_user(self.user_hr)
            .create({"name": "Nora Scan", "passport_id": "X0000000"})
        )
        self.assertEqual(employee.sudo().passport_mrz_valid, "unknown", "no scan vouched for it")

    def test_an_answer_the_record_cannot_take_leaves_no_values_in_the_log(self):
        """A tax line's confidence NaN (JSON's NaN, which Python's json reads; not the service's,
        but anything may answer at the URL): PostgreSQL refused the jsonb and Odoo's cursor logged
        the whole UPDATE ("bad query"), with the vendor, receipt number, date and amounts read."""
        expense = self.create_expense()
        self.attach(expense)
        answer = receipt_fields(vendor="Praxis Dr. Example", receipt_number="RX-000123")
        answer["fields"]["tax_lines"] = [
            {"rate": "19", "base": "35.71", "amount": "6.79", "confidence": float("nan")}
        ]
        self.service.push(200, answer)
        with self.assertLogs("odoo", level="WARNING") as logs:
            self.run_job(expense)
            logging.getLogger("odoo").warning("sentinel")  # (assertLogs wants one line at least)
        text = "\n".join(logs.output)
        for read in ("Praxis Dr. Example", "RX-000123"):
            self.assertNotIn(read, text)

    def test_a_confidence_that_is_no_number_vouches_for_nothing(self):
        """A confidence of Infinity (JSON's, which Python's json reads) failed the answer's write
        (OverflowError: the reading lost, the job failed); NaN was stored as a confidence. Both
        count as no confidence now (what was read is kept, nothing filled); above 1 as 1."""
        expense = self.create_expense()
        self.attach(expense)
        self.service.push(200, receipt_fields(confidence=float("inf")))
        self.run_job(expense)
        self.assertEqual(expense.ocr_confidence, 0.0)
        self.assertEqual(expense.ocr_total, 42.50)  # what was read is shown
        self.assertFalse(expense.total_amount_currency, "filled on a confidence that is no number")
        other = self.create_expense()
        self.attach(other, png_bytes("white", (90, 40)))
        self.service.push(200, receipt_fields(confidence=7))
        self.run_job(other)
        self.assertEqual(other.ocr_confidence, 1.0)
