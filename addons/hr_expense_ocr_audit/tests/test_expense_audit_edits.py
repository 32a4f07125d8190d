# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import Form

from .common import OcrCommon, png_bytes, receipt_fields, trap_jobs


class TestExpenseAuditEdits(OcrCommon):
    """The audit compares what the expense says now, not what it said when the receipt was read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bakery = cls.env["res.partner"].create({"name": "Corner Bakery", "is_company": True})

    def scanned_expense(self, answer=None, **vals):
        expense = self.create_expense(**vals)
        self.attach(expense, png_bytes((len(self.service.requests), 3, 5)))
        self.service.push(200, answer or receipt_fields())
        self.run_job(expense)
        return expense

    def as_employee(self, expense):
        return expense.with_user(self.user_employee)

    def test_amount_typed_after_the_scan_is_compared(self):
        expense = self.scanned_expense()
        self.assertEqual(expense.ocr_audit_status, "ok")
        # the employee makes it ten times the receipt's
        with Form(self.as_employee(expense)) as form:
            form.total_amount_currency = 425.00
        self.assertTrue(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        # and puts it right again
        self.as_employee(expense).write({"total_amount_currency": 42.50})
        self.assertFalse(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_a_mismatch_put_right_is_cleared(self):
        expense = self.scanned_expense(total_amount_currency=50.0, date=date(2024, 3, 1))
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        self.as_employee(expense).write({"total_amount_currency": 42.50})
        self.assertFalse(expense.ocr_flag_amount)
        self.assertTrue(expense.ocr_flag_date, "the date still differs")
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        self.as_employee(expense).write({"date": date(2024, 3, 15)})
        self.assertEqual(expense.ocr_audit_status, "ok")
        self.assertFalse(expense.ocr_audit_summary)

    def test_date_and_currency_changed_after_the_scan(self):
        expense = self.scanned_expense()
        self.as_employee(expense).write({"date": date(2024, 4, 15)})
        self.assertTrue(expense.ocr_flag_date)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        self.as_employee(expense).write({"date": date(2024, 3, 15), "currency_id": self.eur.id})
        self.assertFalse(expense.ocr_flag_date)
        self.assertTrue(expense.ocr_flag_currency)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_amount_typed_after_a_doubtful_scan_is_compared(self):
        # a doubtful reading fills nothing; what the employee types next is compared with it
        expense = self.scanned_expense(answer=receipt_fields(confidence=0.4))
        self.assertFalse(expense.ocr_flag_amount)
        self.as_employee(expense).write({"total_amount_currency": 99.00, "date": date(2024, 5, 1)})
        self.assertTrue(expense.ocr_flag_amount)
        self.assertTrue(expense.ocr_flag_date)
        self.assertTrue(expense.ocr_flag_low_confidence)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        self.assertEqual(expense.ocr_state, "needs_review")

    def test_edits_without_a_scan_audit_nothing(self):
        expense = self.create_expense(total_amount_currency=10.0)
        self.as_employee(expense).write({"total_amount_currency": 12.0, "name": "Taxi"})
        self.assertEqual(expense.ocr_audit_status, "none")
        self.assertFalse(expense.ocr_flag_amount)

    def test_other_edits_keep_the_audit(self):
        expense = self.scanned_expense(total_amount_currency=50.0)
        self.assertTrue(expense.ocr_flag_amount)
        self.as_employee(expense).write({"name": "Team lunch"})
        self.assertTrue(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_receipt_removed_takes_its_audit_along(self):
        expense = self.scanned_expense(total_amount_currency=50.0)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        self.set_param("digitize_mode", "on_demand")
        self.as_employee(expense).attachment_ids.unlink()
        self.assertEqual(expense.ocr_state, "not_scanned")
        self.assertEqual(expense.ocr_audit_status, "none")
        self.assertFalse(expense.ocr_total or expense.ocr_vendor or expense.ocr_flag_amount)
        self.assertEqual(expense.total_amount_currency, 50.0, "the expense's own values stay")

    def test_receipt_replaced_is_read_again(self):
        expense = self.scanned_expense()
        self.assertEqual(expense.ocr_audit_status, "ok")
        first = expense.attachment_ids
        with trap_jobs() as trap:
            # automatic mode: the new receipt waits while the old one is still attached ...
            self.attach(expense, png_bytes("orange"))
            trap.assert_jobs_count(0)
            self.assertEqual(expense.ocr_audit_status, "ok")
            # ... and is read once the old one is deleted; the old one's audit goes
            first.unlink()
            trap.assert_jobs_count(1)
        self.assertEqual(expense.ocr_state, "queued")
        self.assertEqual(expense.ocr_audit_status, "none")
        self.assertFalse(expense.ocr_total)

    def test_other_attachment_removed_keeps_the_audit(self):
        expense = self.scanned_expense()
        extra = self.attach(expense, png_bytes("teal"), name="notes.png")
        extra.unlink()
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.ocr_audit_status, "ok")
        self.assertEqual(expense.ocr_total, 42.50)
