"""The names: letters and fillers that no check digit covers, split into the primary and
secondary identifiers (ICAO 9303: '<<' between them, '<' between the components, fillers to
the end of the zone). Nothing checks them, so every letter must be read with confidence."""

from __future__ import annotations

import re

from .fields import MIN_CHAR_CONFIDENCE, MIN_SEPARATOR_CONFIDENCE, Reading, read_surely
from .repair import FILLER, as_letters
from .result import MrzField

# fillers before a doubtful letter in the names' padding for it to be taken as one more
PADDING_RUN = 3
# what a names zone holds (ICAO 9303): letters and fillers, nothing else; a character no
# letter stands in for (a 3, a 9: ``TO_LETTER`` maps none) leaves the names without their form
_NAMES_SHAPE = re.compile(r"[A-Z<]+")
# how ICAO 9303 lays them out: the primary identifier's components parted by one '<', '<<' and
# the secondary identifier's parted by one '<', then fillers to the end. Any other run of
# fillers between letters ("ANNA<<<MARIA", "ANNA<MARIA<<E", a leading '<') is a letter lost
# (a K read as '<', a doubled letter merged) or one that is no name's: nothing checks them
_NAMES_LAYOUT = re.compile(r"[A-Z]+(?:<[A-Z]+)*(?:<<[A-Z]+(?:<[A-Z]+)*)?<*")


def split_names(raw: str) -> tuple[str, str]:
    """Primary and secondary identifiers, split on the first '<<'; '<' inside a part is a space."""
    primary, _, secondary = raw.rstrip(FILLER).partition("<<")

    def words(s: str) -> str:
        return " ".join(w for w in s.split(FILLER) if w)

    return words(primary), words(secondary)


def padding_start(names: str) -> int | None:
    """Where the names' padding must begin (ICAO 9303): the primary identifier ends at the
    first '<<', the secondary's components are parted by one '<', so the next '<<' after it
    starts the fillers that run to the end. None when the names have no '<<' at all."""
    first = names.find(FILLER * 2)
    if first < 0:
        return None
    second = names.find(FILLER * 2, first + 2)
    return None if second < 0 else second


def unread_in_padding(names: str, probs: list[float]) -> str:
    """A letter in the names' padding, read below MIN_CHAR_CONFIDENCE after at least
    PADDING_RUN fillers, is the filler it stands in (a doubtful mark in a run of '<'). A
    letter read there with confidence, or right after a name's '<<' (a name's letter misread
    as '<' would move the padding's start), is kept, and the names say what they say."""
    start = padding_start(names)
    if start is None:
        return names
    chars = list(names)
    for i in range(start + PADDING_RUN, min(len(chars), len(probs))):
        run = chars[i - PADDING_RUN : i]
        if chars[i] != FILLER and probs[i] < MIN_CHAR_CONFIDENCE and run == [FILLER] * PADDING_RUN:
            chars[i] = FILLER
    return "".join(chars)


def read_names(r: Reading) -> tuple[MrzField, MrzField]:
    """Letters and fillers; nothing checks them, so low-confidence characters leave them unverified."""
    raw = r.text("names")
    every = r.probs_of("names")
    names = unread_in_padding(as_letters(raw), every)
    r.put("names", names)
    surname, given = split_names(names)
    # the trailing filler padding says nothing about the names; the rest must be read with
    # confidence, and so must a letter the glyphs read as a filler (its cell shows the page's
    # filler: ``glyphs``) where a one-letter name could stand, one or two cells after the
    # last letter (ANNA<K, SMITH<<K): a name read as '<' there is a doubt, not padding
    end = len(names.rstrip(FILLER))
    turned = [
        i
        for i, (ch, p, alt) in enumerate(zip(names, every, r.alts_of("names"), strict=False))
        if end < i <= end + 2 and ch == FILLER and alt.isalpha() and p < MIN_SEPARATOR_CONFIDENCE
    ]
    used = max([end + 1, *(i + 1 for i in turned)])
    probs = every[:used]
    # from lines read whole (one confidence each, no glyph compared) nothing tells a filler from
    # a K: a last given name of K's alone ("ANNA<MARIA<K") may be the padding's filler misread
    padding_k = not r.glyphs and bool(given) and set(given.split()[-1]) == {"K"}
    # the recogniser drops one '<' of a doubled pair (CTC merges repeats), and a piece's count
    # can be made up by a filler of the padding next to it: the separator lost, every name
    # becomes a component of the primary identifier, and no count shows it. Names of several
    # components with no secondary identifier at all are what that reads as: a doubt
    lost_separator = not given and len(surname.split()) >= 2
    laid_out = _NAMES_LAYOUT.fullmatch(names) is not None
    # a line fitted to its length by its padding may have lost (or gained) a letter of the names
    doubts = padding_k or lost_separator or not laid_out or r.fitted("names")
    common = {
        "raw": raw,
        "read_surely": read_surely(names[:used], probs, r.seconds(r.cells("names", used))) and not doubts,
        "repaired": names != raw,
        "confidence": min(probs),
    }
    formed = _NAMES_SHAPE.fullmatch(names) is not None
    # names that fill the zone to its last cell may have been cut to fit (ICAO 9303 truncates so):
    # the name that runs to the end, the given names or a surname alone, may not be the holder's
    cut = bool(names) and names[-1] != FILLER
    return (
        MrzField("surname", surname, formed=formed and bool(surname), cut_short=cut and not given, **common),
        MrzField("given_names", given, formed=formed, cut_short=cut and bool(given), **common),
    )
