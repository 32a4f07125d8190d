"""A word of a name misread by one letter the recogniser confuses with another ("OLD NAUY",
"Snack3", "URBAN 1DEA"), mended when the word as read is in no language's word list and the
mended one is a common word in one of them."""

from __future__ import annotations

import re
from functools import lru_cache

# the languages of the receipts a user sends (Latin script), and Malay for the word lists of
# the Malaysian receipts' trade names
_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "sv", "ms")

# letters and digits the recogniser reads one for the other on receipts, both ways where the
# shapes are alike both ways
_CONFUSED: dict[str, tuple[str, ...]] = {
    "u": ("v",), "v": ("u",), "U": ("V",), "V": ("U",),
    "n": ("m",), "m": ("n",), "N": ("M",), "M": ("N",),
    "c": ("e",), "e": ("c",),
    "t": ("f",), "f": ("t",),
    "0": ("O", "o"), "1": ("I", "l", "i"), "5": ("S", "s"), "8": ("B",), "3": ("S", "s", "B"),
    "6": ("G",), "$": ("S",),
}  # fmt: skip

# a common word: its Zipf frequency (log10 of uses per billion words) in a language
_COMMON = 3.0
_WORD = re.compile(r"[^\W_]+|\$[A-Za-z]+")


@lru_cache(maxsize=4096)
def _frequency(word: str) -> float:
    from wordfreq import zipf_frequency

    low = word.lower()
    return max(zipf_frequency(low, lang, wordlist="small") for lang in _LANGUAGES)


def load_word_lists() -> None:
    """Load the word lists (about 40 MB, half a second) before the first receipt needs them."""
    _frequency("receipt")


def _mend_word(word: str) -> str:
    if len(word) < 4 or sum(ch.isalpha() for ch in word) < 3:
        return word
    digits = sum(ch.isdigit() for ch in word)
    if digits > 1 or (digits == 0 and _frequency(word) > 0):
        return word
    options = []
    for i, ch in enumerate(word):
        if digits and not (ch.isdigit() or ch == "$"):
            continue  # a word with a digit in it: that digit is the misread
        for other in _CONFUSED.get(ch, ()):
            mended = word[:i] + other + word[i + 1 :]
            freq = _frequency(mended)
            if freq >= _COMMON:
                options.append((freq, mended))
    spellings = {m.lower() for _, m in options}
    if len(spellings) != 1:
        return word  # nothing, or more than one word it could be
    mended = max(options)[1]
    return _same_case(word, mended)


def _same_case(word: str, mended: str) -> str:
    letters = [ch for ch in word if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return mended.upper()
    if letters and all(ch.islower() for ch in letters):
        return mended.lower()
    return mended


def mend_misread_words(name: str | None) -> str | None:
    """The name with each word the recogniser misread by one confusable character mended."""
    if not name:
        return name
    return _WORD.sub(lambda m: _mend_word(m.group(0)), name)
