"""Check digits, and repairs of OCR confusions that a check digit (or a field's class) confirms.

A field has a character class: digits (dates, check digits), letters (codes, names) or
either (document number, optional data). A character of the wrong class can only be a
misreading, so mapping it is certain (``0`` in a country code is the letter ``O``). In
a field of either class a swap (``0``/``O``, ``8``/``B``...) is a guess, taken only when
exactly one candidate satisfies the check digit.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from .countries import is_known_code, known_codes, normalize_code

FILLER = "<"
# OCR confusions, forced by a field's character class.
TO_DIGIT = {
    "O": "0", "Q": "0", "D": "0", "U": "0", "C": "0",
    "I": "1", "L": "1", "J": "1", "T": "1",
    "Z": "2", "S": "5", "G": "6", "B": "8", "A": "4", "E": "8", "H": "8", "Y": "4",
}  # fmt: skip
TO_LETTER = {"0": "O", "1": "I", "2": "Z", "4": "A", "5": "S", "6": "G", "7": "T", "8": "B"}
# Letter/digit pairs a field of either class may hold either way; the check digit decides.
AMBIGUOUS = {
    "0": "OQD", "O": "0Q", "Q": "0O", "D": "0", "1": "I", "I": "1", "8": "B", "B": "8",
    "5": "S", "S": "5", "2": "Z", "Z": "2", "6": "G", "G": "6",
}  # fmt: skip
# Letters a country code is often misread with (for a code that is not a known one).
COUNTRY_SWAPS = {"O": "DQ", "D": "O", "Q": "O", "I": "L", "L": "I", "U": "V", "V": "U"}
# A repair among several that satisfy a check digit is taken only when it alone changes
# nothing but characters read below this.
DOUBTED = 0.95


def char_value(c: str) -> int:
    if c.isdigit():
        return ord(c) - 48
    if "A" <= c <= "Z":
        return ord(c) - 55
    return 0  # filler, and anything unexpected


def check_digit(data: str) -> str:
    """Doc 9303 part 3 check digit: weights 7, 3, 1 repeating, sum modulo 10."""
    weights = (7, 3, 1)
    return str(sum(char_value(c) * weights[i % 3] for i, c in enumerate(data)) % 10)


def check_holds(data: str, digit: str) -> bool:
    if digit == FILLER:
        # an empty optional field may carry '<' instead of 0 as its check digit
        return set(data) <= {FILLER}
    return digit.isdigit() and check_digit(data) == digit


def as_digits(s: str) -> str:
    return "".join(TO_DIGIT.get(c, c) for c in s)


def as_letters(s: str) -> str:
    return "".join(TO_LETTER.get(c, c) for c in s)


def _candidates(value: str, options: list[str], max_changes: int):
    """Values reachable by replacing up to ``max_changes`` characters with their options, fewest first."""
    positions = [i for i, o in enumerate(options) if o]
    for k in range(1, max_changes + 1):
        for combo in itertools.combinations(positions, k):
            for repl in itertools.product(*(options[i] for i in combo)):
                chars = list(value)
                for i, r in zip(combo, repl, strict=True):
                    chars[i] = r
                yield k, "".join(chars)


def _options(
    value: str, alternatives: list[str], digits_only: bool, editable: list[bool] | None
) -> list[str]:
    """Per character, what may replace it: its class look-alikes and the recogniser's second choice."""
    options = []
    for i, (c, alt) in enumerate(zip(value, alternatives, strict=False)):
        if editable is not None and not editable[i]:
            options.append("")
            continue
        opts = "" if digits_only else AMBIGUOUS.get(c, "")
        if alt and alt != c and alt not in opts and (alt.isdigit() or not digits_only):
            opts += alt
        options.append(opts)
    return options


def repair_checked(
    value: str,
    digit: str,
    *,
    digits_only: bool = False,
    alternatives: list[str] | None = None,
    digit_alternative: str = "",
    accept: Callable[[str], bool] | None = None,
    max_changes: int = 2,
    editable: list[bool] | None = None,
    probs: list[float] | None = None,
) -> tuple[str, str, bool, bool]:
    """Fix a field guarded by a check digit.

    Candidates replace characters by a confusable character of the same class
    (``AMBIGUOUS``) or by the recogniser's second choice (``alternatives``). A
    changed value is returned only when exactly one candidate with the fewest
    changes satisfies the check digit (and ``accept``, e.g. "is a date"); among
    several, the one that changes only characters the recogniser doubted (``probs``).
    Returns ``(value, digit, check_holds, repaired)``.
    """
    if check_holds(value, digit):
        return value, digit, True, False
    alternatives = alternatives or [""] * len(value)
    options = _options(value, alternatives, digits_only, editable)
    digit_opts = [digit_alternative] if digit_alternative.isdigit() and digit_alternative != digit else [""]
    read = value + digit
    model = [*alternatives, digit_alternative]
    found: list[str] = []
    best_k = None
    for k, cand in _candidates(read, options + digit_opts, max_changes):
        if best_k is not None and k > best_k:
            break
        # at most one change that only the character class suggests; the others must be
        # the recogniser's own second choice
        if sum(1 for i, c in enumerate(cand) if c != read[i] and c != model[i]) > 1:
            continue
        if check_holds(cand[:-1], cand[-1]) and (accept is None or accept(cand[:-1])):
            best_k = k
            found.append(cand)
    if len(found) > 1 and probs is not None and len(probs) == len(read):
        # several repairs satisfy the check digit: the one that only changes characters the
        # recogniser itself doubted, if there is exactly one such
        found = [c for c in found if all(probs[i] < DOUBTED for i, ch in enumerate(c) if ch != read[i])]
    if len(found) == 1:
        return found[0][:-1], found[0][-1], True, True
    return value, digit, False, False


def repair_checked_alnum(value: str, digit: str, max_changes: int = 2) -> tuple[str, bool, bool]:
    """Class-guided repair of an alphanumeric field: ``(value, check_holds, repaired)``."""
    fixed, _digit, holds, repaired = repair_checked(
        value, TO_DIGIT.get(digit, digit), max_changes=max_changes
    )
    return fixed, holds, repaired


def repair_country(raw: str) -> tuple[str, bool, bool, bool]:
    """Letters only; return (code with fillers, known, repaired, guessed). A digit read for
    the letter it looks like is the letter (a code holds letters only); a letter swapped for
    another to make a known code is a guess: no check digit covers a country, and a letter
    off one code is often another ("GRO" for Greece's GRC is Grenada's GRD one swap away)."""
    fixed = as_letters(raw)
    if is_known_code(normalize_code(fixed)):
        return fixed, True, fixed != raw, False
    # one more letter confusion that turns it into a known code, when unique
    options = []
    for i, c in enumerate(fixed):
        for r in COUNTRY_SWAPS.get(c, ""):
            cand = fixed[:i] + r + fixed[i + 1 :]
            if normalize_code(cand) in known_codes():
                options.append(cand)
    if len(options) == 1:
        return options[0], True, True, True
    return fixed, False, fixed != raw, False
