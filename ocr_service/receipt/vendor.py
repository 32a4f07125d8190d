"""The business name: the line near the top that reads like a company, not an address,
a phone number, a registration number, a document title or a cashier's name."""

from __future__ import annotations

import re
from statistics import median

from .brands import near_brand
from .dates import find_dates
from .evidence import (
    _Evidence,
    _evidence,
    _from_evidence,
    _looks_numbered,
    respell_from_neighbours,
)
from .header import (
    marked_spelling,
    named_by_site,
    quoted_name,
    site_spelling,
    street_spelling,
    trade_word_alone,
    welcomed_name,
    without_bracketed_place,
    without_sender_address,
)
from .layout import LineLike, group_rows
from .name_lines import _Cand, _name_parts, _printed_whole
from .names import (
    _COMPANY_NO,
    _CONTACT,
    _OWNER,
    _REGISTRATION,
    _TRADE,
    _canonical_form,
    _edits,
    _has_form,
    _is_address,
    _is_descriptor,
    _key,
    _letters,
    _rejected,
    _Segment,
    _strip_registration,
    clean_name,
    cut_store_number,
)
from .recipient import issued_by, issuers, recipient_ranks
from .slogans import _looks_like_slogan
from .spacing import mend_trade_words, restore_spaces
from .weights import WEIGHTS as W


def _segments(lines: list[LineLike]) -> list[_Segment]:
    out = []
    for row in group_rows(lines):
        current: list[LineLike] = []
        start = len(out)
        for line in row.lines:
            if current:
                prev = current[-1]
                h = max(1.0, prev.bbox[3] - prev.bbox[1])
                # far apart, or of other sizes (a logo beside the address printed next to it)
                sizes = sorted((h, max(1.0, line.bbox[3] - line.bbox[1])))
                if line.bbox[0] - prev.bbox[2] > 1.5 * h or sizes[1] > 1.8 * sizes[0]:
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


def _header_candidates(ordered: list[_Segment], height: float) -> tuple[list[_Cand], int]:
    """The lines of the receipt's header that could be the business name, scored, and how
    many segments the header holds."""
    heights = [seg.bbox[3] - seg.bbox[1] for seg in ordered]
    med_h = median(heights) if heights else 1.0
    top_limit = max(ordered[min(len(ordered) - 1, 11)].bbox[1], 0.3 * height)
    candidates: list[_Cand] = []
    owner_ranks: list[int] = []
    header_passed = False
    end = len(ordered)
    recipients = recipient_ranks(ordered)
    for rank, seg in enumerate(ordered):
        if seg.bbox[1] > top_limit or (rank > 0 and seg.priced):
            end = rank
            break  # the items start: the header is over
        if _OWNER.search(seg.text.upper()):
            owner_ranks.append(rank)
        seg = quoted_name(without_bracketed_place(without_sender_address(seg)))
        # "Dion Realties Sdn Bhd (Co. No: 20154-T)": the name, its registration number after it
        upper = seg.text.upper()
        upper = upper if _COMPANY_NO.search(upper) else _strip_registration(seg.text).upper()
        if _REGISTRATION.search(upper):
            header_passed = header_passed or bool(candidates)
            continue
        # a phone number in brackets is no registration number: the line is a contact line
        contact = bool(_CONTACT.search(upper) or _CONTACT.search(seg.text.upper()))
        if contact or _rejected(upper):
            header_passed = header_passed or (bool(candidates) and contact)
            continue
        owned = any(rank - 2 <= r <= rank for r in owner_ranks)
        score = _vendor_score(
            seg, upper, after_header=header_passed, owned=owned, med_h=med_h, earlier=len(candidates)
        )
        if rank and _CLAUSE_ABOVE.search(ordered[rank - 1].text):
            score += W.vendor_clause_above
        if rank in recipients:
            score += W.vendor_recipient
        candidates.append(_Cand(score, rank, seg, upper, rank in recipients))
        if _is_address(upper):
            header_passed = True
    return candidates, end


# a line of words that ends in a comma: the sentence goes on under it
_CLAUSE_ABOVE = re.compile(r"^\D*\s\D*\s\D*,\s*$")


def scored_candidates(lines: list[LineLike], height: float) -> tuple[list, list[_Cand], int, _Evidence]:
    """The receipt's segments, the header lines that could be the name with their scores
    (the rest of the receipt weighed in), how many segments the header holds, and that evidence."""
    segments = _segments(lines)
    candidates, header_end = _header_candidates(segments, height)
    # a legal name in the header is one of its candidates, not a confirmation from elsewhere
    evidence = _evidence(segments, legal_from=header_end)
    candidates += _welcomed(segments, header_end, evidence, len(candidates))
    _weigh_evidence(candidates, evidence)
    return segments, candidates, header_end, evidence


def top_candidate(candidates: list[_Cand]) -> _Cand | None:
    """The best-scored header line, the first on the receipt of those scored alike."""
    return max(candidates, key=lambda c: (c.score, -c.rank)) if candidates else None


def find_vendor(lines: list[LineLike], height: float) -> tuple[str | None, float]:
    """Return (business name or None, confidence).

    The header line that reads most like a name wins; a line the rest of the receipt confirms
    (the legal name in the footer, the web or e-mail domain) wins over one nothing confirms.
    When no header line can be the name (the name is a logo), the legal name or the domain is
    returned instead."""
    if not lines:
        return None, 0.0
    segments, candidates, _header_end, evidence = scored_candidates(lines, height)
    best = top_candidate(candidates)
    best = _brand_over_legal(best, candidates, evidence)
    best = _exclaimed_site_name(_logo_spelled_below(best, candidates), evidence)
    supported = best is not None and evidence.supports(best.seg.text)
    if best is None or (not supported and _weak(best, evidence)):
        fallback = _from_evidence(evidence, best.seg if best else None)
        if fallback is not None:
            return fallback
    if best is None:
        return None, 0.0
    # (a street's words that the web address abbreviates are the shop's name: "Pacific Park")
    address = _is_address(best.upper) and not evidence.abbreviates(best.seg.text)
    dated = bool(find_dates(best.seg.text))  # "Gültig am 20.02.18" over a ticket's logo
    if address or dated or _looks_numbered(best.seg.text) or _looks_like_slogan(best.seg.text):
        # never an address or a slogan: the name the rest of the receipt gives, else none
        site = None if address or dated else _site_words(best.seg.text, evidence)
        if site:
            # a brand in lower case ("go asia Supermarkt" for "goasia.net") reads as a slogan
            # ("asia" a word in lower case after the first): the words the web address spells
            return site, round(W.vendor_strength_base * float(best.seg.confidence), 3)
        return _from_evidence(evidence, best.seg) or (None, 0.0)
    if supported and " " in best.seg.text and evidence.spelled_whole(best.seg.text):
        # a logo read in pieces ("AL D I"), the footer spells it in one word ("Aldi GmbH")
        best.seg = _Segment(best.seg.text.replace(" ", ""), best.seg.confidence, best.seg.bbox, best.seg.row)
    med_h = median(seg.bbox[3] - seg.bbox[1] for seg in segments)
    by_rank = {c.rank: c for c in candidates}
    parts = _name_parts(best, by_rank, med_h, segments)
    name = clean_name(_canonical_form(clean_name(" ".join(p.seg.text.strip() for p in parts))))
    if len(parts) > 1 and name.count(",") >= 2 and _looks_like_slogan(name):
        return _from_evidence(evidence, best.seg) or (None, 0.0)  # a sentence in clauses over lines
    others = [seg for seg in segments if all(seg is not p.seg for p in parts)]
    name = _respelled(name, best, parts, by_rank, segments, others, evidence, supported)
    sureness = min(float(p.seg.confidence) for p in parts)
    name = street_spelling(respell_from_neighbours(name, sureness, others), sureness, others)
    name = site_spelling(name, evidence.site_keys(), others)
    name = _brand_before_hyphen(cut_store_number(name), evidence).strip(" .,:;-_*#|~'\"")
    # a chain's name read with one letter wrong, as the chain spells it ("OLD NAUY": brands.py)
    name = marked_spelling(near_brand(name) or name, segments)
    if not name:
        return None, 0.0
    name = named_by_site(name, [*evidence.domains, *(evidence.hosts or [])])
    conf = _strength(best, evidence, name) * sureness
    return name, round(max(0.05, min(0.99, conf)), 3)


def _respelled(name, best, parts, by_rank, segments, others, evidence, supported) -> str:
    """The name as the rest of the receipt spells it better: its spaces, its trade words, the
    name printed whole or longer further down, the logo's letters misread."""
    name = restore_spaces(_camel_glued(name, evidence), [seg.text for seg in others])
    name = mend_trade_words(name)
    better = evidence.better_spelling(best.seg.text) if len(parts) == 1 else None
    whole = _printed_whole(best, by_rank, segments) if len(parts) == 1 else None
    if whole:
        return clean_name(whole)  # a logo in two pieces, the name printed whole further down
    if supported and better:
        return better  # the logo misread, its name read better further down
    return _printed_longer(name, segments, evidence) or name  # the logo's last words only


def _camel_glued(name: str, evidence: _Evidence) -> str:
    """A word with a capital inside that the recogniser split after it ("TransL ink"), which the
    web address spells whole (translink.ca): glued back. A small word after a capital letter
    is none ("Cafe A la carte" is read as printed)."""
    sites = evidence.site_keys()

    def glued(m: re.Match) -> str:
        word = m.group(1) + m.group(2)
        return word if any(_key(word) in site for site in sites) else m.group(0)

    return re.sub(r"(?<!\S)(\w*[a-z][A-Z])\s([a-z]{2,})(?!\S)", glued, name)


def _printed_longer(name: str, segments: list[_Segment], evidence: _Evidence) -> str | None:
    """A name read only in part in the header ("WHOLE FOODS" of a logo in three lines, "FISH
    SHACK" under a script the recogniser misread) that another line prints with more words
    ("Thanks for shopping at Whole Foods Market", "Lucky Louie Fish Shack"), the web or e-mail
    address spelling those words (a letter apart at most): those words."""
    words = [w for w in (_key(w) for w in name.split()) if w]
    sites = evidence.site_keys()
    # (the name printed alone again, or the whole web address: the name is whole)
    if not words or _key(name) in sites:
        return None
    if sum([_key(w) for w in seg.text.split()] == words for seg in segments) >= 2:
        return None  # "SATURN" over the card slip too, "www.saturncard.de" a service's
    n = len(words)
    for seg in segments:
        raw = seg.text.split()
        keys = [_key(w) for w in raw]
        if _is_address(seg.text.upper()):
            continue
        for i in (i for i in range(len(keys) - n + 1) if keys[i : i + n] == words):
            last = min(len(raw), i + n + 3)
            spans = [(a, b) for a in range(max(0, i - 3), i + 1) for b in range(i + n, last + 1)]
            for a, b in sorted(spans, key=lambda span: span[0] - span[1]):
                key = "".join(keys[a:b])
                if b - a > n and len(key) >= 8 and any(_site_holds(site, key) for site in sites):
                    # not the name of a card or service of a shop whose legal name is the shorter
                    legal = [_key(other.text) for other in segments if _has_form(other.text.upper())]
                    if any(_key(name) in lk and key not in lk for lk in legal):
                        return None
                    return " ".join(raw[a:b]).strip(" ,.:;!-*")
    return None


def _site_words(text: str, evidence: _Evidence) -> str | None:
    """The first words of ``text`` when they spell the receipt's web address whole ("go asia"
    of "go asia Supermarkt" for "goasia.net"), at most one word after them; else None."""
    words = text.split()
    sites = evidence.site_keys()
    for n in range(max(1, len(words) - 1), len(words) + 1):
        key = _key(" ".join(words[:n]))
        if len(key) >= 4 and key in sites:
            return " ".join(words[:n]).strip(" .,:;-")
    return None


def _site_holds(site: str, key: str) -> bool:
    """The web address holds ``key``, a letter apart at most."""
    return any(_edits(site[i : i + len(key)], key) <= 1 for i in range(len(site) - len(key) + 1))


def _brand_before_hyphen(name: str, evidence: _Evidence) -> str:
    """A brand joined by a hyphen to its trade ("dm-drogerie markt") on a receipt that names
    its web address by the brand alone ("dm.de"): the brand, whatever the trade's words read,
    spelt as the web address does when it is read a letter apart."""
    m = re.match(r"([^\W_]{1,})\s?-\s?(\S.*)$", name)
    if not m or _letters(m.group(2)) < 3:
        return name
    sites = evidence.site_keys()
    if _key(name) in sites:
        return name
    if _key(m.group(1)) in sites:
        return m.group(1)
    # the brand misread by a letter ("m-drogerie markt", "dım-drogerie markt" for "dm.de")
    # (not a name that spells the web address across its hyphen, "HAI-O RAYA BHD" for "haio")
    near = [
        site
        for site in sites
        if len(site) >= 2 and _edits(site, _key(m.group(1))) == 1 and not _key(name).startswith(site)
    ]
    return (near[0].lower() if m.group(1).islower() else near[0]) if len(near) == 1 else name


def _brand_over_legal(best: _Cand | None, candidates: list[_Cand], evidence: _Evidence) -> _Cand | None:
    """The brand printed on its own line just above the legal name of a partnership or sole
    trader that starts with it ("REWE" over "REWE <owner> oHG"), or named alone by the web
    address ("rewe.de"): the shop's name is the brand, and the franchisee's legal name, which
    names its owner, is not returned."""
    if best is None or not _PERSONAL_FORM.search(best.upper):
        return best
    words = best.seg.text.split()
    if len(words) < 3:
        return best
    for c in candidates:
        if (
            best.rank - 2 <= c.rank < best.rank
            and not _has_form(c.upper)
            and _key(c.seg.text) == _key(words[0])
        ):
            return c
    if _key(words[0]) in evidence.site_keys():
        brand = _Segment(words[0], best.seg.confidence, best.seg.bbox, best.seg.row)
        return _Cand(best.score, best.rank, brand, words[0].upper())
    return best


def _logo_spelled_below(best: _Cand | None, candidates: list[_Cand]) -> _Cand | None:
    """A logo read in pieces over rows ("the old" / "spaghetti" / "factory"), one piece chosen:
    the header line just below that holds every piece's words ("The Old Spaghetti Factory -
    Gastown") is the name."""
    if best is None or len(best.seg.text.split()) > 2:
        return best
    by_rank = {c.rank: c for c in candidates}
    pieces = [by_rank.get(best.rank + d) for d in (-1, 0, 1)]
    words = {
        _key(w) for c in pieces if c is not None and len(c.seg.text.split()) <= 2 for w in c.seg.text.split()
    }
    words.discard("")
    if len(words) < 3:
        return best
    for rank in range(best.rank + 1, best.rank + 4):
        c = by_rank.get(rank)
        if c is not None and words <= {_key(w) for w in c.seg.text.split()}:
            return _Cand(best.score, c.rank, c.seg, c.upper)  # as sure as the logo
    return best


def _exclaimed_site_name(best: _Cand | None, evidence: _Evidence) -> _Cand | None:
    """A name of one word read with an exclamation mark after it ("Chris!", its apostrophe
    misread) that the web address starts with ("chrisatthedocket.com"): the name, not a
    greeting (as "Danke!" is), without the mark."""
    if best is None or len(best.seg.text.split()) != 1 or not best.seg.text.rstrip().endswith("!"):
        return best
    word = best.seg.text.strip().rstrip("!")
    key = _key(word)
    if len(key) < 4 or not any(site.startswith(key) for site in evidence.site_keys()):
        return best
    seg = _Segment(word, best.seg.confidence, best.seg.bbox, best.seg.row)
    return _Cand(best.score, best.rank, seg, word.upper(), best.addressee)


# the legal forms whose names carry the owner's: partnerships and sole traders
_PERSONAL_FORM = re.compile(r"(?<![A-Z])(?:OHG|E\.\s?K(?:FM)?\.?|GBR|V\.O\.F\.?|SNC|S\.N\.C\.?)\s*$")


def _welcomed(segments: list[_Segment], header_end: int, evidence: _Evidence, others: int) -> list[_Cand]:
    """The name a header line welcomes with ("Welcome to NAME", a title otherwise) when the web
    address or a line under the header names the shop so too."""
    med_h = median(seg.bbox[3] - seg.bbox[1] for seg in segments)
    out = []
    for rank, line in enumerate(segments[:header_end]):
        seg = welcomed_name(line)
        if seg is not None and evidence.supports(seg.text):
            up = seg.text.upper()
            score = _vendor_score(
                seg, up, after_header=False, owned=False, med_h=med_h, earlier=min(rank, others)
            )
            out.append(_Cand(score, rank, seg, up))
    return out


def _weigh_evidence(candidates: list[_Cand], evidence: _Evidence) -> None:
    """Slogans and numbered lines count against a header line, the footer's confirmation
    and a place just above the address for it."""
    # the town of the address printed on a line of its own ("Paderborn" over "33100 Paderborn")
    towns = {_key(m.group(1)) for c in candidates if (m := _POSTCODE_TOWN.match(c.seg.text.strip()))}
    issuer = issuers(evidence.below or [])
    for c in candidates:
        text = c.seg.text
        if _key(text) in towns:
            c.score += W.vendor_town_line
        confirmed = evidence.supports(text)
        # "TOUS les JOURS" reads like words of a sentence; the footer's "... with Tous les Jours" names it
        if _looks_like_slogan(text) and not _has_form(c.upper) and not confirmed:
            c.score += W.vendor_slogan
        if _looks_numbered(text) or _PLACE_AFTER_NAME.match(text) or find_dates(text):
            c.score += W.vendor_numbered
        if confirmed:
            c.score += W.vendor_confirmed
        elif _contradicted(c, evidence, issuer):
            c.score += W.vendor_other_company  # the customer's company, the issuer's in the footer
    first_address = next(
        (c.rank for c in candidates if _is_address(c.upper) or _looks_numbered(c.seg.text)), None
    )
    above = [c for c in candidates if first_address is not None and c.rank < first_address]
    if above and not _looks_like_slogan(above[-1].seg.text):
        above[-1].score += W.vendor_above_address


# where the shop is, on the line under its name ("at Mirage Hotel and Casino")
_PLACE_AFTER_NAME = re.compile(r"^\W*at\s+[A-Z]")
_POSTCODE_TOWN = re.compile(r"^\d{4,5},?\s+(\D{3,})$")


def _strength(best: _Cand, evidence: _Evidence, name: str) -> float:
    """How sure the name is, from its score: no surer than a name with nothing for it when it
    names the document's addressee, or the footer names another company as its issuer, or it is
    one trade word alone (the subtitle under a logo not read)."""
    strength = W.vendor_strength_base + W.vendor_strength_per_point * max(0.0, min(4.0, best.score))
    doubted = best.addressee or _contradicted(best, evidence) or trade_word_alone(name)
    return min(strength, W.vendor_strength_base) if doubted else strength


def _contradicted(cand: _Cand, evidence: _Evidence, issuer: list[str] | None = None) -> bool:
    """A legal name other than the one the footer names as the document's issuer, with its VAT id
    or register number: most often the company the invoice is addressed to."""
    issuer = issuers(evidence.below or []) if issuer is None else issuer
    return bool(issuer) and _has_form(cand.upper) and not any(issued_by(cand.upper, n) for n in issuer)


def _weak(best: _Cand, evidence: _Evidence) -> bool:
    """Too little for a name when the receipt names the shop elsewhere."""
    floor = W.vendor_legal_over if evidence.legal_outside(best.seg) else W.vendor_domain_over
    return best.score < floor or _letters(best.seg.text) < 4
