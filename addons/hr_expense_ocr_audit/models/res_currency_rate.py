# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
from bisect import bisect_right
from collections import defaultdict
from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.osv import expression

from .hr_expense import RATE_MAX_AGE_DAYS
from .hr_ocr_mixin import OCR_CHANNEL, retried_on_concurrent_save

# what makes a rate another one
RATE_FIELDS = frozenset(("rate", "company_rate", "inverse_company_rate", "name", "currency_id", "company_id"))
# receipts a saved rate audits again in the saver's transaction, at most: more are audited by
# a queued job (a month's rates imported late: thousands of receipts, seconds)
REAUDIT_NOW_MAX = 50
REAUDIT_JOB_METHOD = "_ocr_reaudit_job"


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
        return {(rate.currency_id.id, rate.company_id.id or False, rate.name) for rate in self}

    def _ocr_reaudit_expenses(self, keys=None):
        """The receipts read in a currency other than their expense's (or their company's) are
        compared at the rates of their date: a rate entered or corrected afterwards (the day's
        rates imported the next morning, a database given its first rates) is one the audit
        of the receipts of that week had not seen. They are audited again: the receipts that
        convert with the rate as Odoo chooses it (``_ocr_converted_total``), those of its
        company (of every company for a shared rate) dated from its day until the next rate
        of the currency of that company (a week at most); in a queued job when they are many."""
        keys = (keys or set()) | self._ocr_rate_keys()
        Rate = self.env["res.currency.rate"].sudo()
        days_by_scope = defaultdict(set)
        for currency_id, company_id, day in keys:
            days_by_scope[currency_id, company_id].add(day)
        for (currency_id, company_id), days in days_by_scope.items():
            windows = Rate._ocr_rate_windows(currency_id, company_id, days)
            expenses = Rate._ocr_reaudit_targets(currency_id, company_id, windows)
            if len(expenses) <= REAUDIT_NOW_MAX:
                expenses._ocr_audit()
                continue
            company = self.env["res.company"].browse(company_id) or self.env.company
            currency = self.env["res.currency"].browse(currency_id)
            (
                Rate.with_user(SUPERUSER_ID)
                .with_company(company)
                .with_delay(
                    channel=OCR_CHANNEL,
                    identity_key=self._ocr_reaudit_identity_key(currency_id, company_id, windows),
                    description=_(
                        "OCR: receipts audited again at the rates of %(currency)s", currency=currency.name
                    ),
                )
                ._ocr_reaudit_job(currency_id, company_id, windows)
            )

    @api.model
    def _ocr_reaudit_identity_key(self, currency_id, company_id, windows):
        # (a job still waiting for the same receipts will find the rates as they are then)
        spans = ",".join(f"{first}/{last}" for first, last in windows)
        digest = hashlib.sha1(spans.encode()).hexdigest()
        return f"hr_expense_ocr_audit:rate_reaudit:{currency_id}:{company_id or 0}:{digest}"

    @api.model
    def _ocr_reaudit_job(self, currency_id, company_id, windows):
        """Queued: the receipts a saved rate converts, audited again (see
        ``_ocr_reaudit_expenses``)."""
        windows = [(fields.Date.to_date(first), fields.Date.to_date(last)) for first, last in windows]
        with retried_on_concurrent_save():
            self.sudo()._ocr_reaudit_targets(currency_id, company_id, windows)._ocr_audit()

    @api.model
    def _ocr_rate_windows(self, currency_id, company_id, days):
        """[(first, last)], merged and in order: the days whose receipts the rates of
        ``days`` of a currency and company (False: shared) convert, each from its day until the
        day before the next rate of that currency and company, a week at most (an older rate
        says nothing of a day: ``_ocr_converted_total``)."""
        days = sorted(days)
        age = timedelta(days=RATE_MAX_AGE_DAYS)
        # one search for the next rates of them all
        following = sorted(
            set(
                self.sudo()
                .search(
                    [
                        ("currency_id", "=", currency_id),
                        ("company_id", "=", company_id),
                        ("name", ">", days[0]),
                        ("name", "<=", days[-1] + age),
                    ]
                )
                .mapped("name")
            )
        )
        windows = []
        for day in days:
            last = day + age
            index = bisect_right(following, day)
            if index < len(following) and following[index] <= last:
                last = following[index] - timedelta(days=1)
            if windows and day <= windows[-1][1] + timedelta(days=1):
                windows[-1] = (windows[-1][0], max(windows[-1][1], last))
            else:
                windows.append((day, last))
        return windows

    @api.model
    def _ocr_reaudit_targets(self, currency_id, company_id, windows):
        """The expenses (sudo) whose receipts the rates of ``windows`` of a currency and company
        convert (``_ocr_rate_windows``)."""
        Expense = self.env["hr.expense"].sudo()
        domain = [
            ("ocr_state", "in", ("done", "needs_review")),
            ("ocr_total", ">", 0),
            "|",
            ("ocr_currency_id", "=", currency_id),
            ("currency_id", "=", currency_id),
            # (an expense in the company's currency whose receipt is too: nothing to convert)
            "|",
            "|",
            ("ocr_currency_id", "!=", currency_id),
            ("currency_id", "!=", currency_id),
            ("company_id.currency_id", "!=", currency_id),
        ]
        if company_id:
            # a company's rates convert for the companies it is the root of (``_get_rates``)
            companies = (
                self.env["res.company"]
                .sudo()
                .search([("id", "child_of", company_id)])
                .filtered(lambda company: company.root_id.id == company_id)
            )
            if not companies:
                return Expense
            domain = expression.AND([domain, [("company_id", "in", companies.ids)]])

        def within(field):
            return expression.OR([[(field, ">=", first), (field, "<=", last)] for first, last in windows])

        # the date read, else the expense's: two searches, each of an index (one of an OR of
        # both is a scan of every expense); (no limit: with one, PostgreSQL walks every expense
        # in the order of their ids when few match)
        read = Expense.search(expression.AND([domain, within("ocr_date")]), order="id")
        undated = Expense.search(
            expression.AND([domain, [("ocr_date", "=", False)], within("date")]), order="id"
        )
        return read | undated
