"""Letters the recogniser doubted, put right where the receipt itself spells the word.

A faded or broken letter of a name is read as its look-alike ("GARDENEA" for GARDENIA, "NART"
for MART), and the recogniser says it was unsure of it (``Line.chars``). Where such a word, with
that one letter replaced by a look-alike, is a word the receipt prints elsewhere, read surely
(the product lines of a bakery print its name), or a trade word names are made of, it is spelt
so. Only a letter read unsurely changes: a name printed so (a shop's own spelling) is read
surely and kept.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .layout import chars_told
from .spacing import _LOOK_ALIKES, TRADE_WORDS

UNSURE = 0.8  # a letter read less surely than this may be its look-alike
SURE = 0.9  # a word read elsewhere with every letter at least this sure spells it
_WORD = re.compile(r"[^\W\d_]{4,}|[^\W_]*\d[^\W\d_]{2,}")
_TRADE = frozenset(w for w in TRADE_WORDS if len(w) >= 4)


def _surely_printed(lines) -> set[str]:
    """The words of four letters or more the receipt prints, each letter read surely."""
    words = set()
    for line in lines:
        chars = chars_told(line)
        for m in re.finditer(r"[^\W\d_]{4,}", line.text):
            if chars is not None and min(chars[m.start() : m.end()]) >= SURE:
                words.add(m.group().upper())
    return words


def _respelt(word: str, chars: list[float], known: set[str]) -> str | None:
    """``word`` with its one unsure letter replaced by the look-alike that makes a known word."""
    unsure = [i for i, c in enumerate(chars) if c < UNSURE]
    if len(unsure) != 1:
        return None
    i = unsure[0]
    upper = word.upper()
    if len(upper) != len(word):  # ("Straße": STRASSE, its letters no longer where they were read)
        return None
    found = {
        upper[:i] + other + upper[i + 1 :]
        for group in _LOOK_ALIKES
        if upper[i] in group
        for other in group - {upper[i]}
    }
    found &= known
    if len(found) != 1:
        return None
    # in the word's own letter case, the new letter in its neighbour's ("Gardenea", "McDonaIds")
    (spelt,) = found
    cased = word[: i + 1] if i == 0 else word[:i] + word[i - 1]
    return "".join(
        new.lower() if old.islower() else new for old, new in zip(cased + word[i + 1 :], spelt, strict=True)
    )


def respell_unsure(lines: list) -> list:
    """``lines`` with each word whose one unsure letter's look-alike makes a word printed surely
    elsewhere, or a trade word, so spelt (the characters' certainties kept as read)."""
    doubted = {i for i, line in enumerate(lines) if min(chars_told(line) or [1.0]) < UNSURE}
    if not doubted:  # (a PDF's text layer, a clean print: nothing to look at)
        return lines
    known = _surely_printed(lines) | _TRADE
    out = []
    for k, line in enumerate(lines):
        chars = line.chars
        if k not in doubted:
            out.append(line)
            continue
        text = line.text
        for m in reversed(list(_WORD.finditer(text))):
            spelt = _respelt(m.group(), chars[m.start() : m.end()], known - {m.group().upper()})
            if spelt is not None:
                text = text[: m.start()] + spelt + text[m.end() :]
        out.append(replace(line, text=text) if text != line.text else line)
    return out
