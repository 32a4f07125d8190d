"""Shop and restaurant brands the receipt reader knows by name (OpenStreetMap's name-suggestion-index,
`brands.txt`, written by scripts/build_brands.py): a chain's name read with a letter wrong
("OLD NAUY") is spelled as the chain spells it.

Only that: a known name does not make a header line the name (on the tuning receipts a boost for
it chose a logo over the legal name SROIE annotates, and generic brand words such as "Central" over
the whole name), and a longer name is not cut to the chain's name at its start ("MR. D.I.Y.
(KUCHAI) SDN BHD" is how the receipt names itself)."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from pathlib import Path

_NEAR_FROM = 7  # letters a key needs before a near spelling counts


def key(text: str) -> str:
    """A name as its letters and digits, in capitals and without accents; "&" read as "and"."""
    text = text.replace("&", " and ").translate(_SPELLED)
    folded = unicodedata.normalize("NFKD", text)
    # NFKD leaves accents as combining marks, which are not ASCII: only the letters and digits stay
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum()).upper()


_SPELLED = str.maketrans({"Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss"})


@cache
def _known() -> dict[str, str]:
    out: dict[str, str] = {}
    path = Path(__file__).with_name("brands.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        k = key(line)
        if len(k) >= 2 and not k.isdigit():
            out.setdefault(k, line)
    return out


@cache
def _by_length() -> dict[int, tuple[str, ...]]:
    """The long keys by their length (a name with one letter wrong is as long as the right one)."""
    out: dict[int, list[str]] = {}
    for k in _known():
        if len(k) >= _NEAR_FROM:
            out.setdefault(len(k), []).append(k)
    return {n: tuple(ks) for n, ks in out.items()}


def load() -> None:
    """Read the list now (the engines' warm-up), not on the first receipt."""
    _by_length()


# letters the recogniser takes for one another ("NAUY" for "NAVY", "Manget" for "Manger",
# "MedlaMarkt"): a name one other letter off a chain's is another name ("Anderson" and "Andersen",
# "APOTHEKE" and "Apotheka", "RED WINE" and "Red Wing")
_CONFUSED_PAIRS = (
    "UV", "IL", "IJ", "I1", "L1", "O0", "OD", "OQ", "S5", "B8", "G6", "Z2", "RT", "MN", "EF", "CG", "HN",
)  # fmt: skip
_CONFUSED = {frozenset(pair) for pair in _CONFUSED_PAIRS}


@lru_cache(maxsize=4096)  # (a name is looked up again by each reading of its receipt)
def near_brand(text: str) -> str | None:
    """The one known brand whose name the text reads with one letter wrong, a letter the
    recogniser takes for the other ("OLD NAUY", "Pret A Manget"), for names of seven letters or
    more; None when none or several. A letter more or less is not a misreading but another name
    ("BURGER BAR" is not "Burgers Bar")."""
    k = key(text)
    if len(k) < _NEAR_FROM or k in _known():
        return None
    found = [b for b in _by_length().get(len(k), ()) if _one_letter(k, b)]
    return _known()[found[0]] if len(found) == 1 else None


def _one_letter(a: str, b: str) -> bool:
    """Two keys of one length that differ in one letter, one the recogniser confuses."""
    wrong = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(wrong) == 1 and frozenset(wrong[0]) in _CONFUSED
