"""MRZ text as read by OCR: the alphabet, filler look-alikes, and lines brought to their format's shape."""

from __future__ import annotations

import re

from .formats import LAYOUTS, Layout

FILLER = "<"
VALID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
# Characters the recogniser emits for the filler '<'.
FILLER_LOOKALIKES = {"«": "<<", "»": "<<", "‹": "<", "›": "<", "く": "<", "＜": "<", "〈": "<", "〔": "<"}


class MrzParseError(ValueError):
    """The text is not a machine readable zone of a known format (no personal data in the message)."""


def clean_line(text: str) -> str:
    """Upper-case, map filler look-alikes to '<', drop spaces and anything outside the MRZ alphabet."""
    s = text.upper()
    for k, v in FILLER_LOOKALIKES.items():
        s = s.replace(k, v)
    s = s.replace(" ", "")
    return "".join(c for c in s if c in VALID_CHARS)


def fit_length(line: str, length: int) -> str:
    """Bring a line to ``length`` by growing or shrinking its longest filler run (OCR miscounts runs)."""
    if len(line) == length:
        return line
    runs = [(m.end() - m.start(), m.start(), m.end()) for m in re.finditer("<+", line)]
    if runs:
        n, a, b = max(runs)
        delta = length - len(line)
        if delta > 0 or n + delta >= 1:
            line = line[:a] + FILLER * max(1, n + delta) + line[b:]
    if len(line) < length:
        line = line + FILLER * (length - len(line))
    return line[:length]


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


def normalize_lines(lines: list[str], mrz_format: str | None = None) -> tuple[Layout, list[str], list[bool]]:
    """The format's layout, the lines cleaned and fitted to it, and per line whether it had to be
    (``fit_length``: a cell lost or gained, where no count of the line's own can tell); raises
    ``MrzParseError``."""
    cleaned = [clean_line(x) for x in lines if clean_line(x)]
    layout = LAYOUTS[mrz_format or detect_format(cleaned)]
    if len(cleaned) != layout.lines:
        raise MrzParseError(f"{layout.name} needs {layout.lines} lines, got {len(cleaned)}")
    for line in cleaned:
        if abs(len(line) - layout.length) > max(6, layout.length // 5):
            raise MrzParseError(f"{layout.name} lines are {layout.length} characters long; a line is far off")
    return layout, [fit_length(x, layout.length) for x in cleaned], [len(x) != layout.length for x in cleaned]
