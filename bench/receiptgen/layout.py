"""How a till lays a receipt out: the printed lines, their columns, sizes and roles.

A line is a list of cells anchored across the printable width (0 = left edge, 1 = right edge).
Roles mark the lines the ground truth depends on, so tests can check that what is printed
carries the values the ground truth states.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from .content import Receipt, TaxLine, format_amount, format_date, format_rate


@dataclass
class Cell:
    text: str
    x: float = 0.0
    align: str = "l"  # "l", "r" or "c"
    keep: bool = False  # a value: never shortened to fit


@dataclass
class PrintLine:
    cells: list[Cell]
    kind: str = "text"  # "text", "logo", "rule", "gap", "barcode"
    size: tuple[int, int] = (1, 1)  # width and height multipliers, as ESC ! prints them
    bold: bool = False
    role: str = ""
    logo: dict = field(default_factory=dict)


@dataclass
class Printout:
    lines: list[PrintLine]
    style: dict  # the choices made, recorded with the ground truth
    truth: dict  # what is printed: the values a reader should return


def _c(text: str, role: str = "", bold: bool = False, size=(1, 1)) -> PrintLine:
    return PrintLine([Cell(text, 0.5, "c")], role=role, bold=bold, size=size)


def _lr(left: str, right: str, role: str = "", bold: bool = False, size=(1, 1)) -> PrintLine:
    return PrintLine(
        [Cell(left, 0.0, "l"), Cell(right, 1.0, "r", keep=True)], role=role, bold=bold, size=size
    )


def _l(text: str, role: str = "") -> PrintLine:
    return PrintLine([Cell(text, 0.0, "l")], role=role)


def _gap() -> PrintLine:
    return PrintLine([], kind="gap")


def _rule(char: str) -> PrintLine:
    return PrintLine([Cell(char, 0.0, "l")], kind="rule")


class _Fmt:
    """Amounts, rates and currency marks as this receipt prints them."""

    def __init__(self, receipt: Receipt, rng: random.Random):
        loc = receipt.loc
        self.loc = loc
        self.thousands = rng.choice(loc.thousands)
        self.symbol = loc.currency_marks[0]
        self.code = loc.currency_marks[1]
        self.rate_style = rng.choice(["plain", "two", "one", "spaced"])
        # where the currency shows: on the total line, in its label, above the prices, nowhere
        self.mark = rng.choices(
            ["suffix", "prefix", "label", "header", "none"],
            [3, 2, 3, 1, 1] if loc.decimal == "," else [1, 5, 2, 1, 1],
        )[0]
        self.negative = rng.choice(["-{}", "{}-"])

    def amount(self, value: Decimal) -> str:
        text = format_amount(abs(value), self.loc, self.thousands)
        return self.negative.format(text) if value < 0 else text

    def money(self, value: Decimal) -> str:
        """An amount with the currency mark, when this receipt marks its totals."""
        text = self.amount(value)
        if self.mark == "suffix":
            return f"{text} {self.symbol if self.loc.decimal == ',' else self.code}"
        if self.mark == "prefix":
            return f"{self.symbol}{text}" if self.symbol in "£$" else f"{self.symbol} {text}"
        return text

    def label(self, label: str) -> str:
        return f"{label} {self.code}" if self.mark == "label" else label

    def rate(self, rate: Decimal) -> str:
        return format_rate(rate, self.loc, self.rate_style)


def _item_lines(receipt: Receipt, fmt: _Fmt, rng: random.Random, code_after: bool) -> list[PrintLine]:
    loc = receipt.loc
    out = []
    qty_word = rng.choice(loc.labels["qty"])
    for it in receipt.items:
        code = f" {it.code}" if code_after and it.code else ""
        amount = fmt.amount(it.amount) + code
        if it.weight is not None and it.unit is not None and it.unit % Decimal("0.01"):
            # fuel: litres at a price with a tenth of a cent
            price = f"{it.unit:.3f}".replace(".", loc.decimal)
            out.append(_lr(it.name, amount, role="item"))
            litres = f"{it.weight:.2f}".replace(".", loc.decimal)
            out.append(_l(f"  {litres} l x {price} /l"))
        elif it.weight is not None:
            weight = f"{it.weight:.3f}".replace(".", loc.decimal)
            out.append(_l(it.name))
            out.append(_lr(f"  {weight} kg x {fmt.amount(it.unit)} /kg", amount, role="item"))
        elif it.qty > 1:
            if rng.random() < 0.5:
                out.append(_l(f"  {it.qty} {qty_word} {fmt.amount(it.unit)}"))
                out.append(_lr(it.name, amount, role="item"))
            else:
                out.append(_lr(f"{it.qty} {qty_word} {it.name}", amount, role="item"))
        else:
            out.append(_lr(it.name, amount, role="item"))
    if receipt.discount:
        label = rng.choice(loc.labels["discount"])
        std_code = receipt.codes.get(max(it.rate.percent for it in receipt.items), "")
        code = f" {std_code}" if code_after and std_code else ""
        out.append(_lr(label, fmt.amount(receipt.discount) + code, role="discount"))
    return out


def _tax_table(
    receipt: Receipt, fmt: _Fmt, rng: random.Random, lines: list[TaxLine]
) -> tuple[list[PrintLine], set]:
    """A table of rates: each row the rate and some of net, tax and gross."""
    loc = receipt.loc
    word = rng.choice(loc.tax_word)
    net_l = rng.choice(loc.labels["net"])
    tax_l = rng.choice(loc.labels["tax_amount"])
    gross_l = rng.choice(loc.labels["gross"])
    orders = [
        ("rate", "net", "tax", "gross"),
        ("rate", "tax", "net", "gross"),
        ("rate", "gross", "net", "tax"),
        ("rate", "net", "tax"),
        ("rate", "tax", "gross"),
    ]
    columns = rng.choices(orders, [4, 2, 1, 2, 1])[0]
    heads = {"rate": word if rng.random() < 0.6 else f"{word}%", "net": net_l, "tax": tax_l, "gross": gross_l}
    n = len(columns)
    xs = [0.0] + [0.42 + (1.0 - 0.42) * i / (n - 2) for i in range(n - 1)] if n > 2 else [0.0, 1.0]
    out = [
        PrintLine([Cell(heads[c], x, "l" if c == "rate" else "r") for c, x in zip(columns, xs, strict=True)])
    ]
    show_code = rng.random() < 0.7
    for ln in lines:
        values = {
            "rate": (f"{ln.code} " if show_code and ln.code else "") + fmt.rate(ln.rate),
            "net": fmt.amount(ln.base),
            "tax": fmt.amount(ln.amount),
            "gross": fmt.amount(ln.gross),
        }
        out.append(
            PrintLine(
                [
                    Cell(values[c], x, "l" if c == "rate" else "r", keep=True)
                    for c, x in zip(columns, xs, strict=True)
                ],
                role="tax_line",
            )
        )
    if len(lines) > 1 and rng.random() < 0.4:
        sums = {
            "rate": rng.choice(loc.labels["total"]) if rng.random() < 0.5 else word,
            "net": fmt.amount(sum((ln.base for ln in lines), Decimal(0))),
            "tax": fmt.amount(sum((ln.amount for ln in lines), Decimal(0))),
            "gross": fmt.amount(sum((ln.gross for ln in lines), Decimal(0))),
        }
        out.append(
            PrintLine(
                [
                    Cell(sums[c], x, "l" if c == "rate" else "r", keep=True)
                    for c, x in zip(columns, xs, strict=True)
                ],
                role="tax_sum",
            )
        )
    printed = {"rate", *columns}
    return out, printed


def _tax_block(receipt: Receipt, fmt: _Fmt, rng: random.Random, style: str) -> tuple[list[PrintLine], dict]:
    """The tax part of the receipt and what it prints: which totals and tax-line parts."""
    loc = receipt.loc
    lines = receipt.tax_lines
    word = rng.choice(loc.tax_word)
    info = {"tax": False, "net": False, "tax_lines": [], "columns": set()}
    if style == "none" or not lines:
        return [], info
    if style == "table":
        shown = [ln for ln in lines if ln.rate > 0 or rng.random() < 0.5] or lines
        out, cols = _tax_table(receipt, fmt, rng, shown)
        info.update(tax=True, net="net" in cols, tax_lines=shown, columns=cols)
        return out, info
    if style == "included":
        shown = [ln for ln in lines if ln.rate > 0]
        if not shown:
            return [], info
        pattern = rng.choice(loc.labels["included"])
        out = [
            _lr(pattern.format(tax=word, rate=fmt.rate(ln.rate)), fmt.amount(ln.amount), role="tax_line")
            for ln in shown
        ]
        info.update(tax=True, tax_lines=shown, columns={"rate", "tax"})
        if len(shown) > 1 and rng.random() < 0.5:
            out.append(_lr(rng.choice(loc.labels["tax_total"]), fmt.amount(receipt.tax), role="tax_total"))
        return out, info
    if style == "block":
        # net total, tax per rate, gross total (France: HT / TVA / TTC)
        shown = [ln for ln in lines if ln.rate > 0] or lines
        out = [_lr(rng.choice(loc.labels["net"]), fmt.amount(receipt.net), role="net")]
        for ln in shown:
            out.append(_lr(f"{word} {fmt.rate(ln.rate)}", fmt.amount(ln.amount), role="tax_line"))
        if len(shown) > 1 or rng.random() < 0.3:
            out.append(_lr(rng.choice(loc.labels["tax_total"]), fmt.amount(receipt.tax), role="tax_total"))
        info.update(tax=True, net=True, tax_lines=shown, columns={"rate", "tax"})
        return out, info
    if style == "gst":
        out = [_lr(rng.choice(loc.labels["included"]), fmt.money(receipt.tax), role="tax_total")]
        info.update(tax=True, tax_lines=[ln for ln in lines if ln.rate > 0], columns={"tax"})
        return out, info
    raise ValueError(style)


def _tax_style(receipt: Receipt, rng: random.Random) -> str:
    country = receipt.loc.country
    if country == "US":
        return "us"
    if country == "AU":
        return rng.choices(["gst", "table", "none"], [6, 2, 1])[0]
    if country == "FR":
        return rng.choices(["table", "block", "included", "none"], [4, 3, 2, 1])[0]
    if country == "GB":
        return rng.choices(["table", "block", "included", "none"], [4, 2, 2, 1])[0]
    if country == "IT":
        return rng.choices(["table", "included", "block", "none"], [3, 4, 1, 1])[0]
    return rng.choices(["table", "included", "block", "none"], [6, 2, 1, 1])[0]


def layout_receipt(receipt: Receipt) -> Printout:
    """The printed lines of ``receipt`` and the ground truth of what they carry."""
    rng = random.Random(f"receipt-layout-{receipt.seed}")
    loc = receipt.loc
    v = receipt.vendor
    fmt = _Fmt(receipt, rng)
    lines: list[PrintLine] = []
    evidence: list[str] = []  # where the vendor's name can be read as text

    # -- header: logo, names, address ------------------------------------------------
    logo = rng.choices(
        ["text", "inverted", "script", "halftone", "emblem", "none"], [30, 12, 13, 15, 15, 15]
    )[0]
    if logo != "none":
        lines.append(PrintLine([Cell(v.trade, 0.5, "c")], kind="logo", role="logo", logo={"style": logo}))
        if rng.random() < 0.25:
            lines.append(_c(v.slogan, role="slogan"))
    elif rng.random() < 0.5:
        lines.append(_c(v.slogan, role="slogan"))
    if logo in ("halftone", "emblem", "none") and rng.random() < 0.35:
        lines.append(_c(v.trade, role="vendor_heading", bold=True))
        evidence.append("heading")
    if rng.random() < 0.3:
        lines.append(_c(v.legal, role="legal_name"))
        evidence.append("legal_name")
    if rng.random() < 0.35:
        lines.append(_c(v.branch))
    lines.append(_c(v.street, role="address"))
    lines.append(_c(v.city_line, role="address"))
    if rng.random() < 0.6:
        lines.append(_c(f"{rng.choice(loc.labels['phone'])} {v.phone}"))
    tax_id_top = v.tax_id is not None and rng.random() < 0.5
    if tax_id_top:
        lines.append(_c(f"{v.tax_id_label} {v.tax_id}", role="vat_id"))
        evidence.append("vat_id")
    web_top = rng.random() < 0.15
    if web_top:
        lines.append(_c(f"www.{v.domain}", role="web"))
        evidence.append("web")
    if rng.random() < 0.2:
        lines.append(_c(f"{rng.randint(7, 9)}:00 - {rng.randint(18, 22)}:00"))
    lines.append(_gap())

    # -- date and receipt number -------------------------------------------------------
    long_date = rng.random() < 0.15
    pattern = rng.choice(loc.long_dates if long_date else loc.short_dates)
    date_text = format_date(receipt.when.date(), pattern, loc)
    time_text = receipt.when.strftime("%H:%M" if rng.random() < 0.6 else "%H:%M:%S")
    if loc.country == "US" and rng.random() < 0.5:
        time_text = receipt.when.strftime("%I:%M %p").lstrip("0")
    meta_style = rng.choice(["one", "labelled", "split"])
    receipt_label = rng.choice(loc.labels["receipt"])
    till_label = rng.choice(loc.labels["cashier"])
    if meta_style == "one":
        meta = [
            PrintLine(
                [
                    Cell(f"{date_text} {time_text}", 0.0, "l", keep=True),
                    Cell(f"{receipt_label} {receipt.receipt_no}", 1.0, "r"),
                ],
                role="date",
            ),
            _l(f"{till_label} {receipt.till}"),
        ]
    elif meta_style == "labelled":
        meta = [
            _lr(rng.choice(loc.labels["date"]), date_text, role="date"),
            _lr(rng.choice(loc.labels["time"]), time_text),
            _lr(receipt_label, receipt.receipt_no),
        ]
    else:
        meta = [
            PrintLine(
                [
                    Cell(f"{till_label} {receipt.till}", 0.0, "l"),
                    Cell(f"{receipt_label} {receipt.receipt_no}", 1.0, "r"),
                ]
            ),
            PrintLine(
                [Cell(date_text, 0.0, "l", keep=True), Cell(time_text, 1.0, "r", keep=True)], role="date"
            ),
        ]
    meta_top = rng.random() < 0.55
    if meta_top:
        lines += meta + [_gap()]

    # -- items -------------------------------------------------------------------------------
    code_after = loc.country != "US" or rng.random() < 0.5
    if fmt.mark == "header":
        lines.append(PrintLine([Cell(fmt.code, 1.0, "r")]))
    lines += _item_lines(receipt, fmt, rng, code_after)
    rule = rng.choice(["-", "=", "- ", "*"])
    lines.append(_rule(rule))

    # -- totals, tax, payment ---------------------------------------------------------------
    total_label = fmt.label(rng.choice(loc.labels["total"]))
    big_total = rng.random() < 0.45
    total_size = (2, 2) if big_total and rng.random() < 0.5 else ((1, 2) if big_total else (1, 1))
    tax_style = _tax_style(receipt, rng)
    tax_info = {"tax": False, "net": False, "tax_lines": [], "columns": set()}
    subtotal_printed = False
    if tax_style == "us":
        rate = receipt.tax_lines[0].rate if receipt.tax_lines else Decimal(0)
        tax_word = rng.choice(loc.tax_word)
        lines.append(_lr(rng.choice(loc.labels["subtotal"]), fmt.amount(receipt.net), role="net"))
        tax_label = f"{tax_word} {fmt.rate(rate)}" if rate and rng.random() < 0.6 else tax_word
        lines.append(_lr(tax_label, fmt.amount(receipt.tax), role="tax_total"))
        tax_info.update(
            tax=True,
            net=True,
            tax_lines=receipt.tax_lines,
            columns={"rate", "tax"} if "%" in tax_label else {"tax"},
        )
        subtotal_printed = True
    elif loc.country in ("GB", "AU") and rng.random() < 0.3:
        lines.append(
            _lr(rng.choice(loc.labels["subtotal"]), fmt.amount(receipt.total), role="subtotal_gross")
        )
    lines.append(_lr(total_label, fmt.money(receipt.total), role="total", bold=big_total, size=total_size))
    pay = receipt.payment
    pay_lines = [_lr(pay["label"], fmt.amount(pay["given"]), role="payment")]
    if pay["method"] == "cash":
        pay_lines.append(_lr(rng.choice(loc.labels["change"]), fmt.amount(pay["change"]), role="change"))
    tax_lines: list[PrintLine] = []
    if tax_style != "us":
        tax_lines, tax_info = _tax_block(receipt, fmt, rng, tax_style)
    tax_first = tax_style == "block" or rng.random() < 0.3
    if tax_first and tax_lines:
        if tax_style == "block":
            # HT and TVA come before the total they add up to
            idx = next(i for i, ln in enumerate(lines) if ln.role == "total")
            lines[idx:idx] = tax_lines
        else:
            lines += tax_lines
        lines += pay_lines
    else:
        lines += pay_lines
        if tax_lines:
            lines += [_gap(), *tax_lines]
    lines.append(_gap())
    if not meta_top:
        lines += meta

    # -- card slip -----------------------------------------------------------------------------
    if pay["method"] == "card" and rng.random() < 0.6:
        lines += [_rule(rule), _c(rng.choice(loc.labels["card_slip"]))]
        slip_date = format_date(receipt.when.date(), rng.choice(loc.short_dates), loc)
        lines.append(
            PrintLine(
                [Cell(f"{slip_date} {receipt.when.strftime('%H:%M')}", 0.0, "l", keep=True)], role="date2"
            )
        )
        lines.append(_l(f"TID {rng.randint(10000000, 99999999)}  Trace {rng.randint(100, 99999)}"))
        lines.append(_lr(rng.choice(loc.labels["amount"]), fmt.money(receipt.total), role="card_amount"))
        lines.append(_c(rng.choice(loc.labels["approved"])))

    # -- footer ------------------------------------------------------------------------------------
    if rng.random() < 0.4:
        count = sum(it.qty for it in receipt.items)
        lines.append(_lr(rng.choice(loc.labels["items_count"]), str(count)))
    if rng.random() < 0.25:
        later = receipt.when.date().toordinal() + rng.choice([14, 28, 30])
        back = format_date(dt.date.fromordinal(later), rng.choice(loc.short_dates), loc)
        lines.append(_c(f"{rng.choice(loc.labels['returns'])} {back}", role="returns_date"))
    if rng.random() < 0.45:
        lines.append(_c(rng.choice(loc.thanks).format(name=v.trade), role="thanks_named"))
        evidence.append("footer")
    else:
        lines.append(_c(rng.choice(loc.goodbye)))
    if not web_top and rng.random() < 0.45:
        lines.append(_c(f"www.{v.domain}", role="web"))
        evidence.append("web")
    if rng.random() < 0.25:
        lines.append(_c(v.email, role="email"))
        evidence.append("email")
    if v.tax_id is not None and not tax_id_top and rng.random() < 0.7:
        if rng.random() < 0.5 and "legal_name" not in evidence:
            lines.append(_c(v.legal, role="legal_name"))
            evidence.append("legal_name")
        lines.append(_c(f"{v.tax_id_label} {v.tax_id}", role="vat_id"))
        evidence.append("vat_id")
    # every receipt names its shop somewhere in text a reader can use
    if not ({"heading", "legal_name", "footer", "web", "email"} & set(evidence)) and logo not in (
        "text",
        "inverted",
    ):
        lines.append(_c(v.legal, role="legal_name"))
        evidence.append("legal_name")
    if rng.random() < 0.35:
        lines.append(PrintLine([], kind="barcode", logo={"digits": f"{receipt.seed:012d}"}))

    truth_tax_lines = []
    columns = tax_info["columns"]
    for ln in tax_info["tax_lines"]:
        printed = sorted(c for c in ("rate", "net", "tax", "gross") if c in columns)
        truth_tax_lines.append(
            {
                "rate": _dec(ln.rate),
                "base": str(ln.base),
                "amount": str(ln.amount),
                "gross": str(ln.gross),
                "code": ln.code,
                "printed": ["base" if c == "net" else "amount" if c == "tax" else c for c in printed],
            }
        )
    truth = {
        "tax_printed": bool(tax_info["tax"]),
        "net_printed": bool(tax_info["net"]),
        "subtotal_printed": subtotal_printed,
        "tax_lines": truth_tax_lines,
        "date_text": date_text,
        "vendor_evidence": evidence + (["logo_text"] if logo in ("text", "inverted", "script") else []),
    }
    style = {
        "logo": logo,
        "tax_style": tax_style,
        "date_pattern": pattern,
        "meta_top": meta_top,
        "currency_mark": fmt.mark,
        "thousands": fmt.thousands,
        "rate_style": fmt.rate_style,
        "total_size": list(total_size),
    }
    return Printout(lines=lines, style=style, truth=truth)


def _dec(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text
