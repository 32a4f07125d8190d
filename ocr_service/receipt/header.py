"""Header lines that tell the name in another way than the name line itself: the same name
printed again with its apostrophe or accents."""

from __future__ import annotations

from .evidence import _key
from .names import _Segment, clean_name


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
