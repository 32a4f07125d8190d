# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A receipt's amount stands only under the receipt's currency."""

from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests.common import new_test_user

from .common import OcrCommon, png_bytes, receipt_fields, trap_jobs


class TestExpenseCurrency(OcrCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a fresh database: the Malaysian ringgit exists but is not active
        cls.myr = cls.env.ref("base.MYR")
        cls.myr.active = False
        cls.admin = new_test_user(
            cls.env,
            login="ocr_currency_admin",
            groups="base.group_user,base.group_system,hr_expense.group_hr_expense_manager",
            name="Currency Admin",
        )

    def scanned_expense(self, answer, **vals):
        expense = self.create_expense(**vals)
        self.attach(expense, png_bytes((len(self.service.requests), 9, 9)))
        self.service.push(200, answer)
        self.run_job(expense)
        return expense

    def test_inactive_currency_leaves_amount_empty(self):
        self.assertEqual(self.company.currency_id, self.usd)
        expense = self.scanned_expense(receipt_fields(currency="MYR", total="9.00"))
        self.assertEqual(expense.ocr_currency_id, self.myr, "the receipt's currency is proposed")
        self.assertEqual(expense.ocr_total, 9.00)
        # 9.00 MYR never becomes 9.00 USD
        self.assertEqual(expense.currency_id, self.usd)
        self.assertFalse(expense.total_amount_currency)
        self.assertNotIn("Total", expense.ocr_filled_fields or "")
        self.assertTrue(expense.ocr_flag_currency)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        self.assertIn("MYR", expense.ocr_audit_summary)
        self.assertIn("not active", expense.ocr_audit_summary)
        self.assertIn("administrator", expense.ocr_audit_summary)

    def test_activating_a_currency_recomputes_no_audit_verdict(self):
        """The stored verdict was recomputed, findings and all (a search for each expense's split
        parts among them), for every receipt read in a currency activated or deactivated: only
        the findings' words depend on it."""
        expense = self.scanned_expense(receipt_fields(currency="MYR", total="9.00"))
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        computed, spy = self.audited("_compute_ocr_audit_status")
        with spy:
            self.myr.active = True
            self.env.flush_all()
            self.assertNotIn("not active", expense.ocr_audit_summary)
            self.myr.active = False
            self.env.flush_all()
            self.assertIn("not active", expense.ocr_audit_summary)
        self.assertFalse(computed)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_employee_told_what_an_admin_must_do(self):
        expense = self.scanned_expense(receipt_fields(currency="MYR", total="9.00"))
        with self.assertRaises(UserError) as caught:
            expense.with_user(self.user_employee).action_ocr_apply_values()
        message = str(caught.exception)
        self.assertIn("MYR", message)
        self.assertIn("administrator", message)
        self.assertIn("Currencies", message)
        self.assertFalse(self.myr.active)
        self.assertEqual(expense.currency_id, self.usd)
        self.assertFalse(expense.total_amount_currency)

    def test_admin_apply_activates_currency(self):
        expense = self.scanned_expense(receipt_fields(currency="MYR", total="9.00"))
        expense.with_user(self.admin).action_ocr_apply_values()
        self.assertTrue(self.myr.active)
        self.assertEqual(expense.currency_id, self.myr)
        self.assertEqual(expense.total_amount_currency, 9.00)
        # the company-currency total is Odoo's conversion, as for any foreign expense
        self.assertTrue(expense.is_multiple_currency)
        self.assertFalse(expense.ocr_flag_currency)
        self.assertFalse(expense.ocr_flag_amount)
        # (a new currency has no rates: converted at 1, which nothing vouches for)
        self.assertTrue(expense.ocr_flag_reimbursed_unchecked)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.env["res.currency.rate"].create(
            {"currency_id": self.myr.id, "name": "2024-03-14", "rate": 4.5, "company_id": self.company.id}
        )
        # the week's rate entered: the 9.00 USD converted at 1 is not 9.00 MYR at 4.5
        self.assertFalse(expense.ocr_flag_reimbursed_unchecked)
        self.assertTrue(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_typed_amount_kept_under_its_currency(self):
        expense = self.scanned_expense(
            receipt_fields(currency="MYR", total="9.00"), total_amount_currency=2.10
        )
        self.assertEqual(expense.currency_id, self.usd)
        self.assertEqual(expense.total_amount_currency, 2.10, "what the employee typed stays")
        self.assertTrue(expense.ocr_flag_currency)
        self.assertFalse(expense.ocr_flag_amount, "amounts in two currencies are not compared")
        expense.with_user(self.admin).action_ocr_apply_values()
        self.assertEqual(expense.currency_id, self.myr)
        self.assertEqual(expense.total_amount_currency, 9.00)

    def test_apply_without_a_total_read_keeps_the_typed_amounts_currency(self):
        """Apply OCR Values on a receipt whose currency was read and whose total was not: the
        currency was switched under the 42.50 the employee typed in dollars (42.50 EUR, then
        reimbursed as such) and the audit found nothing left to say. The amount typed keeps
        its currency, and the currency mismatch stays for a person."""
        expense = self.scanned_expense(
            receipt_fields(currency="EUR", total=None), total_amount_currency=42.50
        )
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        expense.with_user(self.user_employee).action_ocr_apply_values()
        self.assertEqual(expense.currency_id, self.usd)
        self.assertEqual(expense.total_amount_currency, 42.50)
        self.assertTrue(expense.ocr_flag_currency)
        self.assertIn("EUR", expense.ocr_audit_summary)
        # with no amount typed there is nothing to read in another money: the currency is set
        empty = self.scanned_expense(receipt_fields(currency="EUR", total=None, vendor="Kiosk"))
        empty.with_user(self.user_employee).action_ocr_apply_values()
        self.assertEqual(empty.currency_id, self.eur)
        self.assertFalse(empty.total_amount_currency)

    def test_doubtful_currency_leaves_amount_empty(self):
        answer = receipt_fields(currency="EUR")
        answer["fields"]["currency"]["confidence"] = 0.5
        expense = self.scanned_expense(answer)
        self.assertEqual(expense.ocr_currency_id, self.eur)
        self.assertEqual(expense.currency_id, self.usd, "a doubtful currency is not filled in")
        self.assertFalse(expense.total_amount_currency, "nor its amount under another currency")
        # a currency only guessed is no mismatch with the expense's, and vouches for nothing
        self.assertFalse(expense.ocr_flag_currency)
        self.assertTrue(expense.ocr_flag_currency_unsure)
        expense.action_ocr_apply_values()
        self.assertEqual(expense.currency_id, self.eur)
        self.assertEqual(expense.total_amount_currency, 42.50)

    def test_receipt_without_currency_leaves_amount_to_a_person(self):
        """No currency read: 42.50 of what? Not filled in under the expense's; a person applies
        it with one click."""
        expense = self.scanned_expense(receipt_fields(currency=None))
        self.assertEqual(expense.currency_id, self.usd)
        self.assertFalse(expense.total_amount_currency)
        self.assertFalse(expense.ocr_flag_currency)
        self.assertFalse(expense.ocr_flag_amount, "an amount left empty is no mismatch")
        self.assertTrue(expense.ocr_flag_currency_unsure)
        self.assertEqual(expense.ocr_state, "needs_review")
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("currency was not read", expense.ocr_audit_summary)
        self.assertEqual(expense.date, self.env["hr.expense"]._ocr_parse_date("2024-03-15"))
        expense.action_ocr_apply_values()
        self.assertEqual(expense.total_amount_currency, 42.50)
        # applied, the amount is still in a currency nobody read: not vouched for
        self.assertTrue(expense.ocr_flag_currency_unsure)
        self.assertIn("not checked", expense.ocr_audit_summary)

    def test_a_guessed_currency_of_the_expense_leaves_amount_to_a_person(self):
        """A Romanian receipt in lei whose company suffix the service took for Italy's: euros,
        guessed (0.4). The amount is not written as 30.00 in the expense's euros."""
        answer = receipt_fields(currency="EUR", total="30.00")
        answer["fields"]["currency"]["confidence"] = 0.4
        expense = self.scanned_expense(answer, currency_id=self.eur.id)
        self.assertEqual(expense.currency_id, self.eur)
        self.assertFalse(expense.total_amount_currency, "30.00 lei are not 30.00 euros")
        self.assertTrue(expense.ocr_flag_currency_unsure)
        self.assertFalse(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_state, "needs_review")
        # the employee types what was paid, in euros: compared with the receipt as before, and
        # the currency still unchecked
        expense.total_amount_currency = 6.05
        self.assertTrue(expense.ocr_flag_amount)
        self.assertTrue(expense.ocr_flag_currency_unsure)
        self.assertIn("not checked", expense.ocr_audit_summary)

    def test_a_currency_read_surely_fills_the_amount(self):
        answer = receipt_fields(currency="EUR", total="30.00")
        answer["fields"]["currency"]["confidence"] = 0.92  # one euro sign printed, calibrated
        expense = self.scanned_expense(answer, currency_id=self.eur.id)
        self.assertEqual(expense.total_amount_currency, 30.00)
        self.assertFalse(expense.ocr_flag_currency_unsure)
        self.assertEqual(expense.ocr_state, "done")

    def test_a_receipt_without_a_total_fills_nothing(self):
        """A passport attached as a receipt: its date of birth came back as a sure date and no
        total. Nothing is written; the expense waits for review whole."""
        answer = receipt_fields(total=None, date="1980-05-13")
        expense = self.scanned_expense(answer)
        self.assertNotEqual(str(expense.date), "1980-05-13")
        self.assertFalse(expense.total_amount_currency)
        self.assertFalse(expense.ocr_filled_fields)
        self.assertEqual(expense.ocr_state, "needs_review")

    def test_an_amount_typed_under_a_guessed_currency_is_not_vouched_for(self):
        """A Romanian receipt in lei read as euros (guessed, 0.4); the employee types 30.00 EUR:
        the amounts agree, but in a currency nobody read. The audit says so, it does not say
        'Matches Receipt'. Applied by a person, the same."""
        answer = receipt_fields(currency="EUR", total="30.00")
        answer["fields"]["currency"]["confidence"] = 0.4
        expense = self.scanned_expense(answer, currency_id=self.eur.id)
        self.assertEqual(expense.ocr_state, "needs_review")
        expense.total_amount_currency = 30.00
        self.assertFalse(expense.ocr_flag_amount)
        self.assertTrue(expense.ocr_flag_currency_unsure)
        self.assertEqual(expense.ocr_state, "needs_review")
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("not checked", expense.ocr_audit_summary)
        other = self.scanned_expense(receipt_fields(currency=None))
        other.action_ocr_apply_values()
        self.assertEqual(other.total_amount_currency, 42.50)
        self.assertEqual(other.ocr_audit_status, "review")

    def test_a_fixed_cost_category_is_not_compared_with_the_receipt(self):
        """Mileage (a fixed cost per unit) with a fuel receipt as proof: the amount is the
        category's, not the receipt's total; no amount mismatch."""
        self.product.standard_price = 0.30
        expense = self.scanned_expense(receipt_fields(total="42.50"), quantity=100)
        self.assertTrue(expense.product_has_cost)
        self.assertFalse(expense.ocr_flag_amount)

    def test_a_fixed_cost_category_with_a_foreign_receipt_is_no_currency_mismatch(self):
        """The same with a receipt in euros: Odoo keeps a fixed-cost expense in the company's
        currency, so the currency flag (an 'OCR Mismatch') could never be cleared."""
        self.product.standard_price = 0.30
        expense = self.scanned_expense(receipt_fields(total="42.50", currency="EUR"), quantity=100)
        self.assertTrue(expense.product_has_cost)
        self.assertEqual(expense.currency_id, self.usd)
        self.assertFalse(expense.ocr_flag_amount)
        self.assertFalse(expense.ocr_flag_currency)
        self.assertNotEqual(expense.ocr_audit_status, "mismatch", expense.ocr_audit_summary)

    def test_a_fixed_cost_category_with_a_receipt_currency_not_read_is_not_reviewed_for_it(self):
        """The same with a receipt whose currency was only guessed, or not read: its amount and
        currency are not compared with the category's, so their doubt leaves nothing to check."""
        self.product.standard_price = 0.30
        guessed = receipt_fields(total="42.50", currency="EUR")
        guessed["fields"]["currency"]["confidence"] = 0.4
        none = receipt_fields(total="17.00", currency=None)
        for answer in (guessed, none):
            expense = self.scanned_expense(answer, quantity=100)
            self.assertTrue(expense.product_has_cost)
            self.assertEqual(expense.ocr_audit_status, "ok", expense.ocr_audit_summary)
            self.assertFalse(expense.ocr_flag_currency_unsure)
            self.assertEqual(expense.ocr_state, "done")
            self.assertEqual(expense.total_amount_currency, 30.0)
        # the same receipt on a category without a fixed cost waits for a person, as before
        self.product.standard_price = 0.0
        guessed["fields"]["total"]["value"] = "43.50"
        expense = self.scanned_expense(guessed)
        self.assertTrue(expense.ocr_flag_currency_unsure)
        self.assertEqual(expense.ocr_audit_status, "review")

    def test_a_guess_stays_a_guess_under_a_low_minimum(self):
        """Minimum confidence set to 0.5: a bare '$' the service guessed as dollars (0.5) still
        fills no amount."""
        self.set_param("min_confidence", "0.5")
        answer = receipt_fields(currency="USD", total="30.00")
        answer["fields"]["currency"]["confidence"] = 0.5
        expense = self.scanned_expense(answer)
        self.assertFalse(expense.total_amount_currency)
        self.assertTrue(expense.ocr_flag_currency_unsure)

    def test_a_company_may_vouch_for_its_own_currency(self):
        """*Receipts Without a Currency Are in the Company's*: a receipt printing no currency,
        whose words place it in the company's country (dollars guessed, 0.4), fills its amount
        in dollars; another currency guessed, or none, still waits for a person."""
        self.assertEqual(self.company.currency_id, self.usd)
        guessed = receipt_fields(currency="USD", total="30.00")
        guessed["fields"]["currency"]["confidence"] = 0.4
        before = self.scanned_expense(guessed)
        self.assertFalse(before.total_amount_currency, "off by default: the amount waits")
        self.assertTrue(before.ocr_flag_currency_unsure)

        settings = self.env["res.config.settings"].with_user(self.admin).create({})
        settings.ocr_trust_country_currency = True
        settings.execute()
        self.assertTrue(self.company.ocr_trust_country_currency)
        guessed = receipt_fields(currency="USD", total="31.00", date="2024-03-16")  # not a duplicate
        guessed["fields"]["currency"]["confidence"] = 0.4
        trusted = self.scanned_expense(guessed)
        self.assertEqual(trusted.currency_id, self.usd)
        self.assertEqual(trusted.total_amount_currency, 31.00)
        self.assertFalse(trusted.ocr_flag_currency_unsure)
        self.assertEqual(trusted.ocr_state, "done")
        self.assertEqual(trusted.ocr_audit_status, "ok")

        foreign = receipt_fields(currency="EUR", total="30.00")
        foreign["fields"]["currency"]["confidence"] = 0.4
        # 'PRICES USD 18.40', 'TOTAL CAD 25.00': printed codes that disagree, the company's among them
        disagree = receipt_fields(currency="USD", total="25.00")
        disagree["fields"]["currency"]["confidence"] = 0.3
        # dollars printed and read, but under the minimum: the setting vouches for guesses only
        self.set_param("min_confidence", "0.9")
        read_low = receipt_fields(currency="USD", total="26.00", date="2024-03-17")
        read_low["fields"]["currency"]["confidence"] = 0.8
        for answer in (foreign, receipt_fields(currency=None), disagree, read_low):
            expense = self.scanned_expense(answer)
            self.assertFalse(expense.total_amount_currency, "only the company's own currency is vouched for")
            self.assertTrue(expense.ocr_flag_currency_unsure)
            self.assertEqual(expense.ocr_state, "needs_review")

    def _eur_rate(self, day, rate):
        """Euros per dollar (the company's currency) from ``day`` on."""
        return self.env["res.currency.rate"].create(
            {"currency_id": self.eur.id, "name": day, "rate": rate, "company_id": self.company.id}
        )

    def test_a_foreign_receipt_claimed_in_the_companys_currency_is_checked_at_the_days_rate(self):
        """A receipt of 20.00 EUR claimed in dollars (the card statement's amount): compared with
        the receipt's total at the rates of its date, give or take the tolerance and a card's
        fees. Without a rate of that week nothing is vouched for: a currency mismatch as before."""
        self.assertEqual(self.company.currency_id, self.usd)
        self.eur.rate_ids.unlink()

        def answer(vendor):  # one receipt each: not duplicates of each other
            return receipt_fields(vendor=vendor, currency="EUR", total="20.00", date="2024-03-15")

        # no rate of the euro at all: a mismatch, nothing converted
        expense = self.scanned_expense(answer("Cafe Un"), total_amount_currency=22.50)
        self.assertTrue(expense.ocr_flag_currency)
        self.assertFalse(expense.ocr_converted_rate_date)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        # a rate of last month only: still says nothing of that day
        self._eur_rate("2024-02-10", 0.5)
        expense = self.scanned_expense(answer("Cafe Deux"), total_amount_currency=40.00)
        self.assertTrue(expense.ocr_flag_currency)
        self.assertFalse(expense.ocr_converted_rate_date)
        # the rate of that week: 20.00 EUR at 0.9 EUR per dollar is 22.22 USD; 22.50 claimed
        # (+1.3 %, a card's fee) matches the receipt
        self._eur_rate("2024-03-13", 0.9)
        self._eur_rate("2024-03-20", 0.1)  # a later rate is not the day's
        expense = self.scanned_expense(answer("Cafe Trois"), total_amount_currency=22.50)
        self.assertAlmostEqual(expense.ocr_converted_total, 22.22)
        self.assertEqual(str(expense.ocr_converted_rate_date), "2024-03-13", "the rate's own date")
        self.assertFalse(expense.ocr_flag_currency)
        self.assertFalse(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "ok")
        # 30.00 claimed is not the receipt's 20.00 EUR at any card's rate
        expense.total_amount_currency = 30.00
        self.assertTrue(expense.ocr_flag_currency)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        self.assertIn("22.22", expense.ocr_audit_summary)
        # a re-scan forgets the conversion with the rest of the reading
        expense.action_ocr_scan()
        self.assertFalse(expense.ocr_converted_total)
        self.assertFalse(expense.ocr_converted_rate_date)
        self.service.answers.clear()
        # an amount left empty is filled in the receipt's own currency: nothing to convert
        empty = self.scanned_expense(answer("Cafe Quatre"))
        self.assertEqual(empty.currency_id, self.eur)
        self.assertEqual(empty.total_amount_currency, 20.00)
        self.assertFalse(empty.ocr_converted_rate_date)
        self.assertEqual(empty.ocr_audit_status, "ok")
        # a currency only guessed converts nothing: the amount was not checked in it
        guessed = receipt_fields(vendor="Cafe Cinq", currency="EUR", total="20.00", date="2024-03-15")
        guessed["fields"]["currency"]["confidence"] = 0.4
        expense = self.scanned_expense(guessed, total_amount_currency=22.50)
        self.assertFalse(expense.ocr_converted_rate_date)
        self.assertEqual(expense.ocr_audit_status, "review")

    def test_the_rate_checked_is_the_rate_converted_with(self):
        """A company's own euro rate of 2020 beside a fresh shared one: Odoo converts with the
        company's own, however old; the age check looked at the newest and vouched for an amount
        converted at the 2020 rate. Both follow Odoo's choice now."""
        self.eur.rate_ids.unlink()
        Rate = self.env["res.currency.rate"]
        Rate.create(
            {"currency_id": self.eur.id, "name": "2020-01-01", "rate": 0.5, "company_id": self.company.id}
        )
        Rate.create({"currency_id": self.eur.id, "name": "2024-03-14", "rate": 0.9, "company_id": False})
        answer = receipt_fields(vendor="Cafe Six", currency="EUR", total="20.00", date="2024-03-15")
        expense = self.scanned_expense(answer, total_amount_currency=40.00)
        self.assertFalse(expense.ocr_converted_rate_date)
        self.assertTrue(expense.ocr_flag_currency)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_the_amount_reimbursed_in_the_companys_currency_is_checked(self):
        """An expense in euros for a receipt in dollars (the company's): the euros match the
        receipt at the day's rate, but the dollars reimbursed were typed apart (a rate of the
        employee's): 200.00 for a 20.00 receipt went through as 'Matches Receipt'."""
        self.eur.rate_ids.unlink()
        self._eur_rate("2024-03-13", 0.9)
        answer = receipt_fields(vendor="Cafe Sept", currency="USD", total="20.00", date="2024-03-15")
        expense = self.scanned_expense(answer, currency_id=self.eur.id, total_amount_currency=18.00)
        self.assertEqual(expense.ocr_audit_status, "ok")
        expense.total_amount = 200.00
        self.assertTrue(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        expense.total_amount = 20.10  # the card's rate: within the tolerance
        self.assertFalse(expense.ocr_flag_amount)
        # a card's fee on top (3 %), as the currency check allows it
        expense.total_amount = 20.60
        self.assertFalse(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_a_rate_entered_later_audits_the_receipts_of_its_week_again(self):
        """The day's rates imported after the receipt was read (or a database given its first
        rates): the expense stayed 'mismatch' (no rate of that week) until an audited field
        changed."""
        self.eur.rate_ids.unlink()
        answer = receipt_fields(vendor="Cafe Huit", currency="EUR", total="20.00", date="2024-03-15")
        expense = self.scanned_expense(answer, total_amount_currency=22.50)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        rate = self._eur_rate("2024-03-15", 0.9)
        self.assertEqual(expense.ocr_audit_status, "ok")
        self.assertAlmostEqual(expense.ocr_converted_total, 22.22)
        # corrected: 20.00 EUR is 40.00 USD at 0.5, not the 22.50 claimed
        rate.rate = 0.5
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        # a rate of another month leaves the receipt as it is
        self._eur_rate("2024-05-01", 0.9)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        # corrected by deleting it (and entering the right one): audited again each time
        rate.rate = 0.9
        self.assertEqual(expense.ocr_audit_status, "ok")
        rate.unlink()
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        self.assertFalse(expense.ocr_converted_total)

    def read_expenses(self, days, currency=None, company=None, undated=False):
        """Expenses of 22.50 dollars (the company's currency) for receipts of 20.00 in
        ``currency`` (euros) read on ``days``, as a job leaves them (set in SQL: fast);
        ``undated``: no date read, the expense's date is the receipt's."""
        currency = currency or self.eur
        expenses = self.env["hr.expense"].create(
            [
                {
                    "name": f"Read {i}",
                    "employee_id": self.employee.id,
                    "product_id": self.product.id,
                    "total_amount_currency": 22.50,
                    "date": day,
                }
                for i, day in enumerate(days)
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE hr_expense SET ocr_state = 'done', ocr_total = 20.0, ocr_currency_id = %s,
                   ocr_currency_code = %s, ocr_confidence = 0.97, ocr_currency_confidence = 0.97,
                   ocr_date = CASE WHEN %s THEN NULL ELSE date END,
                   company_id = COALESCE(%s, company_id), ocr_flag_currency = true,
                   ocr_audit_status = 'mismatch'
               WHERE id IN %s""",
            [currency.id, currency.name, undated, company and company.id, tuple(expenses.ids)],
        )
        self.env.invalidate_all()
        return expenses

    def audited(self, method="_ocr_audit"):
        """(the ids of the expenses ``method`` ran on, call by call; the patch that records them)."""
        Expense = type(self.env["hr.expense"])
        run = getattr(Expense, method)
        calls = []

        def spy(records):
            calls.append(records.ids)
            return run(records)

        return calls, patch.object(Expense, method, spy)

    def test_a_rate_audits_again_only_the_receipts_converted_with_it(self):
        """A rate audited every foreign receipt of its week, in every company: a day's rate
        among daily rates audited the week's receipts that convert with their own day's, and
        another company's rate this company's, in the saver's transaction (a thousand
        receipts: seconds). Only the receipts converted with it now: of its company (or every
        company for a shared rate), until the next rate."""
        self.eur.rate_ids.unlink()
        D = date(2024, 3, 4)
        for k in (-1, 2, 9):
            self._eur_rate(D + timedelta(days=k), 0.9)
        days = [D + timedelta(days=k) for k in range(8)]
        read = self.read_expenses(days)
        undated = self.read_expenses(days, undated=True)
        other = self.env["res.company"].create({"name": "Other Rates Co", "currency_id": self.usd.id})
        elsewhere = self.read_expenses(days, company=other)
        Rate = self.env["res.currency.rate"]
        audited, spy = self.audited()
        with spy:
            # this company's rate of D: its receipts of D and D+1 (D+2 has its own rate)
            rate = self._eur_rate(D, 0.9)
            self.assertEqual(
                sorted(sum(audited, [])), sorted((read[:2] | undated[:2]).ids), "read or dated D, D+1"
            )
            self.assertAlmostEqual(read[0].ocr_converted_total, 22.22)
            self.assertAlmostEqual(undated[1].ocr_converted_total, 22.22)
            self.assertEqual(read[0].ocr_audit_status, "ok")
            audited.clear()
            rate.rate = 0.5
            self.assertEqual(sorted(sum(audited, [])), sorted((read[:2] | undated[:2]).ids))
            self.assertEqual(read[0].ocr_audit_status, "mismatch")
            audited.clear()
            # another company's rate: none of this company's receipts converts with it
            Rate.create({"currency_id": self.eur.id, "name": D, "rate": 0.9, "company_id": other.id})
            self.assertEqual(sorted(sum(audited, [])), sorted(elsewhere.ids), "the other company's only")
            audited.clear()
            # a shared rate: every company's receipts of the week
            Rate.create(
                {"currency_id": self.eur.id, "name": D + timedelta(days=1), "rate": 0.9, "company_id": False}
            )
            self.assertEqual(sorted(sum(audited, [])), sorted((read[1:] | undated[1:] | elsewhere[1:]).ids))
            audited.clear()
            # deleted: the receipts that converted with it are audited again
            rate.unlink()
            self.assertEqual(sorted(sum(audited, [])), sorted((read[:2] | undated[:2]).ids))

    def test_a_rate_converting_many_receipts_audits_them_in_a_job(self):
        """A rate of a week of many receipts (a month's rates imported late) audits them in a
        queued job, not in the transaction of whoever saved it."""
        self.eur.rate_ids.unlink()
        D = date(2024, 4, 1)
        expenses = self.read_expenses([D + timedelta(days=i % 7) for i in range(60)])
        audited, spy = self.audited()
        with spy, trap_jobs() as trap:
            self._eur_rate(D, 0.9)
            self.assertFalse(audited, "not in the saver's transaction")
            self.assertFalse(expenses[0].ocr_converted_total)
            self.assertEqual(len(trap.enqueued_jobs), 1)
            self.assertEqual(trap.enqueued_jobs[0].channel, "root.ocr")
            trap.perform_enqueued_jobs()
        self.assertEqual(sorted(sum(audited, [])), sorted(expenses.ids))
        self.assertEqual(set(expenses.mapped("ocr_audit_status")), {"ok"})
        self.assertAlmostEqual(expenses[-1].ocr_converted_total, 22.22)

    def test_a_year_of_rates_is_searched_for_receipts_at_once(self):
        """A year of rates imported at once searched the receipts of each rate's week, one
        search each, of every expense (the date read or, none read, the expense's: no index
        serves both; 20,000 expenses, 2.3 s with nothing to audit); the receipts of the rates of
        a currency are searched together, in two searches of an index each."""
        self.read_expenses([date(2024, 6, 3)], currency=self.usd)
        self.read_expenses([date(2024, 6, 3)], currency=self.usd, undated=True)
        Rate = self.env["res.currency.rate"]

        def imported(year, count):
            """Queries to import ``count`` rates ten days apart (weeks that do not touch)."""
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            Rate.create(
                [
                    {
                        "currency_id": self.eur.id,
                        "name": date(year, 1, 1) + timedelta(days=10 * k),
                        "rate": 0.9,
                    }
                    for k in range(count)
                ]
            )
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        few, many = imported(2030, 3), imported(2031, 30)
        self.assertLessEqual(many, few, "as many searches for 30 rates as for 3")
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'hr_expense_ocr_undated_date_index'"
        )
        self.assertIn("WHERE (ocr_date IS NULL)", self.env.cr.fetchone()[0])

    def test_a_re_audit_that_finds_what_it_found_writes_nothing(self):
        """A rate written for the week audits its receipts again: an expense whose flags stay as
        they were is not rewritten (its last editor stays the employee's, not the accountant's;
        its row is not locked by the rate's transaction)."""
        self.eur.rate_ids.unlink()
        rate = self._eur_rate("2024-03-14", 0.9)
        answer = receipt_fields(vendor="Cafe Neuf", currency="EUR", total="20.00", date="2024-03-15")
        expense = self.scanned_expense(answer, total_amount_currency=22.50)
        self.assertEqual(expense.ocr_audit_status, "ok")
        self.env.flush_all()
        self.env.cr.execute("UPDATE hr_expense SET write_date = '2000-01-01' WHERE id = %s", [expense.id])
        expense.invalidate_recordset(["write_date"])
        rate.write({"rate": 0.9})  # written again as it was (an import that finds no change)
        self.env.flush_all()
        expense.invalidate_recordset(["write_date"])
        self.assertEqual(str(expense.write_date)[:10], "2000-01-01")
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_an_amount_reimbursed_typed_apart_without_rates_is_not_vouched_for(self):
        """An expense in euros for a receipt in euros, in a dollar company whose euro rates are
        months old: the euros match, Odoo converts them at its own rate; a dollar amount typed
        apart (a rate of the employee's) cannot be checked, and said 'Matches Receipt'."""
        self.eur.rate_ids.unlink()
        self._eur_rate("2024-01-02", 0.9)
        answer = receipt_fields(vendor="Cafe Dix", currency="EUR", total="20.00", date="2024-03-15")
        expense = self.scanned_expense(answer, currency_id=self.eur.id, date="2024-03-15")
        self.assertEqual(expense.total_amount_currency, 20.00)
        self.assertAlmostEqual(expense.total_amount, 22.22, msg="Odoo's rate of the expense's date")
        # (converted at a rate of January: not vouched for either)
        self.assertTrue(expense.ocr_flag_reimbursed_unchecked)
        self.assertEqual(expense.ocr_audit_status, "review")
        expense.total_amount = 30.00
        self.assertTrue(expense.ocr_flag_reimbursed_unchecked)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("is not Odoo's conversion", expense.ocr_audit_summary)
        # the day's rates entered: checked against them (30.00 is not 20.00 EUR at 0.9)
        self._eur_rate("2024-03-14", 0.9)
        self.assertFalse(expense.ocr_flag_reimbursed_unchecked)
        self.assertTrue(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_a_receipt_filled_in_a_foreign_currency_without_rates_of_its_week_is_not_vouched_for(self):
        """A receipt of 42.50 EUR filled onto an empty expense of a dollar company whose only euro
        rate is a year old (or that has none: Odoo converts at 1.0): the addon wrote the amount
        reimbursed at that rate itself, and the audit said 'Matches Receipt'. The currency and
        the amount are the receipt's and are filled; the amount reimbursed is not checked."""
        self.eur.rate_ids.unlink()
        self._eur_rate("2023-03-01", 0.5)
        answer = receipt_fields(vendor="Cafe Vingt", currency="EUR", total="42.50", date="2024-03-15")
        expense = self.scanned_expense(answer)
        self.assertEqual(expense.currency_id, self.eur)
        self.assertEqual(expense.total_amount_currency, 42.50)
        self.assertAlmostEqual(expense.total_amount, 85.00, msg="Odoo's conversion, at the old rate")
        self.assertTrue(expense.ocr_flag_reimbursed_unchecked)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("no rates of the receipt's week", expense.ocr_audit_summary)
        self.assertNotIn("is not Odoo's conversion", expense.ocr_audit_summary)
        # no euro rate at all
        self.eur.rate_ids.unlink()
        none = self.scanned_expense(
            receipt_fields(vendor="Cafe Vingt-Deux", currency="EUR", total="42.50", date="2024-03-15")
        )
        self.assertEqual(none.currency_id, self.eur)
        self.assertAlmostEqual(none.total_amount, 42.50, msg="Odoo converts at 1.0")
        self.assertTrue(none.ocr_flag_reimbursed_unchecked)
        self.assertEqual(none.ocr_audit_status, "review")
        # the week's rate entered: checked, and matching
        self._eur_rate("2024-03-14", 0.5)
        self.assertFalse(none.ocr_flag_reimbursed_unchecked)
        self.assertEqual(none.ocr_audit_status, "mismatch", "42.50 USD is not 42.50 EUR at 0.5")
        self.assertFalse(expense.ocr_flag_reimbursed_unchecked)
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_an_amount_filled_in_a_foreign_currency_is_reimbursed_at_odoos_rate(self):
        """A receipt of 20.00 EUR filled onto an empty expense of a dollar company: the amount
        in euros was written, and the amount reimbursed in dollars stayed 0.00 (Odoo 18 takes a
        saved expense's rate from that amount). The same through Apply OCR Values."""
        self.eur.rate_ids.unlink()
        self._eur_rate("2024-03-14", 0.8)
        answer = receipt_fields(vendor="Cafe Onze", currency="EUR", total="20.00", date="2024-03-15")
        expense = self.scanned_expense(answer)
        self.assertEqual(expense.currency_id, self.eur)
        self.assertEqual(expense.total_amount_currency, 20.00)
        self.assertAlmostEqual(expense.total_amount, 25.00)
        self.assertEqual(expense.ocr_audit_status, "ok")
        # the employee chose euros before attaching the receipt: the amount alone is written
        chosen = self.scanned_expense(
            receipt_fields(vendor="Cafe Treize", currency="EUR", total="20.00", date="2024-03-15"),
            currency_id=self.eur.id,
            date="2024-03-15",
        )
        self.assertEqual(chosen.total_amount_currency, 20.00)
        self.assertAlmostEqual(chosen.total_amount, 25.00)
        applied = self.scanned_expense(
            receipt_fields(vendor="Cafe Douze", currency="EUR", total="40.00", date="2024-03-15"),
            total_amount_currency=10.00,
        )
        applied.action_ocr_apply_values()
        self.assertEqual(applied.currency_id, self.eur)
        self.assertAlmostEqual(applied.total_amount, 50.00)
        self.assertEqual(applied.ocr_audit_status, "ok")

    def test_an_amount_reimbursed_typed_before_the_scan_is_kept(self):
        """The card statement's 23.50 USD typed while the amount in euros was left empty: the
        fill writes 20.00 EUR and keeps the 23.50 (the employee's), which the audit then compares
        (6 % off the receipt's 25.00 at the day's rate: a mismatch). Apply keeps it too."""
        self.eur.rate_ids.unlink()
        self._eur_rate("2024-03-14", 0.8)
        answer = receipt_fields(vendor="Cafe Quatorze", currency="EUR", total="20.00", date="2024-03-15")
        expense = self.scanned_expense(answer, currency_id=self.eur.id, date="2024-03-15", total_amount=23.50)
        self.assertEqual(expense.total_amount_currency, 20.00)
        self.assertAlmostEqual(expense.total_amount, 23.50)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        expense.action_ocr_apply_values()
        self.assertAlmostEqual(expense.total_amount, 23.50)

    def test_a_date_filled_converts_the_amount_at_that_date(self):
        """An expense of 20.00 EUR created today (Odoo converts at today's rate); the receipt's
        date filled alone kept today's rate, and the audit called Odoo's own amount typed apart.
        Converted at the receipt's date now, as the form does when the date changes."""
        self.eur.rate_ids.unlink()
        self._eur_rate("2024-03-14", 0.9)
        self._eur_rate(fields.Date.context_today(self.env.user), 0.5)
        answer = receipt_fields(vendor="Cafe Quinze", currency="EUR", total="20.00", date="2024-03-15")
        expense = self.scanned_expense(answer, currency_id=self.eur.id, total_amount_currency=20.00)
        self.assertEqual(str(expense.date), "2024-03-15")
        self.assertAlmostEqual(expense.total_amount, 22.22)
        self.assertFalse(expense.ocr_flag_reimbursed_unchecked)
        self.assertEqual(expense.ocr_audit_status, "ok")
