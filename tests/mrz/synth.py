"""Synthetic machine readable documents for tests and benchmarks.

``random_identity`` draws a document (format, names, countries, dates, numbers),
``mrz_lines`` writes its MRZ with every check digit, ``render_page`` draws a data
page with Pillow in OCR-B (Debian's ``fonts-ocr-b``) and ``distort`` degrades a
page like a phone photo or a cheap scanner: skew, blur, noise, uneven light, JPEG.
Everything is driven by a ``random.Random`` so a seed reproduces a set.
"""

from __future__ import annotations

import datetime as dt
import glob
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr_service.mrz import FORMAT_SHAPES, check_digit

OCRB_CANDIDATES = (
    "/usr/share/fonts/opentype/ocr-b/OCRB.otf",
    "/usr/share/fonts/truetype/ocr-b/OCRB.ttf",
    "/usr/share/fonts/opentype/ocr-b/*.otf",
)
LABEL_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/*.ttf",
)

COUNTRIES = (
    "UTO", "D", "FRA", "GBR", "USA", "ITA", "ESP", "NLD", "BEL", "CHE", "AUT", "POL", "SWE", "NOR", "DNK",
    "FIN", "IRL", "PRT", "GRC", "CZE", "HUN", "ROU", "BGR", "HRV", "SVN", "SVK", "EST", "LVA", "LTU", "CAN",
    "MEX", "BRA", "ARG", "CHL", "COL", "PER", "IND", "PAK", "BGD", "CHN", "JPN", "KOR", "VNM", "THA", "PHL",
    "IDN", "MYS", "SGP", "AUS", "NZL", "ZAF", "NGA", "KEN", "EGY", "MAR", "TUN", "DZA", "TUR", "ISR", "SAU",
    "ARE", "QAT", "IRN", "UKR", "GBD", "GBN", "XXA", "XXB", "XXX", "UNO", "RKS", "LUX", "ISL", "MLT", "CYP",
)  # fmt: skip
SYLLABLES = (
    "AN", "NA", "MA", "RI", "KO", "LE", "SO", "TA", "VI", "EL", "OR", "IN", "DE", "LA", "SEN", "BER",
    "MIL", "HOL", "GAR", "CIA", "NOV", "ICH", "WA", "ZU", "PE", "TRO", "QUI", "JO", "XU", "YA", "FF",
)  # fmt: skip


def _find(patterns: tuple[str, ...]) -> str | None:
    for pattern in patterns:
        hits = sorted(glob.glob(pattern))
        if hits:
            return hits[0]
    return None


def ocrb_font_path() -> str:
    path = _find(OCRB_CANDIDATES)
    if path is None:
        raise RuntimeError("the OCR-B font is missing: install Debian's fonts-ocr-b")
    return path


@dataclass
class SynthDocument:
    mrz_format: str
    lines: list[str]
    # expected parse: the same keys as MrzResult.fields values
    truth: dict
    # a photo's page corners in its pixels (top-left, top-right, bottom-right, bottom-left of
    # the page as printed), for measuring where a reader goes wrong; None for other images
    corners: list[tuple[float, float]] | None = None


def _word(rng: random.Random, lo: int = 2, hi: int = 4) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(lo, hi)))


def _alnum(rng: random.Random, n: int, letters: float = 0.3) -> str:
    out = []
    for _ in range(n):
        if rng.random() < letters:
            out.append(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        else:
            out.append(rng.choice("0123456789"))
    return "".join(out)


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _pad(s: str, n: int) -> str:
    return (s + "<" * n)[:n]


def _names_field(surname: str, given: str, n: int) -> tuple[str, str, str]:
    """MRZ name field and the names it can hold after truncation."""
    sur = surname.replace(" ", "<")
    giv = given.replace(" ", "<")
    raw = sur + ("<<" + giv if giv else "")
    raw = raw[:n].rstrip("<") if len(raw) > n else raw
    field = _pad(raw, n)
    if "<<" in raw:
        p, s = raw.split("<<", 1)
    else:
        p, s = raw, ""
    return field, " ".join(w for w in p.split("<") if w), " ".join(w for w in s.split("<") if w)


# the day documents' dates are drawn around unless a test gives another: a fixed one, so that a
# seed names the same document every day (drawn around the real date, a test pinned to one
# photo's reading failed on the day its digits changed)
DRAWN_ON = dt.date(2026, 12, 6)


def random_identity(rng: random.Random, mrz_format: str | None = None, today: dt.date | None = None):
    """A random, valid document: its MRZ lines and the fields a parser must return; its dates
    drawn around ``today`` (``DRAWN_ON`` when None)."""
    today = today or DRAWN_ON
    fmt = mrz_format or rng.choice(("TD1", "TD2", "TD3", "TD3", "MRVA", "MRVB"))
    _, width = FORMAT_SHAPES[fmt]
    issuing = rng.choice(COUNTRIES)
    nationality = issuing if rng.random() < 0.7 else rng.choice(COUNTRIES)
    surname = " ".join(_word(rng) for _ in range(rng.choice((1, 1, 1, 2))))
    given = " ".join(_word(rng) for _ in range(rng.choice((0, 1, 1, 2, 3))))
    birth = _date(rng, dt.date(today.year - 90, 1, 1), today - dt.timedelta(days=1))
    expiry = _date(rng, today - dt.timedelta(days=365 * 15), today + dt.timedelta(days=365 * 10))
    if expiry <= birth:
        # no document expires before its holder is born (no other draw: the seeds keep their sets)
        expiry = birth + dt.timedelta(days=3652)
    sex = rng.choice("MMFFX<")
    number = _alnum(rng, rng.choice((9, 9, 9, 8, 7)), letters=rng.choice((0.0, 0.2, 0.4)))
    if fmt in ("MRVA", "MRVB"):
        code = "V" + rng.choice("<<C")
    elif fmt == "TD3":
        code = "P" + rng.choice("<<<DSO")
    else:
        code = rng.choice("IAC") + rng.choice("<<D")
    personal = ""
    if rng.random() < 0.5:
        personal = _alnum(rng, rng.randint(4, {"TD3": 14, "TD2": 7, "TD1": 15, "MRVA": 16, "MRVB": 8}[fmt]))
    b = birth.strftime("%y%m%d")
    e = expiry.strftime("%y%m%d")
    nat = _pad(nationality, 3)
    iss = _pad(issuing, 3)
    num = _pad(number, 9)
    ncd = check_digit(num)
    bcd = check_digit(b)
    ecd = check_digit(e)
    if fmt == "TD1":
        line1 = code + iss + num + ncd + _pad(personal, 15)
        body2 = b + bcd + sex + e + ecd + nat + "<" * 11
        composite = check_digit(line1[5:30] + body2[0:7] + body2[8:15] + body2[18:29])
        line2 = body2 + composite
        name_field, sur_t, giv_t = _names_field(surname, given, 30)
        lines = [line1, line2, name_field]
    else:
        name_field, sur_t, giv_t = _names_field(surname, given, width - 5)
        line1 = code + iss + name_field
        head = num + ncd + nat + b + bcd + sex + e + ecd
        if fmt == "TD3":
            opt = _pad(personal, 14)
            opt_cd = check_digit(opt) if personal else rng.choice("0<")
            body = head + opt + opt_cd
            line2 = body + check_digit(body[0:10] + body[13:20] + body[21:43])
        elif fmt == "TD2":
            body = head + _pad(personal, 7)
            line2 = body + check_digit(body[0:10] + body[13:20] + body[21:35])
        else:
            line2 = head + _pad(personal, width - 28)
        lines = [line1, line2]

    def century(d: dt.date) -> str:
        return d.isoformat()

    truth = {
        "mrz_format": fmt,
        "document_type": code.replace("<", ""),
        "issuing_country": issuing,
        "document_number": number,
        "surname": sur_t,
        "given_names": giv_t,
        "nationality": nationality,
        "birth_date": century(birth),
        "sex": "X" if sex == "<" else sex,
        "expiry_date": century(expiry),
        "personal_number": personal or None,
    }
    return SynthDocument(fmt, lines, truth)


# -- rendering -----------------------------------------------------------------------------

# document sizes in millimetres (ID-1, ID-2, ID-3; visas use ID-3 and ID-2 shaped labels)
DOC_SIZE_MM = {"TD1": (85.6, 54.0), "TD2": (105.0, 74.0), "TD3": (125.0, 88.0), "MRVA": (120, 80),
               "MRVB": (105.0, 74.0)}  # fmt: skip


def td3_without_g_or_o(number: str) -> SynthDocument:
    """A TD3 passport with this document number whose names hold no G and no O: the page
    shows no glyph of either letter for the reader to compare a cell with."""
    line1 = "P<UTOERIKSSEN<<ANNA<MARIA" + "<" * 19
    body = number + check_digit(number) + "UTO7408122F300415" + check_digit("300415") + "<" * 14 + "0"
    line2 = body + check_digit(body[0:10] + body[13:20] + body[21:43])
    truth = {
        "document_type": "P", "issuing_country": "UTO", "document_number": number,
        "surname": "ERIKSSEN", "given_names": "ANNA MARIA", "nationality": "UTO",
        "birth_date": "1974-08-12", "sex": "F", "expiry_date": "2030-04-15", "personal_number": None,
    }  # fmt: skip
    return SynthDocument("TD3", [line1, line2], truth)


def _font(path: str | None, size: int):
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def render_page(doc: SynthDocument, rng: random.Random, px_per_mm: float = 8.0) -> np.ndarray:
    """Draw a document data page (BGR): a tinted card, labels, a photo box and the MRZ in OCR-B."""
    w_mm, h_mm = DOC_SIZE_MM[doc.mrz_format]
    w, h = int(w_mm * px_per_mm), int(h_mm * px_per_mm)
    tint = tuple(
        int(v) for v in rng.choice(((236, 240, 248), (246, 240, 228), (232, 244, 236), (248, 248, 248)))
    )
    page = Image.new("RGB", (w, h), tint)
    draw = ImageDraw.Draw(page)
    # a faint guilloche-like pattern
    for k in range(rng.randint(6, 14)):
        y0 = rng.uniform(0, h)
        amp = rng.uniform(4, 20) * px_per_mm / 8
        col = tuple(max(0, c - rng.randint(10, 30)) for c in tint)
        pts = [(x, y0 + amp * np.sin(x / (20 + 5 * k) + k)) for x in range(0, w, 6)]
        draw.line(pts, fill=col, width=1)
    label_path = _find(LABEL_FONT_CANDIDATES)
    small = _font(label_path, max(8, int(2.0 * px_per_mm)))
    value_font = _font(label_path, max(10, int(3.0 * px_per_mm)))
    # photo box
    ph_w, ph_h = int(w * 0.26), int(h * 0.45)
    px, py = int(w * 0.04), int(h * 0.14)
    draw.rectangle((px, py, px + ph_w, py + ph_h), fill=tuple(rng.randint(90, 170) for _ in range(3)))
    draw.ellipse(
        (px + ph_w * 0.25, py + ph_h * 0.12, px + ph_w * 0.75, py + ph_h * 0.6), fill=(200, 170, 150)
    )
    t = doc.truth
    draw.text((int(w * 0.04), int(h * 0.03)), f"{t['issuing_country']} PASSPORT / DOCUMENT", font=value_font,
              fill=(40, 40, 90))  # fmt: skip
    x = px + ph_w + int(w * 0.04)
    y = py
    step = int(h * 0.09)
    for label, value in (
        ("Surname / Nom", t["surname"]),
        ("Given names / Prenoms", t["given_names"]),
        ("Nationality", t["nationality"]),
        ("Date of birth", t["birth_date"]),
        ("Sex", t["sex"]),
        ("Date of expiry", t["expiry_date"]),
        ("Document no.", t["document_number"]),
    ):
        if y + step > h * 0.66:
            break
        draw.text((x, y), label, font=small, fill=(90, 90, 110))
        draw.text((x, y + int(step * 0.38)), str(value), font=value_font, fill=(20, 20, 30))
        y += step
    # the MRZ: OCR-B, 10 characters per inch (2.54 mm pitch), lines about 4.2 mm apart
    count, length = FORMAT_SHAPES[doc.mrz_format]
    pitch = 2.54 * px_per_mm
    font = ImageFont.truetype(ocrb_font_path(), int(round(pitch * 1.42)))
    line_gap = 4.2 * px_per_mm
    left = max(2.0, (w - pitch * length) / 2)
    bottom = h - 3.5 * px_per_mm
    top = bottom - line_gap * (count - 1) - pitch * 1.42
    for i, line in enumerate(doc.lines):
        yy = top + i * line_gap
        for j, ch in enumerate(line):
            draw.text((left + j * pitch, yy), ch, font=font, fill=(15, 15, 20))
    return cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2BGR)


def distort(
    page: np.ndarray,
    rng: random.Random,
    *,
    max_angle: float = 5.0,
    blur: float | None = None,
    noise: float | None = None,
    jpeg_quality: int | None = None,
    uneven_light: bool | None = None,
    rotate: int = 0,
    target_pixels: float | None = None,
) -> np.ndarray:
    """Put the page on a background and degrade it. ``rotate``: extra 0/90/180/270 degrees."""
    h, w = page.shape[:2]
    margin = int(0.08 * max(h, w))
    bg_col = [rng.randint(40, 200)] * 3
    canvas = np.full((h + 2 * margin, w + 2 * margin, 3), bg_col, np.uint8)
    canvas[margin : margin + h, margin : margin + w] = page
    angle = rng.uniform(-max_angle, max_angle)
    ch, cw = canvas.shape[:2]
    m = cv2.getRotationMatrix2D((cw / 2, ch / 2), angle, 1.0)
    canvas = cv2.warpAffine(canvas, m, (cw, ch), flags=cv2.INTER_LINEAR, borderValue=tuple(bg_col))
    # scale to the requested size
    target = target_pixels or rng.uniform(0.5e6, 2.0e6)
    s = (target / (ch * cw)) ** 0.5
    canvas = cv2.resize(canvas, None, fx=s, fy=s, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
    img = canvas.astype(np.float32)
    if uneven_light if uneven_light is not None else rng.random() < 0.5:
        hh, ww = img.shape[:2]
        yy, xx = np.mgrid[0:hh, 0:ww].astype(np.float32)
        cx, cy = rng.uniform(0, ww), rng.uniform(0, hh)
        r = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / max(hh, ww)
        light = 1.0 - rng.uniform(0.2, 0.5) * r + rng.uniform(-0.1, 0.1)
        img *= light[..., None]
    sigma = blur if blur is not None else rng.choice((0.0, 0.0, 0.6, 1.0, 1.4))
    if sigma > 0:
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    nz = noise if noise is not None else rng.choice((0.0, 4.0, 8.0, 12.0))
    if nz > 0:
        img += np.random.default_rng(rng.randint(0, 2**31)).normal(0, nz, img.shape).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    q = jpeg_quality if jpeg_quality is not None else rng.randint(40, 95)
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(q)])
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    if rotate % 360 == 90:
        img = cv2.rotate(img, cv2.ROTATE_90_CLOCKWISE)
    elif rotate % 360 == 180:
        img = cv2.rotate(img, cv2.ROTATE_180)
    elif rotate % 360 == 270:
        img = cv2.rotate(img, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return img


def render_blank_page(rng: random.Random, size: tuple[int, int] = (900, 640)) -> np.ndarray:
    """A page with ordinary text and no MRZ (a letter, a card)."""
    w, h = size
    page = Image.new("RGB", (w, h), (245, 245, 240))
    draw = ImageDraw.Draw(page)
    font = _font(_find(LABEL_FONT_CANDIDATES), 22)
    y = 30
    while y < h - 40:
        words = " ".join(_word(rng, 1, 3).capitalize() for _ in range(rng.randint(3, 8)))
        draw.text((30, y), words, font=font, fill=(30, 30, 30))
        y += 38
    return cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2BGR)


def make_sample(
    rng: random.Random, mrz_format: str | None = None, today: dt.date | None = None, **distort_kwargs
):
    """One random document, rendered and distorted: (image BGR, SynthDocument); its dates drawn
    around ``today`` (``DRAWN_ON`` when None: a seed names the same document every day)."""
    doc = random_identity(rng, mrz_format, today=today)
    page = render_page(doc, rng, px_per_mm=rng.uniform(6.0, 10.0))
    return distort(page, rng, **distort_kwargs), doc


# -- phone photos on a desk ---------------------------------------------------------------------


def _desk(rng: random.Random, w: int, h: int) -> np.ndarray:
    """A desk: a wood-or-laminate tone with grain, and other papers with printed words on it."""
    base = np.array([rng.randint(60, 190) for _ in range(3)], np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    grain = np.sin(yy / rng.uniform(3, 9) + np.sin(xx / rng.uniform(40, 120)) * 3) * rng.uniform(3, 12)
    img = Image.fromarray(np.clip(base[None, None, :] + grain[..., None], 0, 255).astype(np.uint8))
    font_path = _find(LABEL_FONT_CANDIDATES)
    for _ in range(rng.randint(2, 5)):
        pw, ph = int(w * rng.uniform(0.25, 0.6)), int(h * rng.uniform(0.25, 0.7))
        paper = Image.new("RGB", (pw, ph), tuple([rng.randint(215, 250)] * 3))
        draw = ImageDraw.Draw(paper)
        size = rng.randint(12, 26)
        font = _font(font_path, size)
        y = rng.randint(5, 25)
        while y < ph - size:
            upper = rng.random() < 0.3
            words = " ".join(_word(rng, 1, 3) if upper else _word(rng, 1, 3).capitalize() for _ in range(8))
            draw.text((rng.randint(5, 25), y), words, font=font, fill=(30, 30, 40))
            y += int(size * rng.uniform(1.3, 1.9))
        angle = rng.uniform(-40, 40)
        mask = Image.new("L", (pw, ph), 255).rotate(angle, expand=True)
        paper = paper.rotate(angle, expand=True)
        img.paste(paper, (rng.randint(-pw // 3, w - pw // 2), rng.randint(-ph // 3, h - ph // 2)), mask)
    return np.asarray(img).copy()


def _light(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """Soft glare or a phone's shadow across part of the picture."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    out = img.astype(np.float32)
    if rng.random() < 0.5:
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        sx, sy = rng.uniform(0.08, 0.25) * w, rng.uniform(0.05, 0.2) * h
        glare = np.exp(-(((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2)) * rng.uniform(60, 140)
        out += glare[..., None]
    else:
        # a soft-edged shadow over one side, along a slanted line
        angle = rng.uniform(0, 2 * np.pi)
        d = (xx - w / 2) * np.cos(angle) + (yy - h / 2) * np.sin(angle) - rng.uniform(-0.3, 0.3) * max(w, h)
        edge = rng.uniform(0.02, 0.08) * max(w, h)
        out *= (1.0 - rng.uniform(0.25, 0.5) / (1.0 + np.exp(-d / edge)))[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def photograph(
    page: np.ndarray, rng: random.Random, *, upside_down: float = 0.15, corners_out: list | None = None
) -> np.ndarray:
    """The page photographed with a phone on a cluttered desk: perspective up to 7 % of the
    page, rotation up to 12 degrees (sometimes 180 more), glare or shadow, 1100-1600 pixels
    on the long side, JPEG 50-85. ``corners_out`` receives the page's four corners in the
    photo (top-left, top-right, bottom-right, bottom-left of the page as printed)."""
    ph, pw = page.shape[:2]
    long_side = rng.randint(1100, 1600)
    w, h = (long_side, int(long_side * 0.75)) if rng.random() < 0.6 else (int(long_side * 0.75), long_side)
    desk = _desk(rng, w, h)
    # the page fills 55-85 % of the frame's short side
    scale = rng.uniform(0.55, 0.85) * min(w, h) / max(pw, ph) * (max(pw, ph) / pw if w >= h else 1.0)
    scale = min(scale, 0.92 * w / pw, 0.92 * h / ph)
    src = np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]])
    corners = src * scale
    corners += np.float32([[rng.uniform(-0.07, 0.07) * pw * scale, rng.uniform(-0.07, 0.07) * ph * scale]
                           for _ in range(4)])  # fmt: skip
    angle = np.deg2rad(rng.uniform(-12, 12) + (180 if rng.random() < upside_down else 0))
    rot = np.float32([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centre = corners.mean(axis=0)
    corners = (corners - centre) @ rot.T
    lo, hi = corners.min(axis=0), corners.max(axis=0)
    room = np.float32([w, h]) - (hi - lo)
    offset = -lo + np.float32([rng.uniform(0, max(0.0, room[0])), rng.uniform(0, max(0.0, room[1]))])
    m = cv2.getPerspectiveTransform(src, (corners + offset).astype(np.float32))
    if corners_out is not None:
        corners_out.extend((float(x), float(y)) for x, y in corners + offset)
    warped = cv2.warpPerspective(page, m, (w, h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), m, (w, h), flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255.0)[..., None]
    img = (warped * alpha + desk * (1 - alpha)).astype(np.uint8)
    img = _light(img, rng)
    sigma = rng.choice((0.0, 0.5, 0.8))
    if sigma:
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    noisy = img.astype(np.float32) + np.random.default_rng(rng.randint(0, 2**31)).normal(
        0, rng.uniform(2, 6), img.shape
    )
    img = np.clip(noisy, 0, 255).astype(np.uint8)
    _ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(50, 85)])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def make_photo(rng: random.Random, mrz_format: str | None = None, today: dt.date | None = None):
    """One random document photographed on a desk: (image BGR, SynthDocument); ``today`` as for
    ``make_sample``."""
    doc = random_identity(rng, mrz_format, today=today)
    page = render_page(doc, rng, px_per_mm=rng.uniform(9.0, 12.0))
    corners: list = []
    image = photograph(page, rng, corners_out=corners)
    doc.corners = corners
    return image, doc
