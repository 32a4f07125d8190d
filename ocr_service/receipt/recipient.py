"""The addressee of an invoice printed as a letter: the company and person in the envelope's
window under the sender's line ("Hotel Lindenhof · Lindenplatz 4 · 93047 Regensburg"), the lines
under "Bill to" or "Rechnungsempfänger", the company above "z. Hd. Frau Meier". Printed near the
top with a legal form, it reads like a vendor, and it is the customer."""

from __future__ import annotations

import re
from statistics import median

from .evidence import _similar
from .header import _SENDER_SEPARATOR, UK_POSTCODE
from .names import _CONTACT, _SUFFIX, _has_form, _is_address, _key, _letters, _Segment

# a label before the customer's address, alone on its line or with the name after it
_TO_LABEL = re.compile(
    r"^\W*(?:BILL(?:ED)?\s*TO|INVOICE[D]?\s*TO|SOLD\s*TO|SHIP(?:PED)?\s*TO|DELIVER(?:ED|Y)?\s*TO"
    r"|CUSTOMER(?:\s*ADDRESS)?|RECHNUNGS(?:EMPF(?:Ä|A|AE)NGER|ADRESSE|ANSCHRIFT)|LIEFER(?:ADRESSE|ANSCHRIFT)"
    r"|EMPF(?:Ä|A|AE)NGER|KUNDE|FACTUR(?:É|E)\s*(?:À|A)|ADRESSE\s*DE\s*(?:FACTURATION|LIVRAISON)"
    r"|DESTINATAIRE|CLIENT|FACTURAR\s*A|DESTINATARIO|CLIENTE|SPETT(?:\.\s*LE|ABILE)|FACTUUR\s*AAN|KLANT"
    r"|AFLEVERADRES|MESSRS)"
    r"(?![^\W\d_])\s*[:.]?\s*(?P<rest>.*)$"
)
# a person the letter is for, or for whose attention: the company on the line above is theirs
_ADDRESSEE = re.compile(
    r"^\W*(?:HERRN?|FRAU|HR\.|FR\.|MR\.?|MRS\.?|MS\.?|MME\.?|MLLE\.?|M\.|SIG\.(?:RA)?|DHR\.|MEVR\."
    r"|ATTN\.?|ATTENTION(?:\s*OF)?|Z\.\s*H(?:D\.?|ÄNDEN)|C/O|À\s*L'ATTENTION\s*DE)"
    r"\s*:?\s+[^\W\d_][^\W\d_'.-]*(?:\s+[^\W\d_][^\W\d_'.-]*){0,3}\s*$"
)
# a department of the customer's under its company's name ("Accounts Payable", "Buchhaltung")
_DEPARTMENT = re.compile(
    r"^\W*(?:ACCOUNTS?\s*(?:PAYABLE|DEPARTMENT|DEPT\.?)|FINANCE(?:\s*DEPARTMENT)?|PURCHASING|PROCUREMENT"
    r"|(?:MARKETING|HR|SALES|IT)\s*DEPARTMENT|BUCHHALTUNG|FINANZBUCHHALTUNG|KREDITORENBUCHHALTUNG|EINKAUF"
    r"|RECHNUNGSEINGANG|PERSONALABTEILUNG|PERSONALENTWICKLUNG|SERVICE\s*(?:COMPTABILIT(?:É|E)|ACHATS)"
    r"|COMPTABILIT(?:É|E)|CONTABILIT(?:À|A)|AMMINISTRAZIONE|UFFICIO\s*ACQUISTI|CONTABILIDAD|BOEKHOUDING"
    r"|CREDITEURENADMINISTRATIE)\W*$"
)
# a field of the customer's after the label, not its name ("Customer VAT ID", "Client N°")
_FIELD_AFTER = re.compile(
    r"\W*(?:N[O0Rº°]\b|NUMBER|NUMMER|NUM[EÉ]RO|ID\b|VAT|TVA|UST|IVA|P\.?\s?IVA|REF|COPY|CODE|ACCOUNT|#)"
)
_FIELD_WORD = re.compile(r"CUSTOMER|KUNDE|CLIENT|CLIENTE|KLANT")
_BLOCK_LINES = 6


def recipient_ranks(ordered: list[_Segment]) -> set[int]:
    """The ranks (indexes in ``ordered``, the receipt's segments top to bottom) of the lines
    that name the document's addressee."""
    return {r for names, _ in _blocks(ordered) for r in names}


def addressee_texts(ordered: list[_Segment]) -> list[str]:
    """The lines of the addressee's block, its names, address and ids ("P.IVA IT02345678901"
    under "Spett.le Verdi Logistica S.p.A." and its address)."""
    return [ordered[r].text for r in sorted({r for _, block in _blocks(ordered) for r in block})]


def _blocks(ordered: list[_Segment]) -> list[tuple[set[int], set[int]]]:
    """Each addressee found: the ranks of its names, and of its whole block."""
    if not ordered:
        return []
    med_h = median(max(1.0, seg.bbox[3] - seg.bbox[1]) for seg in ordered)
    # the window and the labels of the customer's address are in the page's upper half
    half = 0.5 * max(seg.bbox[3] for seg in ordered)
    found: list[tuple[set[int], set[int]]] = []
    for rank, seg in enumerate(ordered):
        upper = seg.text.upper()
        label = _TO_LABEL.match(upper) if seg.bbox[1] < half else None
        if label and _FIELD_AFTER.match(label.group("rest")):
            continue  # "Customer VAT ID: ...", "Kunde Nr. 4711": a field of the customer's, no address
        if label and label.group("rest").strip(" :.-"):
            # "Bill to: Contoso Ltd"
            found.append(({rank}, {rank, *_below(ordered, rank, med_h)}))
        elif label and _FIELD_WORD.fullmatch(upper.strip(" :.")):
            # "Kunde", "Client": a field's label as often as an address's (its number or name
            # beside it, other fields under it): the name beside it only
            found.append((_beside(ordered, rank), set()))
        elif label:
            block = _beside(ordered, rank) | set(_below(ordered, rank, med_h))
            found.append((_names(block, ordered), block))
        elif seg.bbox[1] < half and _sender_line(upper):
            block = set(_below(ordered, rank, med_h))
            if any(_is_address(ordered[r].text.upper()) for r in block):
                found.append((_names(block, ordered), block))
        elif company := _company_of(ordered, rank, med_h):
            names = company | {rank}
            found.append((names, names | set(_below(ordered, max(names), med_h))))
    return found


def _company_of(ordered: list[_Segment], rank: int, med_h: float) -> set[int]:
    """The company over its department, or over the person ("Patel Design Ltd" / "Attn: Deepa
    Patel"), or under a person named whole ("Mr D Patel" / "Patel Design Ltd"; not a shop called
    "MR DIY"), when ``ordered[rank]`` is such a department or person."""
    upper = ordered[rank].text.upper()
    person = bool(_ADDRESSEE.match(upper)) and not _has_form(upper)
    if not person and not _DEPARTMENT.match(upper):
        return set()
    near = _above(ordered, rank, med_h)
    if person and len(upper.split()) >= 3:
        near |= set(_below(ordered, rank, med_h)[:1])
    return {r for r in near if _has_form(ordered[r].text.upper())}


def _sender_line(upper: str) -> bool:
    """The sender's name and address on one line, parted by dots or bars, over the window (or
    by commas after the sender's legal name, where a photo lost the dots)."""
    parts = [p for p in _SENDER_SEPARATOR.split(upper) if p.strip()]
    if len(parts) >= 2 and (_CONTACT.search(parts[0]) or _letters(parts[0]) < 3):
        return False  # "TEL:03-77271129 FAX·03-77278929"
    if len(parts) < 2:
        parts = [p for p in upper.split(",") if p.strip()]
        if len(parts) < 2 or not _has_form(parts[0]):
            return False
    return any(_is_address(p) or UK_POSTCODE.search(p) for p in parts[1:])


def _names(block: set[int], ordered: list[_Segment]) -> set[int]:
    return {r for r in block if not _is_address(ordered[r].text.upper())}


def _column(seg: _Segment, top: _Segment, med_h: float) -> bool:
    """``seg`` starts where ``top`` starts (a block's lines share their left edge)."""
    return abs(seg.bbox[0] - top.bbox[0]) <= 3.0 * med_h


def _below(ordered: list[_Segment], rank: int, med_h: float) -> list[int]:
    """The lines of the block under ``ordered[rank]``, in its column, up to the first gap."""
    top = ordered[rank]
    block: list[int] = []
    bottom = top.bbox[3]
    for r in range(rank + 1, len(ordered)):
        seg = ordered[r]
        if seg.row <= top.row or not _column(seg, top, med_h):
            continue  # the same row, or another column
        if seg.bbox[1] - bottom > 1.5 * med_h or seg.priced:
            break  # a gap, or the items: the block is over
        block.append(r)
        bottom = max(bottom, seg.bbox[3])
        if len(block) >= _BLOCK_LINES:
            break
    return block


def _beside(ordered: list[_Segment], rank: int) -> set[int]:
    """The value right of a label on its row ("Client      Jean Dupont")."""
    seg = ordered[rank]
    return {r for r in range(rank + 1, len(ordered)) if ordered[r].row == seg.row}


def _above(ordered: list[_Segment], rank: int, med_h: float) -> set[int]:
    """The line just above ``ordered[rank]`` in its column."""
    seg = ordered[rank]
    for r in range(rank - 1, -1, -1):
        other = ordered[r]
        if other.row == seg.row or not _column(other, seg, med_h):
            continue
        return {r} if seg.bbox[1] - other.bbox[3] <= 1.5 * med_h else set()
    return set()


# the registration printed after the issuer's name in an invoice's footer: its VAT id, its
# company or trade register number, its tax number
_REGISTERED = re.compile(
    r"(?<![^\W\d_])(?:SIRET|SIREN|RCS|TVA|VAT|UST|UID|HRB|HRA|AMTSGERICHT|REGISTERGERICHT|STEUER-?NR"
    r"|COMPANY\s*(?:NO|NUMBER|REG)|REG(?:ISTERED)?\.?\s*(?:NO|NUMBER|IN)|P\.?\s*IVA|PARTITA\s*IVA|C\.F\."
    r"|CIF|NIF|KVK|BTW|KBO|MWST|CHE-|NIP|REGON|ABN|GST)(?![^\W\d_])"
)
_PARTS = re.compile(r"\s*[·•|,]\s*|\s+-\s+")


def issuers(below: list[_Segment]) -> list[str]:
    """The companies the footer names as the document's issuer: a legal name that starts its
    line with the registration after it ("Pixel & Frame Studio Ltd · ... · VAT GB 778 8990 11"),
    or alone on its line over the lines of its registration ("Primestar Hospitality GmbH" /
    "Registered Address: ..." / "VAT Number: DE299767575")."""
    out = []
    for i, seg in enumerate(below):
        upper = seg.text.upper()
        head = _PARTS.split(upper, maxsplit=1)[0]
        # (a name of words: no number, no registration of its own, "COMPANY NO: 564429-W", "Inc1. 6% GST")
        named = head == upper and not any(ch.isdigit() for ch in upper) and not _REGISTERED.search(upper)
        alone = named and any(_REGISTERED.search(s.text.upper()) for s in below[i + 1 : i + 4])
        if _has_form(head) and (_REGISTERED.search(upper[len(head) :]) or alone):
            out.append(head)
    return out


def issued_by(upper: str, issuer: str) -> bool:
    """``upper`` names the issuer (one contains the other, or they differ by a misread letter)."""
    key, other = _key(_SUFFIX.sub("", upper)), _key(_SUFFIX.sub("", issuer))
    return bool(other) and (other in key or key in other or _similar(other, key))
