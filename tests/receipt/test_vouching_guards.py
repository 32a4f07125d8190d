"""What keeps a receipt's figure from being vouched for: each guard, seen from the fields a user
gets. The addon fills a field at a confidence of 0.8 or more (``FILL``); a figure the others
contradict, or only guessed, must stay under it, or under what it was guessed at."""

from __future__ import annotations

import datetime as dt

from ocr_service.receipt import extract_receipt_fields
from ocr_service.receipt.calibration import CEILING, calibrate, fit

from .synth import extract, receipt, value

FILL = 0.8
SHOP = ["CAFE ROMA", "Main Street 1"]


def raw(rows: list, locale: str | None = None) -> dict:
    """The rules' own confidences, before calibration (what the benchmark fits the maps on)."""
    lines, _width, height = receipt(rows)
    return extract_receipt_fields(lines, page_height=height, locale=locale, calibrate=False)


# -- subtotal + tax = total (tax_check._TaxCheck.agrees) -----------------------------------


def test_a_subtotal_and_tax_that_make_the_total_vouch_for_the_subtotal():
    fields = extract([*SHOP, ("Coffee", "10.00"), ("Subtotal", "10.00"), ("VAT", "2.00"), ("TOTAL", "12.00")])
    assert value(fields, "subtotal") == "10.00"
    assert fields["subtotal"]["confidence"] >= FILL


def test_a_subtotal_and_tax_15_cents_off_the_total_do_not_vouch_for_the_subtotal():
    fields = extract([*SHOP, ("Coffee", "10.00"), ("Subtotal", "10.00"), ("VAT", "2.00"), ("TOTAL", "12.15")])
    assert value(fields, "total") == "12.15"
    assert value(fields, "subtotal") == "10.00"
    assert fields["subtotal"]["confidence"] < FILL


# -- net + tax = total (tax.read_taxes) ------------------------------------------------------


def test_a_net_and_tax_15_cents_off_the_total_give_no_net():
    fields = extract([*SHOP, ("Net", "10.00"), ("VAT", "2.00"), ("TOTAL", "12.15")])
    assert value(fields, "tax") == "2.00"
    assert value(fields, "net") is None


def test_a_net_and_tax_that_make_the_total_vouch_for_the_net():
    fields = extract([*SHOP, ("Net", "10.00"), ("VAT", "2.00"), ("TOTAL", "12.00")])
    assert value(fields, "net") == "10.00"
    assert fields["net"]["confidence"] >= FILL
    assert fields["total"]["confidence"] >= FILL


def test_a_net_a_few_cents_off_is_returned_unconfirmed_and_doubts_the_total():
    """Net 10.00 and VAT 2.00 under TOTAL 12.04: the net is kept (a misread cent), as a guess,
    and the total the figures do not add up to is worth less than one they say nothing about."""
    rows = [*SHOP, ("Net", "10.00"), ("VAT", "2.00"), ("TOTAL", "12.04")]
    fields = extract(rows)
    assert value(fields, "net") == "10.00"
    assert fields["net"]["confidence"] <= 0.5
    assert raw(rows)["net"]["confidence"] <= 0.5
    # the same receipt without the net: nothing contradicts its total
    unopposed = extract([*SHOP, ("VAT", "2.00"), ("TOTAL", "12.04")])
    assert value(unopposed, "total") == value(fields, "total") == "12.04"
    assert fields["total"]["confidence"] < unopposed["total"]["confidence"]
    assert raw(rows)["total"]["confidence"] < FILL


def test_a_rate_rows_base_and_tax_15_cents_off_the_total_do_not_vouch_for_the_base_as_net():
    agree = extract([*SHOP, ("Coffee", "12.00"), ("VAT 20% 10.00", "2.00"), ("TOTAL", "12.00")])
    assert (value(agree, "net"), agree["net"]["confidence"] >= FILL) == ("10.00", True)
    fields = extract([*SHOP, ("Coffee", "12.15"), ("VAT 20% 10.00", "2.00"), ("TOTAL", "12.15")])
    assert value(fields, "tax") == "2.00"
    assert fields["net"]["confidence"] < FILL


def test_a_net_worked_out_as_the_total_less_its_tax_does_not_doubt_the_total():
    # "MwSt 19% 8,93" is 19 % of 55,90 held: the net is 46,97, and nothing contradicts the total
    plain = [*SHOP, ("Kaffee", "55,90"), ("Summe", "55,90")]
    fields = extract([*plain, ("MwSt 19%", "8,93")], locale="de_DE")
    assert (value(fields, "total"), value(fields, "tax"), value(fields, "net")) == ("55.90", "8.93", "46.97")
    assert fields["total"]["confidence"] >= extract(plain, locale="de_DE")["total"]["confidence"]


def test_a_tax_only_its_label_vouches_for_is_worth_less_than_one_the_figures_confirm():
    alone = [*SHOP, ("VAT", "2.00"), ("TOTAL", "12.00")]
    confirmed = [*SHOP, ("Net", "10.00"), ("VAT", "2.00"), ("TOTAL", "12.00")]
    assert value(extract(alone), "tax") == "2.00"
    assert raw(alone)["tax"]["confidence"] < 0.75
    assert extract(alone)["tax"]["confidence"] < 0.85
    assert extract(confirmed)["tax"]["confidence"] > extract(alone)["tax"]["confidence"]


def test_no_tax_is_more_than_22_percent_of_the_total():
    def tax_of(tax: str, rest: str) -> str | None:
        return value(extract([*SHOP, ("Coffee", rest), ("VAT", tax), ("TOTAL", "10.00")]), "tax")

    assert tax_of("2.10", "7.90") == "2.10"
    assert tax_of("2.20", "7.80") == "2.20"
    assert tax_of("2.30", "7.70") is None
    assert tax_of("2.50", "7.50") is None


def test_a_rate_row_over_30_percent_of_the_total_is_no_tax_line():
    # "VAT 7% 4.00" is a base or a misread, not 7 % of anything on a receipt of 10.00
    rows = [*SHOP, ("Coffee", "10.00"), ("VAT 20%", "1.67"), ("VAT 7%", "4.00"), ("TOTAL", "10.00")]
    fields = extract(rows)
    assert value(fields, "tax") == "1.67"
    assert [line["amount"] for line in fields["tax_lines"]] == ["1.67"]


# -- calibration ------------------------------------------------------------------------------


def test_tax_lines_are_calibrated_like_the_tax():
    rows = [*SHOP, ("Coffee", "10.00"), ("VAT 20%", "1.67"), ("VAT 7%", "4.00"), ("TOTAL", "10.00")]
    before = raw(rows)["tax_lines"][0]["confidence"]
    after = extract(rows)["tax_lines"][0]["confidence"]
    assert after == calibrate("tax", before)
    assert after != before


def test_no_calibrated_confidence_reaches_above_0_98():
    assert calibrate("total", 1.0) <= CEILING
    # a map fit on values all right stays under the ceiling too
    assert max(fit([(0.99, True)] * 500 + [(0.55, True)] * 500)) <= CEILING
    assert max(fit([(0.99, True)] * 500)) == CEILING


def test_a_currency_only_the_locale_names_stays_a_guess_at_0_5():
    fields = extract([*SHOP, ("Kaffee", "3,50"), ("Summe", "3,50")], locale="de_DE")
    assert value(fields, "currency") == "EUR"
    assert fields["currency"]["confidence"] <= 0.5


def test_currencies_printed_in_a_tie_stay_at_0_3():
    fields = extract(["SHOP", "GBP 3.50", "USD 3.50", ("TOTAL", "3.50")])
    assert fields["currency"]["value"] in ("GBP", "USD")
    assert fields["currency"]["confidence"] <= 0.3


# -- currency ---------------------------------------------------------------------------------


def test_another_currency_on_the_totals_row_is_a_guess():
    euros = ["CAFE ROMA", "Wien", ("Kaffee EUR", "3,50"), ("Tee EUR", "3,50")]
    sure = extract([*euros, ("SUMME EUR", "7,00"), "Preise in EUR"])
    assert (value(sure, "currency"), sure["currency"]["confidence"] >= FILL) == ("EUR", True)
    other = extract([*euros, ("SUMME USD", "7,00"), "Preise in EUR"])
    assert value(other, "currency") == "USD"
    assert other["currency"]["confidence"] <= 0.5


def test_a_country_named_beside_a_conversion_line_only_guesses_the_currency():
    # a Czech receipt names the euro once, for its conversion line: its koruna is the country's
    czech = ["Kravin", "Grip Central s.r.o.", "Dič:CZ29131979", ("Celkem", "554.00")]
    fields = extract([*czech, "24.10", "Eur", "Přepočet dle kurzu"])
    assert value(fields, "currency") == "CZK"
    assert fields["currency"]["confidence"] <= 0.5


# -- dates --------------------------------------------------------------------------------------


def _dated(day: dt.date) -> dict:
    return extract([*SHOP, f"Date {day.isoformat()}", ("TOTAL", "12.00")])


def test_a_receipt_dated_today_where_the_day_is_furthest_ahead_is_read():
    furthest = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=14)).date()
    assert value(_dated(furthest), "date") == furthest.isoformat()


def test_a_receipt_dated_a_day_after_any_today_is_not_read():
    # a day after the date anywhere on earth (UTC+14) now: tomorrow there at the earliest
    beyond = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=38)).date()
    assert value(_dated(beyond), "date") != beyond.isoformat()
    after_tomorrow = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=2)
    assert value(_dated(after_tomorrow), "date") != after_tomorrow.isoformat()


# -- totals and subtotals (extract) ----------------------------------------------------------------


def test_a_subtotal_larger_than_the_total_is_not_returned():
    fields = extract([*SHOP, ("Coffee", "15.00"), ("Subtotal", "15.00"), ("TOTAL", "12.00")])
    assert value(fields, "total") == "12.00"
    assert value(fields, "subtotal") is None


def test_two_totals_40_cents_apart_are_a_tie_and_a_guess():
    fields = extract([*SHOP, ("TOTAL", "11.90"), ("Coffee", "3.00"), ("TOTAL", "12.30")])
    assert value(fields, "total") in ("11.90", "12.30")
    assert fields["total"]["confidence"] < FILL
    # five cents apart: one rounded, no tie
    rounded = raw([*SHOP, ("TOTAL", "11.90"), ("Coffee", "3.00"), ("TOTAL", "11.95")])
    assert "total" not in rounded["guessed"]


def test_a_net_total_no_tax_adds_up_to_another_amount_is_the_total():
    # a Malaysian receipt: "Net Total" is what was paid, the tax within it
    fields = extract([*SHOP, ("Coffee", "9.43"), ("GST 6%", "0.57"), ("Net Total", "10.00")])
    assert value(fields, "total") == "10.00"
    assert fields["total"]["confidence"] >= FILL


def test_a_net_total_a_tax_makes_the_total_of_is_before_tax():
    # a British receipt: "Net Total" is the amount before VAT
    fields = extract([*SHOP, ("Net Total", "10.00"), ("VAT 20%", "2.00"), ("Total", "12.00")])
    assert value(fields, "total") == "12.00"
    assert value(fields, "net") == "10.00"
