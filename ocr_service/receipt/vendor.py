"""The business name: the line near the top that reads like a company, not an address,
a phone number, a registration number, a document title or a cashier's name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from statistics import median

from .layout import LineLike, group_rows
from .weights import WEIGHTS as W


@dataclass
class _Segment:
    """Neighbouring lines of one row read as one phrase."""

    text: str
    confidence: float
    bbox: list[float]
    row: int = 0
    priced: bool = False  # its row holds a price


def _segments(lines: list[LineLike]) -> list[_Segment]:
    out = []
    for row in group_rows(lines):
        current: list[LineLike] = []
        start = len(out)
        for line in row.lines:
            if current:
                prev = current[-1]
                h = max(1.0, prev.bbox[3] - prev.bbox[1])
                if line.bbox[0] - prev.bbox[2] > 1.5 * h:
                    out.append(_join(current))
                    current = []
            current.append(line)
        if current:
            out.append(_join(current))
        priced = bool(_PRICE.search(row.text))
        for seg in out[start:]:
            seg.row, seg.priced = row.index, priced
    return out


def _join(lines: list[LineLike]) -> _Segment:
    return _Segment(
        text=" ".join(ln.text.strip() for ln in lines),
        confidence=min(float(ln.confidence) for ln in lines),
        bbox=[
            min(ln.bbox[0] for ln in lines),
            min(ln.bbox[1] for ln in lines),
            max(ln.bbox[2] for ln in lines),
            max(ln.bbox[3] for ln in lines),
        ],
    )


# Legal forms and trade words that business names carry.
_SUFFIX = re.compile(
    r"(?:SDN|5DN|SDIN|SON|SDM)\.?\s*(?:BHD|BH|BND|3HD|8HD|BHO)|(?<![A-Z])BHD\.?(?![A-Z])|(?<![A-Z])S/B(?![A-Z])|"
    r"(?<![A-Z])(?:LTD|LIMITED|LLC|L\.L\.C|INC|CORP|CORPORATION|CO\.|COM[PF]ANY|GMBH|SARL|SAS|"
    r"S\.A\.|S\.L\.|SRL|S\.R\.L|SPA|S\.P\.A|PLC|PTY|PTE|B\.V\.|LLP|CO\.?\s*KG|(?<=[A-Z] )AG|OHG|N\.V\.|BV|EURL|SNC|S\.N\.C|"
    r"E\.K|V\.O\.F|S\.COOP|S\.L\.U|S\.A\.S|S\.A)(?![A-Z])",
)
_TRADE = re.compile(
    r"ENTERPRISE|TRADING|RESTAURANT|RESTORAN|CAFE|CAFÉ|COFFEE|BAKERY|HARDWARE|STATIONERY|MART|STORE|"
    r"SHOP|SUPERMARKET|MARKET|PHARMACY|FARMASI|HOTEL|GROUP|HOLDINGS|INDUSTRIES|SERVICES|STATION|"
    r"PETROL|KEDAI|SYARIKAT|PERNIAGAAN|ELECTRICAL|BOOK|FOOD|BISTRO|KITCHEN|GROCER|TRADERS|MOTOR|"
    r"AUTO|DIY|BAR|PUB|PIZZA|BURGER|STEAK|SUSHI|NOODLE|DELI|BOUTIQUE|OUTLET|CENTRE|CENTER|EMPORIUM|"
    r"MINI ?MARKET|CASH\s*&\s*CARRY|HYPERMARKET|TEA|BAKERY|PASTRY|BOULANGERIE|APOTHEKE|MARCHE",
)
_ADDRESS = re.compile(
    r"(?<![A-Z])(?:JALAN|JLN|LORONG|LRG|TAMAN|TMN|PERSIARAN|LEBUH|KAMPUNG|BANDAR|"
    r"ROAD|RD\.?|STREET|ST\.|AVENUE|AVE|BOULEVARD|BLVD|LANE|DRIVE|HIGHWAY|HWY|SUITE|FLOOR|"
    r"LOT|BLOK|BLOCK|UNIT|NO\.|TINGKAT|ARAS|SEKSYEN|SECTION|INDUSTRIAL|PARK|PLAZA|MALL|"
    r"STRASSE|STR\.|PLATZ|WEG|RUE|AVENIDA|CALLE|VIA|PIAZZA|KUALA LUMPUR|SELANGOR|JOHOR|PENANG|"
    r"MALAYSIA|SINGAPORE)(?![A-Z])|(?<![A-Z])(?:KG|NO|JLN|LOT|ST|RD)\.|STRASSE|\d{5}",
)
_CONTACT = re.compile(
    r"(?<![A-Z])(?:TEL|TELEFON|PHONE|FAX|H/P|HP|MOBILE|HOTLINE|WHATSAPP|EMAIL|E-MAIL|WEBSITE)(?![A-Z])|"
    r"@|WWW\.|HTTP|\.COM|\.MY(?![A-Z])|\d{2,4}[- ]\d{3,4}[- ]?\d{3,4}",
)
_REGISTRATION = re.compile(
    r"(?<![A-Z])(?:GST|SST|VAT|TAX|CO|COMPANY|BUSINESS)\s*\.?\s*(?:REG|REF|ID|N[O0])|(?<![A-Z])REG(?:\.|ISTRATION)?\s*N|"
    r"(?<![A-Z])ROC(?![A-Z])|^\s*\(?\s*\d{5,}[\s\-·.]*[A-Z]?\s*\)?\s*$",
)
# titles as a recogniser returns them without spaces
_TITLE_COMPACT = re.compile(r"TAXIN[VY]O[I1]CE|INVOICE|RECEIPT|CASHBILL|SIMPLIFIED|CASHSALE|OFFICIAL")
_TITLE = re.compile(
    r"(?<![A-Z])(?:TAX\s*INVOICE|INVOICE|RECEIPT|CASH\s*BILL|OFFICIAL|SIMPLIFIED|WELCOME|THANK|"
    r"CASHIER|SERVER|TABLE|MEMBER|CUSTOMER|DATE|TIME|BILL|ORDER|COPY|DUPLICATE|REPRINT|QUOTATION|"
    r"RECHNUNG|QUITTUNG|KASSENBON|FACTURE|TICKET|FACTURA|RECIBO|SCONTRINO|DOC\s*NO|POS|TERMINAL|"
    r"OPERATOR|COUNTER|STAFF|SALESPERSON|HOST)(?![A-Z])",
)
# a registration number printed after the name: "(728515-M)", "(CO. NO. 1234-X)", " 822737-X"
_LEGAL_TAIL = re.compile(
    r"\s*[\(\[（]\s*(?:CO\.?\s*(?:REG\.?)?\s*NO\.?:?)?\s*\d[\d\s\-·.]*[A-Z]?\s*[\)\]）]?\s*$"
    r"|\s+\d{5,}[\s\-·.]*[A-Z]?\s*$"
)


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def clean_name(text: str) -> str:
    """Trim a business name: spacing, stray punctuation, a trailing registration number."""
    name = _strip_registration(re.sub(r"\s+", " ", text).strip())
    return name.strip(" .,:;-_*#|~'\"").strip()


def _strip_registration(text: str) -> str:
    tail = _LEGAL_TAIL.search(text)
    if tail and _letters(text[: tail.start()]) >= 3:
        return text[: tail.start()]
    # "(519537·X)", "(I39386X" -- a bracket holding mostly digits at the end
    cut = max(text.rfind("("), text.rfind("（"), text.rfind("["))
    if cut > 0:
        tail_text = text[cut:]
        digits = sum(ch.isdigit() for ch in tail_text)
        if digits >= 4 and _letters(tail_text) <= 3 and _letters(text[:cut]) >= 3:
            return text[:cut]
    return text


def _rejected(upper: str) -> bool:
    if _letters(upper) < 3:
        return True
    if _CONTACT.search(upper) or _REGISTRATION.search(upper):
        return True
    if (_TITLE.search(upper) or _TITLE_COMPACT.search(re.sub(r"[^A-Z]", "", upper))) and not _SUFFIX.search(
        upper
    ):
        return True
    digits = sum(ch.isdigit() for ch in upper)
    return digits > _letters(upper)


def _is_address(upper: str) -> bool:
    return bool(_ADDRESS.search(upper)) and not _SUFFIX.search(upper)


def _is_descriptor(upper: str) -> bool:
    """A line of trade words only ("BISTRO & CAFE"): a subtitle, not the name itself."""
    rest = _TRADE.sub("", upper)
    rest = re.sub(r"(?<![A-Z])(?:AND|N|THE|DE|LA|LE|ET|UND|Y)(?![A-Z])", "", rest)
    return _letters(rest) < 2


_OWNER = re.compile(
    r"OWNED\s*BY|DIMILIKI\s*OLEH|OPERATED\s*BY|A\s*DIVISION\s*OF|A\s*MEMBER\s*OF|MANAGED\s*BY"
)
_STARTS_WITH_FORM = re.compile(r"^\s*(?:CO\.|COMPANY|SDN|BHD|\(M\)|&|AND|LTD|LIMITED|INC|GMBH)(?![A-Z])")
_ENDS_WITH_JOINER = re.compile(r"(?:&|(?<![A-Z])AND|[-,/+(])\s*$")


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short strings)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


_LAST_TWO = re.compile(r"(?<![A-Za-z0-9])([A-Za-z0-9]{2,4})\s*\.?\s*([A-Za-z0-9]{2,4})\.?\s*$")
_LAST_SLASH = re.compile(r"(?<![A-Za-z])([A-Za-z0-9]/[A-Za-z0-9])\.?\s*$")


def _misread_form(name: str) -> tuple[int, str] | None:
    """A legal form at the end of a name read with one wrong letter per word ("SDN 3HD",
    "5dn Bhd", "SDN JBHD", "S/D"): return (where it starts, its spelling)."""
    m = _LAST_TWO.search(name)
    if m:
        first, second = m.group(1).upper(), m.group(2).upper()
        if _edits(first, "SDN") <= 1 and _edits(second, "BHD") <= 1 and (first, second) != ("SDN", "BHD"):
            return m.start(), "SDN BHD" if name[m.start()].isupper() and name[
                m.start() + 1
            ].isupper() else "Sdn Bhd"
    tail = re.sub(r"[^A-Za-z0-9]", "", name[-8:]).upper()
    glued = len(tail) >= 6 and tail[-6:] != "SDNBHD"
    if glued and _edits(tail[-6:-3], "SDN") <= 1 and _edits(tail[-3:], "BHD") <= 1:
        cut = len(name)
        letters = 0
        while cut > 0 and letters < 6:
            cut -= 1
            letters += name[cut].isalnum()
        return cut, "SDN BHD" if name[cut:].isupper() else "Sdn Bhd"
    m = _LAST_SLASH.search(name)
    if m and m.group(1).upper() != "S/B" and _edits(m.group(1).upper(), "S/B") <= 1:
        return m.start(), "S/B"
    return None


def _has_form(upper: str) -> bool:
    return bool(_SUFFIX.search(upper)) or _misread_form(upper) is not None


def _canonical_form(name: str) -> str:
    """Misread legal forms spelled out ("Sdin Bhd", "SDN 3HD" -> "SDN BHD")."""
    name = name.rstrip(" .,;:")
    fix = _misread_form(name)
    if fix is None:
        return name
    start, spelling = fix
    return f"{name[:start].rstrip()} {spelling}".strip()


@dataclass
class _Cand:
    score: float
    rank: int
    seg: _Segment
    upper: str


def _vendor_score(
    seg: _Segment, upper: str, *, after_header: bool, owned: bool, med_h: float, earlier: int
) -> float:
    """How much a header line looks like the business name."""
    score = 0.0
    if after_header:
        score += W.vendor_after_address
    if _has_form(upper):
        score += W.vendor_legal_form
    if _is_descriptor(upper):
        score += W.vendor_descriptor
    elif _TRADE.search(upper):
        score += W.vendor_trade_word
    if _is_address(upper):
        score += W.vendor_address
    if owned:
        score += W.vendor_owner_line
    h = seg.bbox[3] - seg.bbox[1]
    score += min(
        W.vendor_max_size_bonus, max(W.vendor_min_size_bonus, (h / med_h - 1.0) * W.vendor_size_factor)
    )
    score += W.vendor_per_earlier * earlier
    letters = [ch for ch in seg.text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8:
        score += W.vendor_upper_case
    elif letters and not any(ch.isupper() for ch in letters):
        score += W.vendor_lower_case
    if len(letters) < 4:
        score += W.vendor_few_letters
    # a doubtful reading counts against the line
    return score + (float(seg.confidence) - 1.0)


_PRICE = re.compile(r"(?<![\d.,])\d{1,5}[.,]\d{2}(?![\d.,%])")


def _header_candidates(ordered: list[_Segment], height: float) -> list[_Cand]:
    """The lines of the receipt's header that could be the business name, scored."""
    heights = [seg.bbox[3] - seg.bbox[1] for seg in ordered]
    med_h = median(heights) if heights else 1.0
    top_limit = max(ordered[min(len(ordered) - 1, 11)].bbox[1], 0.3 * height)
    candidates: list[_Cand] = []
    owner_ranks: list[int] = []
    header_passed = False
    for rank, seg in enumerate(ordered):
        if seg.bbox[1] > top_limit or (rank > 0 and seg.priced):
            break  # the items start: the header is over
        if _OWNER.search(seg.text.upper()):
            owner_ranks.append(rank)
        if _REGISTRATION.search(seg.text.upper()):
            header_passed = header_passed or bool(candidates)
            continue
        upper = _strip_registration(seg.text).upper()
        if _rejected(upper):
            header_passed = header_passed or (bool(candidates) and bool(_CONTACT.search(upper)))
            continue
        owned = any(rank - 2 <= r <= rank for r in owner_ranks)
        score = _vendor_score(
            seg, upper, after_header=header_passed, owned=owned, med_h=med_h, earlier=len(candidates)
        )
        candidates.append(_Cand(score, rank, seg, upper))
        if _is_address(upper):
            header_passed = True
    return candidates


def _name_lines(best: _Cand, by_rank: dict[int, _Cand]) -> list[_Cand]:
    """The lines of a name broken over lines: a line ending in "&", a line starting with the
    legal form, or a name without legal form followed by its continuation in the same type size.
    Up to two lines above when the name visibly continues from them: it starts with its legal
    form or closes a bracket opened above ("ENTERPRISE (SETIA" / "ALAM) SDN BHD"). Once a name
    is seen to span lines, the rest of its block (same type, centred alike) joins."""
    parts = [best]
    for _ in range(2):
        head = parts[0]
        above = by_rank.get(head.rank - 1)
        text = " ".join(p.upper for p in parts)
        unbalanced = text.count(")") > text.count("(")
        if not above or not _adjacent(above.seg, head.seg) or _is_address(above.upper):
            break
        continued = _STARTS_WITH_FORM.search(text) or unbalanced or _ENDS_WITH_JOINER.search(above.upper)
        if not (continued or (len(parts) > 1 and _same_style(above.seg, head.seg))):
            break
        parts.insert(0, above)
    below = by_rank.get(best.rank + 1)
    continues = below is not None and (
        _ENDS_WITH_JOINER.search(best.upper)
        or (not _has_form(best.upper) and _has_form(below.upper) and _same_style(best.seg, below.seg))
    )
    if continues and _adjacent(best.seg, below.seg) and not _is_address(below.upper):
        parts.append(below)
    return parts


# -- evidence elsewhere on the receipt: the legal name, the web or e-mail domain ---------------
_DOMAIN = re.compile(
    r"(?:WWW\s*[.,]\s*|HTTPS?://(?:WWW\.)?|@)([A-Z0-9][A-Z0-9\-]{1,40})\s*[.,]\s*(?:[A-Z]{2,6})(?![A-Z])"
)
_GENERIC_DOMAINS = {"GMAIL", "GMX", "WEB", "YAHOO", "HOTMAIL", "OUTLOOK", "ICLOUD", "T-ONLINE", "ORANGE",
                    "FREE", "LIBERO", "ALICE", "TELEFONICA", "BTINTERNET", "AOL", "MAIL", "LIVE"}  # fmt: skip
# a slogan: several words, some of them written in lower case ("Quality since 1921")
_SLOGAN_WORD = re.compile(r"(?<![\w])[a-zà-ÿß]{3,}(?![\w])")
# a street and house number, a branch number, a city line with its postcode or state
_NUMBERED = re.compile(r"^\D{3,}\s\d{1,4}\s?[a-zA-Z]?$|^\d{1,4}[a-zA-Z]?,?\s+\D{3,}$")
_CITY_LINE = re.compile(
    r"^[^\d,]{3,},\s*[A-Z]{2}(?:\s+\d{5})?$|^[^\d]{3,}\s[A-Z]{2,3}\s\d{4}$|^\d{4,5}\s+\D{3,}$"
    r"|(?<![A-Z])[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$"  # a British postcode ends the line
)


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return re.sub(r"[^A-Z0-9]", "", "".join(ch for ch in folded if not unicodedata.combining(ch)).upper())


# the shop thanking its customers by name, in the footer
_THANKS_AFTER = re.compile(
    r"(?:THANK|THANKS|DANKE|DANK|MERCI|GRAZIE|ARRIVEDERCI|GRACIAS|BEDANKT|OBRIGAD|TOT ZIENS|AUF WIEDERSEHEN)"
    r".*(?<![A-Z])(?:AT|BEI|IM|CHEZ|DA|DE|EN|BIJ|FROM|CHOOSING|ELEGIR|SCEGLIERE|CHOISI|VOOR|POR ELEGIR)\s+(.{3,60})$"
)
_THANKS_BEFORE = re.compile(
    r"^(.{3,60}?)\s+(?:THANKS YOU|THANK YOU|SAGT DANKE|DANKT|VI RINGRAZIA|TI RINGRAZIA|LE AGRADECE|OS AGRADECE"
    r"|BEDANKT U|BEDANKT JE|VOUS REMERCIE|TE REMERCIE|AGRADECE)"
)


@dataclass
class _Evidence:
    """Names the receipt prints outside its header: its legal name, its web or e-mail domain,
    the name it thanks its customers with."""

    legal: list[_Segment]
    domains: list[str]
    thanks: list[tuple[str, float]] = None  # type: ignore[assignment]

    def legal_outside(self, seg: _Segment) -> bool:
        return any(other is not seg and other.bbox != seg.bbox for other in self.legal)

    def spelled_whole(self, text: str) -> bool:
        """The evidence spells ``text`` as one word (its letters, without its spaces)."""
        key = _key(text)
        words = [_key(w) for seg in self.legal for w in seg.text.split()]
        words += [_key(w) for n, _ in self.thanks or [] for w in n.split()]
        return any(w == key for w in words)

    def supports(self, text: str) -> bool:
        key = _key(_SUFFIX.sub("", text.upper()))
        if len(key) < 3:
            return False
        for dom in self.domains:
            d = _key(dom)
            if len(d) >= 4 and (d in key or (len(key) >= 4 and key in d) or _similar(d, key)):
                return True
        for name, _ in self.thanks or []:
            tk = _key(name)
            if len(tk) >= 4 and (key == tk or (len(key) >= 6 and (key in tk or tk in key)) or _similar(tk, key)):
                return True
        for seg in self.legal:
            lk = _key(_SUFFIX.sub("", seg.text.upper()))
            if len(lk) >= 4 and (key in lk or lk in key or _similar(lk, key)):
                return True
        return False


def _similar(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= 4 and _edits(a, b) <= max(1, min(len(a), len(b)) // 5)


def _evidence(segments: list[_Segment]) -> _Evidence:
    legal, domains, thanks = [], [], []
    widest = max((seg.bbox[2] - seg.bbox[0] for seg in segments), default=0.0)
    for i, seg in enumerate(segments):
        text = seg.text
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        if (
            nxt is not None
            and len(text) >= 28
            and nxt.row == seg.row + 1
            and not re.search(r"\d|@|WWW", nxt.text.upper())
            and len(nxt.text.split()) <= 3
        ):
            # a thanks line wrapped at the paper's edge: "... bei Super" / "markt Hofmann"
            text = text + ("" if nxt.text[:1].islower() else " ") + nxt.text
        name = _thanked_name(text)
        if name:
            at_edge = text == seg.text and seg.bbox[2] - seg.bbox[0] >= 0.92 * widest
            thanks.append((name, float(seg.confidence) * (0.6 if at_edge else 1.0)))
        upper = seg.text.upper()
        if any(_OWNER.search(s.text.upper()) for s in segments[max(0, i - 2) : i + 1]):
            continue  # the owner of the shop, not its name
        for m in _DOMAIN.finditer(upper.replace(" ", "")):
            stem = m.group(1).strip("-")
            if stem not in _GENERIC_DOMAINS and len(stem) >= 3:
                domains.append(stem)
        if _SUFFIX.search(upper) and not _CONTACT.search(upper) and not _REGISTRATION.search(upper):
            legal.append(seg)
    return _Evidence(legal, domains, thanks)


def _thanked_name(text: str) -> str | None:
    """The name in "Thank you for shopping at NAME", "NAME sagt Danke!" ..."""
    upper = _fold_keep(text.strip().rstrip("!.").strip())
    m = _THANKS_AFTER.search(upper)
    span = (m.start(1), m.end(1)) if m else None
    if span is None:
        m = _THANKS_BEFORE.search(upper)
        span = (m.start(1), m.end(1)) if m else None
    if span is None:
        return None
    name = text.strip().rstrip("!.").strip()[span[0] : span[1]].strip(" ,.:;!")
    if not name[:1].isupper():
        return None  # "Merci de votre visite": no name
    if _letters(name) < 3 or _CONTACT.search(name.upper()) or len(name.split()) > 5:
        return None
    return name


def _fold_keep(text: str) -> str:
    """Upper case with accents folded, one character for one (positions kept)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        out.append(base.upper()[:1] or ch)
    return "".join(out)


def _looks_like_slogan(text: str) -> bool:
    words = text.split()
    return (len(words) >= 3 and bool(_SLOGAN_WORD.search(text))) or text.rstrip().endswith("!")


def _looks_numbered(text: str) -> bool:
    t = text.strip()
    return bool(_NUMBERED.match(t) or _CITY_LINE.search(t)) and not _SUFFIX.search(t.upper())


def _domain_name(domain: str) -> str:
    return " ".join(part.capitalize() for part in domain.split("-") if part)


def find_vendor(lines: list[LineLike], height: float) -> tuple[str | None, float]:
    """Return (business name or None, confidence).

    The header line that reads most like a name wins; a line the rest of the receipt confirms
    (the legal name in the footer, the web or e-mail domain) wins over one nothing confirms.
    When no header line can be the name (the name is a logo), the legal name or the domain is
    returned instead."""
    if not lines:
        return None, 0.0
    segments = _segments(lines)
    evidence = _evidence(segments)
    candidates = _header_candidates(segments, height)
    for c in candidates:
        text = c.seg.text
        if _looks_like_slogan(text) and not _has_form(c.upper):
            c.score += W.vendor_address
        if _looks_numbered(text):
            c.score += W.vendor_address
        if evidence.supports(text):
            c.score += W.vendor_legal_form
    # the line just above the address names the shop
    first_address = next((c.rank for c in candidates if _is_address(c.upper) or _looks_numbered(c.seg.text)), None)
    above = [c for c in candidates if first_address is not None and c.rank < first_address]
    if above and not _looks_like_slogan(above[-1].seg.text):
        above[-1].score += W.vendor_above_address
    best = max(candidates, key=lambda c: (c.score, -c.rank)) if candidates else None
    supported = best is not None and evidence.supports(best.seg.text)
    weak = best is None or (
        not supported
        and (
            best.score < (W.vendor_legal_over if evidence.legal_outside(best.seg) else W.vendor_domain_over)
            or _letters(best.seg.text) < 4
        )
    )
    if weak:
        fallback = _from_evidence(evidence, best.seg if best else None)
        if fallback is not None:
            return fallback
    if best is None:
        return None, 0.0
    if _is_address(best.upper) or _looks_numbered(best.seg.text) or _looks_like_slogan(best.seg.text):
        return None, 0.0  # never an address or a slogan: no name rather than a wrong one
    if supported and " " in best.seg.text and evidence.spelled_whole(best.seg.text):
        # a logo read in pieces ("AL D I"), the footer spells it in one word ("Aldi GmbH")
        best.seg = _Segment(best.seg.text.replace(" ", ""), best.seg.confidence, best.seg.bbox, best.seg.row)
    parts = _name_lines(best, {c.rank: c for c in candidates})
    name = clean_name(_canonical_form(clean_name(" ".join(p.seg.text.strip() for p in parts))))
    if not name:
        return None, 0.0
    strength = W.vendor_strength_base + W.vendor_strength_per_point * max(0.0, min(4.0, best.score))
    conf = strength * min(float(p.seg.confidence) for p in parts)
    return name, round(max(0.05, min(0.99, conf)), 3)


def _from_evidence(evidence: _Evidence, header: _Segment | None) -> tuple[str, float] | None:
    """The name when the header holds none: the name the footer thanks with, the legal name
    printed elsewhere, else the domain."""
    for name, conf in evidence.thanks or []:
        key = _key(name)
        for dom in evidence.domains:
            # a name cut at the paper's edge ("Lindenhof Tanks"): the domain spells it whole
            if len(key) >= 4 and _key(dom).startswith(key) and len(dom) > len(key):
                return _domain_name(dom.lower()), round(0.6 * conf, 3)
        return name, round(0.7 * conf, 3)
    for seg in evidence.legal:
        if header is not None and seg.bbox == header.bbox:
            continue
        text = seg.text
        ends = [m.end() for m in _SUFFIX.finditer(text.upper())]
        if ends:
            kg = re.match(r"\.?\s*KG(?![A-Za-z])", text[ends[-1] :], re.I)  # "GmbH & Co. KG"
            text = text[: ends[-1] + (kg.end() if kg else 0)]
        name = clean_name(_canonical_form(clean_name(text)))
        if name and _letters(name) >= 4:
            return name, round(0.6 * float(seg.confidence), 3)
    if evidence.domains:
        return _domain_name(evidence.domains[0].lower()), 0.5
    return None


def _adjacent(upper_line: _Segment, lower_line: _Segment) -> bool:
    h = max(1.0, upper_line.bbox[3] - upper_line.bbox[1])
    gap = lower_line.bbox[1] - upper_line.bbox[3]
    similar = 0.6 < (lower_line.bbox[3] - lower_line.bbox[1]) / h < 1.6
    return gap < 0.8 * h and similar


def _same_style(a: _Segment, b: _Segment) -> bool:
    """Same type size and centred on the same axis, as the two lines of one heading."""
    ha, hb = a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1]
    ca, cb = (a.bbox[0] + a.bbox[2]) / 2, (b.bbox[0] + b.bbox[2]) / 2
    return abs(ha - hb) <= 0.15 * max(ha, hb) and abs(ca - cb) <= 1.5 * max(ha, hb)
