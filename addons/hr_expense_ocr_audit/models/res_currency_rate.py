# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, models

from .hr_expense import RATE_MAX_AGE_DAYS

# what makes a rate another one
RATE_FIELDS = frozenset(("rate", "company_rate", "inverse_company_rate", "name", "currency_id", "company_id"))


class ResCurrencyRate(models.Model):
    _inherit = "res.currency.rate"

    @api.model_create_multi
    def create(self, vals_list):
        rates = super().create(vals_list)
        rates._ocr_reaudit_expenses()
        return rates

    def write(self, vals):
        before = self._ocr_rate_keys() if RATE_FIELDS.intersection(vals) else None
        res = super().write(vals)
        if before is not None:
            self._ocr_reaudit_expenses(before)
        return res

    def unlink(self):
        keys = self._ocr_rate_keys()
        res = super().unlink()
        # (a wrong rate is corrected by deleting it as often as by writing it)
        self.browse()._ocr_reaudit_expenses(keys)
        return res

    def _ocr_rate_keys(self):
        return {(rate.currency_id.id, rate.name) for rate in self}

    def _ocr_reaudit_expenses(self, keys=None):
        """The receipts read in a currency other than their expense's (or their company's) are
        compared at the rates of their date: a rate entered or corrected afterwards (the day's
        rates imported the next morning, a database given its first rates) is one the audit
        of the receipts of that week had not seen. They are audited again."""
        keys = (keys or set()) | self._ocr_rate_keys()
        Expense = self.env["hr.expense"].sudo()
        expenses = Expense.browse()
        for currency_id, day in keys:
            window = [day, day + timedelta(days=RATE_MAX_AGE_DAYS)]
            expenses |= Expense.search(
                [
                    ("ocr_state", "in", ("done", "needs_review")),
                    ("ocr_total", ">", 0),
                    "|",
                    ("ocr_currency_id", "=", currency_id),
                    ("currency_id", "=", currency_id),
                    "|",
                    "&",
                    ("ocr_date", ">=", window[0]),
                    ("ocr_date", "<=", window[1]),
                    "&",
                    ("ocr_date", "=", False),
                    "&",
                    ("date", ">=", window[0]),
                    ("date", "<=", window[1]),
                ]
            )
        # (an expense in the company's currency whose receipt is too; nothing to convert)
        expenses = expenses.filtered(
            lambda e: e.ocr_currency_id != e.currency_id or e.currency_id != e.company_currency_id
        )
        if expenses:
            expenses._ocr_audit()
