# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import math
import random
import re
import time
from decimal import Decimal, InvalidOperation

import psycopg2
import psycopg2.errors

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError
from odoo.modules.db import FunctionStatus
from odoo.tools import SQL, float_compare, float_is_zero, format_amount, format_date
from odoo.tools.sql import create_index, escape_psql

from .hr_ocr_mixin import (
    check_ocr_write,
    hold_for_reference,
    lock_rows,
    ocr_writing_now,
    splitting_now,
    write_locked,
    writes_ocr_fields,
)

_logger = logging.getLogger(__name__)

# what the receipt audit's verdict (stored: ``_ocr_audit_verdict``) is computed from; a
# change to anything else (a currency activated, the amounts a finding quotes) changes only the
# findings' words, and recomputed the verdict of every expense concerned
AUDIT_VERDICT_DEPENDS = (
    "ocr_state",
    "ocr_flag_amount",
    "ocr_flag_date",
    "ocr_flag_currency",
    "ocr_flag_vendor",
    "ocr_flag_duplicate",
    "ocr_flag_low_confidence",
    "ocr_flag_currency_unsure",
    "ocr_flag_several_receipts",
    "ocr_no_payment",
    "ocr_flag_receipt_changed",
    "ocr_flag_tax",
    "ocr_flag_expense_tax",
    "ocr_flag_reimbursed_unchecked",
    "ocr_vendor_match",
    "vendor_id",
)
# what the receipt audit's findings (not stored) are computed from: the verdict's, and the words'
AUDIT_STATUS_DEPENDS = (
    *AUDIT_VERDICT_DEPENDS,
    "ocr_converted_total",
    "ocr_converted_rate_date",
    "ocr_vendor_id",
    "tax_ids",
    "ocr_currency_id.active",
    "ocr_currency_code",
    "ocr_total",
    "total_amount_currency",
)
# indexes the addon's lookups need on Odoo's own tables (made in init, dropped on uninstall):
# expenses' attachments by content (the duplicate search), contacts by name and by VAT id as
# written (the vendor's match); each job looked through every one of them otherwise
RECEIPT_CHECKSUM_INDEX = "ir_attachment_hr_expense_ocr_checksum_index"
PARTNER_NAME_INDEX = "res_partner_hr_expense_ocr_name_index"
PARTNER_VAT_INDEX = "res_partner_hr_expense_ocr_vat_index"
# expenses by their date where no date was read: a rate's re-audit of its week looks those up
# (Odoo does not index the expense's date: a scan of every expense for each rate saved)
UNDATED_RECEIPT_INDEX = "hr_expense_ocr_undated_date_index"
CORE_TABLE_INDEXES = (RECEIPT_CHECKSUM_INDEX, PARTNER_NAME_INDEX, PARTNER_VAT_INDEX, UNDATED_RECEIPT_INDEX)
# a VAT id as written by hand, its letters and digits only (the vendor's match, and its index)
VAT_LETTERS_AND_DIGITS = "regexp_replace(upper(%s), '[^0-9A-Z]', '', 'g')"
# the duplicate check after a job's commit: tries against a concurrent write, at most
RECHECK_TRIES = 3
# what an expense's report's stored totals are computed from, among what the receipt's values
# write (an amount, a currency; a date too, for an expense in another currency: it converts it)
REPORT_TOTALS_FROM = frozenset({"total_amount_currency", "total_amount", "currency_id"})
CONCURRENCY_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.DeadlockDetected,
    psycopg2.errors.LockNotAvailable,
)

# the values the audit relies on: their lowest confidence is the receipt's
KEY_RECEIPT_FIELDS = ("date", "total")
# the OCR service returns a currency it only guessed (from the country's words, no code or sign
# printed) at this confidence at most (its README, "Receipt fields")
CURRENCY_GUESS = 0.5
# at or below this the service read currencies that disagree on the receipt: not even a guess
CURRENCY_DISAGREE = 0.3
# an expense may be scanned, and filled from its receipt, only in these states:
# once submitted it is the approver's to judge, once approved it must not change
SCANNABLE_STATES = ("draft", "reported")
# the expense's values the audit compares with its receipt (the category and the quantity
# through the amount and the taxes they compute): a change to one is audited again
AUDITED_FIELDS = frozenset(
    (
        "total_amount_currency",
        "total_amount",
        "date",
        "currency_id",
        "tax_ids",
        "product_id",
        "quantity",
        "price_unit",
        "vendor_id",
    )
)
# what a document that says it records no payment is, as the OCR service names it (a receipt's
# ``no_payment``); a name a newer service adds is kept as "other": still no payment, unnamed
NO_PAYMENT_KINDS = [
    ("quote", "Quote or estimate"),
    ("unpaid", "Bill not paid yet"),
    ("delivery_note", "Delivery note"),
    ("till_report", "Till report"),
    ("training", "Till in training mode"),
    ("payslip", "Payslip"),
    ("statement", "Statement"),
    ("bottle_voucher", "Bottle-return voucher"),
    ("pre_authorisation", "Card pre-authorisation"),
    ("cancelled", "Cancelled payment"),
    ("declined", "Declined card payment"),
    ("tax_refund", "Tax-free shopping form"),
    ("menu", "Menu or price list"),
    ("not_a_receipt", "Says it is no receipt"),
    ("other", "Other document recording no payment"),
]
# how the vendor read on the receipt was matched to an existing contact
VENDOR_MATCHES = [
    ("vat", "VAT ID"),
    ("name", "Name"),
    ("name_legal_form", "Name, Legal Form Aside"),
    ("contact_name", "Name of a Company's Contact"),
    ("name_start", "Name Beginning the Vendor's"),
    ("vat_ambiguous", "VAT ID of Several Contacts"),
    ("name_ambiguous", "Name of Several Contacts"),
    ("addressee", "The Company or Employee Itself"),
    ("none", "No Contact"),
]
# how a contact is matched that is proposed, not filled: a person says whether it is the seller
PROPOSED_MATCHES = ("contact_name", "name_start")
# the legal form a name ends with, which a receipt prints or leaves out ("La Grotta" for the
# contact "La Grotta GmbH", "REWE Markt GmbH" for "REWE Markt"); split_legal_form takes off as
# many as the name ends in ("Pte. Ltd.", "GmbH & Co. KG")
LEGAL_FORM = re.compile(
    r"[\s,]+(?:GmbH|AG|KG|OHG|e\.\s?K(?:fm)?\.?|UG|SE|GbR|Co\.?|&|Ltd\.?|Limited|LLC|L\.L\.C\.|"
    r"Inc\.?|Corp\.?|"
    r"PLC|LLP|S\.?A\.?S?|S\.?L\.?U?|S\.?R\.?L\.?|S\.?p\.?A\.?|S\.?A\.?R\.?L\.?|EURL|SNC|B\.?V\.?|N\.?V\.?|"
    r"d\.\s?o\.\s?o\.?|d\.\s?d\.?|s\.\s?r\.\s?o\.?|sp\.\s?z\s?o\.\s?o\.?|A/S|ApS|AB|Oy|ASA|Kft\.?|Zrt\.?|"
    r"Sdn\.?|Bhd\.?|S/B|Pte\.?|Pty\.?)\s*$",
    re.IGNORECASE,
)
# legal forms that are words too, written without dots ("Golden Lotus Spa" is a spa, "Tea Co"
# may be a shop): a name and the same name with one of them are not one company
WORD_FORMS = frozenset({"spa", "co"})
# contacts a name without its legal form may stand for, at most; more and none is matched
LEGAL_FORM_CANDIDATES = 50
# the vendor's first words tried at most as a company's whole name (``_ocr_company_at_start``)
NAME_START_WORDS = 6
# what a name's last word may carry after it: "Skyward Air Ltd, Dublin Airport"
NAME_END_MARKS = ",;:·|-–—/"
# words that join two names into one ("Müller & Sohn", "dean and david", "Moët et Chandon")
JOINING_WORDS = frozenset({"&", "+", "and", "und", "et", "y", "e", "en", "og", "och", "of"})
# a VAT id shorter than this (without its country prefix) is not evidence enough
VAT_MIN_LENGTH = 6
VAT_COUNTRY_PREFIX = re.compile(r"^([A-Z]{2})(?=[0-9])")
# the receipt's tax lines kept on the expense, at most
MAX_TAX_LINES = 10
# a receipt in another currency than the expense's is compared with the amount claimed at the
# company's rate of the receipt's date: a rate older than this says nothing of that day
RATE_MAX_AGE_DAYS = 7
# percent either way beyond the amount tolerance: what a card's rate and foreign fee add
FOREIGN_FEE_PCT = 3.0


def split_legal_form(name):
    """(name, legal form): the name without the legal form it ends with, and that form
    folded ("" without one). "Aldi GmbH & Co. KG" -> ("Aldi", "gmbh&cokg")."""
    name = " ".join((name or "").split())
    forms = []
    while True:
        match = LEGAL_FORM.search(name)
        if not match or match.start() == 0:
            break
        forms.insert(0, match.group(0))
        name = name[: match.start()]
    form = re.sub(r"[\s.,]", "", "".join(forms)).casefold()
    return name, form


def beyond_tolerance(amount, expected, percent, currency):
    """Whether ``amount`` differs from ``expected`` by more than ``percent`` of it (one rounding of
    ``currency`` at least)."""
    allowed = max(abs(expected) * percent / 100.0, currency.rounding)
    return float_compare(abs(amount - expected), allowed, precision_rounding=currency.rounding) > 0


def legal_form_is_a_word(name):
    """Whether the legal form ``name`` ends with is also a word (``WORD_FORMS``) as written:
    "Golden Lotus Spa", "GOLDEN LOTUS SPA", never "Esselunga S.p.A." nor "Esselunga SpA"."""
    core, form = split_legal_form(name)
    written = " ".join((name or "").split())[len(core) :].strip(" ,")
    return form in WORD_FORMS and "." not in written and written != "SpA"


def normalize_vat(value):
    """A VAT id or tax number as compared: upper case, letters and digits only.

    ``DE 123.456.789`` and ``de123456789`` compare equal; so do ``12/345/67890``
    and ``12 345 67890``.
    """
    return re.sub(r"[^0-9A-Z]", "", str(value or "").upper())


def split_vat(normalized):
    """(country prefix or None, the rest) of a normalized VAT id."""
    prefix = VAT_COUNTRY_PREFIX.match(normalized)
    if prefix:
        return prefix.group(1), normalized[2:]
    return None, normalized


# letters a recogniser reads for one another in a receipt number, folded to one
_NUMBER_LOOKALIKES = str.maketrans("OQDILZSBG", "000112586")


def _receipt_number_key(number):
    """A receipt number as compared for duplicates: its letters and digits, upper case, look-alike
    letters folded to the digit (a number of fewer than four is no receipt's own: none)."""
    chars = "".join(ch for ch in (number or "").upper() if ch.isalnum())
    return chars.translate(_NUMBER_LOOKALIKES) if len(chars) >= 4 else None


class HrExpense(models.Model):
    _name = "hr.expense"
    _inherit = ["hr.expense", "hr.ocr.mixin"]

    # ------------------------------------------------------------------
    # Fields: what the OCR service read, beside what the employee typed
    # ------------------------------------------------------------------
    ocr_vendor = fields.Char(string="OCR Vendor", copy=False, readonly=True)
    ocr_vendor_id = fields.Many2one(
        comodel_name="res.partner",
        string="OCR Matched Vendor",
        copy=False,
        readonly=True,
        help="Existing contact with the VAT id printed on the receipt or, when "
        "the receipt prints none that is known, with the vendor's name.",
    )
    ocr_vendor_match = fields.Selection(
        selection=VENDOR_MATCHES,
        string="Vendor Matched By",
        copy=False,
        readonly=True,
        help="The evidence that matched the receipt's vendor to a contact. A VAT "
        "id held by several contacts matches none of them: the expense waits for review.",
    )
    ocr_vendor_confidence = fields.Float(
        string="OCR Vendor Confidence",
        digits=(3, 2),
        copy=False,
        readonly=True,
        help="How sure the reading is that this line names the seller. A vendor read with less "
        "than the minimum confidence is shown but never filled in, unless its VAT id matched.",
    )
    ocr_vendor_vat = fields.Char(
        string="OCR Vendor VAT ID",
        groupable=False,
        copy=False,
        readonly=True,
        help="The seller's VAT id or tax number as printed on the receipt.",
    )
    ocr_vendor_vat_confidence = fields.Float(
        string="OCR Vendor VAT ID Confidence",
        digits=(3, 2),
        copy=False,
        readonly=True,
        help="A VAT id read with less than the minimum confidence is shown but "
        "never used to match a contact.",
    )
    # indexed: every job's duplicate search, and a rate's re-audit of its week, look expenses
    # up by the date read (a sequential scan of every expense otherwise)
    ocr_date = fields.Date(string="OCR Date", copy=False, readonly=True, index="btree_not_null")
    ocr_total = fields.Monetary(
        string="OCR Total", currency_field="ocr_currency_id", copy=False, readonly=True
    )
    ocr_tax = fields.Monetary(string="OCR Tax", currency_field="ocr_currency_id", copy=False, readonly=True)
    ocr_subtotal = fields.Monetary(
        string="OCR Subtotal",
        currency_field="ocr_currency_id",
        copy=False,
        readonly=True,
    )
    ocr_net = fields.Monetary(
        string="OCR Net",
        currency_field="ocr_currency_id",
        copy=False,
        readonly=True,
        help="The amount before tax printed on the receipt.",
    )
    ocr_tax_lines = fields.Json(
        string="OCR Tax Lines",
        copy=False,
        readonly=True,
        help="Technical: the receipt's tax lines (rate, base, amount) as decimal strings.",
    )
    ocr_tax_lines_summary = fields.Char(
        string="OCR Tax Lines Summary",
        compute="_compute_ocr_tax_lines_summary",
        help="The tax lines printed on the receipt: rate, tax amount and the base it is taken on.",
    )
    ocr_currency_code = fields.Char(string="OCR Currency Code", copy=False, readonly=True, groupable=False)
    ocr_currency_id = fields.Many2one(
        comodel_name="res.currency",
        string="OCR Currency",
        copy=False,
        readonly=True,
    )
    ocr_currency_confidence = fields.Float(
        string="OCR Currency Confidence",
        digits=(3, 2),
        copy=False,
        readonly=True,
        help="A currency read with less than the minimum confidence is shown but never filled in.",
    )
    ocr_receipt_number = fields.Char(string="OCR Receipt No", copy=False, readonly=True, groupable=False)
    ocr_split_origin_id = fields.Many2one(
        comodel_name="hr.expense",
        string="Split From",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The expense this one was split from (Split): the parts share one receipt, and "
        "their amounts together are compared with its total.",
    )
    ocr_date_typed = fields.Boolean(
        groupable=False,
        copy=False,
        readonly=True,
        help="Technical: the expense date was set by a person, not by default.",
    )
    ocr_filled_fields = fields.Char(
        string="Filled by OCR",
        groupable=False,
        copy=False,
        readonly=True,
        help="Expense fields that were empty and were filled from the receipt.",
    )
    ocr_enabled = fields.Boolean(
        string="Receipt Digitization On",
        help="Technical: receipts may be scanned (the digitization setting is not off); the "
        "scan buttons show only then.",
    )

    # ------------------------------------------------------------------
    # Fields: audit
    # ------------------------------------------------------------------
    ocr_flag_amount = fields.Boolean(string="Amount Mismatch", copy=False, readonly=True)
    ocr_flag_date = fields.Boolean(string="Date Mismatch", copy=False, readonly=True)
    ocr_flag_currency = fields.Boolean(string="Currency Mismatch", copy=False, readonly=True)
    ocr_converted_total = fields.Monetary(
        string="OCR Total Converted",
        currency_field="currency_id",
        copy=False,
        readonly=True,
        help="The receipt's total, in another currency than the expense's, converted into the "
        "expense's at the company's rates of the receipt's date (when the database has rates of "
        "that week): the amount claimed is compared with it.",
    )
    ocr_converted_rate_date = fields.Date(string="OCR Rate Date", copy=False, readonly=True, groupable=False)
    ocr_flag_low_confidence = fields.Boolean(string="Low OCR Confidence", copy=False, readonly=True)
    ocr_flag_currency_unsure = fields.Boolean(
        string="Receipt Currency Not Read",
        copy=False,
        readonly=True,
        help="The receipt prints no currency the service could read (it only guessed one from "
        "the country's words, or found none): its amount was not filled in under any currency, "
        "and an amount typed or applied was not checked in the receipt's currency.",
    )
    ocr_flag_several_receipts = fields.Boolean(
        string="Several Receipts on One Page",
        copy=False,
        readonly=True,
        help="The page read seems to hold more than one receipt (two slips scanned side by side, "
        "or one above the other): nothing read from it was filled in, since one slip's total with "
        "the other's date would match neither. Attach each receipt to an expense of its own.",
    )
    ocr_no_payment = fields.Selection(
        selection=NO_PAYMENT_KINDS,
        string="Records No Payment",
        copy=False,
        readonly=True,
        help="The document read says it records no payment, and what it is (a quote, a bill not "
        "paid yet, a declined card payment...): nothing read from it was filled in, since its "
        "total is no money spent. Attach the receipt of the payment instead.",
    )
    ocr_flag_duplicate = fields.Boolean(string="Duplicate Receipt", copy=False, readonly=True)
    ocr_flag_receipt_changed = fields.Boolean(
        string="Receipt Changed Since Scan",
        copy=False,
        readonly=True,
        help="The receipt that was read was deleted or replaced after the expense was "
        "submitted: what was read, and its audit, are of a document no longer attached.",
    )
    ocr_flag_tax = fields.Boolean(
        string="Receipt Totals Disagree",
        copy=False,
        readonly=True,
        help="The receipt's net amount and tax do not add up to its total, its tax "
        "lines to its tax, or a line's tax to its rate of its base: one of them was "
        "misread or misprinted.",
    )
    ocr_flag_expense_tax = fields.Boolean(
        string="Tax Rates Differ from Receipt",
        copy=False,
        readonly=True,
        help="The expense's tax rates (from its category) are not the rates the "
        "receipt charges. Checked only when the expense has taxes and the receipt "
        "prints the rate of each tax line and its figures add up.",
    )
    ocr_flag_reimbursed_unchecked = fields.Boolean(
        string="Amount Reimbursed Not Checked",
        copy=False,
        readonly=True,
        help="The database has no rates of the receipt's week to check the amount reimbursed, in "
        "the company's currency, with: Odoo's conversion of the expense's amount was made at an "
        "older rate (or at 1, without any), or the amount is not Odoo's conversion (typed apart: a "
        "rate of the employee's; or converted at a rate since entered or corrected).",
    )
    ocr_flag_vendor = fields.Boolean(
        string="Vendor Differs from Receipt",
        copy=False,
        readonly=True,
        help="The expense's vendor is another company than the contact the receipt names: matched "
        "by its VAT id, or by its name read with at least the minimum confidence.",
    )
    ocr_duplicate_expense_ids = fields.Many2many(
        comodel_name="hr.expense",
        string="Possible Duplicates",
        compute="_compute_ocr_duplicate_expense_ids",
        help="Other expenses with the same receipt that you may open.",
    )
    ocr_duplicate_hidden_count = fields.Integer(
        string="Duplicates You Cannot Open",
        compute="_compute_ocr_duplicate_expense_ids",
    )
    ocr_duplicate_note = fields.Char(
        string="Duplicate Receipt Note",
        compute="_compute_ocr_duplicate_expense_ids",
    )
    ocr_audit_status = fields.Selection(
        selection=[
            ("none", "Not Checked"),
            ("ok", "Matches Receipt"),
            ("review", "Needs Review"),
            ("mismatch", "OCR Mismatch"),
            ("failed", "OCR Failed"),
        ],
        string="Receipt Audit",
        compute="_compute_ocr_audit_status",
        store=True,
        index=True,
    )
    ocr_audit_summary = fields.Char(
        string="Audit Findings",
        compute="_compute_ocr_audit_summary",
        # (as the stored verdict is: the contact proposed may be one the reader cannot open)
        compute_sudo=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(*AUDIT_VERDICT_DEPENDS)
    def _compute_ocr_audit_status(self):
        for expense in self:
            expense.ocr_audit_status = expense._ocr_audit_verdict()

    # (the date's finding says why a receipt's date was not filled: ``_ocr_old_receipt_date_left``)
    @api.depends(*AUDIT_STATUS_DEPENDS, "date", "ocr_date", "ocr_date_typed")
    @api.depends_context("lang")
    def _compute_ocr_audit_summary(self):
        # (computed as it is read, in the reader's language: stored, it stayed in the language of
        # whoever's edit or job audited the expense last)
        for expense in self:
            expense.ocr_audit_summary = "; ".join(expense._ocr_audit_findings()[1]) or False

    def _ocr_audit_findings(self):
        """(status, findings): the receipt audit's verdict and what it found, in words."""
        self.ensure_one()
        findings = []
        if self.ocr_flag_amount:
            findings.append(_("amount differs from the receipt"))
        if self.ocr_flag_date and self._ocr_old_receipt_date_left():
            findings.append(
                _(
                    "date differs from the receipt, dated too long before the expense to be "
                    "filled automatically"
                )
            )
        elif self.ocr_flag_date:
            findings.append(_("date differs from the receipt"))
        if self.ocr_flag_currency and self.ocr_currency_id and not self.ocr_currency_id.active:
            findings.append(
                _(
                    "the receipt is in %(currency)s, a currency not active in this "
                    "database: an administrator activates it (Invoicing, "
                    "Configuration, Currencies) or applies the receipt's values",
                    currency=self.ocr_currency_id.name,
                )
            )
        elif self.ocr_flag_currency and self.ocr_converted_rate_date:
            findings.append(
                _(
                    "the receipt is in %(currency)s: its total is %(converted)s at the rates of "
                    "%(date)s, the amount claimed differs by more than the tolerance and a "
                    "card's fees",
                    currency=self.ocr_currency_code or self.ocr_currency_id.name,
                    converted=format_amount(self.env, self.ocr_converted_total, self.currency_id),
                    date=format_date(self.env, self.ocr_converted_rate_date),
                )
            )
        elif self.ocr_flag_currency:
            findings.append(
                _(
                    "the receipt is in %(currency)s",
                    currency=self.ocr_currency_code or self.ocr_currency_id.name,
                )
            )
        if self.ocr_flag_vendor:
            findings.append(
                _(
                    "the vendor differs from the receipt's, %(vendor)s",
                    vendor=self.ocr_vendor_id.commercial_partner_id.display_name,
                )
            )
        if self.ocr_flag_duplicate:
            findings.append(_("the same receipt is on another expense"))
        if self.ocr_flag_tax:
            findings.append(_("the receipt's net amount, tax and total do not add up"))
        if self.ocr_flag_reimbursed_unchecked and self._ocr_reimbursed_typed_apart(self._ocr_split_parts()):
            findings.append(
                _(
                    "the amount reimbursed in %(currency)s is not Odoo's conversion of the amount "
                    "at the expense's date, and no rates of the receipt's week can check it",
                    currency=self.company_currency_id.name,
                )
            )
        elif self.ocr_flag_reimbursed_unchecked:
            findings.append(
                _(
                    "the amount reimbursed in %(currency)s was converted with no rates of the "
                    "receipt's week (an older rate, or 1 without any): not checked",
                    currency=self.company_currency_id.name,
                )
            )
        if self.ocr_flag_expense_tax:
            findings.append(
                _(
                    "the receipt charges %(receipt)s tax, the expense's taxes %(expense)s",
                    receipt=" + ".join(f"{rate} %" for rate in self._ocr_receipt_tax_rates()),
                    expense=" + ".join(f"{rate} %" for rate in self._ocr_expense_tax_rates()),
                )
            )
        if self.ocr_vendor_match == "vat_ambiguous":
            findings.append(_("the VAT id on the receipt belongs to several contacts"))
        if self.ocr_vendor_match == "name_ambiguous":
            findings.append(_("several different contacts have the vendor's name"))
        if self.ocr_vendor_match == "addressee":
            findings.append(_("the vendor read is the company or the employee: the invoice's addressee"))
        if self._ocr_vendor_proposed_only():  # (a contact's name, or the start of the name)
            company = self.ocr_vendor_id.display_name
            findings.append(
                _(
                    "the vendor read is the name of a contact of %(company)s: is it the seller?",
                    company=company,
                )
                if self.ocr_vendor_match == "contact_name"
                else _(
                    "the vendor read begins with the name of %(company)s: is it the seller?", company=company
                )
            )
        if self.ocr_total < 0:
            findings.append(_("the receipt's total is negative: a refund, or a misread sign"))
        if self.ocr_flag_several_receipts:
            findings.append(
                _("the attachment seems to hold more than one receipt: nothing read was filled in")
            )
        if self.ocr_no_payment:
            findings.append(self._ocr_no_payment_finding())
        # (a page of several receipts, or a document of no payment, is doubtful whatever its
        # confidence: the findings above say why, not that it was hard to read)
        if self.ocr_flag_low_confidence and not self._ocr_document_doubted():
            findings.append(_("receipt hard to read"))
        if self.ocr_flag_currency_unsure and float_is_zero(
            self.total_amount_currency, precision_rounding=self.currency_id.rounding
        ):
            findings.append(_("the receipt's currency was not read: its amount waits for a person"))
        elif self.ocr_flag_currency_unsure:
            findings.append(
                _("the receipt's currency was not read: the amount claimed was not checked in it")
            )
        if self.ocr_flag_receipt_changed:
            findings.append(_("the receipt read was deleted or replaced after submission"))
        return self._ocr_audit_verdict(), findings

    def _ocr_no_payment_finding(self):
        """The audit's words for a document that says it records no payment, by what it is."""
        self.ensure_one()
        words = {
            "quote": _(
                "the attachment reads as a quote or an estimate, which records no payment: "
                "nothing read was filled in"
            ),
            "unpaid": _(
                "the attachment reads as a bill not paid yet, which records no payment: "
                "nothing read was filled in"
            ),
            "delivery_note": _(
                "the attachment reads as a delivery note, which records no payment: "
                "nothing read was filled in"
            ),
            "till_report": _(
                "the attachment reads as a till's report, which records no payment: "
                "nothing read was filled in"
            ),
            "training": _(
                "the attachment reads as a till's slip in training mode, which records no payment: "
                "nothing read was filled in"
            ),
            "payslip": _(
                "the attachment reads as a payslip, which records no payment: nothing read was filled in"
            ),
            "statement": _(
                "the attachment reads as an account or a card statement, which records no payment "
                "of its own: nothing read was filled in"
            ),
            "bottle_voucher": _(
                "the attachment reads as a bottle-return voucher, which records no payment: "
                "nothing read was filled in"
            ),
            "pre_authorisation": _(
                "the attachment reads as a card pre-authorisation, which records no payment: "
                "nothing read was filled in"
            ),
            "cancelled": _(
                "the attachment reads as a cancellation slip, which records no payment: "
                "nothing read was filled in"
            ),
            "declined": _(
                "the attachment reads as a declined card payment, which records no payment: "
                "nothing read was filled in"
            ),
            "tax_refund": _(
                "the attachment reads as a tax-free shopping form, which records no payment of its "
                "own: nothing read was filled in"
            ),
            "menu": _(
                "the attachment reads as a menu or a price list, which records no payment: "
                "nothing read was filled in"
            ),
            "not_a_receipt": _("the attachment says it is no receipt: nothing read was filled in"),
        }
        return words.get(self.ocr_no_payment) or _(
            "the attachment reads as a document that records no payment: nothing read was filled in"
        )

    def _ocr_audit_verdict(self):
        """The receipt audit's verdict: from its flags and the vendor's match alone (no words,
        no search), what ``AUDIT_VERDICT_DEPENDS`` lists."""
        self.ensure_one()
        if self.ocr_state == "failed":
            status = "failed"
        elif self.ocr_state not in ("done", "needs_review"):
            status = "none"
        elif self.ocr_flag_amount or self.ocr_flag_date or self.ocr_flag_currency or self.ocr_flag_vendor:
            status = "mismatch"
        elif (
            self.ocr_flag_duplicate
            or self.ocr_flag_low_confidence
            or self.ocr_flag_currency_unsure
            or self._ocr_document_doubted()
            or self.ocr_flag_receipt_changed
            or self.ocr_flag_tax
            or self.ocr_flag_expense_tax
            or self.ocr_flag_reimbursed_unchecked
            or self.ocr_vendor_match in ("vat_ambiguous", "name_ambiguous", "addressee")
            or self._ocr_vendor_proposed_only()
            or self.ocr_state == "needs_review"
        ):
            status = "review"
        else:
            status = "ok"
        return status

    @api.depends("ocr_tax_lines")
    def _compute_ocr_tax_lines_summary(self):
        for expense in self:
            parts = []
            for line in expense.ocr_tax_lines or []:
                values = {
                    "rate": line.get("rate"),
                    "amount": line.get("amount"),
                    "base": line.get("base"),
                }
                if values["rate"] and values["base"]:
                    parts.append(_("%(rate)s %%: %(amount)s on %(base)s", **values))
                elif values["rate"]:
                    parts.append(_("%(rate)s %%: %(amount)s", **values))
                elif values["base"]:
                    parts.append(_("%(amount)s on %(base)s", **values))
                else:
                    parts.append(values["amount"])
            expense.ocr_tax_lines_summary = "; ".join(parts) or False

    @api.depends(
        "ocr_flag_duplicate",
        "ocr_vendor",
        "ocr_vendor_vat",
        "ocr_date",
        "ocr_total",
        "attachment_ids",
    )
    @api.depends_context("uid")
    def _compute_ocr_duplicate_expense_ids(self):
        for expense in self:
            # found across employees, shown only where the user may look
            duplicates = self.browse()
            if expense.ocr_flag_duplicate:
                duplicates = expense.sudo()._ocr_find_duplicates()
            visible = duplicates.with_env(self.env)._filtered_access("read")
            hidden = len(duplicates) - len(visible)
            expense.ocr_duplicate_expense_ids = visible
            expense.ocr_duplicate_hidden_count = hidden
            if hidden and not visible:
                note = _(
                    "The same receipt is on %(count)s other expense(s) that you cannot "
                    "open; your approver sees them.",
                    count=hidden,
                )
            elif hidden:
                note = _(
                    "The same receipt is on %(visible)s other expense(s) you can open "
                    "and %(count)s that you cannot; your approver sees them all.",
                    visible=len(visible),
                    count=hidden,
                )
            elif visible:
                note = _("The same receipt is on %(count)s other expense(s).", count=len(visible))
            else:
                note = False
            expense.ocr_duplicate_note = note

    # ------------------------------------------------------------------
    # CRUD: remember when a person sets the date
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_ocr_write(self, vals, creating=True)
            if vals.get("date") and not ocr_writing_now():
                default_date = fields.Date.context_today(self)
                if fields.Date.to_date(vals["date"]) != default_date:
                    vals["ocr_date_typed"] = True
        return super().create(vals_list)

    def write(self, vals):
        check_ocr_write(self, vals)
        typed = not ocr_writing_now()
        if "date" in vals and typed:
            vals = dict(vals, ocr_date_typed=True)
        res = super().write(vals)
        if "sheet_id" in vals:
            self._ocr_forget_changed_receipt()
        # a value changed after the receipt was read is compared with it again: the audit
        # vouches for what the expense says now ("Matches Receipt" for an amount typed later
        # was never checked), and a mismatch put right is cleared
        if typed and AUDITED_FIELDS.intersection(vals):
            # (the parts of a split may be other employees' expenses)
            audited = self.browse().sudo()
            for expense in self.sudo():
                audited |= expense._ocr_split_parts() if expense.id else expense
            audited = audited.filtered(lambda e: e.ocr_state in ("done", "needs_review"))
            if audited:
                audited._ocr_audit()
        return res

    def unlink(self):
        # the expenses that shared a receipt with these may no longer share it; the parts of a
        # split they belonged to are compared with the receipt without them
        self._ocr_leave_split()
        others = self._ocr_sharing_receipt()  # (once out of their split, its parts share it)
        res = super().unlink()
        (others - self).exists()._ocr_refresh_duplicate_flags()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @writes_ocr_fields
    def action_ocr_scan(self):
        """Button "Scan receipt" / "Re-scan", and the list action."""
        self.check_access("write")
        if self._ocr_digitize_mode() == "off":
            raise UserError(_("Receipt digitization is turned off in the Expenses settings."))
        with_receipt = self.filtered(lambda e: e._ocr_get_attachment())
        if not with_receipt:
            raise UserError(_("Attach a receipt before scanning it."))
        expenses = with_receipt.filtered(lambda e: e.state in SCANNABLE_STATES and e.is_editable)
        if not expenses:
            raise UserError(
                _(
                    "A receipt is scanned before the expense is submitted: once "
                    "submitted or approved, it is not read again."
                )
            )
        running = expenses.filtered(
            lambda e: e.ocr_checksum == e._ocr_get_attachment().checksum and e._ocr_waiting_on_live_job()
        )
        expenses -= running
        expenses._ocr_reset_result()
        expenses.sudo().write({"ocr_cron_retries": 0, "ocr_jobs_lost": 0})
        expenses._ocr_enqueue(force=True)
        skipped = len(self) - len(expenses)
        message = _("%(count)s receipt(s) queued for OCR.", count=len(expenses))
        if skipped:
            message = _(
                "%(count)s receipt(s) queued for OCR; %(skipped)s skipped (no receipt, "
                "already being read, or submitted).",
                count=len(expenses),
                skipped=skipped,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info" if expenses else "warning",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_ocr_apply_values(self):
        """Button "Apply OCR values": replace the typed values by the receipt's.

        A receipt in a currency that is not active is applied only by a user
        who may activate that currency (it is then activated); anyone else is
        told what an administrator must do.
        """
        self.ensure_one()
        self.check_access("write")
        if self.ocr_state not in ("done", "needs_review"):
            raise UserError(_("This expense has no OCR values to apply."))
        if not self.is_editable:
            raise UserError(_("You cannot edit this expense anymore."))
        if self.ocr_flag_receipt_changed:
            raise UserError(
                _("The receipt that was read was deleted or replaced: its values are not applied.")
            )
        currency = self.ocr_currency_id
        if currency and not currency.active and not self.product_has_cost:
            if not self.env["res.currency"].has_access("write"):
                raise UserError(
                    _(
                        "The receipt is in %(currency)s, a currency that is not active in "
                        "this database. Ask an administrator to activate %(currency)s "
                        "(Invoicing, Configuration, Currencies) or to apply the "
                        "receipt's values.",
                        currency=currency.name,
                    )
                )
            currency.active = True
        vals = self._ocr_values_to_write(only_empty=False)
        self._ocr_lock_for_result()  # (a statement that fails with ids only, not the amounts read)
        self._ocr_write_receipt_values(vals)
        if not AUDITED_FIELDS.intersection(vals):  # else write has audited it
            self._ocr_audit()
        return True

    def action_ocr_show_duplicates(self):
        """Link "see the other expenses": this one beside those with its receipt."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Same Receipt"),
            "res_model": "hr.expense",
            "view_mode": "list,form",
            "domain": [("id", "in", (self | self.ocr_duplicate_expense_ids).ids)],
        }

    # ------------------------------------------------------------------
    # OCR hooks
    # ------------------------------------------------------------------
    def _ocr_doc_type(self):
        return "receipt"

    def _ocr_get_attachment(self):
        """The expense's receipt: the file read (or being read) while it is attached, else the
        main attachment (what Attach Receipt set), else the first file. Not simply the main
        attachment: the attachment viewer makes the file last looked at the main one, and a
        scan waiting for the service must not be dropped as "replaced" because someone looked
        at another file, nor Re-scan read that file."""
        self.ensure_one()
        read = self.ocr_attachment_id.sudo().exists()
        if read and read.res_model == self._name and read.res_id == self.id and not read.res_field:
            return read
        attachment = self.message_main_attachment_id.exists()
        if not attachment or attachment.res_model != self._name or (attachment.res_id != self.id):
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .search(
                    [("res_model", "=", self._name), ("res_id", "=", self.id)],
                    order="id",
                    limit=1,
                )
            )
        return attachment.sudo()

    @api.model
    def _ocr_backlog_domain(self):
        # expenses still editable, with a receipt, never scanned; (a subquery of the receipts:
        # ``attachment_ids != False`` reads the owner of every expense's file first and pastes
        # their ids into the search)
        files = (
            self.env["ir.attachment"]
            .sudo()
            ._search([("res_model", "=", "hr.expense"), ("res_field", "=", False)])
        )
        return [
            ("ocr_state", "=", "not_scanned"),
            ("state", "in", SCANNABLE_STATES),
            ("id", "in", files.subselect("res_id")),
        ]

    @api.model
    def _ocr_retry_domain(self):
        return [("state", "in", SCANNABLE_STATES)]

    @writes_ocr_fields
    def _ocr_reset_result(self):
        # only expenses still open to change: an approved one keeps its audit
        expenses = self.filtered(lambda e: e.state in SCANNABLE_STATES)
        others = expenses._ocr_sharing_receipt()
        expenses.sudo().write(
            {
                "ocr_vendor": False,
                "ocr_vendor_id": False,
                "ocr_vendor_match": False,
                "ocr_vendor_confidence": 0.0,
                "ocr_vendor_vat": False,
                "ocr_vendor_vat_confidence": 0.0,
                "ocr_date": False,
                "ocr_total": 0.0,
                "ocr_tax": 0.0,
                "ocr_subtotal": 0.0,
                "ocr_net": 0.0,
                "ocr_tax_lines": False,
                "ocr_currency_code": False,
                "ocr_currency_id": False,
                "ocr_currency_confidence": 0.0,
                "ocr_receipt_number": False,
                "ocr_confidence": 0.0,
                "ocr_flag_amount": False,
                "ocr_flag_date": False,
                "ocr_flag_currency": False,
                "ocr_flag_low_confidence": False,
                "ocr_flag_currency_unsure": False,
                "ocr_flag_several_receipts": False,
                "ocr_no_payment": False,
                "ocr_flag_duplicate": False,
                "ocr_flag_receipt_changed": False,
                "ocr_flag_tax": False,
                "ocr_flag_expense_tax": False,
                "ocr_flag_reimbursed_unchecked": False,
                "ocr_flag_vendor": False,
                "ocr_converted_total": 0.0,
                "ocr_converted_rate_date": False,
                "ocr_filled_fields": False,
            }
        )
        (others - expenses)._ocr_refresh_duplicate_flags()
        return True

    @writes_ocr_fields
    def _ocr_apply_result(self, result):
        self.ensure_one()
        data = (result or {}).get("fields") or {}
        field = self._ocr_field
        vendor = field(data, "vendor")[0]
        currency_code = (field(data, "currency")[0] or "").strip().upper()[:3]
        currency = self.env["res.currency"]
        if currency_code:
            currency = (
                self.env["res.currency"]
                .with_context(active_test=False)
                .search([("name", "=", currency_code)], limit=1)
            )
        # fields a service older than the tax lines and VAT id does not send
        # are absent: read as nothing, never as an error
        vendor_vat = normalize_vat(field(data, "vendor_vat")[0])[:32]
        vendor_vat_confidence = self._ocr_min_confidence(data, ("vendor_vat",))
        min_confidence = self._ocr_config_float(self._ocr_config(), "min_confidence")
        partner, match = self._ocr_match_vendor(
            vendor, vat=vendor_vat if vendor_vat_confidence >= min_confidence else None
        )
        # (the contact is kept until the job's end: deleted meanwhile, the write below would fail
        # on its foreign key, and PostgreSQL's error, logged with the statement, would carry the
        # values read; a deletion that won the race fails this lock, not logged, and retries)
        hold_for_reference(partner)
        tax_lines = self._ocr_parse_tax_lines(data.get("tax_lines"))
        total = self._ocr_parse_decimal(field(data, "total")[0])
        tax = self._ocr_parse_decimal(field(data, "tax")[0])
        net = self._ocr_parse_decimal(field(data, "net")[0])
        vals = {
            "ocr_vendor": (vendor or "").strip()[:256] or False,
            "ocr_vendor_id": partner.id,
            "ocr_vendor_match": match,
            "ocr_vendor_confidence": self._ocr_min_confidence(data, ("vendor",)),
            "ocr_vendor_vat": vendor_vat or False,
            "ocr_vendor_vat_confidence": vendor_vat_confidence,
            "ocr_date": self._ocr_parse_date(field(data, "date")[0]),
            "ocr_total": float(total or 0),
            "ocr_tax": float(tax or 0),
            "ocr_subtotal": self._ocr_parse_amount(field(data, "subtotal")[0]),
            "ocr_net": float(net or 0),
            "ocr_tax_lines": tax_lines or False,
            "ocr_flag_tax": not self._ocr_receipt_adds_up(total, net, tax, tax_lines, currency),
            "ocr_currency_code": currency_code or False,
            "ocr_currency_id": currency.id,
            "ocr_receipt_number": (field(data, "receipt_number")[0] or "")[:64] or False,
            # (the service returns such a page's fields at 0.5 at most; nothing is filled from it)
            "ocr_flag_several_receipts": data.get("several_receipts") is True,
            # (a document that says it records no payment, a quote or a declined payment: the same)
            "ocr_no_payment": self._ocr_parse_no_payment(data.get("no_payment")),
            "ocr_confidence": self._ocr_min_confidence(data, KEY_RECEIPT_FIELDS),
            "ocr_currency_confidence": self._ocr_min_confidence(data, ("currency",)),
            "ocr_scanned_at": fields.Datetime.now(),
            "ocr_error": False,
        }
        self.write(vals)
        # fill what the employee left empty, never what they typed, and
        # nothing once the expense is submitted
        fill = self._ocr_values_to_write(only_empty=True) if self.state in SCANNABLE_STATES else {}
        if fill:
            self._ocr_write_receipt_values(fill)
            self.ocr_filled_fields = self._ocr_filled_labels(fill)
        self._ocr_audit()
        # the audit saw what was committed when the job began: a save committed while the
        # service read, on a row the job does not write (a split part's amount, a currency
        # rate corrected), audited the receipts already read, not this one; and jobs run side
        # by side (root.ocr:2) do not see each other's reading: two photos of one receipt read
        # at once found no duplicate. Once this one is committed, audit again from what is
        # committed then (the later of two such jobs sees the other's)
        self.env.cr.postcommit.add(self._ocr_audit_after_commit_hook())
        # as parsed: a total or date absent or the addon cannot read is no value read
        self.ocr_state = "needs_review" if self._ocr_needs_review() else "done"
        return self.ocr_state

    def _ocr_filled_labels(self, names):
        """The expense fields ``names`` filled from the receipt, by the labels the expense form
        shows them under ("Total", not the amount's field "Total In Currency"), in its order."""
        labels = {
            "total_amount_currency": _("Total"),
            "currency_id": _("Currency"),
            "date": _("Expense Date"),
            "vendor_id": _("Vendor"),
        }
        ordered = [name for name in labels if name in names] + sorted(set(names) - set(labels))
        return ", ".join(labels.get(name) or self._fields[name].string for name in ordered)

    def _ocr_needs_review(self):
        """Whether the reading waits for a person: a total or date absent or unreadable (a total
        of zero, a "BALANCE 0.00" picked, would vouch for any amount typed), a negative total (a
        refund slip, or a misread sign), a doubtful reading, a receipt whose currency was not
        read surely (its amount left empty, or typed or applied unchecked), or a receipt dated
        too long before the expense to fill its date (``_ocr_old_receipt_date_left``), a page
        that holds several receipts, or a document that says it records no payment."""
        self.ensure_one()
        refund = self.ocr_total < 0
        return bool(
            not self._ocr_key_read()
            or refund
            or self._ocr_document_doubted()
            or self.ocr_flag_low_confidence
            or self.ocr_flag_currency_unsure
            or self._ocr_old_receipt_date_left()
        )

    def _ocr_key_read(self):
        """Whether the receipt's total and date were read (as parsed: a total of zero is none)."""
        self.ensure_one()
        return bool(self.ocr_total) and bool(self.ocr_date)

    def _ocr_audit_after_commit_hook(self):
        """A function that, in a transaction of its own, audits these expenses and the other
        parts of their split again, and sets the duplicate flags of those sharing their receipt,
        from what is committed (the audit writes only what changed)."""
        registry, ids = self.env.registry, tuple(self.ids)

        def recheck():
            # a concurrent write (the other photo's job, flagging this one): tried again a few
            # times, a moment apart; two jobs that both gave up left two photos of one receipt
            # unflagged
            for attempt in range(1, RECHECK_TRIES + 1):
                try:
                    with registry.cursor() as cr:
                        env = api.Environment(cr, SUPERUSER_ID, {})
                        expenses = env["hr.expense"].browse(ids).exists()
                        parts = expenses.browse()
                        for expense in expenses:
                            parts |= expense._ocr_split_parts()
                        parts.filtered(lambda e: e.ocr_state in ("done", "needs_review"))._ocr_audit()
                        expenses._ocr_refresh_duplicates_around()
                    return
                except CONCURRENCY_ERRORS as exc:
                    if attempt == RECHECK_TRIES:
                        _logger.warning("audit after commit skipped: %s", type(exc).__name__)
                        return
                    time.sleep(random.uniform(0.05, 0.3) * attempt)
                except Exception as exc:  # pylint: disable=broad-except
                    _logger.warning("audit after commit skipped: %s", type(exc).__name__)
                    return

        return recheck

    def _ocr_history_result_values(self):
        # the evidence the vendor was matched by, never the vendor itself
        return {"vendor_match": self.ocr_vendor_match or False}

    def init(self):
        res = super().init()
        cr, registry = self.env.cr, self.env.registry
        # the duplicate search by the receipt's file looks up expenses' attachments by content:
        # Odoo indexes attachments by owner only (every expense's files scanned otherwise)
        create_index(
            cr,
            RECEIPT_CHECKSUM_INDEX,
            "ir_attachment",
            ["checksum"],
            where="res_model = 'hr.expense' AND checksum IS NOT NULL",
        )
        create_index(cr, UNDATED_RECEIPT_INDEX, "hr_expense", ["date"], where="ocr_date IS NULL")
        # the vendor's match looks contacts up by name regardless of case (=ilike) and by VAT
        # id as written (a regular expression): Odoo's btree indexes serve neither; trigram
        # indexes serve both (PostgreSQL's pg_trgm, which Odoo installs where it can)
        if registry.has_trigram:
            # the name as Odoo's searches compare it: unaccented where the database has unaccent;
            # an unaccent PostgreSQL may not index (not immutable) leaves no index of use
            name = None
            if not registry.has_unaccent:
                name = '"name"'
            elif registry.has_unaccent == FunctionStatus.INDEXABLE:
                name = registry.unaccent('"name"')
            # one built for the other case (unaccent added or made immutable since) is rebuilt
            cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [PARTNER_NAME_INDEX])
            built = cr.fetchone()
            if built and (not name or ("unaccent(" in built[0]) != name.startswith("unaccent(")):
                cr.execute(SQL("DROP INDEX %s", SQL.identifier(PARTNER_NAME_INDEX)))
            if name:
                create_index(cr, PARTNER_NAME_INDEX, "res_partner", [f"{name} gin_trgm_ops"], method="gin")
            create_index(
                cr,
                PARTNER_VAT_INDEX,
                "res_partner",
                [VAT_LETTERS_AND_DIGITS % '"vat"' + " gin_trgm_ops"],
                method="gin",
                where='"vat" IS NOT NULL',
            )
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _ocr_parse_amount(self, value):
        amount = self._ocr_parse_decimal(value)
        return float(amount) if amount is not None else 0.0

    @api.model
    def _ocr_parse_decimal(self, value):
        """An amount of the service's answer as a Decimal, or None when absent or unreadable."""
        if value in (None, "", False) or isinstance(value, bool):
            return None
        try:
            amount = Decimal(str(value).replace(",", "").strip())
        except (InvalidOperation, ValueError):
            return None
        return amount if amount.is_finite() else None

    @api.model
    def _ocr_parse_no_payment(self, value):
        """What the service says the document is when it records no payment (``no_payment``): one
        of ``NO_PAYMENT_KINDS``, or False when it says nothing (null, absent: an older service).
        A kind this addon does not know (a newer service's) is "other": it still says no payment
        was made, and dropping it would fill the expense from a quote or a declined payment."""
        if value is None or value is False:
            return False
        code = value.strip() if isinstance(value, str) else value
        if code == "":
            return False
        known = {kind for kind, _label in NO_PAYMENT_KINDS} - {"other"}
        return code if isinstance(code, str) and code in known else "other"

    @api.model
    def _ocr_parse_tax_lines(self, lines):
        """The receipt's tax lines as kept on the expense: decimal strings, or nothing.

        A line without a readable tax amount is dropped; so is anything that is
        not a list of objects (an older service sends no ``tax_lines``).
        """
        if not isinstance(lines, list):
            return []
        parsed = []
        for line in lines[:MAX_TAX_LINES]:
            if not isinstance(line, dict):
                continue
            amount = self._ocr_parse_decimal(line.get("amount"))
            if amount is None:
                continue
            rate = self._ocr_parse_decimal(line.get("rate"))
            base = self._ocr_parse_decimal(line.get("base"))
            confidence = line.get("confidence")
            parsed.append(
                {
                    "rate": format(rate.normalize(), "f") if rate is not None and 0 <= rate <= 100 else None,
                    "base": str(base) if base is not None else None,
                    "amount": str(amount),
                    "confidence": (
                        float(confidence)
                        if isinstance(confidence, int | float) and math.isfinite(confidence)
                        else None
                    ),
                }
            )
        return parsed

    @api.model
    def _ocr_receipt_adds_up(self, total, net, tax, tax_lines, currency=None):
        """Whether the receipt's own figures agree: net + tax = total, the tax
        lines add up to the tax, and each line's tax is its rate of its base.

        Only what the receipt prints is compared; a figure it does not print
        (or an older service does not send) proves nothing either way. Each
        line may be one cent off from rounding.
        """
        # a receipt in no currency read: the expense's (not the company of whoever runs the job)
        expense = self[:1]
        currency = currency or expense.currency_id or expense.company_id.currency_id
        currency = currency or self.env.company.currency_id
        rounding = Decimal(str(currency.rounding or 0.01))
        allowed = rounding * (1 + len(tax_lines or []))
        line_amounts = [Decimal(line["amount"]) for line in tax_lines or []]
        if tax is None and line_amounts:
            tax = sum(line_amounts)
        if total is not None and net is not None and tax is not None and abs(net + tax - total) > allowed:
            return False
        if tax is not None and line_amounts and abs(sum(line_amounts) - tax) > allowed:
            return False
        for line in tax_lines or []:
            if line["rate"] is None or line["base"] is None:
                continue
            expected = Decimal(line["base"]) * Decimal(line["rate"]) / 100
            if abs(expected - Decimal(line["amount"])) > 2 * rounding:
                return False
        return True

    def _ocr_match_vendor(self, vendor, vat=None):
        """Return (partner, evidence): the existing contact the receipt is from
        (``_ocr_match_any_vendor``), never one of the database's own (``_ocr_is_own``).

        An invoice prints whom it is addressed to: the employer's name, VAT id and
        address, the guest's name, a colleague's on a group booking, a sister
        company's. Read as the vendor, they name no seller: the expense gets no
        vendor from the receipt (evidence ``addressee``) and waits for review.
        """
        partner, match = self._ocr_match_any_vendor(vendor, vat=vat)
        own = self._ocr_is_own(partner)
        if own and match == "name_start":
            # the start of a name is too little to say the invoice is addressed to one's own
            # company ("Müller" of "Müller Drogerie"): no contact
            return self.env["res.partner"].browse(), "none"
        if own and match == "vat":
            # the VAT id printed is the customer's: the seller's name may still be known
            partner, match = self._ocr_match_any_vendor(vendor)
            own = not partner or self._ocr_is_own(partner)
        if own:
            return self.env["res.partner"].browse(), "addressee"
        return partner, match

    def _ocr_is_own(self, partner):
        """Whether ``partner`` is one of this database's own: one of its companies (their
        contacts included), the expense's employee, or a colleague (an employee's work contact,
        an internal user's partner). An invoice is addressed to them; it is not paid to them.
        Archived ones too: an invoice addressed to a closed subsidiary, a former employee or an
        archived user still prints their name and VAT id (their contacts stay active)."""
        if not partner:
            return False
        partners = (partner | partner.commercial_partner_id).sudo().with_context(active_test=False)
        companies = self.env["res.company"].sudo().with_context(active_test=False).search([]).partner_id
        if partners & (companies | self._ocr_own_partners()):
            return True
        return bool(partners.employee_ids or partners.user_ids.filtered(lambda user: not user.share))

    def _ocr_own_partners(self):
        """The contacts of the expense's company and of its employee: whom an invoice
        may be addressed to, never whom the expense was paid to."""
        employee = self.employee_id
        own = self.company_id.partner_id | employee.work_contact_id | employee.user_id.partner_id
        return own | own.commercial_partner_id

    def _ocr_match_any_vendor(self, vendor, vat=None):
        """Return (partner, evidence): the existing contact the receipt names.

        The VAT id printed on the receipt decides first: the one company
        holding it (its contacts share it), else the one person holding it.
        A VAT id held by several companies, or by several persons and no
        company, matches none of them (evidence ``vat_ambiguous``) and the
        name is not tried: it could only pick one of them by chance. Without
        a known VAT id the vendor's name decides, as before, skipping contacts
        whose own VAT id says they are someone else; a name several different
        companies (or persons) have matches none of them (``name_ambiguous``).

        Vendors are never created: a typo on a receipt must not add contacts.
        """
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        company_domain = Partner._check_company_domain(self.company_id)
        vat = normalize_vat(vat)
        if vat:
            partners = self._ocr_partners_with_vat(vat, company_domain)
            if len(partners) == 1:
                return partners, "vat"
            if len(partners) > 1:
                return Partner.browse(), "vat_ambiguous"
        name = (vendor or "").strip()[:256]  # as kept in ocr_vendor
        if len(name) < 3:
            return Partner.browse(), "none"

        def same_vendor(partner):
            commercial = partner.commercial_partner_id
            return not (vat and commercial.vat and not self._ocr_vat_matches(vat, commercial))

        for domain in ([("is_company", "=", True)], []):
            # the name as printed, not a pattern: a '%' or '_' read on a receipt
            # must not match every contact of that length
            partners = Partner.search([("name", "=ilike", escape_psql(name))] + domain + company_domain)
            # the company a person of that name belongs to, if this expense may have it and it
            # is still in use (Odoo keeps a contact active when its company is archived), as for
            # a VAT id's holder
            sellers = partners.filtered(same_vendor).commercial_partner_id.filtered_domain(company_domain)
            sellers = sellers.filtered("active")
            if len(sellers) > 1:
                # two companies of one name (a hotel in Berlin and one in Vienna): nothing
                # printed tells which, and a person must choose
                return Partner.browse(), "name_ambiguous"
            # a person's name (the owner's, a cashier account's) names the company they are of,
            # but not for sure (a taxi driver named like a supplier's employee): that company
            # is proposed, not filled (``contact_name``)
            partner = sellers[:1]
            if partner:
                return partner, "name" if partner & partners else "contact_name"
        partner = self._ocr_company_by_name_without_form(name, company_domain).filtered(same_vendor)
        if len(partner) == 1:
            return partner, "name_legal_form"
        if partner:  # the whole name is several companies': none of them, nor a shorter name's
            return Partner.browse(), "none"
        # a company whose whole name is how the vendor's begins ("dean and david" for "dean and
        # david HH Jungfernstieg GmbH", "Marktkauf" for "Marktkauf Lehr"): the branch, the owner,
        # the place printed after the chain's name. Proposed, not filled (``name_start``)
        partner = self._ocr_company_at_start(name, company_domain).filtered(same_vendor)
        if len(partner) == 1:
            return partner, "name_start"
        return Partner.browse(), "none"

    def _ocr_company_at_start(self, name, company_domain):
        """The one company whose name, as printed or with the legal form aside on either side
        (``_ocr_company_by_name_without_form``), is the vendor's first words: the most words that
        name a company, at most ``NAME_START_WORDS`` and fewer than the whole name (without its
        legal form), four letters or digits at least once a legal form is aside. Words joined
        ("Müller & Sohn", "dean and david") are not cut apart, and a legal form printed after
        some words ends the name there ("Markt Süd AG Filiale 12" is no "Markt Süd GmbH"). None
        when the most words that name any name several companies: which one is not printed."""
        Partner = self.env["res.partner"].sudo()
        words = split_legal_form(name)[0].split()
        for count in range(min(len(words) - 1, NAME_START_WORDS), 0, -1):
            last, after = words[count - 1], words[count]
            if last.casefold() in JOINING_WORDS or not any(ch.isalnum() for ch in last):
                continue  # "Müller &", "Skyward Air Ltd ·": the name ends before
            if after.casefold() in JOINING_WORDS:
                continue  # "Müller" of "Müller & Sohn": joined to more, no name ends there
            start = " ".join(words[:count]).rstrip(NAME_END_MARKS)
            core, form = split_legal_form(start)
            if len(re.sub(r"\W", "", core)) < 4:
                break
            companies = Partner.search(
                [("name", "=ilike", escape_psql(start)), ("is_company", "=", True)] + company_domain
            )
            companies |= self._ocr_company_by_name_without_form(start, company_domain)
            companies = companies.filtered("active")
            if companies:
                return companies if len(companies) == 1 else Partner.browse()
            if form:
                break  # the name ends in its legal form: fewer words are another company's
        return Partner.browse()

    def _ocr_company_by_name_without_form(self, name, company_domain):
        """The companies named as the receipt names the vendor once the legal form is set
        aside on both sides ("La Grotta" and "La Grotta GmbH"); never two different forms
        ("Markt Süd GmbH" is not "Markt Süd AG"). None when the name without its form is
        shorter than four characters, or when too many contacts start with it to tell."""
        Partner = self.env["res.partner"].sudo()
        core, form = split_legal_form(name)
        if len(core) < 4:
            return Partner.browse()
        pattern = escape_psql(core)
        # a name without a form, its spacing as printed, was looked for as it is already: only
        # the names it starts then
        names = [("name", "=ilike", pattern + " %")]
        if core != name:
            names = ["|", ("name", "=ilike", pattern)] + names
        # unordered: ordered by name, PostgreSQL may walk every contact in that order when many
        # share the name's words (a quarter of a second at 500,000 contacts, 55,000 "Hotel
        # Adlon ..."); which ones are found does not matter, only whether more than enough are
        partners = Partner.browse(
            Partner._search(
                names + [("is_company", "=", True)] + company_domain,
                limit=LEGAL_FORM_CANDIDATES + 1,
            )
        )
        if len(partners) > LEGAL_FORM_CANDIDATES:
            return Partner.browse()

        def same_name(partner):
            their_core, their_form = split_legal_form(partner.name)
            other_form = bool(form and their_form and form != their_form)
            # a form on one side only that is a word as well says another business may be meant
            word = (form and not their_form and legal_form_is_a_word(name)) or (
                their_form and not form and legal_form_is_a_word(partner.name)
            )
            return their_core.casefold() == core.casefold() and not other_form and not word

        # in use only, whatever the context says (as the matches by name and VAT id)
        return partners.filtered(lambda p: p.active and same_name(p))

    def _ocr_partners_with_vat(self, vat, company_domain):
        """The company (or, when no company holds it, the persons) with this VAT id.

        Contacts of a company share its VAT id: they count as the company.
        Several results mean the VAT id does not tell who the vendor is.
        """
        Partner = self.env["res.partner"].sudo()
        prefix, number = split_vat(vat)
        if len(number) < VAT_MIN_LENGTH:
            return Partner.browse()
        # stored VAT ids are written by hand: compare them normalized, with or
        # without their country prefix
        query = Partner._search(company_domain + [("vat", "!=", False)])
        query.add_where(
            SQL(
                VAT_LETTERS_AND_DIGITS + " ~ %s",
                Partner._field_to_sql(Partner._table, "vat"),
                f"^([A-Z]{{2}})?{number}$",
            )
        )
        candidates = Partner.browse(list(query)).filtered(lambda p: self._ocr_vat_matches(vat, p))
        # the company a contact belongs to, if it is one this expense may have (a contact
        # left without a company by an import leads to another company's vendor) and still
        # in use (an archived vendor's contact may still be active)
        holders = candidates.mapped("commercial_partner_id").filtered_domain(company_domain)
        holders = holders.filtered("active")
        companies = holders.filtered("is_company")
        return companies or holders

    @api.model
    def _ocr_vat_matches(self, vat, partner):
        """Whether the partner's VAT id is the normalized ``vat`` read on a receipt.

        A country prefix on one side only is accepted when it is the partner's
        country (or the partner has none): ``DE123456789`` is ``123456789`` of
        a German or country-less partner, never of an Austrian one.
        """
        own = normalize_vat(partner.vat)
        if not own or not vat:
            return False
        if own == vat:
            return True
        own_prefix, own_number = split_vat(own)
        read_prefix, read_number = split_vat(vat)
        if own_number != read_number or (own_prefix and read_prefix):
            return False
        prefix = own_prefix or read_prefix
        country = (partner.country_id or partner.commercial_partner_id.country_id).code
        # Greece writes EL before its VAT ids
        return not country or country == prefix or (country, prefix) == ("GR", "EL")

    def _ocr_date_is_default(self):
        """Whether the expense date is still the creation-day default: the day the expense was
        created on in the time zone that default was given in, its creator's (the form's and
        ``create``'s), not the time zone of whoever runs this: a job queued by the scheduled
        action runs in its user's (UTC, or none), where an expense created in Auckland in the
        morning or in Los Angeles in the evening was created on another day, and its default
        date was taken for a date typed (the receipt's date not filled, a date mismatch)."""
        self.ensure_one()
        if not self.date:
            return True
        return self.date == self._ocr_created_day() and not self.ocr_date_typed

    def _ocr_created_day(self):
        """The day the expense was created on, in its creator's time zone (the day its default
        date was given: ``_ocr_date_is_default``). A part of a split: the day of the expense it
        was split from, whose date Odoo's copy passed on."""
        self.ensure_one()
        expense = self.sudo()
        expense = expense.ocr_split_origin_id or expense
        creator = expense.create_uid or expense.employee_id.user_id
        in_creators_zone = self.with_context(tz=creator.tz or "UTC")
        return fields.Datetime.context_timestamp(in_creators_zone, expense.create_date).date()

    def _ocr_receipt_too_old(self):
        """Whether the receipt's date is more than *Max Receipt Age to Fill* days
        (``max_receipt_age_days``; 0: never) before the day the expense was created. Such a
        date is not filled automatically: a receipt years older than its expense is rare, a
        year's digit misread with confidence (2018 read 2013) is not, and a wrong date written
        unasked is worse than none."""
        self.ensure_one()
        max_age = int(self._ocr_config_float(self._ocr_config(), "max_receipt_age_days"))
        if not max_age or not self.ocr_date or not self.create_date:
            return False
        return (self._ocr_created_day() - self.ocr_date).days > max_age

    def _ocr_old_receipt_date_left(self):
        """Whether the expense keeps its default date because the receipt's is too old to fill
        (``_ocr_receipt_too_old``): a person looks at it."""
        self.ensure_one()
        return self._ocr_receipt_too_old() and self._ocr_date_is_default()

    def _ocr_values_to_write(self, only_empty=True):
        """Expense values taken from the receipt.

        With ``only_empty`` only empty fields are filled: the amount when it
        is zero (and the category has no fixed cost), the date while it is
        the creation-day default, the vendor and the currency when unset;
        and only from a receipt read with the minimum confidence (its date
        and total), the vendor only when its own confidence, or a VAT id
        matched, vouches for it: a doubtful reading is shown and waits for
        review, never written (*Apply OCR Values* takes it).

        The receipt's amount is written only under the receipt's currency, read
        surely: a currency only guessed (the receipt prints none the service
        could read: it went by the country's words), one read with doubt, none
        at all, or one not active here, leave the amount to the employee (or
        to *Apply OCR Values*), never under another currency. Nothing is
        filled from a receipt whose total or date was not read: it waits for
        review whole.
        """
        self.ensure_one()
        vals = {}
        receipt_currency = self.ocr_currency_id
        currency_set = self.currency_id != self.company_currency_id
        amount_empty = float_is_zero(self.total_amount_currency, precision_rounding=self.currency_id.rounding)
        min_confidence = self._ocr_config_float(self._ocr_config(), "min_confidence")
        currency_sure = self._ocr_currency_sure(min_confidence)
        # (a total of zero or none, or no date: the reading vouches for nothing; nor does a page
        # of several receipts, or a document of no payment, however sure what it came with)
        receipt_sure = self._ocr_reading_vouched(min_confidence) and self._ocr_key_read()
        fill_currency = not only_empty or (
            amount_empty and not currency_set and currency_sure and receipt_sure
        )
        currency = self.currency_id
        if (
            fill_currency
            and receipt_currency.active
            and receipt_currency != self.currency_id
            and not self.product_has_cost
        ):
            vals["currency_id"] = receipt_currency.id
            currency = receipt_currency
        # the currency the receipt's amount is in: read surely, to fill; when a person applies
        # the values, whatever was read (none: the expense's)
        if only_empty:
            amount_currency_ok = currency_sure and self.ocr_currency_code == currency.name
        else:
            amount_currency_ok = not self.ocr_currency_code or self.ocr_currency_code == currency.name
        fill_amount = not only_empty or (amount_empty and receipt_sure)
        # (a negative total, a refund slip, is filled by a person only: an expense claims a cost)
        refund = self.ocr_total < 0 and only_empty
        if fill_amount and amount_currency_ok and not refund and not self.product_has_cost:
            # (a search for the split's parts: only when filling)
            amount = self._ocr_part_of_total(currency)
            if amount:
                vals["total_amount_currency"] = amount
        if "currency_id" in vals and "total_amount_currency" not in vals and not amount_empty:
            # no amount read to write with it (none, or no part of it left): the amount typed
            # is in the expense's currency, and the receipt's under it would read that number
            # in another money
            del vals["currency_id"]
        # (a receipt dated long before the expense was created: more likely a year misread than
        # so old a receipt; it waits for a person, who may apply it)
        fill_date = not only_empty or (
            receipt_sure and self._ocr_date_is_default() and not self._ocr_receipt_too_old()
        )
        if fill_date and self.ocr_date and self.ocr_date != self.date:
            vals["date"] = self.ocr_date
        vendor_sure = self._ocr_vendor_sure(min_confidence)
        fill_vendor = not only_empty or (receipt_sure and vendor_sure and not self.vendor_id)
        if fill_vendor and self.ocr_vendor_id and self.ocr_vendor_id != self.vendor_id:
            vals["vendor_id"] = self.ocr_vendor_id.id
        return vals

    def _ocr_document_doubted(self):
        """Whether the document read vouches for nothing, whatever confidence its reading came
        with: a page of several receipts, or a document that says it records no payment (a
        quote, a declined payment). Nothing read from it is filled, compared or taken as the
        seller."""
        self.ensure_one()
        return bool(self.ocr_flag_several_receipts or self.ocr_no_payment)

    def _ocr_reading_vouched(self, min_confidence):
        """Whether the reading is sure enough to fill and to compare: its key fields read with the
        minimum confidence, and not from a page of several receipts nor from a document that says
        it records no payment (a quote, a declined payment), whatever confidence that came with."""
        self.ensure_one()
        return self.ocr_confidence >= min_confidence and not self._ocr_document_doubted()

    def _ocr_vendor_sure(self, min_confidence):
        """Whether the contact matched (``ocr_vendor_id``) is the seller on its own evidence: a VAT
        id read sure enough to match, or a name the service is sure names the seller (a sure total
        and date say nothing of the name); never a company proposed for one of its contacts' names
        (``contact_name``) or for a name the vendor's begins with (``name_start``), which wait for a
        person; never on a page of several receipts, nor on a document that records no payment."""
        self.ensure_one()
        if (
            not self.ocr_vendor_id
            or self.ocr_vendor_match in PROPOSED_MATCHES
            or self._ocr_document_doubted()
        ):
            return False
        return self.ocr_vendor_match == "vat" or self.ocr_vendor_confidence >= min_confidence

    def _ocr_vendor_proposed_only(self):
        """Whether the vendor proposed is a company one of whose contacts the receipt names
        (``contact_name``), or whose name the vendor's begins with (``name_start``), and the expense
        has no vendor yet: a person decides (one who sets a vendor, that one or another, has)."""
        self.ensure_one()
        return self.ocr_vendor_match in PROPOSED_MATCHES and not self.vendor_id

    def _ocr_currency_sure(self, min_confidence):
        """Whether the receipt's currency was read surely enough to fill an amount under it: at
        the minimum confidence, and above what the service returns a currency it only guessed at
        (whatever the minimum is set to); or, where the company says its receipts without a
        currency are in its own (*Receipts Without a Currency Are in the Company's*), the
        company's currency guessed from the receipt's words: the company vouches for it. A
        guess of another currency, or none, is never sure; nor are currencies printed that
        disagree (the service returns them at ``CURRENCY_DISAGREE`` at most), nor a currency
        read, not guessed, below the minimum (the setting vouches for guesses only)."""
        self.ensure_one()
        code, confidence = self.ocr_currency_code, self.ocr_currency_confidence
        if not code:
            return False
        if confidence > CURRENCY_GUESS:
            return confidence >= min_confidence
        company = self.company_id
        trusted = company.ocr_trust_country_currency and code == company.currency_id.name
        return bool(trusted and confidence > CURRENCY_DISAGREE)

    @writes_ocr_fields
    def _ocr_audit(self):
        """Compare the expense with its receipt and set the audit flags."""
        config = self._ocr_config()
        amount_tolerance = self._ocr_config_float(config, "amount_tolerance_pct")
        date_tolerance = int(self._ocr_config_float(config, "date_tolerance_days"))
        min_confidence = self._ocr_config_float(config, "min_confidence")
        for expense in self.sudo():
            parts = expense._ocr_split_parts()  # one search, for the amount, taxes and duplicates
            flags = {
                "ocr_flag_amount": False,
                "ocr_flag_date": False,
                "ocr_flag_currency": False,
                "ocr_flag_expense_tax": False,
                "ocr_flag_reimbursed_unchecked": False,
                "ocr_converted_total": 0.0,
                "ocr_converted_rate_date": False,
            }
            # the vendor typed against the one the receipt names, surely (its VAT id, or a name
            # read with confidence): as companies, a contact of the same company is no mismatch.
            # A vendor read but matched to no contact, or read with doubt, says nothing
            flags["ocr_flag_vendor"] = bool(
                expense.vendor_id
                and expense._ocr_vendor_sure(min_confidence)
                and expense.vendor_id.commercial_partner_id != expense.ocr_vendor_id.commercial_partner_id
            )
            # an amount or a date left empty because the receipt was too doubtful to fill them
            # is no mismatch: the low confidence sends the expense to review (a page of several
            # receipts is as doubtful, whatever the confidence it came with)
            doubtful = not expense._ocr_reading_vouched(min_confidence)
            # (a negative total, never filled, is left to a person as well, as is the amount of
            # a receipt whose currency was not read surely)
            currency_doubt = not expense._ocr_currency_sure(min_confidence)
            amount_left = (doubtful or currency_doubt or expense.ocr_total < 0) and float_is_zero(
                expense.total_amount_currency, precision_rounding=expense.currency_id.rounding
            )
            # (a category with a fixed cost, mileage or a per diem: its amount is not the receipt's
            # total, which the fill does not write either)
            if expense.ocr_total and not amount_left and not expense.product_has_cost:
                compare_currency = expense.ocr_currency_id or expense.currency_id
                same_currency = compare_currency == expense.currency_id
                if same_currency:
                    claimed = expense._ocr_split_amount(parts)
                    # (parts in several currencies: no sum to compare, a person must look)
                    flags["ocr_flag_amount"] = claimed is None or beyond_tolerance(
                        claimed, expense.ocr_total, amount_tolerance, expense.currency_id
                    )
            # a currency read surely that is not the expense's; one only guessed is no mismatch
            # (a Swiss receipt printing no "CHF", taken for euros), but it vouches for nothing
            # either: the amount, typed or applied, was not checked in the receipt's currency. A
            # category with a fixed cost is not compared with the receipt's total, and Odoo keeps
            # it in the company's currency: a mismatch of currency nobody could clear
            if (
                not currency_doubt
                and not expense.product_has_cost
                and expense.ocr_currency_code != expense.currency_id.name
            ):
                flags["ocr_flag_currency"] = True
                # a receipt in pounds claimed in euros (the card statement's amount): the amount
                # claimed is the receipt's total at the day's rates, give or take a card's fees
                converted = None
                if expense.ocr_total > 0 and not amount_left and not expense.product_has_cost:
                    converted = expense._ocr_converted_total()
                claimed = expense._ocr_split_amount(parts) if converted else None
                if converted and claimed is not None:
                    amount, rate_date = converted
                    flags["ocr_converted_total"] = amount
                    flags["ocr_converted_rate_date"] = rate_date
                    flags["ocr_flag_currency"] = beyond_tolerance(
                        claimed, amount, amount_tolerance + FOREIGN_FEE_PCT, expense.currency_id
                    )
            # the amount reimbursed, in the company's currency: Odoo lets it be typed apart from the
            # expense's own (a rate of the employee's). An expense in another currency than the
            # company's has it compared too: with the receipt's total as it is (a receipt in the
            # company's currency), or at the day's rates give or take a card's fees
            company_currency = expense.company_currency_id
            if (
                expense.ocr_total > 0
                and not amount_left
                and not currency_doubt
                and not expense.product_has_cost
                and company_currency
                and expense.currency_id != company_currency
            ):
                # (the card converted the expense's currency into the company's: its rate and fees,
                # as for a receipt in another currency)
                expected = None
                if expense.ocr_currency_id == company_currency:
                    expected = expense.ocr_total
                else:
                    converted = expense._ocr_converted_total(company_currency)
                    expected = converted[0] if converted else None
                if expected:
                    reimbursed = sum(parts.mapped("total_amount"))
                    if beyond_tolerance(
                        reimbursed, expected, amount_tolerance + FOREIGN_FEE_PCT, company_currency
                    ):
                        flags["ocr_flag_amount"] = True
                else:
                    # no rates of the week to check it with: an amount typed apart from Odoo's
                    # conversion vouches for nothing, and neither does Odoo's own, made at a rate
                    # older than the week or at 1 without any (as _ocr_converted_total's rule),
                    # the fill's included: the amount reimbursed waits for review
                    flags["ocr_flag_reimbursed_unchecked"] = True
            flags["ocr_flag_expense_tax"] = expense._ocr_expense_tax_rates_differ(parts, min_confidence)
            date_left = doubtful and expense._ocr_date_is_default()
            if expense.ocr_date and expense.date and not date_left:
                flags["ocr_flag_date"] = abs((expense.date - expense.ocr_date).days) > date_tolerance
            flags["ocr_flag_low_confidence"] = doubtful
            # (a category with a fixed cost: its amount and currency are not the receipt's, as above;
            # a currency not read leaves nothing unchecked there)
            flags["ocr_flag_currency_unsure"] = (
                currency_doubt and expense.ocr_total > 0 and not doubtful and not expense.product_has_cost
            )
            duplicates = expense._ocr_find_duplicates(parts)
            flags["ocr_flag_duplicate"] = bool(duplicates)
            # only what changed: a re-audit that finds what it found (a rate written for the week, an
            # edit elsewhere) leaves the row, its last editor and its lock as they were
            changed = {}
            for name, value in flags.items():
                field = expense._fields[name]
                if field.convert_to_record(field.convert_to_cache(value, expense), expense) != expense[name]:
                    changed[name] = value
            if changed:
                write_locked(expense, changed)
            # the review follows the flags (an amount typed, a currency read again)
            if expense.ocr_state in ("done", "needs_review"):
                state = "needs_review" if expense._ocr_needs_review() else "done"
                if state != expense.ocr_state:
                    write_locked(expense, {"ocr_state": state})
            # flag the other side too, where its receipt was already audited
            others = duplicates.filtered(
                lambda e: not e.ocr_flag_duplicate and e.ocr_state in ("done", "needs_review")
            )
            if others:
                write_locked(others, {"ocr_flag_duplicate": True})
        return True

    def _ocr_receipt_tax_rates(self, min_confidence=None):
        """The rates (percent, as printed) the receipt charges, or () when a line has none, or
        one was read with less than ``min_confidence`` (or none said: an older service): a rate
        misread is no evidence against the expense's taxes."""
        self.ensure_one()
        lines = [line for line in self.ocr_tax_lines or [] if Decimal(line["amount"])]
        if not lines or any(line["rate"] is None for line in lines):
            return ()
        if min_confidence is not None and any(
            (line.get("confidence") or 0.0) < min_confidence for line in lines
        ):
            return ()
        return tuple(sorted({line["rate"] for line in lines}, key=Decimal, reverse=True))

    def _ocr_expense_tax_rates(self):
        """The percent rates of the expense's taxes, or () when one is not a percentage."""
        self.ensure_one()
        taxes = self.tax_ids.flatten_taxes_hierarchy()
        if not taxes or any(tax.amount_type != "percent" for tax in taxes):
            return ()
        rates = {format(Decimal(str(tax.amount)).normalize(), "f") for tax in taxes}
        return tuple(sorted(rates, key=Decimal, reverse=True))

    def _ocr_expense_tax_rates_differ(self, parts, min_confidence):
        """Whether the expense's tax rates contradict the rates printed on its receipt.

        Only a receipt that can be trusted on tax is compared: it prints the
        rate of each tax line, each read with ``min_confidence`` at least, and its
        figures add up. An expense without taxes (a category without them, a
        database without taxes) is not compared: not every receipt's VAT is reclaimed.
        """
        self.ensure_one()
        if self.ocr_flag_tax:
            return False
        receipt_rates = self._ocr_receipt_tax_rates(min_confidence)
        # the parts of a split expense each carry some of the receipt's rates
        part_rates = [part._ocr_expense_tax_rates() for part in parts]
        if not receipt_rates or not all(part_rates):
            return False
        expense_rates = {rate for rates in part_rates for rate in rates}
        return {Decimal(rate) for rate in receipt_rates} != {Decimal(rate) for rate in expense_rates}

    def _ocr_sharing_receipt(self):
        """The other expenses with the same receipt as these (flagged or not: one whose
        receipt was not read yet is flagged by the other side only)."""
        others = self.browse()
        for expense in self.sudo():
            others |= expense._ocr_find_duplicates()
        return others - self

    def _ocr_refresh_duplicates_around(self, others=None):
        """The duplicate flags of these expenses and of those sharing their receipt, from what
        is there now: a refused expense is no duplicate, one back from refusal is again."""
        around = (others or self.browse()) | self._ocr_sharing_receipt()
        (self | around).exists()._ocr_refresh_duplicate_flags()

    @writes_ocr_fields
    def _ocr_refresh_duplicate_flags(self):
        """Set the duplicate flag of audited expenses from what is there now."""
        audited = self.sudo().filtered(lambda e: e.ocr_state in ("done", "needs_review"))
        flags = {expense: bool(expense._ocr_find_duplicates()) for expense in audited}
        for flag in (True, False):
            changed = audited.filtered(lambda e, flag=flag: flags[e] == flag and e.ocr_flag_duplicate != flag)
            if changed:
                # (the other photo's job may have changed one meanwhile)
                write_locked(changed, {"ocr_flag_duplicate": flag})
        return True

    def _ocr_find_duplicates(self, parts=None):
        """Other expenses, of any employee, with the same receipt.

        Same receipt means the same file content, or the same vendor (its
        name or its VAT id: a logo is read differently from one photo to the
        next, the VAT id is not), or the same receipt number, with the same
        date and total read from it.
        """
        self.ensure_one()
        if not self.id:
            return self.browse()
        duplicates = self.browse()
        # the receipt's file, not every file attached: a trip's approval or agenda attached to
        # its hotel and its taxi makes no two receipts one
        checksum = self._ocr_receipt_checksum()
        if checksum:
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_field", "=", False),
                        ("checksum", "=", checksum),
                        ("res_id", "!=", self.id),
                    ]
                )
            )
            # the same file on another company's expense is that company's matter: its people
            # cannot open this one, nor this one's theirs (as the vendor criteria below)
            duplicates |= (
                self.browse(attachments.mapped("res_id"))
                .exists()
                .filtered(lambda e: e.company_id == self.company_id and e._ocr_receipt_checksum() == checksum)
            )
        if self.ocr_date and self.ocr_total:
            duplicates |= self._ocr_read_alike()
        # the parts of one split expense share their receipt by design
        parts = self._ocr_split_parts() if parts is None else parts
        return duplicates.filtered(lambda e: e.state != "refused") - parts

    def _ocr_read_alike(self):
        """Other expenses of this company whose receipt was read with this date and total and
        this vendor's name, VAT id or receipt number."""
        criteria = []
        # an invoice's addressee (the company, a colleague) names no seller: its name and VAT id
        # are shared by every invoice addressed to it, and say nothing of the receipt
        # (only the name's: a hotel's invoice printing the employer's VAT id names the hotel)
        if self.ocr_vendor and not (self.ocr_vendor_match == "addressee" and self._ocr_name_is_own()):
            # the same name with another VAT id is another seller
            other_vat = (
                ["|", ("ocr_vendor_vat", "=", False), ("ocr_vendor_vat", "=", self.ocr_vendor_vat)]
                if self.ocr_vendor_vat
                else []
            )
            criteria.append([("ocr_vendor", "=ilike", escape_psql(self.ocr_vendor))] + other_vat)
        if self.ocr_vendor_vat and not self._ocr_vat_is_own():
            criteria.append([("ocr_vendor_vat", "=", self.ocr_vendor_vat)])
        # the receipt's own number, whatever vendor was read (none, from a logo): two receipts
        # of one number are one (a number of a few characters is not the receipt's own enough)
        number = self.ocr_receipt_number or ""
        if sum(ch.isalnum() for ch in number) >= 4:
            criteria.append([("ocr_receipt_number", "=", number)])
        same = [
            ("id", "!=", self.id),
            ("ocr_date", "=", self.ocr_date),
            ("ocr_total", "=", self.ocr_total),
            ("company_id", "=", self.company_id.id),
        ]
        found = self.browse()
        for criterion in criteria:
            found |= self.search(same + criterion)
        # two receipts of one seller, day and total that print different numbers are two receipts
        # (colleagues' rooms at one hotel, one set menu for the team, two tickets of a day); a
        # number is compared as a recogniser may misread it (O for 0, I for 1 ...), so that two
        # photos of one receipt stay one
        own = _receipt_number_key(self.ocr_receipt_number)
        if own:
            found = found.filtered(
                lambda e: not (key := _receipt_number_key(e.ocr_receipt_number)) or key == own
            )
        return found

    def _ocr_split_parts(self, refused=False):
        """The expenses this one was split with (Split), itself included; itself alone when
        it was not split. Refused parts are left out, unless ``refused``."""
        self.ensure_one()
        origin = self.ocr_split_origin_id or self
        if not self.id:
            return self
        parts = origin | self.sudo().search([("ocr_split_origin_id", "=", origin.id)])
        if not refused:
            parts = parts.filtered(lambda e: e.state != "refused")
        return (parts | self).with_env(self.env)

    @writes_ocr_fields
    def _ocr_leave_split(self):
        """These expenses leave the split they were part of (deleted, or their receipt changed):
        a part that came from one of them now comes from the first other part, and the parts
        left are compared with the receipt without them."""
        left = self.browse().sudo()
        for expense in self.sudo().filtered(lambda e: e.id):
            # refused parts too: one back from refusal must find its split again
            parts = expense._ocr_split_parts(refused=True).sudo() - expense
            if expense.ocr_split_origin_id:
                expense.ocr_split_origin_id = False
            elif parts:  # the expense the others came from
                heir = parts.sorted(lambda e: (e.state == "refused", e.id))[:1]
                heir.ocr_split_origin_id = False
                (parts - heir).write({"ocr_split_origin_id": heir.id})
            left |= parts
        left = (left - self.sudo()).filtered(
            lambda e: e.ocr_state in ("done", "needs_review") and e.state != "refused"
        )
        if left:
            left._ocr_audit()
        return True

    def _ocr_reaudit_splits(self):
        """The splits these expenses belong to, audited again (one part refused, or back)."""
        parts = self.browse().sudo()
        for expense in self.sudo().filtered("id"):
            group = expense._ocr_split_parts().sudo() | expense
            if len(group) > 1 or expense.ocr_split_origin_id:
                parts |= group
        parts = parts.filtered(lambda e: e.ocr_state in ("done", "needs_review"))
        if parts:
            parts._ocr_audit()

    def _ocr_part_of_total(self, currency=None):
        """The receipt's total less what the other parts of its split claim: the amount this
        expense takes of it (the whole total when it was not split), to be written in
        ``currency`` (by default the expense's). None when that cannot be told: another part
        in another currency, or nothing left of the total for this one."""
        self.ensure_one()
        currency = currency or self.currency_id
        others = (self._ocr_split_parts() - self).sudo() if self.id else self.browse()
        if not others:
            return self.ocr_total
        if any(other.currency_id != currency for other in others):
            return None
        left = self.ocr_total - sum(others.mapped("total_amount_currency"))
        if float_compare(left, 0.0, precision_rounding=currency.rounding) <= 0:
            return None
        return currency.round(left)

    def _ocr_write_receipt_values(self, vals):
        """Write the receipt's values; an expense in another currency than the company's whose
        amount reimbursed was none or Odoo's own conversion gets it converted again at Odoo's rate
        of the expense's date, as the form does when the amount, the currency or the date change.
        Written alone, the amount left it at 0.00 (Odoo 18 takes a saved expense's rate from that
        amount), and a date left the creation day's rate. An amount reimbursed typed apart (the
        card statement's) is the employee's: kept, and audited."""
        own = self.filtered(
            lambda e: (
                not e.is_multiple_currency
                or e.company_currency_id.is_zero(e.total_amount)
                or not e._ocr_reimbursed_typed_apart(e)
            )
        )
        converted = self.filtered(lambda e: e.currency_id != e.company_currency_id)
        if REPORT_TOTALS_FROM.intersection(vals) or (converted and "date" in vals):
            # the reports' stored totals follow: their rows locked first, by a statement that
            # fails unlogged where another transaction changed one meanwhile (another expense of
            # the report read by a second job); its UPDATE failed logged, with the amounts read.
            # Only then: a job that writes no amount leaves the report as it is
            lock_rows(self.sheet_id, "NO KEY UPDATE")
        self.write(vals)
        if not {"total_amount_currency", "currency_id", "date"}.intersection(vals):
            return
        for expense in own.filtered("is_multiple_currency"):
            amount = expense._ocr_odoo_reimbursed()
            if expense.company_currency_id.compare_amounts(expense.total_amount, amount):
                expense.total_amount = amount

    def _ocr_odoo_reimbursed(self):
        """Odoo's own conversion of the expense's amount into the company's currency, at its rate of
        the expense's date (as the form gives it)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return self.currency_id._convert(
            self.total_amount_currency,
            company.currency_id,
            company,
            self.date or fields.Date.context_today(self),
        )

    def _ocr_reimbursed_typed_apart(self, parts):
        """Whether the amount reimbursed (``total_amount``, in the company's currency) of one of
        the parts differs from Odoo's own conversion of its amount at its date now: typed apart
        (a rate of the employee's), or converted at a rate since entered or corrected."""
        return any(
            float_compare(
                abs(part.total_amount - part._ocr_odoo_reimbursed()),
                2 * part.company_currency_id.rounding,
                precision_rounding=part.company_currency_id.rounding,
            )
            > 0
            for part in parts
        )

    def _ocr_converted_total(self, currency=None):
        """(amount, rate date): the receipt's total in ``currency`` (the expense's by default) at
        the rates Odoo converts with on the receipt's date (the expense's when none was read):
        for each currency, the company's own latest rate on or before it, else a shared one
        (``res.currency._get_rates``' choice). The rate date is the older of the two. None when
        a rate so chosen is more than a week older than that date, or there is none (a rate of
        last year, or the default of 1, would vouch for an amount nobody converted)."""
        self.ensure_one()
        receipt_currency, currency = self.ocr_currency_id, currency or self.currency_id
        company = self.company_id or self.env.company
        day = self.ocr_date or self.date
        if not receipt_currency or not day:
            return None
        Rate = self.env["res.currency.rate"].sudo()
        rate_days = []
        for each in (receipt_currency, currency):
            if each == company.currency_id:
                continue
            rate = Rate.search(
                [
                    ("currency_id", "=", each.id),
                    ("company_id", "in", (False, company.root_id.id)),
                    ("name", "<=", day),
                ],
                order="company_id.id, name desc",
                limit=1,
            )
            if not rate or (day - rate.name).days > RATE_MAX_AGE_DAYS:
                return None
            rate_days.append(rate.name)
        amount = receipt_currency._convert(self.ocr_total, currency, company, day, round=False)
        return currency.round(amount), min(rate_days, default=day)

    def _ocr_split_amount(self, parts=None):
        """The amount compared with the receipt's total: the expense's, or with the parts it was
        split into, theirs together. None when the parts are in different currencies: what they
        claim together cannot be told (42.50 in dollars on one, 42.50 in euros on the other)."""
        self.ensure_one()
        parts = self._ocr_split_parts() if parts is None else parts
        if any(part.currency_id != self.currency_id for part in parts):
            return None
        return sum(parts.mapped("total_amount_currency"))

    def _ocr_receipt_checksum(self):
        """The checksum of the expense's receipt: the file read, else the one that would be."""
        self.ensure_one()
        return self.ocr_checksum or self._ocr_get_attachment().checksum or False

    def _ocr_name_is_own(self):
        """Whether the vendor's name read is that of one of the database's own (the addressee's),
        not only the VAT id read beside it."""
        partner, match = self._ocr_match_any_vendor(self.ocr_vendor)
        return bool(partner) and match != "name_start" and self._ocr_is_own(partner)

    def _ocr_vat_is_own(self):
        """Whether the VAT id read is held by one of the database's own (the addressee's)."""
        company_domain = self.env["res.partner"]._check_company_domain(self.company_id)
        return self._ocr_is_own(self._ocr_partners_with_vat(self.ocr_vendor_vat, company_domain))

    def _ocr_on_receipt_uploaded(self, attachments=None):
        """Hook: files were attached in automatic mode: an expense whose receipt was never read
        queues its scan. One whose file read is still attached keeps it: another file is a
        second page, a note, or the new receipt once attached as one (Attach Receipt); not
        whichever file someone last looked at in the attachment viewer. After a failed scan
        the file just attached (``attachments``) is the receipt to read."""
        if splitting_now():
            return self.browse()  # the parts take over the reading (hr_expense_split_wizard)
        expenses = self.filtered(lambda e: e.state in SCANNABLE_STATES)
        failed = expenses.filtered(lambda e: e.ocr_state == "failed")
        renewed = self.browse()
        for expense in failed:
            new = (attachments or self.env["ir.attachment"]).filtered(
                lambda a, expense=expense: a.res_id == expense.id and a.checksum != expense.ocr_checksum
            )
            if new:
                expense._message_set_main_attachment_id(new[-1:], force=True)
                renewed |= expense
        renewed._ocr_on_receipt_changed(replaced=True)
        return (
            (expenses - failed)
            .filtered(lambda e: not (e.ocr_checksum and e._ocr_read_file_attached()))
            ._ocr_enqueue()
        )

    @api.model
    def create_expense_from_attachments(self, attachment_ids=None, view_type="list"):
        # the "Upload" button: the files are attached after they were created, unseen by the
        # upload hook; in automatic mode the new expenses are read at once
        res = super().create_expense_from_attachments(attachment_ids=attachment_ids, view_type=view_type)
        attachments = self.env["ir.attachment"].browse(attachment_ids or [])
        expenses = self.browse(attachments.mapped("res_id")).exists()
        if expenses and self._ocr_digitize_mode() == "auto":
            expenses._ocr_on_receipt_uploaded()
        return res

    def _ocr_read_file_attached(self):
        """Whether a file with the content read (or being read) is still attached."""
        self.ensure_one()
        return bool(
            self.env["ir.attachment"]
            .sudo()
            .search_count(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("res_field", "=", False),
                    ("checksum", "=", self.ocr_checksum),
                ],
                limit=1,
            )
        )

    def _ocr_forget_changed_receipt(self):
        """Expenses open again (taken out of their report, the report reset or deleted) forget
        what was read from a receipt deleted or replaced while they were submitted."""
        flagged = self.exists().filtered(lambda e: e.ocr_flag_receipt_changed and e.state in SCANNABLE_STATES)
        if flagged:
            flagged._ocr_on_receipt_changed()

    def attach_document(self, **kwargs):
        # "Attach Receipt": the file uploaded becomes the expense's receipt (its main attachment;
        # browsing the attachments changes that too, and is no new receipt). Called over RPC with
        # no attachment, the method writes nothing and so checks no access: the hook below, which
        # works with sudo, must not run for expenses the caller may not write
        self.check_access("write")
        res = super().attach_document(**kwargs)
        if kwargs.get("attachment_ids"):
            self._ocr_on_receipt_changed(replaced=True)
        return res

    @writes_ocr_fields
    def _ocr_on_receipt_changed(self, replaced=False):
        """Hook: the receipt read may be gone: its file deleted (no attachment with its content
        is left), or, with ``replaced``, another file made the expense's receipt. An expense
        open to change forgets what was read from it and its audit, which would vouch for a
        document not there; the values it filled stay, as the expense's own. A submitted
        expense keeps them and waits for review (until it is open again: then it forgets
        them too). In automatic mode the receipt the expense shows now is read."""
        changed = self.browse()
        for expense in self.sudo().filtered("ocr_checksum"):
            if replaced:
                gone = expense.message_main_attachment_id.exists().checksum != expense.ocr_checksum
            else:
                gone = expense.ocr_flag_receipt_changed or not expense._ocr_read_file_attached()
            if gone:
                changed |= expense
        open_ = changed.filtered(lambda e: e.state in SCANNABLE_STATES)
        if open_:
            open_._ocr_leave_split()  # its receipt is no longer the one its split shares
            open_._ocr_reset_result()
            open_._ocr_forget_request()
        closed = changed - open_
        closed.sudo().write({"ocr_flag_receipt_changed": True})
        # (submitted while its receipt waited to be read: nothing was read, and nothing will be)
        closed.filtered(lambda e: e.ocr_state in ("queued", "processing")).sudo().write(
            {"ocr_state": "not_scanned", "ocr_job_uuid": False}
        )
        if self and self._ocr_digitize_mode() == "auto":
            self.filtered(lambda e: e.ocr_state == "not_scanned")._ocr_on_receipt_uploaded()
        return changed
