"""Every weight of the receipt scoring, in one table, each with the reason it exists.

The amounts are scored additively: a candidate for the total starts from how strongly
its label names a total and gains or loses for what the rest of the receipt says about
it; the date is scored the same way. Confidences are then built from the winning score
and from whether the figures agree with each other. The values were set against the
synthetic cases in ``tests/receipt`` and checked on the SROIE receipts
(``bench/reports/receipts.md``). ``bench/fit_weights.py`` searches the vendor's weights on the
tuning parts of the receipt line cache, one weight at a time, and moves one only for a gain of
several receipts: at the values below it finds none.
"""

from __future__ import annotations

from typing import NamedTuple


class Weight(float):
    """A number of the scoring, with the reason it is there."""

    why: str

    def __new__(cls, value: float, why: str) -> Weight:
        weight = super().__new__(cls, value)
        weight.why = why
        return weight


class Weights(NamedTuple):
    # -- the total: how a labelled amount scores ---------------------------------------------
    grand_label: Weight
    total_label: Weight
    label_above: Weight
    table_row: Weight
    after_payment: Weight
    cash_minus_change: Weight
    after_rounding: Weight
    repeated: Weight
    below_a_subtotal: Weight
    subtotal_plus_tax: Weight
    later_of_equals: Weight
    # -- the total: its confidence ---------------------------------------------------------------
    margin_scale: Weight
    strength_base: Weight
    strength_per_point: Weight
    margin_share: Weight
    cash_minus_change_only: Weight
    subtotal_only: Weight
    most_repeated_only: Weight
    rounded_elsewhere: Weight
    # -- subtotal and tax --------------------------------------------------------------------------
    subtotal: Weight
    figures_agree: Weight
    tax_rate_or_base_fits: Weight
    tax_alone: Weight
    agreement_bonus: Weight
    largest_tax_share: Weight
    tax_table_total: Weight
    # -- the vendor --------------------------------------------------------------------------------------
    vendor_after_address: Weight
    vendor_above_address: Weight
    vendor_domain_over: Weight
    vendor_legal_over: Weight
    vendor_legal_form: Weight
    vendor_descriptor: Weight
    vendor_trade_word: Weight
    vendor_address: Weight
    vendor_owner_line: Weight
    vendor_town_line: Weight
    vendor_slogan: Weight
    vendor_numbered: Weight
    vendor_clause_above: Weight
    vendor_recipient: Weight
    vendor_other_company: Weight
    vendor_confirmed: Weight
    vendor_size_factor: Weight
    vendor_max_size_bonus: Weight
    vendor_min_size_bonus: Weight
    vendor_per_earlier: Weight
    vendor_upper_case: Weight
    vendor_lower_case: Weight
    vendor_few_letters: Weight
    vendor_strength_base: Weight
    vendor_strength_per_point: Weight
    # -- the date --------------------------------------------------------------------------------------
    date_label: Weight
    date_issue_label: Weight
    date_with_time: Weight
    date_unambiguous: Weight
    date_negative_label: Weight
    date_compact: Weight
    date_repeated: Weight
    date_per_row: Weight
    date_strength_base: Weight
    date_strength_per_point: Weight
    date_order_guessed: Weight
    date_digits_sure: Weight
    date_digit_worn: Weight


WEIGHTS = Weights(
    grand_label=Weight(3.0, "the label names the grand total (GRAND TOTAL, AMOUNT DUE, NETT ...)"),
    total_label=Weight(2.0, "the label says TOTAL, and is not a subtotal, tax, rounding or discount line"),
    label_above=Weight(-0.3, "the label is on the row above: weaker than a label on the amount's own row"),
    table_row=Weight(-1.0, "several different amounts on the row: a tax summary or a quantity table"),
    after_payment=Weight(-0.8, "printed after the cash and change lines: a summary (tax breakdown, points)"),
    cash_minus_change=Weight(1.5, "cash tendered minus change equals it: that is what was paid"),
    after_rounding=Weight(1.2, "below the rounding line: the rounded amount is the one paid"),
    repeated=Weight(0.3, "the amount is printed more than once (total, then paid by card)"),
    below_a_subtotal=Weight(-1.0, "smaller than a subtotal: a total is never less than its subtotal"),
    subtotal_plus_tax=Weight(0.5, "a subtotal plus a tax adds up to it"),
    later_of_equals=Weight(0.02, "of two equally good totals the later one (scaled by the row's position)"),
    margin_scale=Weight(1.5, "a lead of this many points over the runner-up is a full margin"),
    strength_base=Weight(0.55, "the confidence of a total whose score is nothing but its label"),
    strength_per_point=Weight(0.12, "each point of score adds this much confidence, up to 1"),
    margin_share=Weight(0.25, "how much of the confidence depends on the lead over the runner-up"),
    cash_minus_change_only=Weight(0.6, "no total label read: cash minus change gives the total, unlabelled"),
    subtotal_only=Weight(0.5, "only a subtotal was read, and no tax follows it: it is what was paid"),
    most_repeated_only=Weight(0.35, "nothing but the largest or most repeated amount: a guess"),
    rounded_elsewhere=Weight(0.8, "cash minus change a few cents off: the total was rounded on another line"),
    subtotal=Weight(0.8, "a subtotal is labelled, but nothing checks it yet"),
    figures_agree=Weight(0.95, "subtotal + tax (+ service - discount, rounding) = total"),
    tax_rate_or_base_fits=Weight(
        0.85, "the tax is its printed rate of an amount, or an amount plus it makes the total"
    ),
    tax_alone=Weight(0.6, "a tax labelled, but no other figure confirms it"),
    agreement_bonus=Weight(0.1, "the figures agree: the total is surer (up to 0.99)"),
    largest_tax_share=Weight(0.3, "no tax rate comes near 30 % of the amount paid: larger figures are bases"),
    tax_table_total=Weight(
        0.85, "a labelled total the checked tax table adds up to, chosen over the scored total"
    ),
    vendor_after_address=Weight(-2.0, "below the vendor's address block: a customer, a branch, a title"),
    vendor_above_address=Weight(1.0, "the line just above the address: where the shop's name is printed"),
    vendor_domain_over=Weight(
        0.5, "a header line scoring below this gives way to the web or e-mail domain printed elsewhere"
    ),
    vendor_legal_over=Weight(
        1.0, "a header line scoring below this gives way to the legal name printed further down"
    ),
    vendor_legal_form=Weight(3.0, "ends in a legal form (SDN BHD, GMBH, LTD ...): a business name"),
    vendor_descriptor=Weight(
        -1.0, "a description of the shop (restaurant, hardware ...) rather than its name"
    ),
    vendor_trade_word=Weight(1.0, "a trade word (ENTERPRISE, TRADING, MART ...): names have them"),
    vendor_address=Weight(-3.0, "looks like an address line"),
    vendor_owner_line=Weight(-2.5, "the legal owner printed under the trading name"),
    vendor_town_line=Weight(-3.0, "the address's town printed on a line of its own above it"),
    vendor_slogan=Weight(-3.0, "reads like a slogan or a greeting, not a name"),
    vendor_numbered=Weight(-3.0, "a numbered line (a till, a store number) or a place under the name"),
    vendor_clause_above=Weight(-3.0, "a sentence running on from the line above"),
    vendor_recipient=Weight(
        -4.0, "the addressee of a letter: under the sender's line, after Bill to, above Attn."
    ),
    vendor_other_company=Weight(-2.5, "a legal name other than the issuer the footer names with its VAT id"),
    vendor_confirmed=Weight(3.0, "the footer's legal name or the web or e-mail domain spells it too"),
    vendor_size_factor=Weight(1.5, "larger type than the median line: the name is printed big"),
    vendor_max_size_bonus=Weight(1.0, "type size counts for at most this much"),
    vendor_min_size_bonus=Weight(-0.5, "... and against at most this much"),
    vendor_per_earlier=Weight(-0.3, "each candidate line above it: the name comes first"),
    vendor_upper_case=Weight(0.5, "mostly capitals, as names are printed"),
    vendor_lower_case=Weight(-1.0, "all lower case: a handwritten note or a slogan, rarely the name"),
    vendor_few_letters=Weight(-1.0, "fewer than four letters: a logo's initials or noise"),
    vendor_strength_base=Weight(0.55, "the confidence of a name with nothing for or against it"),
    vendor_strength_per_point=Weight(0.1, "each point of score adds this much confidence (up to 4 points)"),
    date_label=Weight(1.5, "a DATE label on the row"),
    date_issue_label=Weight(1.5, "an invoice or booking date label: the day the document was issued"),
    date_with_time=Weight(1.0, "a time on the row: the sale's timestamp"),
    date_unambiguous=Weight(0.3, "day and month cannot be swapped"),
    date_negative_label=Weight(-2.0, "an expiry, due, best-before or birth date, not the sale's"),
    date_compact=Weight(-1.0, "eight bare digits may be a reference number"),
    date_repeated=Weight(0.5, "each other time the same date is printed"),
    date_per_row=Weight(-0.01, "of two equal dates, the one nearer the top"),
    date_strength_base=Weight(0.7, "the confidence of a date with nothing for or against it"),
    date_strength_per_point=Weight(0.1, "each point of score adds this much confidence, up to 0.99"),
    date_order_guessed=Weight(0.9, "day and month could be swapped and no locale says which comes first"),
    date_digits_sure=Weight(
        0.9, "a date whose least sure digit was read less surely than this loses confidence in proportion"
    ),
    date_digit_worn=Weight(
        0.8, "a date with a digit read less surely than this is a guess: a person checks it"
    ),
)
