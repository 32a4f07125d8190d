"""What a receipt says: shop, items, tax, payment and date, drawn from one seed.

Amounts are exact decimals. VAT countries print gross prices and work the tax out of each
rate's gross sum, as tills do (``tax = gross * r / (100 + r)``, rounded half up to the cent;
``net = gross - tax``); US receipts add sales tax to the taxable subtotal.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .locales import LOCALES, WEIGHTS, Locale, TaxRate

CENT = Decimal("0.01")
ZERO = Decimal("0")

# Which rate kind an item category takes, per country (first kind listed that the country has).
_CATEGORY_RATE = {
    "DE": {"food": "reduced", "drink": "standard", "nonfood": "standard", "hot": "standard",
           "fuel": "standard", "book": "reduced"},
    "FR": {"food": "super", "drink": "standard", "nonfood": "standard", "hot": "reduced",
           "fuel": "standard", "book": "super"},
    "ES": {"food": "reduced", "drink": "reduced", "nonfood": "standard", "hot": "reduced",
           "fuel": "standard", "book": "super"},
    "IT": {"food": "super", "drink": "standard", "nonfood": "standard", "hot": "reduced",
           "fuel": "standard", "book": "super"},
    "NL": {"food": "reduced", "drink": "reduced", "nonfood": "standard", "hot": "reduced",
           "fuel": "standard", "book": "reduced"},
    "GB": {"food": "zero", "drink": "standard", "nonfood": "standard", "hot": "standard",
           "fuel": "standard", "book": "zero"},
    "AU": {"food": "zero", "drink": "standard", "nonfood": "standard", "hot": "standard",
           "fuel": "standard", "book": "standard"},
}  # fmt: skip

# Item categories a kind of shop sells, with weights.
_SHOP_MIX = {
    "supermarket": (("food", 6), ("drink", 2), ("nonfood", 2)),
    "bakery": (("food", 7), ("hot", 3)),
    "drugstore": (("nonfood", 8), ("food", 2)),
    "restaurant": (("hot", 8), ("drink", 2)),
    "fuel": (("fuel", 1),),
    "electronics": (("nonfood", 1),),
    "hardware": (("nonfood", 1),),
    "books": (("book", 8), ("nonfood", 2)),
}
_SHOP_WEIGHTS = {
    "supermarket": 8, "bakery": 2, "drugstore": 3, "restaurant": 4, "fuel": 2, "electronics": 2,
    "hardware": 2, "books": 1,
}  # fmt: skip

_WEEKDAYS = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(value: Decimal, loc: Locale, thousands: str = "") -> str:
    """``1234.5`` -> ``1.234,50`` (de, thousands ".") or ``1234.50`` (en, none)."""
    sign = "-" if value < 0 else ""
    whole, frac = f"{abs(value):.2f}".split(".")
    if thousands:
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = thousands.join([whole, *groups])
    return f"{sign}{whole}{loc.decimal}{frac}"


def format_rate(rate: Decimal, loc: Locale, style: str) -> str:
    """``19`` -> ``19%``, ``19 %``, ``19,00%`` or ``19,0 %``; ``5.5`` keeps its fraction."""
    if style == "two":
        text = f"{rate:.2f}"
    elif style == "one":
        text = f"{rate:.1f}"
    else:
        text = f"{rate.normalize():f}"
    text = text.replace(".", loc.decimal)
    return text + ("%" if style != "spaced" else " %")


def format_date(day: dt.date, pattern: str, loc: Locale) -> str:
    """strftime for the patterns tills use, with the locale's month and weekday names."""
    out = pattern
    out = out.replace("%-d", str(day.day)).replace("%-m", str(day.month))
    out = out.replace("%d", f"{day.day:02d}").replace("%m", f"{day.month:02d}")
    out = out.replace("%Y", f"{day.year:04d}").replace("%y", f"{day.year % 100:02d}")
    out = out.replace("%B", loc.months[day.month - 1]).replace("%b", loc.months_short[day.month - 1])
    out = out.replace("%A", _WEEKDAYS[loc.language][day.weekday()])
    return out


def slug(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass
class Vendor:
    trade: str  # the name customers know, printed as a logo or heading
    legal: str  # the company behind it, with its legal form
    core: str  # the legal name without the legal form
    kind: str
    street: str
    city_line: str
    phone: str
    domain: str
    email: str
    tax_id_label: str
    tax_id: str | None
    slogan: str
    branch: str


@dataclass
class Item:
    name: str
    amount: Decimal  # what the line costs (gross in VAT countries)
    rate: TaxRate
    code: str
    qty: int = 1
    unit: Decimal | None = None
    weight: Decimal | None = None  # kg, for loose produce
    taxable: bool = True  # US: whether sales tax applies


@dataclass
class TaxLine:
    code: str
    rate: Decimal
    base: Decimal  # net
    amount: Decimal  # tax
    gross: Decimal


@dataclass
class Receipt:
    seed: int
    loc: Locale
    vendor: Vendor
    when: dt.datetime
    items: list[Item]
    discount: Decimal  # a basket discount (<= 0), on the standard rate
    tax_lines: list[TaxLine]
    net: Decimal
    tax: Decimal
    total: Decimal
    payment: dict
    receipt_no: str
    till: str
    codes: dict[Decimal, str] = field(default_factory=dict)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _postcode(rng: random.Random, pattern: str) -> str:
    out = []
    for ch in pattern:
        if ch == "#":
            out.append(rng.choice("0123456789"))
        elif ch == "@":
            out.append(rng.choice("ABCDEFGHJKLMNPRSTUWXYZ"))
        else:
            out.append(ch)
    text = "".join(out)
    return text if text[0] != "0" else "1" + text[1:]


def _tax_id(rng: random.Random, loc: Locale) -> tuple[str, str | None]:
    label = rng.choice(loc.labels["vat_id"])
    c = loc.country
    if c == "DE":
        if "Steuer" in label or "St." in label:
            return label, f"{_digits(rng, 3)}/{_digits(rng, 3)}/{_digits(rng, 5)}"
        return label, "DE" + _digits(rng, 9)
    if c == "FR":
        if label.startswith("SIRET"):
            return label, f"{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 5)}"
        return label, f"FR{_digits(rng, 2)}{_digits(rng, 9)}"
    if c == "ES":
        return label, rng.choice("ABB") + _digits(rng, 8)
    if c == "IT":
        return label, _digits(rng, 11)
    if c == "NL":
        if label == "KvK":
            return label, _digits(rng, 8)
        return label, f"NL{_digits(rng, 9)}B01"
    if c == "GB":
        return label, f"GB {_digits(rng, 3)} {_digits(rng, 4)} {_digits(rng, 2)}"
    if c == "AU":
        return label, f"{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}"
    return label, None  # US: no VAT number


def _phone(rng: random.Random, loc: Locale) -> str:
    c = loc.country
    if c == "DE":
        return f"0{_digits(rng, 3)} / {_digits(rng, 6)}"
    if c == "FR":
        return "0" + " ".join(_digits(rng, 2) for _ in range(5))[1:]
    if c in ("ES", "IT"):
        return f"{rng.choice('89')}{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)}"
    if c == "NL":
        return f"0{_digits(rng, 2)}-{_digits(rng, 7)}"
    if c == "GB":
        return f"01{_digits(rng, 3)} {_digits(rng, 6)}"
    if c == "AU":
        return f"(0{rng.choice('2378')}) {_digits(rng, 4)} {_digits(rng, 4)}"
    return f"({rng.randint(201, 989)}) {_digits(rng, 3)}-{_digits(rng, 4)}"


def make_vendor(rng: random.Random, loc: Locale, kind: str) -> Vendor:
    word = rng.choice(loc.shop_kinds[kind])
    surname = rng.choice(loc.surnames)
    invented = rng.choice(loc.invented)
    pattern = rng.random()
    en = loc.language == "en"
    if pattern < 0.45:
        trade = (
            f"{surname}'s {word}"
            if en and rng.random() < 0.5
            else (f"{surname} {word}" if en else f"{word} {surname}")
        )
        core = surname
    elif pattern < 0.75:
        trade = f"{invented} {word}" if en or loc.language in ("de", "nl") else f"{word} {invented}"
        core = invented
    else:
        trade = invented
        core = invented
    if rng.random() < 0.5 and core != trade:
        core = trade
    legal_form = rng.choice(loc.legal_forms)
    legal = f"{core} {legal_form}"
    domain = f"{slug(rng.choice([trade, core]))}.{loc.tld}"
    email = f"{rng.choice(['info', 'kontakt' if loc.language == 'de' else 'contact', 'service'])}@{domain}"
    label, tax_id = _tax_id(rng, loc)
    postcode_pattern, city = rng.choice(loc.cities)
    postcode = _postcode(rng, postcode_pattern)
    number = str(rng.randint(1, 180))
    street_name = rng.choice(loc.streets)
    if loc.country in ("FR", "GB", "US", "AU"):
        street = f"{number} {street_name}" if loc.country != "FR" else f"{number}, {street_name}"
    else:
        street = f"{street_name} {number}" if loc.country != "ES" else f"{street_name}, {number}"
    if loc.country == "US":
        city_line = postcode  # the pattern already holds "City, ST 12345"
    elif loc.country == "AU" or loc.country == "GB":
        city_line = f"{city} {postcode}"
    else:
        city_line = (
            f"{postcode} {city}"
            if "(" not in postcode
            else f"{postcode.split()[0]} {city} {postcode.split()[1]}"
        )
    branch = f"{rng.choice(loc.labels['branch'])} {rng.randint(1, 2999)}"
    return Vendor(
        trade=trade,
        legal=legal,
        core=core,
        kind=kind,
        street=street,
        city_line=city_line,
        phone=_phone(rng, loc),
        domain=domain,
        email=email,
        tax_id_label=label,
        tax_id=tax_id,
        slogan=rng.choice(loc.slogans),
        branch=branch,
    )


def _rate_for(loc: Locale, category: str, rng: random.Random, store_rate: TaxRate) -> TaxRate:
    if loc.country == "US":
        return store_rate  # one sales tax rate per store (state + county + city)
    want = _CATEGORY_RATE[loc.country][category]
    if category == "drink" and loc.country == "DE" and rng.random() < 0.3:
        want = "reduced"  # milk drinks
    for rate in loc.rates:
        if rate.kind == want:
            return rate
    return loc.rates[0]


def _price(rng: random.Random, low: float, high: float, kind: str) -> Decimal:
    value = rng.uniform(low, high)
    if kind == "electronics" and rng.random() < 0.6:
        value *= rng.choice([5, 12, 25, 60, 140])  # appliances, phones, laptops: thousands separators
    cents = int(round(value * 100))
    if rng.random() < 0.5:
        cents = cents // 10 * 10 + 9  # x,x9 prices
    return money(Decimal(max(cents, 9)) / 100)


def make_items(rng: random.Random, loc: Locale, kind: str) -> list[Item]:
    mix = _SHOP_MIX[kind]
    categories = [c for c, _ in mix]
    weights = [w for _, w in mix]
    if kind == "fuel":
        count = 1 + (rng.random() < 0.4) * rng.randint(1, 3)
    elif kind in ("electronics", "books"):
        count = rng.randint(1, 4)
    elif kind == "restaurant":
        count = rng.randint(2, 9)
    else:
        count = max(1, min(28, int(rng.expovariate(1 / 8)) + 1))
    items: list[Item] = []
    store_rate = rng.choice(loc.rates)
    for i in range(count):
        if kind == "fuel" and i > 0:
            category = rng.choice(["food", "drink"])
        else:
            category = rng.choices(categories, weights)[0]
        name, low, high = rng.choice(loc.items[category])
        rate = _rate_for(loc, category, rng, store_rate)
        unit = _price(rng, low, high, kind)
        qty = 1
        weight = None
        if category == "fuel":
            litres = Decimal(rng.randint(1500, 6500)) / 100
            unit = money(Decimal(rng.randint(149, 219)) / 100) + Decimal("0.009")
            amount = money(litres * unit)
            items.append(Item(name, amount, rate, "", qty=1, unit=unit, weight=litres))
            continue
        if category == "food" and rng.random() < 0.12 and kind == "supermarket":
            weight = Decimal(rng.randint(150, 1800)) / 1000
            amount = money(weight * unit)
        else:
            if rng.random() < 0.18:
                qty = rng.randint(2, 6)
            amount = unit * qty
        taxable = True
        if loc.country == "US" and category in ("food", "book"):
            taxable = False
        items.append(Item(name, money(amount), rate, "", qty=qty, unit=unit, weight=weight, taxable=taxable))
    return items


def _assign_codes(rng: random.Random, loc: Locale, items: list[Item]) -> dict[Decimal, str]:
    rates = sorted({it.rate.percent for it in items} | {r.percent for r in loc.rates}, reverse=True)
    scheme = rng.choice(["AB", "12", "BC", "CD", "AB", "AB"])
    if loc.country == "US":
        return dict.fromkeys(rates, "T")
    codes = {}
    for i, rate in enumerate(rates):
        codes[rate] = chr(ord(scheme[0]) + i) if scheme[0].isalpha() else str(i + 1)
    if scheme == "CD" and len(rates) == 2:
        # some tills give the reduced rate the first letter: C = 7 %, D = 19 %
        codes = {rates[1]: "C", rates[0]: "D"}
    return codes


def compute_taxes(
    loc: Locale, items: list[Item], discount: Decimal
) -> tuple[list[TaxLine], Decimal, Decimal, Decimal]:
    """Tax lines, net, tax and total of the items (plus a discount on the standard rate)."""
    if not loc.prices_include_tax:
        subtotal = sum((it.amount for it in items), ZERO) + discount
        taxable = max(ZERO, sum((it.amount for it in items if it.taxable), ZERO) + discount)
        rate = items[0].rate.percent
        tax = money(taxable * rate / 100)
        line = TaxLine("T", rate, taxable, tax, taxable + tax)
        return ([line] if taxable > 0 else []), subtotal, tax, subtotal + tax
    gross_by_rate: dict[Decimal, Decimal] = {}
    for it in items:
        gross_by_rate[it.rate.percent] = gross_by_rate.get(it.rate.percent, ZERO) + it.amount
    if discount:
        top = max(gross_by_rate)
        gross_by_rate[top] += discount
    lines = []
    for rate in sorted(gross_by_rate, reverse=True):
        gross = gross_by_rate[rate]
        tax = money(gross * rate / (100 + rate))
        lines.append(TaxLine("", rate, gross - tax, tax, gross))
    net = sum((ln.base for ln in lines), ZERO)
    tax = sum((ln.amount for ln in lines), ZERO)
    total = sum((ln.gross for ln in lines), ZERO)
    return lines, net, tax, total


def _payment(rng: random.Random, loc: Locale, total: Decimal) -> dict:
    if rng.random() < 0.45:
        notes = [Decimal(n) for n in (5, 10, 20, 50, 100, 200)]
        candidates = [n for n in notes if n >= total]
        if candidates and rng.random() < 0.7:
            given = candidates[0] if rng.random() < 0.7 else rng.choice(candidates)
        else:
            given = total.quantize(Decimal("1"), rounding="ROUND_CEILING")
            if given < total:
                given += 1
        return {"method": "cash", "label": rng.choice(loc.labels["cash"]), "given": money(given),
                "change": money(given - total)}  # fmt: skip
    return {"method": "card", "label": rng.choice(loc.labels["card"]), "given": total, "change": ZERO}


def pick_locale(rng: random.Random) -> Locale:
    codes = list(WEIGHTS)
    return LOCALES[rng.choices(codes, [WEIGHTS[c] for c in codes])[0]]


def make_receipt(seed: int) -> Receipt:
    """The content of receipt ``seed``: the same seed gives the same receipt."""
    rng = random.Random(f"receipt-content-{seed}")
    loc = pick_locale(rng)
    kinds = list(_SHOP_WEIGHTS)
    kind = rng.choices(kinds, [_SHOP_WEIGHTS[k] for k in kinds])[0]
    vendor = make_vendor(rng, loc, kind)
    day = FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    when = dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.randint(0, 59), rng.randint(0, 59)))
    items = make_items(rng, loc, kind)
    discount = ZERO
    gross_items = sum((it.amount for it in items), ZERO)
    if rng.random() < 0.12 and gross_items > 5:
        discount = -money(gross_items * Decimal(rng.choice([3, 5, 10])) / 100)
        std = max(it.rate.percent for it in items)
        std_sum = sum((it.amount for it in items if it.rate.percent == std), ZERO)
        if std_sum + discount <= 0 or not all(it.taxable for it in items):
            discount = ZERO
    tax_lines, net, tax, total = compute_taxes(loc, items, discount)
    codes = _assign_codes(rng, loc, items)
    for it in items:
        it.code = codes[it.rate.percent]
    for line in tax_lines:
        line.code = codes.get(line.rate, "T")
    return Receipt(
        seed=seed,
        loc=loc,
        vendor=vendor,
        when=when,
        items=items,
        discount=discount,
        tax_lines=tax_lines,
        net=net,
        tax=tax,
        total=total,
        payment=_payment(rng, loc, total),
        receipt_no=_digits(rng, rng.choice([4, 5, 6])),
        till=str(rng.randint(1, 12)),
        codes=codes,
    )
