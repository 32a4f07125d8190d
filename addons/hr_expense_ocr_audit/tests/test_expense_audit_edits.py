# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from odoo.exceptions import UserError
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

    def test_a_negative_total_fills_nothing_and_waits_for_review(self):
        # a refund slip (or a sign misread): an expense claims a cost, a person decides
        answer = receipt_fields(total="-42.50")
        answer["fields"]["tax"]["value"] = None
        answer["fields"]["subtotal"]["value"] = None
        expense = self.scanned_expense(answer)
        self.assertEqual(expense.ocr_total, -42.50)
        self.assertEqual(expense.total_amount_currency, 0.0)
        self.assertEqual(expense.ocr_state, "needs_review")
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("total is negative", expense.ocr_audit_summary)

    def test_a_page_of_several_receipts_fills_nothing_until_read_again_alone(self):
        """The service says the page holds several receipts, every field at 0.5: nothing filled,
        the audit names the reason (not "hard to read"); once one receipt alone is read in its
        place, the flag goes and the reading is used."""
        answer = receipt_fields(confidence=0.5)
        answer["fields"]["several_receipts"] = True
        expense = self.scanned_expense(answer)
        self.assertTrue(expense.ocr_flag_several_receipts)
        self.assertEqual(expense.ocr_state, "needs_review")
        self.assertEqual(expense.total_amount_currency, 0.0)
        self.assertFalse(expense.ocr_filled_fields)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("more than one receipt", expense.ocr_audit_summary)
        self.assertNotIn("hard to read", expense.ocr_audit_summary)
        # even surer values from such a page are never filled (an older service's 0.97)
        sure = receipt_fields()
        sure["fields"]["several_receipts"] = True
        other = self.scanned_expense(sure)
        self.assertTrue(other.ocr_flag_several_receipts)
        self.assertEqual(other.total_amount_currency, 0.0)
        self.assertFalse(other.ocr_filled_fields)
        self.assertEqual(other.ocr_state, "needs_review")
        self.assertEqual(other.ocr_audit_status, "review")
        self.service.push(200, receipt_fields())
        expense.action_ocr_scan()
        self.run_job(expense)
        self.assertFalse(expense.ocr_flag_several_receipts)
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.total_amount_currency, 42.50)
        self.assertNotIn("more than one receipt", expense.ocr_audit_summary or "")

    def test_a_quote_fills_nothing_and_says_what_it_is(self):
        """The service says the document records no payment, a quote: nothing filled, even from
        values it answered sure by mistake, the vendor not vouched for, and the audit names the
        document (not "hard to read"); a receipt read in its place clears it."""
        sure = receipt_fields()
        sure["fields"]["no_payment"] = "quote"
        expense = self.scanned_expense(sure)
        before = expense.date
        self.assertEqual(expense.ocr_no_payment, "quote")
        self.assertEqual(expense.ocr_total, 42.50)
        self.assertEqual(expense.total_amount_currency, 0.0)
        self.assertEqual(expense.date, before)
        self.assertFalse(expense.vendor_id)
        self.assertFalse(expense.ocr_filled_fields)
        self.assertEqual(expense.ocr_state, "needs_review")
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("reads as a quote or an estimate", expense.ocr_audit_summary)
        self.assertIn("records no payment", expense.ocr_audit_summary)
        self.assertNotIn("hard to read", expense.ocr_audit_summary)
        # a vendor typed is not compared with the quote's
        self.as_employee(expense).write({"vendor_id": self.env["res.partner"].create({"name": "Else"}).id})
        self.assertFalse(expense.ocr_flag_vendor)
        self.assertEqual(expense.ocr_audit_status, "review")
        # as the service answers it: every field at 0.5
        answer = receipt_fields(confidence=0.5)
        answer["fields"]["no_payment"] = "declined"
        declined = self.scanned_expense(answer)
        self.assertEqual(declined.ocr_no_payment, "declined")
        self.assertEqual(declined.total_amount_currency, 0.0)
        self.assertEqual(declined.ocr_audit_status, "review")
        self.assertIn("a declined card payment", declined.ocr_audit_summary)
        self.assertNotIn("hard to read", declined.ocr_audit_summary)
        # a tax-free shopping form and a menu, named as what they are, not as "other"
        for kind, words in (("tax_refund", "a tax-free shopping form"), ("menu", "a menu or a price list")):
            answer = receipt_fields(confidence=0.5)
            answer["fields"]["no_payment"] = kind
            other = self.scanned_expense(answer)
            self.assertEqual(other.ocr_no_payment, kind)
            self.assertEqual(other.total_amount_currency, 0.0)
            self.assertIn(words, other.ocr_audit_summary)
        self.service.push(200, receipt_fields())
        expense.action_ocr_scan()
        self.run_job(expense)
        self.assertFalse(expense.ocr_no_payment)
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.total_amount_currency, 42.50)
        self.assertNotIn("records no payment", expense.ocr_audit_summary or "")

    def test_a_receipt_that_records_a_payment_is_filled_as_before(self):
        """A receipt's answer with no_payment null, or without it (an older service), is used."""
        # (two receipts of their own: one the other's duplicate would wait for review)
        for said, total in ((None, "42.50"), ("absent", "17.20")):
            with self.subTest(no_payment=said):
                answer = receipt_fields(total=total)
                if said != "absent":
                    answer["fields"]["no_payment"] = said
                expense = self.scanned_expense(answer)
                self.assertIs(expense.ocr_no_payment, False)
                self.assertEqual(expense.ocr_state, "done")
                self.assertEqual(expense.total_amount_currency, float(total))
                self.assertEqual(expense.ocr_audit_status, "ok")
                self.assertFalse(expense.ocr_audit_summary)

    def test_a_kind_of_no_payment_the_addon_does_not_know_still_fills_nothing(self):
        """A newer service's kind (or anything but a code) is kept as "other": the document still
        records no payment, and nothing is filled from it; an empty one says nothing."""
        for said, kept in (("gift_card", "other"), (True, "other"), ("  ", False), ("quote ", "quote")):
            with self.subTest(no_payment=said):
                answer = receipt_fields()
                answer["fields"]["no_payment"] = said
                expense = self.scanned_expense(answer)
                self.assertEqual(expense.ocr_no_payment, kept)
                if not kept:
                    self.assertEqual(expense.total_amount_currency, 42.50)
                    continue
                self.assertEqual(expense.total_amount_currency, 0.0)
                self.assertFalse(expense.ocr_filled_fields)
                self.assertEqual(expense.ocr_state, "needs_review")
                self.assertEqual(expense.ocr_audit_status, "review")
                self.assertNotIn("hard to read", expense.ocr_audit_summary)
                if kept == "other":
                    self.assertIn(
                        "the attachment reads as a document that records no payment",
                        expense.ocr_audit_summary,
                    )

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

    def test_receipt_attached_with_the_button_is_read(self):
        # "Attach Receipt" uploads the file, then makes it the expense's receipt (attach_document)
        expense = self.scanned_expense()
        self.assertEqual(expense.ocr_audit_status, "ok")
        with trap_jobs() as trap:
            new = self.attach(expense, png_bytes("olive"), name="better-photo.png")
            expense.attach_document(attachment_ids=[new.id])
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(expense._ocr_job_scan, args=(new.id,))
        self.assertEqual(expense.ocr_state, "queued")
        self.assertEqual(expense.ocr_audit_status, "none")
        self.assertFalse(expense.ocr_total, "nothing of the first receipt is left to apply")

    def test_receipt_attached_with_the_button_on_demand(self):
        expense = self.scanned_expense()
        self.set_param("digitize_mode", "on_demand")
        new = self.attach(expense, png_bytes("olive"), name="better-photo.png")
        expense.attach_document(attachment_ids=[new.id])
        self.assertEqual(expense.ocr_state, "not_scanned")
        self.assertEqual(expense.ocr_audit_status, "none")

    def submitted(self, expense):
        sheet = self.env["hr.expense.sheet"].create(
            {"name": "May", "employee_id": self.employee.id, "expense_line_ids": [(6, 0, expense.ids)]}
        )
        sheet.action_submit_sheet()
        return sheet

    def test_receipt_deleted_after_submission_waits_for_review(self):
        expense = self.scanned_expense(total_amount_currency=50.0)
        sheet = self.submitted(expense)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        expense.attachment_ids.unlink()
        self.assertTrue(expense.ocr_flag_receipt_changed)
        self.assertIn("deleted or replaced", expense.ocr_audit_summary)
        self.assertEqual(expense.ocr_total, 42.50, "what was read stays for the approver")
        with self.assertRaisesRegex(UserError, "deleted or replaced"):
            expense.action_ocr_apply_values()
        self.assertEqual(expense.total_amount_currency, 50.0)
        # the report back to draft: the reading of the deleted receipt goes
        sheet._do_refuse("no receipt")
        sheet.action_reset_expense_sheets()
        self.assertEqual(expense.ocr_state, "not_scanned")
        self.assertFalse(expense.ocr_total or expense.ocr_flag_receipt_changed)
        self.assertEqual(expense.ocr_audit_status, "none")

    def test_receipt_deleted_through_its_report_is_noticed(self):
        """Odoo deletes the expenses' copies of a report's attachment deleted (the same content)
        past this addon's unlink: the expense kept "Matches Receipt" for a receipt gone, and in a
        draft report the reading of the deleted file stayed."""
        expense = self.scanned_expense()
        self.assertEqual(expense.ocr_audit_status, "ok")
        sheet = self.submitted(expense)
        self.assertTrue(sheet.attachment_ids, "Odoo copied the receipt onto the report")
        sheet.attachment_ids.unlink()
        self.assertFalse(expense.attachment_ids, "Odoo deleted the expense's receipt with it")
        self.assertTrue(expense.ocr_flag_receipt_changed)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertEqual(expense.ocr_total, 42.50, "what was read stays for the approver")
        # a draft report: the expense forgets what was read from the deleted file
        draft = self.scanned_expense(receipt_fields(vendor="Other Shop"))
        draft_sheet = self.env["hr.expense.sheet"].create(
            {"name": "June", "employee_id": self.employee.id, "expense_line_ids": [(6, 0, draft.ids)]}
        )
        self.assertEqual(draft.state, "reported")
        draft_sheet.attachment_ids.unlink()
        self.assertFalse(draft.attachment_ids)
        self.assertEqual(draft.ocr_state, "not_scanned")
        self.assertFalse(draft.ocr_total)
        self.assertEqual(draft.ocr_audit_status, "none")

    def test_report_receipt_deleted_clears_the_duplicate_flag(self):
        content = png_bytes("khaki")
        unread = receipt_fields()
        unread["fields"].pop("vendor")  # found by the file's content only
        first = self.create_expense()
        self.attach(first, content)
        self.service.push(200, unread)
        self.run_job(first)
        second = self.create_expense()
        self.attach(second, content)
        self.service.push(200, unread)
        self.run_job(second)
        self.assertTrue(first.ocr_flag_duplicate and second.ocr_flag_duplicate)
        sheet = self.submitted(first)
        sheet.attachment_ids.unlink()
        self.assertFalse(first.attachment_ids)
        self.assertFalse(second.ocr_flag_duplicate, "the other file's twin is gone")

    def test_receipt_file_replaced_in_place_or_moved_after_submission_waits_for_review(self):
        """An employee may still write the attachments of a submitted expense: a file replaced
        in place (its content) or moved to another expense kept "Matches Receipt" for a file no
        longer attached, and the duplicate check by content kept the old file's checksum."""
        expense = self.scanned_expense()
        self.assertEqual(expense.ocr_audit_status, "ok")
        self.submitted(expense)
        attachment = expense.attachment_ids
        attachment.with_user(self.user_employee).write({"raw": png_bytes("yellow", (70, 70))})
        self.assertTrue(expense.ocr_flag_receipt_changed)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertEqual(expense.ocr_total, 42.50, "what was read stays for the approver")
        # moved to another expense
        moved_from = self.scanned_expense(receipt_fields(vendor="Other Shop"))
        self.submitted(moved_from)
        target = self.create_expense()
        moved_from.attachment_ids.with_user(self.user_employee).write({"res_id": target.id})
        self.assertTrue(moved_from.ocr_flag_receipt_changed)
        self.assertEqual(moved_from.ocr_audit_status, "review")
        # an open expense whose file is replaced forgets what was read from the old one
        draft = self.scanned_expense(receipt_fields(vendor="Third Shop"))
        self.assertEqual(draft.ocr_state, "done")
        draft.attachment_ids.with_user(self.user_employee).write({"raw": png_bytes("olive", (71, 70))})
        self.assertNotEqual(draft.ocr_state, "done")
        self.assertFalse(draft.ocr_total)
        # a write that leaves the file as it was changes nothing
        kept = self.scanned_expense(receipt_fields(vendor="Fourth Shop"))
        kept.attachment_ids.write({"name": "receipt-renamed.png", "description": "lunch"})
        self.assertEqual(kept.ocr_state, "done")
        self.assertEqual(kept.ocr_audit_status, "ok")

    def test_a_receipt_deleted_while_queued_after_submission_is_not_left_waiting(self):
        """Submitted while its receipt waited to be read, the receipt then deleted: the request
        stayed queued, the job found nothing and ended, and the record then said to use Re-scan,
        which refused (no receipt). Nothing was read and nothing will be."""
        expense = self.create_expense()
        self.attach(expense, png_bytes("teal"))
        self.assertEqual(expense.ocr_state, "queued")
        self.submitted(expense)
        expense.attachment_ids.unlink()
        self.assertEqual(expense.ocr_state, "not_scanned")
        self.assertFalse(expense.ocr_job_uuid)

    def test_the_findings_read_in_the_readers_language(self):
        """The findings were stored in the language of whoever's job or edit audited the expense
        last (a German employee's, read by a French approver). They are put in words as read."""
        from odoo.tools.translate import code_translations

        self.env["res.lang"]._activate_lang("fr_FR")
        key = ("hr_expense_ocr_audit", "fr_FR")
        known = code_translations.python_translations.get(key)
        code_translations.python_translations[key] = {
            "amount differs from the receipt": "le montant diffère du ticket"
        }
        self.addCleanup(
            lambda: (
                code_translations.python_translations.pop(key, None)
                if known is None
                else code_translations.python_translations.__setitem__(key, known)
            )
        )
        expense = self.scanned_expense(total_amount_currency=50.0)
        self.assertIn("amount differs from the receipt", expense.ocr_audit_summary)
        in_french = expense.with_context(lang="fr_FR")
        in_french.invalidate_recordset(["ocr_audit_summary"])
        self.assertIn("le montant diffère du ticket", in_french.ocr_audit_summary)

    def test_flagged_expense_taken_out_of_its_report_forgets_the_reading(self):
        expense = self.scanned_expense(total_amount_currency=50.0)
        sheet = self.submitted(expense)
        expense.attachment_ids.unlink()
        self.assertTrue(expense.ocr_flag_receipt_changed)
        sheet._do_refuse("no receipt")
        # out of the refused report, not through a reset of it
        expense.write({"sheet_id": False})
        self.assertEqual(expense.state, "draft")
        self.assertEqual(expense.ocr_state, "not_scanned")
        self.assertFalse(expense.ocr_total or expense.ocr_flag_receipt_changed)
        self.assertEqual(expense.ocr_audit_status, "none")

    def test_flagged_expense_of_a_deleted_report_forgets_the_reading(self):
        expense = self.scanned_expense(total_amount_currency=50.0)
        sheet = self.submitted(expense)
        expense.attachment_ids.unlink()
        self.assertTrue(expense.ocr_flag_receipt_changed)
        sheet.unlink()
        self.assertEqual(expense.state, "draft")
        self.assertEqual(expense.ocr_state, "not_scanned")
        self.assertFalse(expense.ocr_total or expense.ocr_flag_receipt_changed)

    def split_in_two(self, expense, other_employee=None):
        wizard = self.env["hr.expense.split.wizard"].browse(expense.action_split_wizard()["res_id"])
        if other_employee:
            wizard.expense_split_line_ids[1:].employee_id = other_employee
        with trap_jobs() as trap:
            wizard.action_split_expense()
            trap.assert_jobs_count(0)  # the copied file is not read again
        root = expense.ocr_split_origin_id or expense
        part = self.env["hr.expense"].search(
            [("ocr_split_origin_id", "=", root.id)], order="id desc", limit=1
        )
        self.assertTrue(part)
        return part

    def test_split_expense_parts_share_the_receipt(self):
        # what USAGE advises for a receipt with two tax rates: Split
        self.set_param("digitize_mode", "auto")
        expense = self.scanned_expense()
        self.assertEqual(expense.ocr_audit_status, "ok")
        requests = len(self.service.requests)
        part = self.split_in_two(expense)
        self.assertEqual(len(self.service.requests), requests)
        self.assertAlmostEqual(part.total_amount_currency + expense.total_amount_currency, 42.50)
        for each in expense | part:
            self.assertEqual((each.ocr_audit_status, each.ocr_audit_summary), ("ok", False))
            self.assertFalse(each.ocr_flag_duplicate)
        self.assertEqual(part.ocr_total, 42.50)
        self.assertEqual(part.ocr_checksum, expense.ocr_checksum)
        self.assertEqual(part.ocr_attachment_id.res_id, part.id)
        # a part changed so that they no longer add up to the receipt: both are told
        part.write({"total_amount_currency": part.total_amount_currency + 10})
        self.assertEqual((expense.ocr_audit_status, part.ocr_audit_status), ("mismatch", "mismatch"))
        part.write({"total_amount_currency": part.total_amount_currency - 10})
        self.assertEqual((expense.ocr_audit_status, part.ocr_audit_status), ("ok", "ok"))
        # another expense with the same file is still a duplicate of them
        other = self.create_expense()
        self.attach(other, expense.ocr_attachment_id.raw)
        self.service.push(200, receipt_fields())
        self.run_job(other)
        self.assertTrue(other.ocr_flag_duplicate)

    def test_a_split_before_the_reading_keeps_the_default_date_a_default(self):
        """An expense split before its receipt was read, its date still the default of the day
        it was created (days ago): Odoo's copy passes that date on, and the part took it for a
        date typed. A later reading filled the original's date and flagged the part's."""
        self.set_param("digitize_mode", "on_demand")
        receipt_day = date.today() - timedelta(days=10)

        def split(expense):
            wizard = self.env["hr.expense.split.wizard"].browse(expense.action_split_wizard()["res_id"])
            wizard.action_split_expense()
            part = self.env["hr.expense"].search([("ocr_split_origin_id", "=", expense.id)])
            self.assertEqual(len(part), 1)
            for each in (expense, part):
                self.service.push(200, receipt_fields(total="100.00", date=receipt_day.isoformat()))
                each.action_ocr_scan()
                self.run_job(each)
            return part

        def created_days_ago(expense, days=5):
            self.env.cr.execute(
                "UPDATE hr_expense SET create_date = now() - make_interval(days => %s) WHERE id = %s",
                [days, expense.id],
            )
            expense.invalidate_recordset()

        expense = self.create_expense(total_amount_currency=100.0)
        self.attach(expense, png_bytes((91, 3, 5)))
        created_days_ago(expense)
        self.env.cr.execute("UPDATE hr_expense SET date = current_date - 5 WHERE id = %s", [expense.id])
        expense.invalidate_recordset()
        self.assertTrue(expense._ocr_date_is_default())
        part = split(expense)
        self.assertEqual(expense.date, receipt_day)
        self.assertEqual(part.date, receipt_day, "the part's default date was taken as typed")
        self.assertFalse(part.ocr_flag_date, part.ocr_audit_summary)
        # a date typed on the expense stays typed on the part, and is audited
        typed = self.create_expense(total_amount_currency=100.0, date=date.today() - timedelta(days=3))
        self.attach(typed, png_bytes((92, 3, 5)))
        part = split(typed)
        for each in (typed, part):
            self.assertEqual(each.date, date.today() - timedelta(days=3))
            self.assertTrue(each.ocr_flag_date, each.ocr_audit_summary)

    def test_apply_on_a_part_of_a_split_takes_what_the_other_parts_leave(self):
        expense = self.scanned_expense()
        part = self.split_in_two(expense)
        part.write({"total_amount_currency": part.total_amount_currency + 10})
        self.assertEqual(part.ocr_audit_status, "mismatch")
        part.action_ocr_apply_values()
        # the parts add up to the receipt again; neither claims its whole total
        self.assertAlmostEqual(part.total_amount_currency + expense.total_amount_currency, 42.50)
        self.assertEqual((expense.ocr_audit_status, part.ocr_audit_status), ("ok", "ok"))
        # the other parts claim it all: nothing is left for this one, its amount stays
        expense.write({"total_amount_currency": 42.50})
        before = part.total_amount_currency
        part.action_ocr_apply_values()
        self.assertEqual(part.total_amount_currency, before)
        self.assertEqual(part.ocr_audit_status, "mismatch")

    def test_a_part_given_to_a_colleague_is_theirs_to_edit(self):
        expense = self.scanned_expense()
        part = self.split_in_two(expense, other_employee=self.employee_2)
        self.assertEqual(part.employee_id, self.employee_2)
        self.env.invalidate_all()  # a new request: nothing of the other expense in the cache
        part.with_user(self.user_employee_2).write({"total_amount_currency": part.total_amount_currency + 10})
        self.assertEqual((expense.ocr_audit_status, part.ocr_audit_status), ("mismatch", "mismatch"))

    def test_a_deleted_part_leaves_its_split(self):
        expense = self.scanned_expense()
        part = self.split_in_two(expense)
        part.unlink()
        # what is left no longer adds up to the receipt
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        self.assertFalse(expense.ocr_flag_duplicate)

    def test_the_expense_a_split_came_from_deleted(self):
        expense = self.scanned_expense()
        first = self.split_in_two(expense)
        second = self.split_in_two(first)  # a part split again: three parts of one receipt
        self.assertEqual(second.ocr_split_origin_id, expense)
        expense.unlink()
        # the other two are one split still, of the first of them, and no longer add up
        self.assertFalse(first.ocr_split_origin_id)
        self.assertEqual(second.ocr_split_origin_id, first)
        self.assertEqual((first.ocr_audit_status, second.ocr_audit_status), ("mismatch", "mismatch"))
        self.assertFalse(first.ocr_flag_duplicate or second.ocr_flag_duplicate)

    def test_browsing_the_attachments_is_no_new_receipt(self):
        # the attachment viewer makes the file shown the main attachment
        expense = self.scanned_expense()
        # deleting another file while the one read is still there changes nothing
        other = self.attach(expense, png_bytes("wheat"), name="note.png")
        other.unlink()
        self.assertEqual(expense.ocr_total, 42.50)
        self.assertEqual(expense.ocr_audit_status, "ok")
        folio = self.attach(expense, png_bytes("khaki"), name="folio.png")
        expense._message_set_main_attachment_id(folio, force=True)
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.ocr_total, 42.50)
        self.assertEqual(expense.ocr_audit_status, "ok")
        # and the next upload does not take the file last looked at for the receipt
        with trap_jobs() as trap:
            self.attach(expense, png_bytes("linen"), name="page-2.png")
            trap.assert_jobs_count(0)
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_shared_file_deleted_clears_the_other_flag(self):
        content = png_bytes("indigo")
        unread = receipt_fields()
        unread["fields"].pop("vendor")  # found by the file's content only
        first = self.scanned_expense(answer=unread)
        first.attachment_ids.unlink()
        self.attach(first, content)
        self.service.push(200, unread)
        self.run_job(first)
        second = self.create_expense()
        self.attach(second, content)
        self.service.push(200, unread)
        self.run_job(second)
        self.assertTrue(first.ocr_flag_duplicate and second.ocr_flag_duplicate)
        first.attachment_ids.unlink()
        self.assertFalse(second.ocr_flag_duplicate)

    def test_same_file_attached_again_gets_its_own_job(self):
        # a job left waiting for a deleted copy of the file must not stand for the new one
        content = png_bytes("navy")
        expense = self.create_expense()
        first = self.attach(expense, content)
        first_job = expense.ocr_job_uuid
        self.assertTrue(first_job)
        first.unlink()
        self.assertFalse(expense.ocr_job_uuid)
        again = self.attach(expense, content)
        self.assertEqual(expense.ocr_attachment_id, again)
        self.assertNotEqual(expense.ocr_job_uuid, first_job)
        self.service.push(200, receipt_fields())
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "done")

    def test_duplicate_of_a_refused_expense_comes_back_with_it(self):
        content = png_bytes("maroon")
        first = self.scanned_expense()
        first.attachment_ids.unlink()
        self.attach(first, content)
        self.service.push(200, receipt_fields())
        self.run_job(first)
        sheet = self.submitted(first)
        sheet._do_refuse("not ours")
        self.assertEqual(first.state, "refused")
        second = self.create_expense()
        self.attach(second, content)
        self.service.push(200, receipt_fields())
        self.run_job(second)
        self.assertFalse(second.ocr_flag_duplicate, "a refused expense is no duplicate")
        # the employee takes the refused report back: the same receipt is on two expenses again
        sheet.action_reset_expense_sheets()
        self.assertNotEqual(first.state, "refused")
        self.assertTrue(second.ocr_flag_duplicate)
        self.assertTrue(first.ocr_flag_duplicate)
        self.assertEqual(second.ocr_audit_status, "review")

    def test_deleting_the_other_expense_clears_the_flag(self):
        content = png_bytes("plum")
        first = self.create_expense()
        self.set_param("digitize_mode", "on_demand")
        self.attach(first, content)  # never read
        second = self.create_expense()
        self.attach(second, content)
        self.set_param("digitize_mode", "auto")
        second.action_ocr_scan()
        self.service.push(200, receipt_fields())
        self.run_job(second)
        self.assertTrue(second.ocr_flag_duplicate)
        self.assertFalse(first.ocr_flag_duplicate, "not read: not flagged")
        first.unlink()
        self.assertFalse(second.ocr_flag_duplicate)
        self.assertEqual(second.ocr_audit_status, "ok")

    def test_file_added_after_a_failed_scan_is_read(self):
        expense = self.create_expense()
        self.attach(expense, png_bytes("gray"), name="blurry.png")
        self.service.push(422, {"error": {"code": "unreadable_image", "message": "x"}})
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "failed")
        with trap_jobs() as trap:
            good = self.attach(expense, png_bytes("snow"), name="sharp.png")
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(expense._ocr_job_scan, args=(good.id,))
        self.assertEqual(expense.ocr_state, "queued")

    def test_upload_button_reads_the_new_expenses(self):
        # the list's Upload button: files first, then an expense per file
        files = (
            self.env["ir.attachment"]
            .with_user(self.user_employee)
            .create(
                [
                    {
                        "name": f"receipt-{i}.png",
                        "raw": png_bytes((i, 9, 9)),
                        "res_model": "hr.expense",
                        "res_id": 0,
                    }
                    for i in (1, 2)
                ]
            )
        )
        with trap_jobs() as trap:
            self.env["hr.expense"].with_user(self.user_employee).create_expense_from_attachments(files.ids)
            trap.assert_jobs_count(2)
        expenses = self.env["hr.expense"].browse(files.mapped("res_id"))
        self.assertEqual(set(expenses.mapped("ocr_state")), {"queued"})

    def test_looking_at_another_file_keeps_the_scan_waiting(self):
        # the scan waits for the service while someone browses the attachments
        expense = self.create_expense()
        receipt = self.attach(expense, png_bytes("azure"))
        self.assertEqual(expense.ocr_state, "queued")
        folio = self.attach(expense, png_bytes("bisque"), name="folio.png")
        expense._message_set_main_attachment_id(folio, force=True)
        self.service.push(200, receipt_fields())
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "done", "not dropped as a replaced document")
        self.assertEqual(expense.ocr_attachment_id, receipt)
        # and Re-scan reads the receipt again, not the file last looked at
        self.set_param("digitize_mode", "on_demand")
        with trap_jobs() as trap:
            expense.action_ocr_scan()
            trap.assert_enqueued_job(expense._ocr_job_scan, args=(receipt.id,))
