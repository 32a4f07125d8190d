"""Where a receipt's tax table is: the rows in a tax context (a tax word on the row, a heading
above, a run of rate rows), rate columns printed without their % sign (the heading names the
column, and the row's amounts must be the base, tax and gross of a rate tables print), and one
rate's base, tax and gross printed on rows of their own; a rate's tax alone on the row under
its base, and the rows whose rate did not read."""

from __future__ import annotations

import re
from decimal import Decimal

from . import labels as L
from .amounts import money_amounts
from .layout import Row
from .tax_amounts import (
    KNOWN_RATES,
    TABLE_RATES,
    TaxLine,
    _tax_of_base,
    _tax_of_gross,
    _three_columns,
    other_taxes,
    rate_of,
    read_line_amounts,
    tax_in_gross,
    tax_names,
)

# "excl.", "exkl.", its l read as 1 ("exk1."): not EXCISE, EXCITING or the EXKI chain
_EXCLUDING = r"EX(?:CL|KL|[CK]1(?![A-Z]))"
# words that make a row (or the heading of a table) a tax context
TAX_CONTEXT = re.compile(
    L.TAX_NAMES + r"|MWST|MEHRWERT|UMSATZSTEUER|STEUER|TAX|NETTO|BRUTTO|(?<![A-Z])HT(?![A-Z])"
    r"|(?<![A-Z])TTC(?![A-Z])|IMPONIBI?LE|IMPOSTA|IMPUESTO|BASE|CUOTA|(?<![A-Z])NET(?![A-Z])|GROSS"
    r"|(?<![A-Z])" + _EXCLUDING + r"|(?<![A-Z])IN[CK]L"
    # tax, base and rate in Croatian, Serbian, Bosnian, Slovenian, Polish, Czech, Slovak
    r"|POREZ|OSNOVIC|DAVEK|PODATEK|STAWK|SAZBA|ZAKLAD|SADZBA"
    # "MwSt" read as "Must", next to its rate ("Must 7%", "19 % Must"): not the English word
    r"|(?<![A-Z])MUST(?=\s*\d{1,2}(?:[.,]\d{1,3})?\s*%|\.?\s*%)|%\s*MUST(?![A-Z])"
)
# ``19 %``, ``19,0%``, ``5.5 %``, ``8.875%``, ``10.%`` (a separator with no decimals); not part
# of a longer number
_RATE_NUMBER = r"(\d{1,2}(?:[.,]\d{1,3})?)"  # "19", "19,0", "5.5", "8.875": the rate, group 1
RATE = re.compile(r"(?<![\d.,])" + _RATE_NUMBER + r"[.,]?\s*%")


def context_rows(rows: list[Row]) -> set[int]:
    """Rows in a tax context: a tax word on the row, or a heading with one up to three rows
    above (the rows between hold rates)."""
    ctx: set[int] = set()
    heading: int | None = None
    for row in rows:
        text = L.undotted(L._folded_upper(row.text))
        has_word = bool(TAX_CONTEXT.search(text))
        if has_word and L.TAX_ID in L.classify(row.text):
            heading = None  # a registration number ("GST REG NO", "USt-IdNr."), no table heading
        elif has_word:
            ctx.add(row.index)
            if not money_amounts(row.text):
                heading = row.index
        elif heading is not None and row.index - heading <= 3 and RATE.search(row.text):
            ctx.add(row.index)
            heading = row.index  # a run of rate rows continues the table
    # the first of a run of rate rows with its tax word cut off ("Food and Be 0.50%  $0.06"
    # above "Tax: 10.25%  $1.69", "Tax: 1.25%  $0.09")
    by_index = {row.index: row for row in rows}
    for row in rows:
        below = [by_index.get(row.index + d) for d in (1, 2)]
        run = all(b is not None and b.index in ctx and RATE.search(b.text) for b in below)
        if row.index not in ctx and run and RATE.search(row.text) and money_amounts(row.text):
            ctx.add(row.index)
    return ctx


# a rate printed without its % sign as a table's first column, under a heading that says the
# column holds rates ("MwSt.%  Netto  MwSt.  Brutto" / "A=19,000  43,07  8,18  51,25",
# "% TVA  TVA Excl  TVA  TVA Incl" / "B  12  2,50  0,30  2,80", "%  Net  Tax  Gross" / "20 ...")
_BARE_RATE = re.compile(r"^[^\w]*(?:[A-Z]\s*[=:]?\s*)?" + _RATE_NUMBER + r"\s+(?=\S*\d)")


# VAT and a consumption tax at nil printed as one rate ("13+0  35,40  0,00  4,60" under "PDV(%)
# Osnovica  PP  Iznos"): the VAT's rate, its base and its tax, the nil column left out
_COMPOUND_RATE = re.compile(r"^[^\w]*" + _RATE_NUMBER + r"\s*\+\s*0(?:[.,]0{1,3})?\s+(?=\S*\d)")


# the rate after the till's number for it ("2  19.00  4,87  5,80  0,93" under "MwSt %  Netto  Brutto
# MwSt"): tried when the first number is no rate of a checked line
_CODED_RATE = re.compile(r"^[^\w]*\d\s+" + _RATE_NUMBER + r"\s+(?=\S*\d)")


# a whole rate among a row's amounts, tried last ("33.14  10  3.31  36.45")
_WHOLE_RATE = re.compile(r"(?<![\d.,])(\d{1,2})(?![\d.,%])")


def rate_column_rows(rows: list[Row]) -> set[int]:
    """Rows under a tax table heading with no amounts (one up to three rows above, the rows
    between holding rates) that may print their rate without its % sign."""
    out: set[int] = set()
    heading: int | None = None
    percent_heading: int | None = None  # a heading naming a rate column ("MwSt. %")
    for row in rows:
        text = L.undotted(L._folded_upper(row.text))
        if TAX_CONTEXT.search(text) and not money_amounts(row.text) and L.TAX_ID not in L.classify(row.text):
            heading = row.index
            percent_heading = row.index if "%" in text else None
        elif (
            heading is not None
            and row.index - heading <= 3
            and (_BARE_RATE.search(text) or _COMPOUND_RATE.search(text))
        ):
            out.add(row.index)
            heading = row.index
        elif percent_heading == row.index - 1 and len(money_amounts(row.text)) == 4:
            # the one row right under a heading with a rate column, words before its amounts
            # ("bezahlt  38,50  32,35  19,00  6,15"): not the start of a run of such rows, which
            # an item table with a rate column would be
            out.add(row.index)
    return out


def _rate(m: re.Match) -> Decimal:
    """The rate a match's first group prints (``19``, ``19,000``, ``5.5``)."""
    return Decimal(m.group(1).replace(",", ".")).normalize()


def _checked_line(
    row: Row, rate: Decimal, amounts_text: str, locale: str | None, rate_like: bool = False
) -> TaxLine | None:
    """The tax line of ``row`` at ``rate``, kept only when the rate is one tables print and the
    three amounts of ``amounts_text`` are its base, tax and gross; or, ``rate_like`` (the rate
    printed as rates are, with its decimals or its letter: "19,00", "A 19"), its base and tax,
    or its gross and tax."""
    if rate not in TABLE_RATES:  # "4,001": a misread "4,00%", read by misread_rate_lines
        return None
    values = [a.value for a in money_amounts(amounts_text, locale)]
    if len(values) == 2 and rate_like:
        # the base and the tax only, the gross on no row ("19,00  2,55  Netto A  13,41" under
        # "MwSt. %"): kept when the tax is the rate's share of the base to the cent (not a
        # quantity of 10 before a unit price and the line's amount, a tenth of it exactly);
        # or the gross and the tax ("8.1  9.90  0.74" under "MWST%  Total  MWST")
        tax, other = sorted(values)
        to_the_cent = Decimal("0.005")
        if tax > 0 and abs(other * rate / 100 - tax) <= to_the_cent:
            return TaxLine(rate, tax, other, None, row.index, True, float(row.confidence))
        if tax > 0 and abs(other * rate / (100 + rate) - tax) <= to_the_cent:
            return TaxLine(rate, tax, other - tax, other, row.index, True, float(row.confidence))
        return None
    if len(values) != 3:
        return None
    hit = _three_columns(rate, values)
    if hit is None or hit[0] <= 0:
        return None
    tax, base, gross, _ = hit
    return TaxLine(rate, tax, base, gross, row.index, True, float(row.confidence))


def bare_rate_line(row: Row, locale: str | None) -> TaxLine | None:
    """A table row's rate without its % sign, kept only when it is a rate tables print and the
    row's three amounts are the base, tax and gross of it (nothing else says it is a rate)."""
    text = L._folded_upper(row.text)
    if (m := _COMPOUND_RATE.search(text)) is not None:
        rate = _rate(m)
        values = [a.value for a in money_amounts(row.text[m.end() :], locale) if a.value != 0]
        if rate in KNOWN_RATES and len(values) == 2 and _tax_of_base(values[0], rate, values[1]):
            return TaxLine(rate, values[1], values[0], sum(values), row.index, True, float(row.confidence))
        return None
    for rx in (_BARE_RATE, _CODED_RATE):
        m = rx.search(text)
        # (a rate with its decimals, "19,00", or after its letter, "A 19": not a count; after
        # the till's number for it, with its decimals: "2  8.1")
        rate_like = m is not None and (
            bool(re.search(r"[A-Z]|\d[.,]\d", m.group(0)))
            if rx is _BARE_RATE
            else bool(re.search(r"\d[.,]\d", m.group(1)))
        )
        line = None if m is None else _checked_line(row, _rate(m), row.text[m.end() :], locale, rate_like)
        if line is not None:
            return line
    # the rate between the amounts ("33.14  10  3.31  36.45" under "Base Imp.  %  IVA  Total"),
    # with its decimals ("38,50  32,35  19,00  6,15" under "Brutto  Netto  MwSt. %  MwSt.")
    spans = [(m.start(), m.end(), _rate(m)) for m in _WHOLE_RATE.finditer(row.text)]
    spans += [(a.start, a.end, a.value) for a in money_amounts(row.text, locale) if a.value in KNOWN_RATES]
    for start, end, rate in spans:
        line = _checked_line(row, rate, row.text[:start] + " " + row.text[end:], locale)
        if line is not None:
            return line
    return None


def heading_rates(rows: list[Row]) -> dict[int, Decimal]:
    """Rows under a heading that names one rate in each of its columns ("Brutto 19%  Netto 19%
    MwSt 19%" over "€270,30  €227,14  €43,16"): that rate, by the index of the row below."""
    out: dict[int, Decimal] = {}
    for above, row in zip(rows, rows[1:], strict=False):
        rates = {_rate(m) for m in RATE.finditer(above.text)}
        if (
            len(RATE.findall(above.text)) >= 2
            and len(rates) == 1
            and not RATE.search(row.text)
            and TAX_CONTEXT.search(L.undotted(L._folded_upper(above.text)))
        ):
            out[row.index] = rates.pop()
    return out


def heading_rate_line(row: Row, rate: Decimal, locale: str | None) -> TaxLine | None:
    """The row under a heading naming its rate (``heading_rates``): kept when its three amounts
    are the base, tax and gross of that rate."""
    return _checked_line(row, rate, row.text, locale)


# one rate's base, tax and gross on rows of their own ("20% VAT Net 32.50", "20% VAT 6.50",
# "20% VAT Total 39.00"; "Umsatz 19% 23,70", "MwSt. 19% 3,78", "Netto 19% 19,92";
# "Steuerpfl. Summe 19,00% 4,73", "Steuer 19,00% 0,76", "Netto 19,00% 3,97"; not "MwSt-Summe";
# "Umsatz 19% exkl." is the base, its l read as 1 too)
_PART_BASE = re.compile(
    r"NETTO|(?<![A-Z])NET(?![A-Z])|" + _EXCLUDING + r"|(?<![A-Z])HT(?![A-Z])|BASE|TAXABLE|IMPONIBLE"
    # the base in Czech and Slovak, Croatian and Serbian, Slovenian, Polish, Norwegian, Danish and
    # Swedish ("Základ 21%", "Osnovica 25%", "PTU A podstawa 23%", "MVA-grunnlag 15%", "Underlag moms 12%")
    # (not "základní", "základná": the standard rate)
    r"|ZAKLAD(?!N)|OSNOVIC|OSNOVA|PODSTAW|GRUNNLAG|GRUNDLAG|UNDERLAG"
)
_PART_GROSS = re.compile(
    r"BRUTTO|UMSATZ|TOTAL|GROSS|INCL|(?<![A-Z])TTC(?![A-Z])|(?<!STEUER)(?<!MWST)(?<!-)SUMME"
)


def _part(row: Row) -> str:
    text = L._folded_upper(row.text)
    if _PART_BASE.search(text):
        return "base"
    return "gross" if _PART_GROSS.search(text) else "amount"


def merge_rate_rows(found: list[TaxLine], rows: list[Row]) -> list[TaxLine]:
    """Rows of one rate that each print one amount, labelled as its base, tax or gross, read
    as one line when the three (or two of them) check (base x rate = tax, base + tax = gross);
    the rows are kept as they are otherwise."""
    by_index = {row.index: row for row in rows}
    single: dict[Decimal, list[TaxLine]] = {}
    for ln in found:
        if ln.base is None and ln.gross is None and ln.rate is not None:
            single.setdefault(ln.rate, []).append(ln)
    # (a line of that rate read whole stays: "19,00 % auf 365,46 69,44" under items' "19,0 %")
    out = [ln for ln in found if not (ln in single.get(ln.rate, ()) and len(single[ln.rate]) >= 2)]
    for rate, group in single.items():
        if len(group) < 2:
            continue
        if any(other_taxes(a.names, b.names) for a in group for b in group):
            out.extend(group)  # two taxes at one rate ("CGST 2.5% 7.50", "SGST 2.5% 7.50")
            continue
        parts: dict[str, TaxLine] = {}
        for ln in group:
            parts.setdefault(_part(by_index[ln.row]), ln)
        merged = _merged(rate, parts)
        out.extend([merged] if merged is not None else group)
    return out


def _merged(rate: Decimal, parts: dict[str, TaxLine]) -> TaxLine | None:
    tax_line = parts.get("amount")
    if tax_line is None:
        return None
    tax = tax_line.amount
    base = parts["base"].amount if "base" in parts else None
    gross = parts["gross"].amount if "gross" in parts else None
    if base is None and gross is not None:
        base = gross - tax
    if gross is None and base is not None:
        gross = base + tax
    if base is None or gross is None or abs(base + tax - gross) > Decimal("0.01"):
        return None
    if not (_tax_of_base(base, rate, tax) or _tax_of_gross(gross, rate, tax)):
        return None
    conf = min(ln.confidence for ln in parts.values())
    return TaxLine(rate, tax, base, gross, tax_line.row, True, conf)


def tax_on_next_row(line: TaxLine, below: Row | None, locale: str | None) -> TaxLine:
    """A rate row with one amount, its base, and the tax alone on the row under it ("VAT A 21.00%
    Taxable amount: 3.31" / "VAT amount: 0.69"): one line, when base x rate = tax."""
    if line.fits or line.base is not None or below is None or RATE.search(below.text):
        return line
    amounts = money_amounts(below.text, locale)
    if len(amounts) != 1 or not _tax_of_base(line.amount, line.rate, amounts[0].value):
        return line
    tax = amounts[0].value
    confidence = min(line.confidence, below.confidence)
    return TaxLine(line.rate, tax, line.amount, line.amount + tax, line.row, True, confidence, line.names)


def _beside(rows: list[Row], lines: list[TaxLine]) -> list[tuple[int, Row | None]]:
    """The rows just above and below the tax lines that are no tax line themselves (None where
    the page has no such row)."""
    by_index = {row.index: row for row in rows}
    table = {ln.row for ln in lines}
    return [(i, by_index.get(i)) for i in sorted({i + d for i in table for d in (-1, 1)} - table)]


def misread_rate_lines(rows: list[Row], lines: list[TaxLine], locale: str | None) -> list[TaxLine]:
    """Rows of a tax table whose rate did not read ("4,001", "1 208" for "4,00%", "20%"): next
    to a tax line, no word before the amounts, and three amounts that are the base, tax and
    gross of one known rate; or, on a row that starts with its misread rate ("7 8 MwSt" for
    "7 % MwSt"), a net and a gross, the gross that known rate more than the net."""
    out: list[TaxLine] = []
    for index, row in _beside(rows, lines):
        if row is None or RATE.search(row.text):
            continue
        amounts = money_amounts(row.text, locale)
        values = [a.value for a in amounts]
        if len(amounts) == 2 and re.match(r"^\W*\d", row.text):
            hit = _net_and_gross(values)
        elif len(amounts) != 3 or re.search(r"[^\W\d_]{2,}", row.text[: amounts[0].start]):
            continue
        else:
            hit = rate_of(values) or _base_and_gross_of_leading_rate(row.text, values)
        if hit is not None and all(ln.rate != hit[0] for ln in lines):
            rate, tax, base, gross = hit
            out.append(TaxLine(rate, tax, base, gross, index, True, 0.9 * float(row.confidence)))
    return out


def gross_completes(lines: list[TaxLine], rows: list[Row], locale: str | None, total) -> list[TaxLine]:
    """The one rate row of a table whose figures do not check ("B= 7,00% 8,93 1 32 20,25": its
    base short of a digit, its tax's comma lost), the table's other lines checking: when its
    last figure, as that rate's gross, makes the table's grosses add up to the ``total`` and the
    tax worked out of it is printed on the row (its comma lost or misread), that is its line,
    its base the gross less the tax."""
    loose = [ln for ln in lines if not ln.fits]
    checked = [ln for ln in lines if ln.fits and ln.gross is not None]
    if (
        total is None
        or len(loose) != 1
        or not checked
        or len(checked) != len(lines) - 1
        or loose[0].rate is None
    ):
        return lines
    line = loose[0]
    row = next((r for r in rows if r.index == line.row), None)
    m = RATE.search(row.text) if row is not None else None
    amounts = money_amounts(row.text[m.end() :], locale) if m else []
    if not amounts or sum((ln.gross for ln in checked), amounts[-1].value) != total:
        return lines
    gross = amounts[-1].value
    tax = tax_in_gross(gross, line.rate)
    units, cents = f"{tax:.2f}".split(".")
    if tax <= 0 or not re.search(rf"(?<![\d]){units}[\s.,:]?{cents}(?!\d)", row.text[m.end() :]):
        return lines
    mended = TaxLine(line.rate, tax, gross - tax, gross, line.row, True, _GROSS_SHARE * line.confidence)
    return sorted([*checked, mended], key=lambda ln: ln.row)


_LEADING_RATE = re.compile(r"^\W*(\d{1,2})(?![\d.,])")
_GROSS_SHARE = 0.8  # a tax worked out of a gross, not read: less sure than a row that checks


def grosses_only(
    rows: list[Row], lines: list[TaxLine], locale: str | None, total: Decimal | None
) -> list[TaxLine] | None:
    """A table that prints each rate's gross only ("7 % MwSt 69,60", "19 % MwSt 11,10" under
    "Brutto"; a rate misread "7 8" taken from the row's first number): when those amounts add up
    to the total they are grosses, not taxes, and each rate's tax is worked out of its gross. None
    when the lines are not such a table."""
    if total is None or not lines or any(ln.base is not None or ln.gross is not None for ln in lines):
        return None
    parts = [(ln.rate, ln.amount, ln.row, float(ln.confidence)) for ln in lines]
    for index, row in _beside(rows, lines):
        first = _LEADING_RATE.match(row.text) if row is not None and not RATE.search(row.text) else None
        amounts = money_amounts(row.text, locale) if first else []
        if first and len(amounts) == 1 and Decimal(first.group(1)) in KNOWN_RATES:
            parts.append((Decimal(first.group(1)), amounts[0].value, index, float(row.confidence)))
    rates = [rate for rate, *_ in parts]
    if len(parts) < 2 or None in rates or len(set(rates)) < len(parts):
        return None
    if sum((gross for _, gross, *_ in parts), Decimal(0)) != total:
        return None
    out = []
    for rate, gross, index, confidence in sorted(parts, key=lambda part: part[2]):
        tax = tax_in_gross(gross, rate)
        out.append(TaxLine(rate, tax, gross - tax, gross, index, True, _GROSS_SHARE * confidence))
    return out


def _base_and_gross_of_leading_rate(text: str, values: list) -> tuple | None:
    """Three amounts that do not check, the tax misread ("22  9.50  2.89  11.59" for 2,09): the
    first and last as base and gross when the number the row starts with is their rate."""
    lead = _LEADING_RATE.match(text)
    hit = _net_and_gross([values[0], values[-1]]) if lead else None
    return hit if hit is not None and hit[0] == Decimal(lead.group(1)) else None


def _net_and_gross(values: list) -> tuple | None:
    """(rate, tax, net, gross): the one known rate that makes the larger of two amounts the
    smaller plus its tax; None if none or several do."""
    net, gross = sorted(values)
    if net <= 0:
        return None
    found = [r for r in KNOWN_RATES if _tax_of_base(net, r, gross - net)]
    return (found[0], gross - net, net, gross) if len(found) == 1 else None


# a rate on a row like these is no tax rate
NOT_TAX = re.compile(
    r"RABATT|DISCOUNT|REMISE|DESCUENTO|SCONTO|KORTING|NACHLASS|SAVE|OFF(?![A-Z])|PROMO|SERVICE|TIP"
    r"|TRINKGELD|POURBOIRE|PROPINA|MANCIA|FOOI|PUNKTE|POINTS|BONUS"
)


def percent_line(row: Row, m: re.Match, locale: str | None) -> TaxLine | None:
    """The tax line of a row printing a rate with its % sign (``m``), None if it is no tax."""
    line = _percent_line(row, m, locale, row.text)
    mended = colon_mended(row.text[m.end() :]) if line is not None and not line.fits else None
    if mended is not None:
        # a decimal comma read as a colon on faded print ("B=7,0% 0:42 6,46"): the amounts as
        # they check at the rate, else as read
        again = _percent_line(row, m, locale, row.text[: m.end()] + mended)
        if again is not None and again.fits:
            return again
    return line


# an amount whose decimal comma or point was read as a colon ("0:42"); a time with its seconds
# ("12:42:07") is none, and a time without them counts only where the amounts then check
_COLON_DECIMAL = re.compile(r"(?<![\d:.,])(\d{1,4}):(\d\d)(?![\d:])")


def readings(text: str) -> list[str]:
    """``text`` as read, then with a decimal comma read as a colon put right, when it holds one."""
    mended = colon_mended(text)
    return [text] if mended is None else [text, mended]


def colon_mended(text: str) -> str | None:
    """``text`` with its amounts read with a colon ("0:42") given the decimal comma or point of
    the row's other amounts; None when it holds none. For rows whose amounts must check."""
    if not _COLON_DECIMAL.search(text):
        return None
    point = "," if re.search(r"\d,\d\d(?!\d)", text) else "."
    return _COLON_DECIMAL.sub(rf"\1{point}\2", text)


def _percent_line(row: Row, m: re.Match, locale: str | None, text: str) -> TaxLine | None:
    """``percent_line`` of the row's ``text`` (as read, or mended)."""
    upper = L._folded_upper(text)
    if NOT_TAX.search(upper) or L.DISCOUNT in L.classify(text[: m.start()]):
        return None
    rate = Decimal(m.group(1).replace(",", "."))
    if rate >= 30:
        return None
    rest = text[m.end() :]
    found_amounts = money_amounts(rest, locale)
    # "0,21-": tills print a refund's minus after the amount; "MWST - 8,93": a dash set apart
    # between the label and its one amount parts them
    amounts = [-a.value if rest[a.end : a.end + 1] == "-" and a.value > 0 else a.value for a in found_amounts]
    if (
        len(amounts) == 1
        and re.match(r"-\s", rest[found_amounts[0].start :])
        and rest[: found_amounts[0].start].strip()
    ):
        amounts = [abs(amounts[0])]
    if not amounts:
        return None
    sign = Decimal(-1) if all(v < 0 for v in amounts) else Decimal(1)
    tax, base, gross, fits = read_line_amounts(rate, [v * sign for v in amounts])
    if not fits and len(amounts) == 1 and (before := _before_rate(text[: m.start()], locale)) is not None:
        # the tax printed before its rate, the gross or base after it ("0,86 MwSt. 7% 12,34")
        read = read_line_amounts(rate, [before, amounts[0]])
        if read[3]:
            tax, base, gross, fits = read
    if not fits and len(amounts) == 3 and (hit := rate_of([v * sign for v in amounts])) is not None:
        # the rate misread ("1=:6.00%" for 16,00 %), its base, tax and gross those of another
        rate, (tax, base, gross), fits = hit[0], hit[1:], True
    tax, base, gross = (v * sign if v is not None else None for v in (tax, base, gross))
    if gross is not None and base is not None and base == 0 and tax == 0 and gross == 0:
        return None
    return TaxLine(rate, tax, base, gross, row.index, fits, float(row.confidence), tax_names(upper))


def _before_rate(text: str, locale: str | None) -> Decimal | None:
    """The one amount before a rate, the row starting with it or with a tax word ("0,86 MwSt.
    7%", "GST $9.29 @ 5.0%"): not an item's price after its name ("Semmel 5 x 0,40 20%")."""
    found = money_amounts(text, locale)
    if len(found) != 1 or found[0].value <= 0:
        return None
    label = text[: found[0].start]
    plain = not any(ch.isdigit() for ch in label)
    led = not re.search(r"[^\W\d_]", label) or TAX_CONTEXT.search(L.undotted(L._folded_upper(label)))
    return found[0].value if plain and led else None
