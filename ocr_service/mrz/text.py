"""MRZ text as read by OCR: the alphabet, filler look-alikes, and lines brought to their format's shape."""

from __future__ import annotations

import re
import unicodedata

from .formats import LAYOUTS, Layout

FILLER = "<"
VALID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
# Characters the recogniser emits for the filler '<'.
FILLER_LOOKALIKES = {"«": "<<", "»": "<<", "‹": "<", "›": "<", "く": "<", "＜": "<", "〈": "<", "〔": "<"}
# Lower case of its capital's shape (the recogniser's case there is a guess of size). Any other
# lower-case letter is a glyph of another shape: 'l' is what an I or a 1 reads as, and L weighs
# as 1 does in every check digit (21 and 1). What stands for a character that is none of the
# MRZ's ('l', a letter with a diacritic taken as its letter, '|' taken as I) is a doubt.
SAME_SHAPE_LOWER = frozenset("ckopsuvwxz")
STROKES = {"|": "I"}
# the confidence of such a character: below any a field needs to be verified
DOUBTFUL_CONFIDENCE = 0.3


class MrzParseError(ValueError):
    """The text is not a machine readable zone of a known format (no personal data in the message)."""


def _cell(ch: str) -> tuple[str, bool]:
    """What one character read stands for in the MRZ ("" for nothing), and whether it is a doubt."""
    if ch in FILLER_LOOKALIKES:
        return FILLER_LOOKALIKES[ch], False
    up = ch.upper()
    if up in VALID_CHARS:
        return up, ch != up and ch not in SAME_SHAPE_LOWER
    if ch in STROKES:
        return STROKES[ch], True
    base = unicodedata.normalize("NFKD", ch)[:1].upper()
    return (base, True) if base in VALID_CHARS and base != FILLER else ("", False)


def clean_cells(text: str) -> tuple[str, list[bool]]:
    """``clean_line``'s text, and per character whether it is a doubt (``SAME_SHAPE_LOWER``)."""
    cells = [_cell(ch) for ch in text]
    return "".join(c for c, _ in cells), [doubt for c, doubt in cells for _ in c]


def clean_line(text: str) -> str:
    """Upper-case, map filler look-alikes to '<' and a letter with a diacritic to its letter, drop
    spaces and anything else outside the MRZ alphabet."""
    return clean_cells(text)[0]


def fit_cells(line: str, doubts: list[bool], length: int) -> tuple[str, list[bool]]:
    """Bring a line to ``length`` by growing or shrinking its longest filler run (OCR miscounts
    runs), with a flag per character (``doubts``) carried along: fillers added are no doubt."""
    if len(line) == length:
        return line, doubts
    runs = [(m.end() - m.start(), m.start(), m.end()) for m in re.finditer("<+", line)]
    if runs:
        n, a, b = max(runs)
        delta = length - len(line)
        if delta > 0 or n + delta >= 1:
            k = max(1, n + delta)
            line, doubts = line[:a] + FILLER * k + line[b:], doubts[:a] + [False] * k + doubts[b:]
    if len(line) < length:
        doubts = doubts + [False] * (length - len(line))
        line = line + FILLER * (length - len(line))
    return line[:length], doubts[:length]


def detect_format(lines: list[str]) -> str:
    n = len(lines)
    if n == 3:
        return "TD1"
    if n != 2:
        raise MrzParseError(f"an MRZ has 2 or 3 lines, got {n}")
    long_format = max(len(x) for x in lines) >= 40
    if lines[0][:1] == "V":
        return "MRVA" if long_format else "MRVB"
    return "TD3" if long_format else "TD2"


def normalize_lines(
    lines: list[str], mrz_format: str | None = None
) -> tuple[Layout, list[str], list[bool], list[list[bool]]]:
    """The format's layout, the lines cleaned and fitted to it, per line whether it had to be
    (``fit_cells``: a cell lost or gained, where no count of the line's own can tell), and per
    character whether it is a doubt (``clean_cells``); raises ``MrzParseError``."""
    cells = [clean_cells(x) for x in lines]
    cells = [(line, doubts) for line, doubts in cells if line]
    cleaned = [line for line, _ in cells]
    layout = LAYOUTS[mrz_format or detect_format(cleaned)]
    if len(cleaned) != layout.lines:
        raise MrzParseError(f"{layout.name} needs {layout.lines} lines, got {len(cleaned)}")
    for line in cleaned:
        if abs(len(line) - layout.length) > max(6, layout.length // 5):
            raise MrzParseError(f"{layout.name} lines are {layout.length} characters long; a line is far off")
    fitted = [fit_cells(line, doubts, layout.length) for line, doubts in cells]
    refit = [len(x) != layout.length for x in cleaned]
    return layout, [line for line, _ in fitted], refit, [doubts for _, doubts in fitted]
