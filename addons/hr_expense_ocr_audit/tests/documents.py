# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Documents the tests draw for themselves with Pillow: a till receipt, one laid
out like the SROIE receipts, and a passport data page with its machine-readable
zone in OCR-B (Debian's fonts-ocr-b), DejaVu for the rest."""

import glob
import io

# the ICAO Doc 9303 part 4 specimen, check digits valid
MRZ_LINES = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
RECEIPT_LINES = (
    "CORNER BAKERY",
    "12 Market Street",
    "Receipt No: 4711",
    "Date: 2024-03-15",
    "",
    "Croissant            3.50",
    "Coffee Latte         4.20",
    "Sandwich Club       11.30",
    "",
    "SUBTOTAL            19.00",
    "TAX                  1.52",
    "TOTAL USD           20.52",
    "",
    "THANK YOU",
)
# a second receipt of the same trip: another shop, day and total
TAXI_LINES = (
    "CITY TAXI COMPANY",
    "45 Station Road",
    "Receipt No: 0815",
    "Date: 2024-03-18",
    "",
    "Fare                31.00",
    "Luggage              2.00",
    "",
    "TOTAL USD           33.00",
    "",
    "THANK YOU",
)
# a quote of the same bakery: what a catering would cost, not what was paid
QUOTE_LINES = (
    "CORNER BAKERY",
    "12 Market Street",
    "",
    "QUOTATION",
    "Quote No: Q-2024-031",
    "Date: 2024-03-15",
    "Valid until: 2024-04-15",
    "",
    "Catering, 20 guests 180.00",
    "Delivery             12.00",
    "",
    "SUBTOTAL            192.00",
    "TAX                  15.36",
    "TOTAL USD           207.36",
    "",
    "THANK YOU",
)

# laid out like the ICDAR 2019 SROIE receipts (Malaysian shop, RM, dd/mm/yyyy)
SROIE_LINES = (
    "SANYU STATIONERY SHOP",
    "CO. REG: 001531760-W",
    "NO. 31G&33G, JALAN SETIA INDAH X",
    "40170 SHAH ALAM",
    "",
    "CASH SALES",
    "INVOICE NO: CS-SA-0120436",
    "DATE: 27/10/2017 17:08:36",
    "",
    "PILOT PEN BLUE       2 X 3.50     7.00",
    "A4 PAPER 80GSM       1 X 12.50   12.50",
    "",
    "TOTAL SALES (INCLUSIVE GST)   19.50",
    "ROUNDING                       0.00",
    "TOTAL (RM)                    19.50",
    "CASH                          20.00",
    "CHANGE                         0.50",
    "",
    "THANK YOU, PLEASE COME AGAIN",
)


def _font(patterns, size):
    from PIL import ImageFont

    for pattern in patterns:
        for path in sorted(glob.glob(pattern)):
            return ImageFont.truetype(path, size)
    return None


# a till receipt in Indonesian rupiah, a currency without cents: "18.500" is eighteen thousand
RUPIAH_LINES = (
    "INDOMARET",
    "Jl. Sudirman No. 5, Jakarta",
    "Tgl 12/03/2024 14:22",
    "",
    "AQUA 600ML      Rp 3.500",
    "ROTI TAWAR     Rp 15.000",
    "",
    "TOTAL          Rp 18.500",
    "TUNAI          Rp 20.000",
    "KEMBALI         Rp 1.500",
    "",
    "TERIMA KASIH",
)


def render_receipt(lines=RECEIPT_LINES, font_size=30, width=640):
    """A till receipt, black on white, as a PNG."""
    from PIL import Image, ImageDraw

    font = _font(
        [
            "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/*/*.ttf",
        ],
        font_size,
    )
    step = int(font_size * 1.6)
    image = Image.new("RGB", (width, 90 + step * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((40, 40 + step * index), line, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_receipts_side_by_side(first=RECEIPT_LINES, second=TAXI_LINES, gap=80):
    """Two till receipts scanned on one page, side by side, as a PNG."""
    from PIL import Image

    slips = [Image.open(io.BytesIO(render_receipt(lines))) for lines in (first, second)]
    page = Image.new("RGB", (sum(s.width for s in slips) + gap, max(s.height for s in slips)), "white")
    page.paste(slips[0], (0, 0))
    page.paste(slips[1], (slips[0].width + gap, 0))
    buffer = io.BytesIO()
    page.save(buffer, format="PNG")
    return buffer.getvalue()


def render_passport(px_per_mm=8.0):
    """A TD3 passport data page with its machine-readable zone in OCR-B.

    Geometry from ICAO Doc 9303 part 4: a 125 x 88 mm page, MRZ characters
    at a fixed 2.54 mm pitch (10 per inch), lines about 4.2 mm apart, the
    last one about 3.5 mm above the bottom edge.
    """
    from PIL import Image, ImageDraw

    width, height = int(125 * px_per_mm), int(88 * px_per_mm)
    pitch = 2.54 * px_per_mm
    mrz_font = _font(
        [
            "/usr/share/fonts/opentype/ocr-b/OCRB.otf",
            "/usr/share/fonts/truetype/ocr-b/*.ttf",
            "/usr/share/fonts/opentype/ocr-b/*.otf",
        ],
        int(round(pitch * 1.42)),
    )
    label_font = _font(["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"], int(2.2 * px_per_mm))
    image = Image.new("RGB", (width, height), (240, 242, 236))
    draw = ImageDraw.Draw(image)
    draw.text(
        (int(5 * px_per_mm), int(3 * px_per_mm)), "PASSPORT  UTOPIA", fill=(40, 40, 90), font=label_font
    )
    photo = (int(5 * px_per_mm), int(12 * px_per_mm), int(37 * px_per_mm), int(52 * px_per_mm))
    draw.rectangle(photo, fill=(150, 140, 130))
    labels = (
        "Surname: ERIKSSON",
        "Given names: ANNA MARIA",
        "Nationality: UTOPIAN",
        "Date of birth: 12 AUG 1974",
        "Sex: F",
        "Date of expiry: 15 APR 2012",
        "Passport No: L898902C3",
    )
    for index, label in enumerate(labels):
        top = int((12 + 6 * index) * px_per_mm)
        draw.text((int(42 * px_per_mm), top), label, fill=(20, 20, 30), font=label_font)
    left = (width - pitch * len(MRZ_LINES[0])) / 2
    bottom = height - 3.5 * px_per_mm
    top = bottom - 4.2 * px_per_mm * (len(MRZ_LINES) - 1) - pitch * 1.42
    for row, line in enumerate(MRZ_LINES):
        for column, char in enumerate(line):
            draw.text(
                (left + column * pitch, top + row * 4.2 * px_per_mm),
                char,
                fill=(15, 15, 20),
                font=mrz_font,
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# what the tours scan: another shop than the other tests, so the service
# reads it afresh instead of answering from its cache
TOUR_RECEIPT_LINES = (
    "HARBOUR CAFE",
    "3 Quay Road",
    "Receipt No: 5120",
    "Date: 2024-05-02",
    "",
    "Flat White           3.80",
    "Porridge             6.50",
    "Orange Juice         4.20",
    "",
    "SUBTOTAL            14.50",
    "TAX                  1.16",
    "TOTAL USD           15.66",
    "",
    "THANK YOU",
)
