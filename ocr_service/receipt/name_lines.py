"""The lines a shop's name is printed on: a name broken over lines, set in large type over two,
stacked word over word, framed alike, or printed whole on another line; the candidates the
vendor's scoring ranks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .header import around_joining_line, framed_alike
from .names import (
    _CUISINE,
    _ENDS_WITH_JOINER,
    _STARTS_WITH_FORM,
    _SUFFIX,
    _canonical_form,
    _has_form,
    _is_address,
    _is_descriptor,
    _letters,
    _Segment,
    clean_name,
)


@dataclass
class _Cand:
    """A header line that could be the name: its score, its rank among the header's lines."""

    score: float
    rank: int
    seg: _Segment
    upper: str
    addressee: bool = False  # the line names the document's addressee (``recipient``)


def _name_lines(best: _Cand, by_rank: dict[int, _Cand], med_h: float) -> list[_Cand]:
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
        # a line holding no name of its own, only trade words or a place and the legal form: the
        # name's first words are on the line above in the same type
        # ("LIAN CHI PU TIAN VEGETARIAN" / "RESTAURANT SDN BHD")
        spans = len(parts) > 1 or (_only_form(best.upper) and not _has_form(above.upper))
        # the name's first line over it, as a heading continues below ("HAPPY" / "ITALY" in one
        # large type, "GAMING" / "MUSEUM" a large word over a smaller one)
        heading = len(parts) == 1 and _heading_continues(above, head, med_h)
        if not (continued or heading or (spans and _same_style(above.seg, head.seg))):
            break
        parts.insert(0, above)
    below = by_rank.get(best.rank + 1)
    continues = below is not None and (
        _ENDS_WITH_JOINER.search(best.upper)
        or (not _has_form(best.upper) and _has_form(below.upper) and _same_style(best.seg, below.seg))
        # a line that starts with the legal form is no name of its own ("CO. (M) SDN BHD")
        or (not _has_form(best.upper) and _STARTS_WITH_FORM.search(below.upper))
        # the German small company's form spelt out under its name ("LA Grotta UG" / "haftungsbeschränkt")
        or (best.upper.rstrip().endswith("UG") and _LIMITED_LIABILITY.match(below.seg.text.strip()))
        # a bracket opened at the line's end and closed on the next ("Bar (West" / "End)")
        or (best.upper.count("(") > best.upper.count(")") and below.upper.rstrip().endswith(")"))
    )
    joins = continues and _adjacent(best.seg, below.seg) and not _is_address(below.upper)
    if joins or (below is not None and _heading_continues(best, below, med_h)):
        parts.append(below)
    return parts


def _name_parts(
    best: _Cand, by_rank: dict[int, _Cand], med_h: float, segments: list[_Segment]
) -> list[_Cand]:
    """The lines the name is printed on: those ``_name_lines`` joins, else two words stacked
    (unless another line prints them whole)."""
    parts = _name_lines(best, by_rank, med_h)
    stack = _large_stack(best, by_rank, med_h)
    if len(stack) > len(parts) and all(p in stack for p in parts):
        return stack
    if len(parts) == 1 and (wrapped := _wrapped(best, by_rank, segments)):
        return wrapped
    three = around_joining_line(segments, best.rank) if len(parts) == 1 else None
    if three and three[0] in by_rank and three[2] in by_rank:  # "APOTHEKE" / "AM" / "RATZELBOGEN"
        return [by_rank.get(r) or _Cand(0.0, r, segments[r], segments[r].text.upper()) for r in three]
    if len(parts) == 1 and (framed := _framed_pair(best, by_rank)):
        return framed
    if len(parts) == 1 and not _printed_whole(best, by_rank, segments):
        return _stacked_words(best, by_rank, segments)
    return parts


def _wrapped(best: _Cand, by_rank: dict[int, _Cand], segments: list[_Segment]) -> list[_Cand] | None:
    """A name printed across the paper's whole width and wrapped inside a word onto the next line
    ("HORETO PARIS / PAUL / PA" / "UL KIOSQUE"): both lines, the word glued back, when the
    receipt prints that word whole elsewhere ("PAUL", "Horeto Paris / Paul")."""
    below = by_rank.get(best.rank + 1)
    if below is None or not _adjacent(best.seg, below.seg) or _is_address(below.upper):
        return None
    left, right = min(seg.bbox[0] for seg in segments), max(seg.bbox[2] for seg in segments)
    if best.seg.bbox[2] - best.seg.bbox[0] < 0.95 * (right - left):
        return None
    head, tail = best.seg.text.split(), below.seg.text.split()
    if len(head) < 2 or not (head[-1].isalpha() and tail[0].isalpha()):
        return None
    word = _compact(head[-1] + tail[0])
    if word not in {_compact(w) for seg in segments for w in seg.text.split()}:
        return None
    texts = (" ".join(head[:-1]), " ".join([head[-1] + tail[0], *tail[1:]]))
    return [
        _Cand(c.score, c.rank, _Segment(text, c.seg.confidence, c.seg.bbox, c.seg.row), text.upper())
        for c, text in zip((best, below), texts, strict=True)
    ]


def _large_stack(best: _Cand, by_rank: dict[int, _Cand], med_h: float) -> list[_Cand]:
    """A name set word over word in type more than twice the receipt's ("the" / "breakfast" /
    "club"): every such line touching the next on one axis, words of letters only, up to four."""

    def large_word(c: _Cand | None) -> bool:
        return (
            c is not None
            and c.seg.bbox[3] - c.seg.bbox[1] > 2.0 * med_h
            and bool(re.fullmatch(r"[^\W\d_]+(?:['&-][^\W\d_]+)?", c.seg.text.strip()))
            and not (_has_form(c.upper) or _is_address(c.upper))
        )

    def joined(a: _Cand, b: _Cand) -> bool:
        return _touching(a.seg, b.seg) and _same_style(a.seg, b.seg)

    if not large_word(best):
        return [best]
    stack = [best]
    while len(stack) < 4 and large_word(up := by_rank.get(stack[0].rank - 1)) and joined(up, stack[0]):
        stack.insert(0, up)
    while len(stack) < 4 and large_word(down := by_rank.get(stack[-1].rank + 1)) and joined(stack[-1], down):
        stack.append(down)
    return stack


def _touching(upper_line: _Segment, lower_line: _Segment) -> bool:
    """The lower line starts within a tenth of the upper's height under it (or overlaps it)."""
    return lower_line.bbox[1] - upper_line.bbox[3] < 0.1 * (upper_line.bbox[3] - upper_line.bbox[1])


def _framed_pair(best: _Cand, by_rank: dict[int, _Cand]) -> list[_Cand] | None:
    """The name's line and the one above or under it framed by the same mark, touching, in one
    type and lettering ("* MORRISON,S *" / "* IRISH PUB *"): both, inside their frames; not a
    subtitle of trade words, an address or a legal name, nor a line of goods in small letters
    under a name in capitals ("* PIZZA-TURM *" / "*Pizza--Pasta *")."""
    for upper, lower in ((by_rank.get(best.rank - 1), best), (best, by_rank.get(best.rank + 1))):
        if upper is None or lower is None or not _adjacent(upper.seg, lower.seg):
            continue
        inner = framed_alike(upper.seg, lower.seg)
        other = lower if upper is best else upper
        plain = not (_is_descriptor(other.upper) or _is_address(other.upper) or _has_form(other.upper))
        lettered = upper.seg.text.isupper() == lower.seg.text.isupper()  # capitals both, or neither
        if inner and plain and lettered and _same_style(upper.seg, lower.seg):
            return [
                _Cand(c.score, c.rank, _Segment(text, c.seg.confidence, c.seg.bbox, c.seg.row), text.upper())
                for c, text in zip((upper, lower), inner, strict=True)
            ]
    return None


def _stacked_words(best: _Cand, by_rank: dict[int, _Cand], segments: list[_Segment]) -> list[_Cand]:
    """A name of two words set one over the other ("Noels" / "Ballroom"), the lines touching,
    in one type and on one axis, the first lines of the header with the address just under
    them, or a block of their own with space under it ("PATRIMONIO" / "NACIONAL"): both words.
    A town over its postcode line ("Haymarket" / "Edinburgh" / "EH12 5DS") is none of the name."""
    for upper, lower in ((by_rank.get(best.rank - 1), best), (best, by_rank.get(best.rank + 1))):
        if upper is None or lower is None or any(c.rank < upper.rank for c in by_rank.values()):
            continue
        after = by_rank.get(lower.rank + 1)
        # (a digit misread inside a word, "Bal1room", is no number)
        words = [clean_name(c.seg.text) for c in (upper, lower)]
        one_word = all(
            len(w.split()) == 1 and _letters(w) >= 4 and not any(ch.isdigit() for ch in w) for w in words
        )
        plain = not any(
            _has_form(c.upper) or _is_address(c.upper) or _is_descriptor(c.upper) for c in (upper, lower)
        )
        touching = _touching(upper.seg, lower.seg)
        # the street under them, not the postcode and town
        addressed = (
            after is not None and _is_address(after.upper) and not re.match(r"\W*\d{4,5}\s", after.upper)
        )
        # or a block of their own: the receipt's next line well under them
        nxt = segments[lower.rank + 1] if lower.rank + 1 < len(segments) else None
        h = lower.seg.bbox[3] - lower.seg.bbox[1]
        apart = nxt is not None and nxt.bbox[1] - lower.seg.bbox[3] > 0.5 * h
        if one_word and plain and touching and (addressed or apart) and _same_style(upper.seg, lower.seg):
            return [upper, lower]
    return [best]


def _heading_continues(best: _Cand, below: _Cand, med_h: float) -> bool:
    """A name set in large type over two lines ("HAPPY" / "ITALY"), or a logo with its trade
    word set under it ("WHOLE FOODS" / "MARKET"), or a word in smaller capitals ("GAMING" /
    "MUSEUM"): the lines touch and share their axis."""
    if _has_form(best.upper) or _has_form(below.upper) or _is_address(below.upper) or best.seg.open_bracket:
        return False
    h = best.seg.bbox[3] - best.seg.bbox[1]
    touching = _touching(best.seg, below.seg)
    ca, cb = (best.seg.bbox[0] + best.seg.bbox[2]) / 2, (below.seg.bbox[0] + below.seg.bbox[2]) / 2
    if not touching or abs(ca - cb) > 0.5 * h:
        return False
    large = h > 2.0 * med_h and _same_style(best.seg, below.seg)
    # the trade word in capitals under a name in capitals, no store number with it (a cuisine
    # alone, "GEORGISCHES" over "RESTAURANT", starts a subtitle of its own)
    subtitle = (
        _is_descriptor(below.upper)
        and not _CUISINE.fullmatch(below.upper.strip(" *-~=#"))
        and _letters(below.seg.text) >= 4
        and not any(ch.isdigit() for ch in below.seg.text)
        and best.seg.text.isupper()
        and below.seg.text.isupper()
    )
    # a word in large capitals over a second word in smaller ones ("GAMING" / "MUSEUM")
    stacked = all(
        len(t.split()) == 1 and t.isupper() and t.isalpha() and len(t) >= 4
        for t in (best.seg.text.strip(), below.seg.text.strip())
    ) and h > 1.5 * (below.seg.bbox[3] - below.seg.bbox[1])
    return large or subtitle or stacked


def _printed_whole(best: _Cand, by_rank: dict[int, _Cand], segments: list[_Segment]) -> str | None:
    """A name set in two pieces one over the other ("SWISS" / "BREAK", "CentralPark" /
    "Terrazza") that another line prints whole, letter for letter ("Swiss Break"): that line."""
    for other in (by_rank.get(best.rank - 1), by_rank.get(best.rank + 1)):
        if other is None:
            continue
        upper, lower = (other, best) if other.rank < best.rank else (best, other)
        joined = _compact(upper.seg.text + lower.seg.text)
        if not _adjacent(upper.seg, lower.seg) or _letters(joined) < 6:
            continue
        if _is_address(lower.upper):
            continue  # the name over its address, both again on the sender's line: no pieces
        for seg in segments:
            if seg is not upper.seg and seg is not lower.seg and _compact(seg.text) == joined:
                return seg.text.strip()
    return None


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.upper())


_LIMITED_LIABILITY = re.compile(r"\(?haftungsbeschr(?:ä|a|ae)nkt\)?$", re.I)


def _only_form(upper: str) -> bool:
    """A legal form with only trade words or a bracketed place before it ("RESTAURANT SDN BHD",
    "(SEMENYIH) SDN BHD")."""
    if not _has_form(upper):
        return False
    rest = re.sub(r"\([^()]*\)?", " ", _canonical_form(upper))
    rest = _SUFFIX.sub(" ", rest)
    # the country of a chain's national company and the European form ("Deutschland SE & Co. KG")
    rest = _COUNTRY_OR_SE.sub(" ", rest)
    return _is_descriptor(rest)


_COUNTRY_OR_SE = re.compile(
    r"(?<![A-Z])(?:DEUTSCHLAND|GERMANY|ÖSTERREICH|OSTERREICH|AUSTRIA|SCHWEIZ|SUISSE|FRANCE|"
    r"NEDERLAND|NETHERLANDS|BELGIUM|BELGIQUE|BELGIË|ESPAÑA|ESPANA|SPAIN|ITALIA|ITALY|UK|"
    r"EUROPE|EUROPA|MALAYSIA|SE|KG)(?![A-Z])"
)


def _adjacent(upper_line: _Segment, lower_line: _Segment) -> bool:
    h = max(1.0, upper_line.bbox[3] - upper_line.bbox[1])
    gap = lower_line.bbox[1] - upper_line.bbox[3]
    similar = 0.6 < (lower_line.bbox[3] - lower_line.bbox[1]) / h < 1.6
    return gap < 0.8 * h and similar


def _same_style(a: _Segment, b: _Segment) -> bool:
    """Same type size (the detector's boxes of one size differ by up to a fifth) and centred on
    the same axis, as the two lines of one heading."""
    ha, hb = a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1]
    ca, cb = (a.bbox[0] + a.bbox[2]) / 2, (b.bbox[0] + b.bbox[2]) / 2
    return abs(ha - hb) <= 0.2 * max(ha, hb) and abs(ca - cb) <= 1.5 * max(ha, hb)
