"""Header lines that tell the name in another way than the name line itself: the same name
printed again with its apostrophe or accents; the branch in brackets after the name; the street
a branch is named after."""

from __future__ import annotations

import re

from .names import _TRADE, _has_form, _is_address, _key, _letters, _Segment, clean_name
from .spacing import TRADE_WORDS


def _marked(text: str) -> bool:
    """Written with an apostrophe or a letter outside plain ASCII ("L'OSTERIA", "Café")."""
    return any(ch in "'’" or (ch.isalpha() and not ch.isascii()) for ch in text)


def marked_spelling(name: str, segments: list[_Segment]) -> str:
    """``name`` as another line of the receipt prints it letter for letter, but with the
    apostrophe or accent the name's reading lost ("LO STERIA" or "LOSTERIA" under a logo,
    "L'OSTERIA" on the line under it)."""
    key = _key(name)
    if len(key) < 4 or _marked(name):
        return name
    for seg in segments:
        text = clean_name(seg.text)
        if _marked(text) and _key(text) == key:
            return text
    return name


def trade_word_alone(name: str) -> bool:
    """One trade word alone ("STEAKHOUSE", "PIZZERIA", "Quincaillerie"): most often what is
    printed under or beside a logo the recogniser did not read, so no sure name. A name made of
    trade words ("BURGER BAR") or with more ("L'OSTERIA") is none."""
    key = _key(name)
    trade = re.fullmatch(rf"(?:{_TRADE.pattern})(?:HOUSE|HAUS)?", key) or key in TRADE_WORDS
    return len(name.split()) == 1 and bool(trade)


def named_by_site(name: str, domains: list[str]) -> str:
    """One trade word alone that the web address starts with, hyphenated before the shop's own
    name ("Quincaillerie", quincaillerie-belval.fr: the logo's second line lost): the name the
    address spells, "Quincaillerie Belval"."""
    if not trade_word_alone(name):
        return name
    for domain in domains:
        parts = [part for part in domain.split("-") if part]
        if len(parts) >= 2 and _key(parts[0]) == _key(name) and all(p.isalpha() for p in parts[1:]):
            rest = [p.upper() if name.isupper() else p.capitalize() for p in parts[1:]]
            return " ".join([name, *rest])
    return name


def street_spelling(name: str, confidence: float, others: list[_Segment]) -> str:
    """A word of the name that an address line, read as surely, spells with one letter its
    look-alike ("Eggspectation Cariton" over "45 Carlton Street": a branch named after its
    street, its l read as an i): as the address spells it, unless the receipt prints the
    name's reading elsewhere too."""
    printed = {w.strip(",.;:") for seg in others for w in seg.text.split()}
    spelled = [
        w.strip(",.;:")
        for seg in others
        if float(seg.confidence) >= confidence and _is_address(seg.text.upper())
        for w in seg.text.split()
    ]
    words = name.split()
    for i, word in enumerate(words):
        if len(word) < 5 or not word.isalpha() or word in printed:
            continue
        words[i] = next((w for w in spelled if _look_alike(word, w)), word)
    return " ".join(words)


def site_spelling(name: str, sites: set[str], others: list[_Segment]) -> str:
    """The name as the web address spells it when the two differ in one letter only, an i, l or
    1 read for another ("Heldeveld Brasserie", heideveld-brasserie.nl): that letter put right,
    unless another line prints the name's word as read (then the address is the misreading:
    "iavilla.de" and "(L'Avilla)"). A one in the address is its own misreading ("1uckyharbor")."""
    chars = [k for k, ch in enumerate(name) if _key(ch)]
    key = _key(name)
    if len(chars) != len(key) or len(key) < 6:
        return name  # (a letter the key writes in two, "ß")
    printed = {_key(w) for seg in others for w in seg.text.split()}
    for site in sites:
        if not _look_alike(key, site):
            continue
        i = next(j for j, (x, y) in enumerate(zip(key, site, strict=True)) if x != y)
        pos = chars[i]
        word = next(w for w in re.finditer(r"\S+", name) if w.start() <= pos < w.end()).group()
        if _key(word) in printed or site[i].isdigit():
            return name
        lower = name[pos].islower() or (name[pos].isdigit() and name[pos - 1 : pos].islower())
        return name[:pos] + (site[i].lower() if lower else site[i]) + name[pos + 1 :]
    return name


def _look_alike(a: str, b: str) -> bool:
    """Two words of one length that differ in one letter, an i, l or 1 read for another."""
    if len(a) != len(b):
        return False
    wrong = [frozenset((x.lower(), y.lower())) for x, y in zip(a, b, strict=True) if x != y]
    return len(wrong) == 1 and wrong[0] in _I_OR_L


_I_OR_L = {frozenset("il"), frozenset("l1"), frozenset("i1")}


# a place in brackets at the end of the name line, its closing bracket often lost
_BRACKETED_TAIL = re.compile(r"\s*[\(\[]([^()\[\]]*)[\)\]]?\s*$")


def without_sender_address(seg: _Segment) -> _Segment:
    """An invoice's sender line, the company and its address parted by dots or bars ("WARDOW
    GmbH · Nauener Straße 3 · 14641 Wustermark"): the company's name alone, with its legal form
    (a hotel's or a shop's branch so named, "Motel One München · ...", stays an address line)."""
    parts = [p.strip() for p in _SENDER_SEPARATOR.split(seg.text)]
    if len(parts) < 2:
        # (a photo that lost the dots: commas part them, "Kestrel Print Ltd Foundry Lane, Sheffield S3 8RN")
        parts = [p.strip() for p in seg.text.split(",")]
        if len(parts) >= 2:
            parts[0] = _FORM_THEN_STREET.sub(r"\1", parts[0])
    addressed = any(_is_address(p.upper()) or UK_POSTCODE.search(p.upper()) for p in parts[1:])
    if len(parts) < 2 or not _has_form(parts[0].upper()) or not addressed:
        return seg
    return _Segment(parts[0], seg.confidence, seg.bbox, seg.row, seg.priced, seg.open_bracket)


_SENDER_SEPARATOR = re.compile(r"\s*[·•]\s*|\s\|\s")
# a British postcode ("M1 3HE", "CB2 1RX", "EC1A 1BB"): its town's part of a line is an address
UK_POSTCODE = re.compile(r"(?<![^\W_])[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}(?![^\W_])")
# the legal form, then the street run on without its dot ("... Ltd Foundry Lane"): the name to its form
_FORM_THEN_STREET = re.compile(
    r"^(.*?(?<![^\W\d_])(?:LTD|LIMITED|GMBH|SARL|SAS|B\.?V\.?|S\.?L\.?|AG|INC))\s.*$", re.I
)


def without_bracketed_place(seg: _Segment) -> _Segment:
    """The name line without the mall or street of its branch in brackets after the name
    ("FLAMING WOK(PACIFIC MALL"): the name alone, and the next line no part of it when the bracket
    is left open (it goes on there: "FOOD COURT)"). A legal name keeps what follows its form."""
    m = _BRACKETED_TAIL.search(seg.text)
    if not m or _has_form(seg.text.upper()):
        return seg
    head = seg.text[: m.start()]
    if _letters(head) < 3 or _is_address(head.upper()) or not _is_address(m.group(1).upper()):
        return seg
    unclosed = not m.group().rstrip().endswith((")", "]"))
    return _Segment(head, seg.confidence, seg.bbox, seg.row, seg.priced, unclosed)


# a trade name in quotes after what the business is ("objekt brze prehrane (fast food) 'TAM TAM'",
# "obrt „KOD MARE“", 'PRODAVNICA "SUNCE"')
_QUOTED_NAME = re.compile(r"['\"„“«»‚‘’](?P<name>[A-ZČĆŽŠĐ0-9][^'\"„“«»‚‘’]{1,40})['\"“”»«‘’]")


def quoted_name(seg: _Segment) -> _Segment:
    """The name in quotes when the line says what the business is around it (two words outside
    the quotes at least): the name alone."""
    m = _QUOTED_NAME.search(seg.text)
    if m is None or len(re.findall(r"[^\W\d_]{2,}", seg.text[: m.start()] + seg.text[m.end() :])) < 2:
        return seg
    name = m.group("name").strip()
    if _letters(name) < 2 or name.upper() != name:
        return seg
    return _Segment(name, seg.confidence, seg.bbox, seg.row, seg.priced, seg.open_bracket)


# the shop welcoming its customers by name, in the header
_WELCOME = re.compile(
    r"^\W*(?:WELCOME\s+(?:TO|AT)|WILLKOMMEN\s+(?:BEI|IM|IN\s+DER|ZUM|ZUR)|BIENVENUE\s+(?:CHEZ|À|A|AU)"
    r"|BENVENUTI\s+(?:DA|AL|ALLA)|BIENVENIDOS?\s+(?:A|AL)|WELKOM\s+(?:BIJ|IN))\s+(?=\S)",
    re.I,
)


def welcomed_name(seg: _Segment) -> _Segment | None:
    """The name in a header line "Welcome to NAME" ("Willkommen bei ...", "Bienvenue chez ..."):
    that name, on the line's box; None for any other line."""
    m = _WELCOME.match(seg.text)
    name = clean_name(seg.text[m.end() :]) if m else ""
    if _letters(name) < 3:
        return None
    return _Segment(name, seg.confidence, seg.bbox, seg.row, seg.priced)


# a preposition or article a name is joined with, printed on a line of its own
_JOINING_LINE = re.compile(
    r"\W*(?:AM|AN|IM|ZUM|ZUR|AUF|BEI|VOM|DE|DU|DES|LA|LE|DI|DA|DEL|AT|ON|OF|THE|IN|BY)\W*", re.I
)


def around_joining_line(segments: list[_Segment], rank: int) -> list[int] | None:
    """A name set on three lines, its joining word alone on the middle one ("APOTHEKE" / "AM" /
    "RATZELBOGEN"), the line at ``rank`` one of the outer ones: the three lines' ranks, when they
    follow each other closely on one axis and the outer ones hold words only."""
    for mid in (rank - 1, rank + 1):
        if not 0 < mid < len(segments) - 1 or not _JOINING_LINE.fullmatch(segments[mid].text.strip()):
            continue
        three = segments[mid - 1 : mid + 2]
        h = max(seg.bbox[3] - seg.bbox[1] for seg in three)
        close = all(b.bbox[1] - a.bbox[3] < 0.5 * h for a, b in zip(three, three[1:], strict=False))
        centred = (
            max(abs((a.bbox[0] + a.bbox[2]) - (b.bbox[0] + b.bbox[2])) / 2 for a in three for b in three) < h
        )
        words = all(
            _letters(seg.text) >= 3 and re.fullmatch(r"[^\W\d_]+(?:[\s'-][^\W\d_]+)*", seg.text.strip())
            for seg in (three[0], three[2])
        )
        if close and centred and words and not any(_is_address(seg.text.upper()) for seg in three):
            return [mid - 1, mid, mid + 1]
    return None


# a line framed by the same mark on both sides ("* IRISH PUB *", "== NAME ==")
_FRAMED = re.compile(r"\s*([^\w\s'(\[\]\)])\1*\s*(.*?[^\W_].*?)\s*\1+\s*")


def framed_alike(a: _Segment, b: _Segment) -> tuple[str, str] | None:
    """Two lines framed by the same mark ("* MORRISON,S *" over "* IRISH PUB *"): the text
    inside each frame, else None."""
    ma, mb = _FRAMED.fullmatch(a.text), _FRAMED.fullmatch(b.text)
    if not ma or not mb or ma.group(1) != mb.group(1):
        return None
    if _letters(ma.group(2)) < 3 or _letters(mb.group(2)) < 3:
        return None
    return ma.group(2), mb.group(2)
