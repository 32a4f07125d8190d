import datetime as dt

import pytest

from ocr_service.receipt.dates import find_dates


def first(text, locale=None):
    found = find_dates(text, locale)
    return found[0].date if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DATE: 25/12/2018 8:13:39 PM", dt.date(2018, 12, 25)),
        ("25/12/20188:13:39PM", dt.date(2018, 12, 25)),  # time glued to the year
        ("12/03/1810:25", dt.date(2018, 3, 12)),  # two-digit year glued to the time
        ("29-12-2017", dt.date(2017, 12, 29)),
        ("12.03.18", dt.date(2018, 3, 12)),
        ("2018-03-23 14:02", dt.date(2018, 3, 23)),
        ("05 MAR 2018", dt.date(2018, 3, 5)),
        ("05MAR2018", dt.date(2018, 3, 5)),
        ("27-Mar-18", dt.date(2018, 3, 27)),
        ("Mar 5, 2018", dt.date(2018, 3, 5)),
        ("10 0CT 2017", dt.date(2017, 10, 10)),
        ("14. März 2019", dt.date(2019, 3, 14)),
        ("3 janvier 2019", dt.date(2019, 1, 3)),
        ("28 septembre 2018 15:56:22", dt.date(2018, 9, 28)),  # French autumn months
        ("2 octobre 2019", dt.date(2019, 10, 2)),
        ("14 décembre 2020", dt.date(2020, 12, 14)),
        ("Fecha: 09 de junio de 2022", dt.date(2022, 6, 9)),  # Spanish and Portuguese "de"
        ("9 de Junho de 2022", dt.date(2022, 6, 9)),
        ("9 dec 2022", dt.date(2022, 12, 9)),
        ("Date: 03/15/2019", dt.date(2019, 3, 15)),  # month first: 15 cannot be a month
    ],
)
def test_formats(text, expected):
    assert first(text) == expected


def test_day_month_order_by_plausibility_and_locale():
    (d,) = find_dates("04/05/2019")
    assert d.ambiguous and d.date == dt.date(2019, 5, 4)
    assert first("04/05/2019", "en_US") == dt.date(2019, 4, 5)
    assert first("04/05/2019", "de_DE") == dt.date(2019, 5, 4)
    assert first("13/05/2019", "en_US") == dt.date(2019, 5, 13)


def test_not_dates():
    assert find_dates("Tel 03-7731 8169") == []
    assert find_dates("31/02/2019") == []
    assert find_dates("TOTAL 12.50") == []
    assert find_dates("99/99/1999") == []


def test_a_two_digit_year_glued_to_the_time_is_no_four_digit_year():
    from ocr_service.receipt.dates import find_dates

    assert [d.date.isoformat() for d in find_dates("3182 748433/01 02.03.2015:59")] == ["2020-03-02"]
    assert [d.date.isoformat() for d in find_dates("02.03.2015 15:59")] == ["2015-03-02"]


def test_a_card_slips_year_first_date_agrees_with_the_receipts_named_date():
    from ocr_service.receipt.layout import Row
    from ocr_service.receipt.sale_date import choose_date

    def rows(*texts):
        return [Row(lines=[], index=i, texts=[t]) for i, t in enumerate(texts)]

    # "18/09/24" read day first is 18 September 2024; the receipt says Sep. 24, 2018
    got, _conf, _guessed = choose_date(
        rows("Sep. 24, 2018 8:11 AM", "TOTAL $17,24", "DATE/HEURE: 18/09/24 08:11:23"), None
    )
    assert got == "2018-09-24"
    # "18/09/28": a day-first reading would be in 2028 (and dropped); the French date says 28
    # September 2018, and the slip agrees with it
    got, _conf, _guessed = choose_date(rows("28 septembre 2018 15:56:22", "18/09/28 15:56:39"), None)
    assert got == "2018-09-28"
    # with no date printed unambiguously, a two-digit date is read as before
    got, _conf, _guessed = choose_date(rows("DATE: 18/09/24 08:11:23"), None)
    assert got == "2024-09-18"


def test_a_named_month_date_after_a_time_and_a_weekday():
    # "Mar." is Tuesday in French, not March; the seconds of the time are no day
    (found,) = find_dates("8:55:41 Mar., 10 Septembre 2024")
    assert found.date == dt.date(2024, 9, 10)
    # a month name and a year of four digits make no date: "2024" is no day and year
    assert find_dates("Septembre 2024") == []
    # a label's colon before the day is no time's
    for text in ("Date:05 Mar 2018", "DATE:05-MAR-2018 10:00", "Tarikh:12/Mar/2018"):
        (found,) = find_dates(text)
        assert found.date in (dt.date(2018, 3, 5), dt.date(2018, 3, 12))


def test_a_day_glued_to_the_number_before_it():
    (found,) = find_dates("CB#:4597604932025/Feb/2017 07:43:54")
    assert found.date == dt.date(2017, 2, 25)
    assert find_dates("INV 123456/Feb/2017") == []


@pytest.mark.parametrize("text", ["RECEIPT CS00018751 DATE: 20/03/201", "05 Mar 201", "Datum 14.03.202"])
def test_a_year_cut_short_is_no_year(text):
    # the scan's edge took the year's last digit: "20/03/201" is not 2020, it is no date we know
    assert find_dates(text) == []


def test_a_one_digit_hour_glued_to_a_two_digit_year_still_leaves_the_year():
    assert [d.date for d in find_dates("15/03/189:41")] == [dt.date(2018, 3, 15)]


def test_an_amount_read_as_a_date_of_another_time_does_not_settle_the_day_month_order():
    from ocr_service.receipt.layout import Row
    from ocr_service.receipt.sale_date import choose_date

    def rows(*texts):
        return [Row(lines=[], index=i, texts=[t]) for i, t in enumerate(texts)]

    # "ink1. 17.00 €" reads as 1/17/00, month first and unambiguous, but it is no date of 2024
    texts = ("12.01.2024", "Umsatz 7% ink1. 17.00 €", "Datum: 12.01.2024 20:32")
    got, _conf, _guessed = choose_date(rows(*texts), None, "EUR")
    assert got == "2024-01-12"
    # a date of the receipt's own time still settles it: "12.01.2024" is then 1 December
    from ocr_service.receipt.sale_date import _one_convention, _receipt_style

    found = [(d, r) for r in rows("12.01.2024", "01.13.2024") for d in find_dates(r.text, "en_GB")]
    fixed = _one_convention(found, _receipt_style(found))
    assert [d.date.isoformat() for d, _ in fixed] == ["2024-12-01", "2024-01-13"]


def test_a_named_month_date_after_tomorrow_gives_its_digits_to_another_reading():
    # "#1 Aug 31" read day first is 1 August 2031: no receipt's date; "Aug 31, 18" is
    assert [d.date for d in find_dates("ID: 186922 #1 Aug 31, 18 01:00 PM")] == [dt.date(2018, 8, 31)]


def test_month_day_and_year_run_together_before_a_time():
    assert [d.date for d in find_dates("thk 1883 Aug2823 02:45P Gst")] == [dt.date(2023, 8, 28)]
    # without the time after them, four digits after a month's letters are a code
    assert find_dates("REF MAR1234") == []


def test_a_numeric_date_whose_day_is_glued_to_the_number_before_it():
    # found only where no other date is: a receipt number or a time run into the day
    assert [d.date for d in find_dates("#19536001/06/2018 6:31")] == [dt.date(2018, 6, 1)]
    assert [d.date for d in find_dates("18:1524/05/18")] == [dt.date(2018, 5, 24)]
    assert [d.date for d in find_dates("Inv 1234501/06/2018 12/05/2018")] == [dt.date(2018, 5, 12)]
    assert find_dates("1234567890/12") == []


def test_eight_digits_of_a_date_with_the_time_after_a_slash():
    assert [d.date for d in find_dates("Date/Time 20180428/191204")] == [dt.date(2018, 4, 28)]
    assert [d.date for d in find_dates("27032018/1912")] == [dt.date(2018, 3, 27)]
    # a slash and two digits: a code, not a time
    assert find_dates("20180428/12") == []


def dates(text):
    return [d.date.isoformat() for d in find_dates(text)]


def test_a_time_written_with_dots_is_no_date():
    """A till's time with dots, "09.05.12" (hours, minutes, seconds), is shaped as a day, a month
    and a two-digit year: before the date on its row it was the sale's date, 9 May 2012 at 0.97,
    and the addon filled it. A time's word before it, or a date written otherwise beside it,
    says it is a time."""
    assert dates("09.05.12  20.11.2026") == ["2026-11-20"]
    assert dates("20.11.2026 09.05.12") == ["2026-11-20"]
    assert dates("ORE 10.11.26   20/11/2026") == ["2026-11-20"]
    assert dates("Zeit 05.11.26") == []
    assert dates("Saat: 10.11.26") == []
    # a date's word with the time's labels both ("Datum/Zeit"); a date alone; a period
    assert dates("Datum/Zeit 05.11.26 12:31") == ["2026-11-05"]
    assert dates("Date & Time 05.11.26") == ["2026-11-05"]
    assert dates("05.11.26") == ["2026-11-05"]
    assert dates("Von 01.11.26 bis 30.11.26") == ["2026-11-01", "2026-11-30"]
    # a date that can be no time (25 o'clock) beside a date written otherwise stays
    assert dates("25.11.26 20/11/2026") == ["2026-11-25", "2026-11-20"]


def test_a_two_digit_year_is_no_amounts_whole_part():
    """ "Lunch Set 2 15.90" was 2 September 2015 (Italian, Spanish, Portuguese "set"), sure
    enough to fill on a receipt whose date was unread."""
    assert dates("Lunch Set 2 15.90") == []
    assert dates("1 SET 12.90") == []
    assert dates("Date: 5 Set 26") == ["2026-09-05"]
    assert dates("Dec 25,24") == ["2024-12-25"]


def test_an_item_row_named_like_another_languages_month_is_no_date():
    """ "1 AGO 12 Noodles 8,50": "ago" is August in Italian, Spanish and Portuguese, and the row
    was 1 August 2012 at 0.93 on a receipt whose own date was unread. A price ends the row."""
    assert dates("1 AGO 12 Noodles 8,50") == []
    # a date without a price, an English month's, or a four-digit year's, stay dates
    assert dates("1 AGO 12") == ["2012-08-01"]
    assert dates("05 NOV 26 12.50") == ["2026-11-05"]
    assert dates("9 de junio de 2022 12,50") == ["2022-06-09"]
