# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import Form

from .common import OcrCommon, png_bytes, receipt_fields


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
