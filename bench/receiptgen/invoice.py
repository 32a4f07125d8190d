"""A4 invoices: what a hotel, a web shop or a supplier sends an employee, as a PDF with a text
layer or printed and scanned. The content (seller, items, taxes, totals, day) is a receipt's
(``content.make_receipt``), laid out as an invoice: the seller's letterhead and the customer's
address side by side, the invoice's number and days in a column of their own, a table of items
whose amounts stand in columns far from their names, a block of totals, a line saying how it was
paid, and a footer of three columns (the company's register, its VAT id, its bank).

Every name, address, number and bank account is made up.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

import numpy as np
from PIL import Image

from .content import Receipt, _digits, _postcode, format_amount, format_date, make_receipt
from .pdf import _pdf_text, _Writer

PAGE_W, PAGE_H = 595.0, 842.0
LEFT, RIGHT_COLUMN, RIGHT_EDGE = 56.0, 340.0, 539.0

# an invoice's own words, by language
WORDS = {
    "de": {"invoice": "Rechnung", "number": "Rechnungsnummer:", "date": "Rechnungsdatum:",
           "order": "Bestelldatum:", "customer": "Kundennummer:", "pos": "Pos.", "item": "Bezeichnung",
           "qty": "Menge", "unit": "Einzelpreis", "vat": "MwSt.", "amount": "Betrag",
           "net": "Nettobetrag", "total": "Gesamtbetrag", "paid": "Bezahlt mit {card} am {day}",
           "rate": "MwSt.-Satz", "gross": "Brutto", "register": "Amtsgericht {city} HRB {n}",
           "thanks": "Vielen Dank für Ihren Auftrag!", "bank": "Bankverbindung"},
    "fr": {"invoice": "Facture", "number": "N° de facture :", "date": "Date de facture :",
           "order": "Date de commande :", "customer": "N° client :", "pos": "Pos.", "item": "Désignation",
           "qty": "Qté", "unit": "Prix unitaire", "vat": "TVA", "amount": "Montant",
           "net": "Total HT", "total": "Total TTC", "paid": "Payé par {card} le {day}",
           "rate": "Taux TVA", "gross": "TTC", "register": "RCS {city} {n}",
           "thanks": "Merci de votre confiance.", "bank": "Coordonnées bancaires"},
    "es": {"invoice": "Factura", "number": "Nº de factura:", "date": "Fecha de factura:",
           "order": "Fecha de pedido:", "customer": "Nº de cliente:", "pos": "Pos.", "item": "Descripción",
           "qty": "Cant.", "unit": "Precio unit.", "vat": "IVA", "amount": "Importe",
           "net": "Base imponible", "total": "Total factura", "paid": "Pagado con {card} el {day}",
           "rate": "Tipo IVA", "gross": "Total", "register": "Registro Mercantil de {city}, hoja {n}",
           "thanks": "Gracias por su compra.", "bank": "Datos bancarios"},
    "it": {"invoice": "Fattura", "number": "Fattura n.:", "date": "Data fattura:",
           "order": "Data ordine:", "customer": "Codice cliente:", "pos": "Pos.", "item": "Descrizione",
           "qty": "Q.tà", "unit": "Prezzo unit.", "vat": "IVA", "amount": "Importo",
           "net": "Imponibile", "total": "Totale fattura", "paid": "Pagato con {card} il {day}",
           "rate": "Aliquota", "gross": "Totale", "register": "REA {city} {n}",
           "thanks": "Grazie per il vostro acquisto.", "bank": "Coordinate bancarie"},
    "nl": {"invoice": "Factuur", "number": "Factuurnummer:", "date": "Factuurdatum:",
           "order": "Besteldatum:", "customer": "Klantnummer:", "pos": "Pos.", "item": "Omschrijving",
           "qty": "Aantal", "unit": "Prijs per stuk", "vat": "BTW", "amount": "Bedrag",
           "net": "Subtotaal excl. BTW", "total": "Totaal", "paid": "Betaald met {card} op {day}",
           "rate": "BTW-tarief", "gross": "Incl. BTW", "register": "KvK {city} {n}",
           "thanks": "Bedankt voor uw bestelling.", "bank": "Bankgegevens"},
    "en": {"invoice": "Invoice", "number": "Invoice number:", "date": "Invoice date:",
           "order": "Order date:", "customer": "Customer no.:", "pos": "No.", "item": "Description",
           "qty": "Qty", "unit": "Unit price", "vat": "Tax", "amount": "Amount",
           "net": "Subtotal", "total": "Total", "paid": "Paid by {card} on {day}",
           "rate": "Rate", "gross": "Gross", "register": "Registered in {city}, company no. {n}",
           "thanks": "Thank you for your order.", "bank": "Bank details"},
}  # fmt: skip
CARDS = ("VISA", "Mastercard", "American Express")

# Helvetica's advance widths (1/1000 em) for what amounts and dates print; letters about 0.55 em
_WIDTHS = {**dict.fromkeys("0123456789", 556), ".": 278, ",": 278, " ": 278, "%": 889, "-": 333,
           "/": 278, "€": 556, "£": 556, "$": 556, ":": 278}  # fmt: skip


def _width(text: str, size: float) -> float:
    return sum(_WIDTHS.get(ch, 560) for ch in text) * size / 1000


class _Page:
    """Text placed on an A4 page: (x, y from the top, text, size, bold), left or right aligned."""

    def __init__(self):
        self.ops: list[bytes] = []
        self.text: list[str] = []

    def put(self, x: float, y: float, text: str, size: float = 9.0, bold: bool = False, right: bool = False):
        if not text:
            return
        left = x - _width(text, size) if right else x
        font = "F2" if bold else "F1"
        self.ops.append(
            f"BT /{font} {size:.2f} Tf {left:.2f} {PAGE_H - y:.2f} Td (".encode()
            + _pdf_text(text)
            + b") Tj ET"
        )
        self.text.append(text)

    def pdf(self) -> bytes:
        writer = _Writer()
        f1 = writer.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        f2 = writer.add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
        )
        content = writer.stream("", b"\n".join(self.ops))
        pages = len(writer.objects) + 2
        page = writer.add(
            f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {PAGE_W:.0f} {PAGE_H:.0f}] "
            f"/Resources << /Font << /F1 {f1} 0 R /F2 {f2} 0 R >> >> /Contents {content} 0 R >>".encode()
        )
        assert writer.add(f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>".encode()) == pages
        return writer.finish(writer.add(f"<< /Type /Catalog /Pages {pages} 0 R >>".encode()))


def _customer(rng: random.Random, receipt: Receipt) -> list[str]:
    loc = receipt.loc
    company = f"{rng.choice(loc.surnames)} {rng.choice(('Consulting', 'Engineering', 'Media', 'Services'))}"
    pattern, city = rng.choice(loc.cities)
    return [
        f"{company} {rng.choice(loc.legal_forms)}",
        f"{rng.choice(loc.surnames)}, {rng.choice(('Anna', 'Max', 'Jane', 'Luca', 'Sara'))}",
        f"{rng.choice(loc.streets)} {rng.randint(1, 120)}",
        f"{_postcode(rng, pattern)} {city}",
    ]


def make_invoice(seed: int) -> tuple[bytes, dict]:
    """Invoice ``seed`` as a PDF with a text layer, and what it prints (the receipt's content)."""
    receipt = make_receipt(seed)
    rng = random.Random(f"invoice-{seed}")
    loc, vendor = receipt.loc, receipt.vendor
    words = WORDS[loc.language]
    thousands = rng.choice(loc.thousands)
    money = lambda value: format_amount(value, loc, thousands)  # noqa: E731
    code = loc.currency_marks[1] if len(loc.currency_marks) > 1 else loc.currency_marks[0]
    day = receipt.when.date()
    order_day = day - dt.timedelta(days=rng.randint(1, 6))
    pattern = rng.choice([p for p in loc.short_dates if "%Y" in p] + list(loc.long_dates[:1]))
    when, ordered = format_date(day, pattern, loc), format_date(order_day, pattern, loc)
    page = _Page()
    # the letterhead, top right; the customer's address and the invoice's numbers side by side
    page.put(RIGHT_COLUMN, 70, vendor.trade, 15, bold=True)
    for i, line in enumerate([vendor.street, vendor.city_line, vendor.phone, vendor.email]):
        page.put(RIGHT_COLUMN, 88 + 11 * i, line, 8.5)
    page.put(LEFT, 140, f"{vendor.legal} · {vendor.street} · {vendor.city_line}", 6.5)
    for i, line in enumerate(_customer(rng, receipt)):
        page.put(LEFT, 156 + 12 * i, line, 9.5)
    number = f"{rng.choice(('', 'RE-', 'INV-', 'F'))}{day.year}-{_digits(rng, 5)}"
    info = [(words["number"], number), (words["date"], when), (words["order"], ordered),
            (words["customer"], _digits(rng, 6))]  # fmt: skip
    rng.shuffle(info)
    for i, (label, text) in enumerate(info):
        page.put(RIGHT_COLUMN, 156 + 12 * i, label, 9)
        page.put(RIGHT_EDGE, 156 + 12 * i, text, 9, right=True)
    page.put(LEFT, 230, f"{words['invoice']} {number}", 13, bold=True)
    # the items' table: names on the left, figures in columns far to the right
    y = 262
    columns = [
        (LEFT, words["pos"], False), (LEFT + 28, words["item"], False), (330, words["qty"], True),
        (400, words["unit"], True), (450, words["vat"], True), (RIGHT_EDGE, words["amount"], True),
    ]  # fmt: skip
    for x, label, right in columns:
        page.put(x, y, label, 8.5, bold=True, right=right)
    for n, item in enumerate(receipt.items, start=1):
        y += 14
        unit = (item.amount / item.qty).quantize(Decimal("0.01"))
        rate = f"{item.rate.percent.normalize():f}".replace(".", loc.decimal) + " %" if item.taxable else ""
        cells = [
            (LEFT, str(n), False), (LEFT + 28, item.name.title(), False), (330, str(item.qty), True),
            (400, money(unit), True), (450, rate, True), (RIGHT_EDGE, money(item.amount), True),
        ]  # fmt: skip
        for x, text, right in cells:
            page.put(x, y, text, 8.5, right=right)
    if receipt.discount:
        y += 14
        page.put(LEFT + 28, y, loc.labels["discount"][0], 8.5)
        page.put(RIGHT_EDGE, y, money(receipt.discount), 8.5, right=True)
    # the totals: the net, each rate's tax, the total; or the total and the tax it holds
    y += 26
    tax_word = loc.tax_word[0]
    rates = list(receipt.tax_lines)
    if not loc.prices_include_tax or rng.random() < 0.6:
        page.put(RIGHT_COLUMN, y, words["net"], 9)
        page.put(RIGHT_EDGE, y, money(receipt.net), 9, right=True)
        for line in rates:
            y += 13
            rate = f"{line.rate.normalize():f}".replace(".", loc.decimal)
            page.put(RIGHT_COLUMN, y, f"{tax_word} {rate} %", 9)
            page.put(RIGHT_EDGE, y, money(line.amount), 9, right=True)
        y += 16
        page.put(RIGHT_COLUMN, y, f"{words['total']} {code}", 10, bold=True)
        page.put(RIGHT_EDGE, y, money(receipt.total), 10, bold=True, right=True)
        net_printed, lines_printed = True, [["rate", "amount"] for _ in rates]
    else:
        page.put(RIGHT_COLUMN, y, f"{words['total']} {code}", 10, bold=True)
        page.put(RIGHT_EDGE, y, money(receipt.total), 10, bold=True, right=True)
        y += 20
        heads = [(RIGHT_COLUMN, words["rate"], False), (430, words["net"].split()[0], True),
                 (480, tax_word, True), (RIGHT_EDGE, words["gross"], True)]  # fmt: skip
        for x, label, right in heads:
            page.put(x, y, label, 8, bold=True, right=right)
        for line in rates:
            y += 12
            rate = f"{line.rate.normalize():f}".replace(".", loc.decimal) + " %"
            cells = [
                (RIGHT_COLUMN, rate, False), (430, money(line.base), True),
                (480, money(line.amount), True), (RIGHT_EDGE, money(line.gross), True),
            ]  # fmt: skip
            for x, text, right in cells:
                page.put(x, y, text, 8, right=right)
        net_printed, lines_printed = True, [["rate", "base", "amount"] for _ in rates]
    paid_day = rng.choice([when, ordered])
    page.put(LEFT, y + 30, words["paid"].format(card=rng.choice(CARDS), day=paid_day), 9)
    page.put(LEFT, y + 50, words["thanks"], 9)
    # the footer: three columns of the company's particulars
    city = vendor.city_line
    iban = f"IBAN {loc.country}{_digits(rng, 2)} " + " ".join(_digits(rng, 4) for _ in range(3))
    footer = [
        (LEFT, [vendor.legal, words["register"].format(city=city, n=_digits(rng, 6))]),
        (230, [f"{vendor.tax_id_label} {vendor.tax_id}" if vendor.tax_id else vendor.domain, vendor.phone]),
        (400, [words["bank"], iban]),
    ]  # fmt: skip
    for x, lines in footer:
        for i, line in enumerate(lines):
            page.put(x, 790 + 9 * i, line, 6.5)
    truth = _truth(receipt, when, net_printed, rates, lines_printed)
    return page.pdf(), truth


def _truth(receipt: Receipt, when: str, net_printed: bool, rates: list, printed: list) -> dict:
    from .generate import seller_truth

    return {
        "id": invoice_id(receipt.seed),
        "seed": receipt.seed,
        **seller_truth(receipt),
        "date": receipt.when.date().isoformat(),
        "date_text": when,
        "total": str(receipt.total),
        "tax": str(receipt.tax) if rates else None,  # no tax line: none printed (untaxed goods)
        "net": str(receipt.net) if net_printed and rates else None,  # untaxed: a subtotal, no net said
        "currency": receipt.loc.currency,
        "tax_lines": [
            {
                "rate": f"{line.rate.normalize():f}",
                "base": str(line.base),
                "amount": str(line.amount),
                "gross": str(line.gross),
                "printed": what,
            }  # fmt: skip
            for line, what in zip(rates, printed, strict=True)
        ],
        "printed": {
            "tax": bool(rates),
            "net": net_printed,
            "tax_lines": bool(rates),
            "subtotal": False,
            "currency": True,
        },  # fmt: skip
        "prices_include_tax": receipt.loc.prices_include_tax,
    }


def invoice_id(seed: int) -> str:
    return f"inv-{seed:06d}"


def scanned(pdf: bytes, seed: int) -> bytes:
    """The invoice printed and scanned: 150 dpi, grey, a little noise and a slight turn, JPEG."""
    import pypdfium2

    rng = np.random.default_rng(seed)
    page = pypdfium2.PdfDocument(pdf)[0].render(scale=150 / 72).to_pil().convert("L")
    page = page.rotate(float(rng.uniform(-0.8, 0.8)), resample=Image.BILINEAR, expand=False, fillcolor=255)
    pixels = np.asarray(page, dtype=np.float32) * 0.9 + 18 + rng.normal(0, 5, (page.height, page.width))
    out = io.BytesIO()
    Image.fromarray(np.uint8(np.clip(pixels, 0, 255))).save(out, "JPEG", quality=82)
    return out.getvalue()


# the two parts, by seed (``generate.part_of``: held out from 100001 on)
INVOICE_TUNING_FIRST_SEED = 70_001
INVOICE_HELDOUT_FIRST_SEED = 170_001


def invoice_kind(seed: int) -> str:
    """Every other invoice is printed and scanned (a JPEG, "scan"); the others are PDFs with a text
    layer ("text", as the receipts report's text-layer table counts them)."""
    return "scan" if seed % 2 == 0 else "text"


def write_invoices(out, tuning: int, heldout: int) -> dict:
    """``tuning`` + ``heldout`` invoices into ``out`` (img/, key/, dataset.json)."""
    import json
    from pathlib import Path

    from .generate import GENERATOR_VERSION, part_of

    out = Path(out)
    (out / "img").mkdir(parents=True, exist_ok=True)
    (out / "key").mkdir(parents=True, exist_ok=True)
    seeds = [*range(INVOICE_TUNING_FIRST_SEED, INVOICE_TUNING_FIRST_SEED + tuning)]
    seeds += range(INVOICE_HELDOUT_FIRST_SEED, INVOICE_HELDOUT_FIRST_SEED + heldout)
    for seed in seeds:
        pdf, truth = make_invoice(seed)
        kind = invoice_kind(seed)
        truth.update(part=part_of(seed), generator_version=GENERATOR_VERSION, document={"kind": kind})
        data = scanned(pdf, seed) if kind == "scan" else pdf
        (out / "img" / f"{truth['id']}.{'jpg' if kind == 'scan' else 'pdf'}").write_bytes(data)
        (out / "key" / f"{truth['id']}.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n"
        )
    manifest = {
        "name": "receiptgen-invoices",
        "description": "A4 invoices (letterhead and address side by side, a table of items, totals, a footer "
        "in three columns), every other one printed and scanned, rendered by bench/receiptgen/invoice.py "
        "(de, fr, es, it, nl, en_GB, en_US, en_AU)",
        "source": "generated by bench/receiptgen of this repository",
        "licence": "generated data, same licence as this repository",
        "generator_version": GENERATOR_VERSION,
        "parts": {
            part: [invoice_id(s) for s in seeds if part_of(s) == part] for part in ("tuning", "heldout")
        },
        "key_format": "receipt-truth-1",
    }
    (out / "dataset.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest
