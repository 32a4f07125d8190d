"""Dates as receipts print them.

Numeric day-month-year, month-day-year and year-month-day with ``/ - .`` separators, two- or
four-digit years, month names in several languages, and a time glued to the year
(``25/12/20188:13:39PM``, as a recogniser that drops spaces returns it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    # English
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    # German, French, Spanish, Italian, Portuguese, Dutch, Malay (distinct spellings only)
    "januar": 1, "februar": 2, "mär": 3, "märz": 3, "maerz": 3, "mrz": 3, "mai": 5, "juni": 6,
    "juli": 7, "okt": 10, "oktober": 10, "dez": 12, "dezember": 12,
    "janv": 1, "janvier": 1, "févr": 2, "fevr": 2, "février": 2, "fevrier": 2, "mars": 3, "avr": 4,
    "avril": 4, "juin": 6, "juil": 7, "juillet": 7, "août": 8, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "déc": 12, "décembre": 12, "decembre": 12,
    "ene": 1, "enero": 1, "febrero": 2, "marzo": 3, "abr": 4, "abril": 4, "mayo": 5, "junio": 6,
    "julio": 7, "ago": 8, "agosto": 8, "septiembre": 9, "set": 9, "octubre": 10, "noviembre": 11,
    "dic": 12, "diciembre": 12,
    "gen": 1, "gennaio": 1, "febbraio": 2, "aprile": 4, "mag": 5, "maggio": 5, "giu": 6,
    "giugno": 6, "lug": 7, "luglio": 7, "settembre": 9, "ott": 10, "ottobre": 10, "dicembre": 12,
    "fev": 2, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "out": 10, "outubro": 10, "dez.": 12, "dezembro": 12,
    "mei": 5, "okt.": 10, "januari": 1, "februari": 2, "maart": 3, "augustus": 8,
    "mac": 3, "ogos": 8, "disember": 12,
}  # fmt: skip

# Locales whose short dates put the month first.
_MONTH_FIRST_REGIONS = {"US", "PH", "FM", "MH", "PW", "BZ"}

_MONTH_NAMES = "|".join(sorted((re.escape(k) for k in MONTHS), key=len, reverse=True))
_SEP = r"\s*([/\-.])\s*"

_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})" + _SEP + r"(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
_ISO = re.compile(
    r"(?<!\d)((?:19|20)\d{2})" + _SEP + r"(\d{1,2})\s*\2\s*(\d{2}|\d)(?:(?!\d)|(?=\d{1,2}\s*:\s*\d{2}))"
)
# eight digits with no separator, day first or year first ("27032018", "20180327"), a time
# of six or four digits after a slash allowed ("20180428/191204")
_COMPACT = re.compile(r"(?<![\d.,:/-])(\d{8})(?:(?![\d.,:/-])|(?=/\d{4}(?:\d{2})?(?![\d.,:/-])))")
# "9 de junio de 2022", "9 de Junho de 2022": Spanish and Portuguese join the parts with "de"
_DE = r"(?:(?<=\s)del?\s+)?"
_DAY_MONTH_NAME = re.compile(
    # (not the seconds of a time, "8:55:41 Mar., 10 ...", but "Date:05 Mar 2018")
    r"(?<!\d)(?<!\d:)(\d{1,2})(?:st|nd|rd|th)?[\s\-/.,]*"
    + _DE
    + "("
    + _MONTH_NAMES
    + r")\.?[\s\-/.,']*"
    + _DE
    # (a year of two digits is no amount's whole part: "1 SET 12.90", a set menu at 12.90)
    + r"(\d{4}|\d{2}(?![.,]\d))",
    re.IGNORECASE,
)
_MONTH_NAME_DAY = re.compile(
    r"(?<![a-z])(" + _MONTH_NAMES + r")\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?(?!\d)[\s,\-/.']*"
    r"(\d{4}|\d{2}(?![.,]\d))",
    re.IGNORECASE,
)
# "Aug2823 02:45P": month, day and two-digit year run together, a time after them
_GLUED_MONTH_DAY_YEAR = re.compile(
    r"(?<![a-z])(" + _MONTH_NAMES + r")(\d{2})(\d{2})(?=\s+\d{1,2}\s*:\s*\d{2})", re.IGNORECASE
)
_GLUED_DAY = re.compile(r"(?<=\d)(\d{2})([/-])(" + _MONTH_NAMES + r")\2(\d{4})(?!\d)", re.IGNORECASE)
# the same with the month in digits ("#19536001/06/2018 6:31", "18:1524/05/18"): two digits
# glued before the day at least; not Taiwan's "113/03/15", a three-digit year of its own
_GLUED_NUMERIC_DAY = re.compile(r"(?<=\d\d)(\d{2})([/-])(\d{2})\2(\d{4}|\d{2})(?!\d)")
# Taiwan's year of the Republic, three digits first ("113/03/15": 15 March 2024, year 113 + 1911)
_ROC = re.compile(r"(?<![\d./-])(1[01]\d)" + _SEP + r"(\d{1,2})\s*\2\s*(\d{1,2})(?![\d./-]\d)")
# English months, which no item is named after ("Dec 25,24" is a date; "Big Mac 5.19", Malay
# March, a price)
_ENGLISH_MONTHS = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul",
    "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec",
    "december",
}  # fmt: skip
# a day and a two-digit year joined as an amount is ("5.19", "4,25")
_PRICE_SHAPE = re.compile(r"\d{1,2}[.,]\d{2}")
_TIME_AFTER = re.compile(r"\s*\d{1,2}\s*[:.]\s*\d{2}")
# an hour and its minutes glued to a two-digit year ("12/03/1810:25", "12/03/181025")
_GLUED_TIME = re.compile(r"[01]\d\s*[:.h]?\s*[0-5]\d|2[0-3]\s*[:.h]?\s*[0-5]\d")
# the one-digit hour of a time glued to a two-digit year ("15/03/189:41")
_GLUED_HOUR = re.compile(r"\d\s*:\s*\d{2}")


@dataclass(frozen=True)
class DateMatch:
    date: dt.date
    start: int
    end: int
    ambiguous: bool  # day and month could be swapped
    has_time: bool  # a time of day follows, as on a transaction line
    style: str  # "dmy", "mdy", "ymd" or "name"
    # three two-digit parts may also be year, month, day ("25-11-26": 26 November 2025 in Korea,
    # 25 November 2026 in Europe): that reading, when it is a date no later than tomorrow
    year_first: dt.date | None = None
    # read the other way round because the reading printed was after tomorrow (sale_date.py's
    # ``_not_future``): the order is the receipt's no longer, and the date a guess
    turned: bool = False


def locale_region(locale: str) -> str | None:
    """The region of a locale ("en_US", "ko-KR", "zh_Hant_TW": US, KR, TW), None without one."""
    parts = [p for p in locale.replace("-", "_").split("_")[1:] if not (len(p) == 4 and p.isalpha())]
    return parts[0].upper()[:2] if parts else None


def month_first(locale: str | None) -> bool | None:
    """True when the locale writes month/day/year; None with no locale."""
    if not locale:
        return None
    return locale_region(locale) in _MONTH_FIRST_REGIONS


def latest_possible() -> dt.date:
    """The latest date a receipt can bear: today where the day is furthest ahead (UTC+14)."""
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=14)).date()


def _year(text: str) -> int | None:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    if 1990 <= year <= 2099:
        return year
    return None


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _numeric_year(text: str, m: re.Match, year_group: int) -> tuple[int | None, int, bool]:
    """Read the year of a numeric date; a four-digit run that is no year may be a 2-digit year
    followed by a glued time (``12/03/1810:25``). Returns (year, end, time_follows)."""
    raw = m.group(year_group)
    end = m.end(year_group)
    if len(raw) == 2 and text[end : end + 1].isdigit() and not _GLUED_HOUR.match(text, end):
        # "20/03/201": a year cut short by the edge of the paper or the scan is no year
        return None, end, False
    if len(raw) == 4 and re.match(r":\d{2}", text[end : end + 3]):
        # "02.03.2015:59": a two-digit year glued to the time, not the year 2015
        year = _year(raw[:2])
        if year is not None:
            return year, end - 2, True
    year = _year(raw)
    if year is not None:
        return year, end, bool(_TIME_AFTER.match(text, end))
    if len(raw) == 4 and _GLUED_TIME.match(text, end - 2):
        # "12/03/18102530": a two-digit year, a time glued to it; not "Est. 14/05/1985", a year
        # this reader does not take (before 1990) read as 2019 and a time
        year = _year(raw[:2])
        if year is not None:
            return year, end - 2, True
    return None, end, False


class _Found:
    """Dates found so far, and the stretches of text they took."""

    def __init__(self) -> None:
        self.dates: list[DateMatch] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def add(self, date: DateMatch) -> None:
        self.dates.append(date)
        self.taken.append((date.start, date.end))


def _iso_dates(text: str, found: _Found) -> None:
    for m in _ISO.finditer(text):
        date = _make(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if date:
            has_time = bool(_TIME_AFTER.match(text, m.end()))
            found.add(DateMatch(date, m.start(), m.end(), False, has_time, "ymd"))


def _day_month_order(year: int, a: int, b: int, mfirst: bool | None) -> tuple[dt.date, str, bool] | None:
    """(date, style, ambiguous) of a/b/year: day first unless the locale writes month first."""
    dmy = _make(year, b, a)
    mdy = _make(year, a, b)
    if dmy and mdy and a != b:
        return (mdy, "mdy", True) if mfirst else (dmy, "dmy", True)
    if dmy and a == b:
        return dmy, "same", False  # 10/10/23 reads the same either way: it says nothing of the order
    if dmy:
        return dmy, "dmy", False
    if mdy:
        return mdy, "mdy", False
    return None


def _year_first(m: re.Match, year_digits: int) -> dt.date | None:
    """The date three two-digit parts make read year first, when it may be one: its year at
    least 2013 (the first part over 12, so that no day/month reading competes) and no later
    than tomorrow."""
    a, b = m.group(1), m.group(3)
    if year_digits != 2 or len(a) != 2 or len(b) != 2 or int(a) < 13:
        return None
    date = _make(2000 + int(a), int(b), int(m.group(4)[:2]))
    return date if date and date <= latest_possible() else None


# a time printed with dots, hours, minutes and seconds ("09.05.12"), shaped as a day, a month and
# a two-digit year; and the words that label a time ("Zeit", "Ore", "Saat", "Heure" ...)
_DOTTED_TIME = re.compile(r"([01]\d|2[0-3])\.([0-5]\d)\.([0-5]\d)")
_DATE_WORD = re.compile(r"DATUM|DATE|DATA|FECHA|TARİH|TARIH|DATO|PVM", re.IGNORECASE)
_SHORT_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2}")
_TIME_LABEL = re.compile(
    r"(?<![^\W\d_])(?:UHRZEIT|ZEIT|TIME|HEURE|ORA|ORE|HORA|SAAT|TIJD|CZAS|ČAS|AIKA|KLO|KL)\.?[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)


def _dotted_time(text: str, d: DateMatch) -> bool:
    """Whether the date read at ``d`` may be a time written with dots ("09.05.12")."""
    return d.style in ("dmy", "mdy") and _DOTTED_TIME.fullmatch(text, d.start, d.end) is not None


def _times_apart(text: str, dates: list[DateMatch]) -> list[DateMatch]:
    """The dates without the times written with dots: one a time's word labels ("Zeit
    05.11.26", "ORE 10.11.26"), or one beside a date written otherwise ("09.05.12 20.11.2026":
    a till's time and date on one row; not "01.11.26 - 30.11.26", a period)."""
    times = [d for d in dates if _dotted_time(text, d)]
    if not times:
        return dates
    if any(not _SHORT_DOTTED.fullmatch(text, d.start, d.end) for d in dates):
        return [d for d in dates if d not in times]
    return [d for d in dates if d not in times or not _time_labelled(text, d.start)]


def _time_labelled(text: str, start: int) -> bool:
    """Whether a time's word labels what starts at ``start``, and no date's word with it
    ("Datum/Zeit 05.11.26 12:31" labels a date and its time)."""
    label = _TIME_LABEL.search(text, 0, start)
    return label is not None and not _DATE_WORD.search(text, max(0, label.start() - 12), label.start())


def _numeric_dates(text: str, found: _Found, mfirst: bool | None) -> None:
    for m in _NUMERIC.finditer(text):
        if not found.free(m.start(), m.end()):
            continue
        year, end, has_time = _numeric_year(text, m, 4)
        # dots part the day first wherever they are written ("05.11.2026"), a US dollar's too
        order = False if m.group(2) == "." and mfirst else mfirst
        read = _day_month_order(year, int(m.group(1)), int(m.group(3)), order) if year is not None else None
        if read is not None:
            date, style, ambiguous = read
            year_first = _year_first(m, end - m.start(4))
            found.add(DateMatch(date, m.start(), end, ambiguous, has_time, style, year_first))


def _price_like(m: re.Match, year: int | None, latest: dt.date) -> bool:
    """A month's name, then a day and a two-digit year joined as an amount is ("5.19"): a price
    after a word that is a month somewhere ("1 Big Mac 5.19", Malay March; "Lunch set 4.25"),
    or after an English month whose year would be long past ("Hosting November 20.00"); not
    "Dec 25,24"."""
    if not _PRICE_SHAPE.fullmatch(m.string[m.start(2) : m.end(3)]):
        return False
    return m.group(1).lower() not in _ENGLISH_MONTHS or year is None or year < latest.year - 10


# an amount ending the row: what an item row prints after its name
_PRICE_ENDS_ROW = re.compile(r"\d[.,]\d{2}\s*\S?\s*$")


def _item_priced(text: str, m: re.Match, month_group: int, end: int) -> bool:
    """A word that is a month's name only in another language than English, a two-digit "year",
    and a price ending the row: an item row ("1 AGO 12 Noodles 8,50"), not a date."""
    return (
        m.group(month_group).lower() not in _ENGLISH_MONTHS
        and end - m.start(3) == 2
        and _PRICE_ENDS_ROW.search(text, end) is not None
    )


def _month_name_dates(text: str, found: _Found) -> None:
    latest = latest_possible()
    patterns = ((_DAY_MONTH_NAME, 1, 2), (_MONTH_NAME_DAY, 2, 1), (_GLUED_MONTH_DAY_YEAR, 2, 1))
    for regex, day_group, month_group in patterns:
        pos = 0
        while (m := regex.search(text, pos)) is not None:
            # a match that makes no date gives its digits back to the next ("41 Mar., 10" of
            # "8:55:41 Mar., 10 Septembre 2024")
            pos = m.start() + 1
            if not found.free(m.start(), m.end()):
                continue
            month = MONTHS.get(m.group(month_group).lower())
            year, end, has_time = _numeric_year(text, m, 3)
            if regex is _MONTH_NAME_DAY and _price_like(m, year, latest):
                continue
            if _item_priced(text, m, month_group, end):
                continue
            date = (
                _make(year, month, int(m.group(day_group)))
                if month is not None and year is not None
                else None
            )
            # a date after tomorrow is no reading: its digits are free for another ("#1 Aug 31,
            # 18" is not 1 August 2031 but 31 August 2018)
            if date and date <= latest:
                found.add(DateMatch(date, m.start(), end, False, has_time, "name"))
                pos = m.end()


def _compact_dates(text: str, mfirst: bool | None) -> list[DateMatch]:
    """Eight bare digits, year first or last (day and month of a year last both ways, as
    with separators: "11052026")."""
    out = []
    for m in _COMPACT.finditer(text):
        digits = m.group(1)
        year = _year(digits[:4])
        date = _make(year, int(digits[4:6]), int(digits[6:8])) if year else None
        ambiguous = False
        if date is None:
            year = _year(digits[4:])
            read = _day_month_order(year, int(digits[:2]), int(digits[2:4]), mfirst) if year else None
            if read is not None:
                date, _, ambiguous = read
        if date:
            out.append(DateMatch(date, m.start(), m.end(), ambiguous, False, "compact"))
    return out


def _glued_days(text: str, found: _Found, mfirst: bool | None) -> None:
    """Dates whose day is glued to the number before it, found only where no other date is: the
    month named between slashes ("CB#:4597604932025/Feb/2017": the 25th) or in two digits
    ("#19536001/06/2018": the 1st)."""
    for m in _GLUED_DAY.finditer(text):
        month = MONTHS.get(m.group(3).lower())
        date = _make(int(m.group(4)), month, int(m.group(1))) if month else None
        if date:
            found.add(
                DateMatch(date, m.start(), m.end(), False, bool(_TIME_AFTER.match(text, m.end())), "name")
            )
    for m in _GLUED_NUMERIC_DAY.finditer(text):
        year = _year(m.group(4))
        read = _day_month_order(year, int(m.group(1)), int(m.group(3)), mfirst) if year else None
        if read is not None and found.free(m.start(), m.end()):
            date, style, ambiguous = read
            found.add(
                DateMatch(date, m.start(), m.end(), ambiguous, bool(_TIME_AFTER.match(text, m.end())), style)
            )


def _roc_dates(text: str, found: _Found) -> None:
    """Dates of Taiwan's calendar, read only on a Taiwanese receipt (``find_dates``' ``roc``)."""
    for m in _ROC.finditer(text):
        date = _make(int(m.group(1)) + 1911, int(m.group(3)), int(m.group(4)))
        if date:
            found.add(
                DateMatch(date, m.start(), m.end(), False, bool(_TIME_AFTER.match(text, m.end())), "ymd")
            )


def find_dates(text: str, locale: str | None = None, roc: bool = False) -> list[DateMatch]:
    """Every plausible calendar date in ``text``, in reading order; ``roc``: the receipt is
    Taiwanese, and a three-digit year first is the Republic's ("113/03/15")."""
    # a zero read for the letter O in a month name ("10 0CT 2017")
    text = re.sub(r"(?<![0-9A-Za-z])0(?=(?:CT|KT|TT|UT|GOS)\b)", "O", text, flags=re.IGNORECASE)
    # dashes as recognisers sometimes return them
    text = text.replace("~", "-").replace("\u2013", "-").replace("\u2014", "-")
    found = _Found()
    if roc:
        _roc_dates(text, found)
    _iso_dates(text, found)
    _numeric_dates(text, found, month_first(locale))
    _month_name_dates(text, found)
    if not found.dates:
        _glued_days(text, found, month_first(locale))
    out = _times_apart(text, found.dates) or _compact_dates(text, month_first(locale))
    out.sort(key=lambda d: d.start)
    return out
