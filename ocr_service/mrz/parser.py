"""ICAO Doc 9303 machine readable zone parser (TD1, TD2, TD3, MRV-A, MRV-B).

``parse_mrz`` takes the MRZ lines as read by OCR, repairs character confusions
field by field (each field has a character class: digits, letters or both) and
checks every check digit. A repair that changes a value is kept only when a check
digit confirms it; a field without a check digit only gets class-forced repairs
(a digit in a country code cannot be right, so ``0`` there is the letter ``O``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from .countries import icao_to_iso2, is_known_code, known_codes, normalize_code

FILLER = "<"
VALID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")

# Expected (number of lines, line length) of each format.
FORMAT_SHAPES = {"TD1": (3, 30), "TD2": (2, 36), "TD3": (2, 44), "MRVA": (2, 44), "MRVB": (2, 36)}

# OCR confusions, forced by a field's character class.
TO_DIGIT = {
    "O": "0", "Q": "0", "D": "0", "U": "0", "C": "0",
    "I": "1", "L": "1", "J": "1", "T": "1",
    "Z": "2", "S": "5", "G": "6", "B": "8", "A": "4", "E": "8", "H": "8", "Y": "4",
}  # fmt: skip
TO_LETTER = {"0": "O", "1": "I", "2": "Z", "4": "A", "5": "S", "6": "G", "7": "T", "8": "B"}
# Letter/digit pairs an alphanumeric field may hold either way; the check digit decides.
AMBIGUOUS = {
    "0": "OQD", "O": "0Q", "Q": "0O", "D": "0", "1": "I", "I": "1", "8": "B", "B": "8",
    "5": "S", "S": "5", "2": "Z", "Z": "2", "6": "G", "G": "6",
}  # fmt: skip
# The passport fields of the /ocr contract, in order.
FIELD_NAMES = (
    "document_type",
    "issuing_country",
    "document_number",
    "surname",
    "given_names",
    "nationality",
    "birth_date",
    "sex",
    "expiry_date",
    "personal_number",
)
# Characters the recogniser emits for the filler '<'.
FILLER_LOOKALIKES = {"«": "<<", "»": "<<", "‹": "<", "›": "<", "く": "<", "＜": "<", "〈": "<", "〔": "<"}


# A character the recogniser gave less than this is a guess: the field it is in is
# reported unverified even when its check digit holds (a mod-10 check misses
# pairs such as 0/U or G/6, and two errors can cancel out).
MIN_CHAR_CONFIDENCE = 0.5
# Fields that no check digit covers (names, countries, sex) need more.
MIN_UNCHECKED_CONFIDENCE = 0.75
MIN_SEPARATOR_CONFIDENCE = 0.35
# A repair among several that satisfy a check digit is taken only when it alone changes
# nothing but characters read below this.
DOUBTED = 0.95
# A character of a field nothing checks, when a character of the other class looks like it
# (0/O, 1/I, 8/B...): the recogniser is often sure and wrong about those.
LOOKALIKE_CONFIDENCE = 0.98


def _read_surely(text: str, probs: list[float]) -> bool:
    """Letters and digits read with MIN_UNCHECKED_CONFIDENCE; a filler only has to be a real
    reading, not a recount guess (the number of cells in a piece already fixed how many there are)."""
    return all(
        p >= (MIN_UNCHECKED_CONFIDENCE if ch != FILLER else MIN_SEPARATOR_CONFIDENCE)
        for ch, p in zip(text, probs, strict=False)
    )


class MrzParseError(ValueError):
    """The text is not a machine readable zone of a known format (no personal data in the message)."""


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


@dataclass
class MrzField:
    """One field: its value, the raw MRZ characters, and how far it is verified."""

    name: str
    value: object
    raw: str
    # True / False when a check digit covers the field, None when none does
    check: bool | None = None
    # the value has the field's form (a date that exists, a known country code, a sex letter...)
    formed: bool = True
    # every character was read with enough confidence (or a check digit confirmed a repair)
    sure: bool = True
    repaired: bool = False
    confidence: float = 1.0

    @property
    def well_formed(self) -> bool:
        return self.formed and self.sure

    @property
    def valid(self) -> bool:
        """The field is verified: well formed, read with confidence, and no check digit fails."""
        return self.formed and self.sure and self.check is not False


@dataclass
class MrzResult:
    mrz_format: str
    lines: list[str]
    fields: dict[str, MrzField]
    # check digit name -> holds
    check_digits: dict[str, bool]
    line_confidences: list[float] = field(default_factory=list)

    # -- convenience -----------------------------------------------------
    def __getitem__(self, name: str) -> object:
        return self.fields[name].value

    @property
    def valid(self) -> bool:
        """Every check digit holds, every field has its form, and every field a check digit
        covers is verified (its characters read with confidence, or its repair confirmed).

        Fields no check digit covers (names, countries, sex, a visa's optional data) say
        for themselves whether they are verified: see ``verified`` and each field's ``valid``.
        """
        return (
            all(self.check_digits.values())
            and all(f.formed for f in self.fields.values())
            and all(f.sure for f in self.fields.values() if f.check is not None)
        )

    @property
    def verified(self) -> bool:
        """Valid, and every field verified."""
        return self.valid and all(f.valid for f in self.fields.values())

    @property
    def confidence(self) -> float:
        if not self.fields:
            return 0.0
        base = min(f.confidence for f in self.fields.values())
        return round(base if self.verified else min(base, 0.5), 4)

    def to_fields(self) -> dict:
        """Passport fields of the ``/ocr`` contract, each ``{"value": ..., "confidence": ...}``."""
        out: dict[str, dict] = {}
        for name in FIELD_NAMES:
            f = self.fields[name]
            item = {"value": f.value, "confidence": round(float(f.confidence), 4), "valid": f.valid}
            if name in ("issuing_country", "nationality"):
                item["iso2"] = icao_to_iso2(f.value) if isinstance(f.value, str) else None
            out[name] = item
        conf = self.confidence
        out["mrz_format"] = {"value": self.mrz_format, "confidence": conf}
        out["mrz_lines"] = {"value": list(self.lines), "confidence": conf}
        out["check_digits"] = {"value": dict(self.check_digits), "confidence": conf}
        out["valid"] = {"value": self.valid, "confidence": conf}
        out["verified"] = {"value": self.verified, "confidence": conf}
        return out

    def to_scan_mrz(self) -> dict:
        """The camelCase ``/scan-mrz`` answer (``processingTime`` is added by the caller)."""
        return scan_mrz_payload(self.to_fields())


# camelCase key of the /scan-mrz contract -> passport field
SCAN_MRZ_KEYS = {
    "passportNumber": "document_number",
    "surname": "surname",
    "givenName": "given_names",
    "nationality": "nationality",
    "dateOfBirth": "birth_date",
    "sex": "sex",
    "dateOfExpiry": "expiry_date",
    "issuingCountry": "issuing_country",
    "personalNumber": "personal_number",
}


def scan_mrz_payload(fields: dict) -> dict:
    """Map ``to_fields()`` output (as cached by the service) onto the ``/scan-mrz`` contract."""

    def value(name):
        return (fields.get(name) or {}).get("value")

    confidences = [
        float((fields.get(name) or {}).get("confidence") or 0.0) for name in SCAN_MRZ_KEYS.values()
    ]
    body = {camel: value(snake) for camel, snake in SCAN_MRZ_KEYS.items()}
    body.update(
        success=True,
        confidence=round(min(confidences) if confidences else 0.0, 4),
        validCheckDigits=bool(value("valid")),
        mrzText="\n".join(value("mrz_lines") or []),
    )
    return body


# -- text normalisation -------------------------------------------------------


def clean_line(text: str) -> str:
    """Upper-case, map filler look-alikes to '<', drop spaces and anything outside the MRZ alphabet."""
    s = text.upper()
    for k, v in FILLER_LOOKALIKES.items():
        s = s.replace(k, v)
    s = s.replace(" ", "")
    return "".join(c for c in s if c in VALID_CHARS)


def _fit_length(line: str, length: int, *, pad_right: bool = True) -> str:
    """Bring a line to ``length`` by growing or shrinking its longest filler run (OCR miscounts runs)."""
    if len(line) == length:
        return line
    runs = [(m.end() - m.start(), m.start(), m.end()) for m in re.finditer("<+", line)]
    if runs:
        n, a, b = max(runs)
        delta = length - len(line)
        if delta > 0 or n + delta >= 1:
            new_run = FILLER * max(1, n + delta)
            line = line[:a] + new_run + line[b:]
    if len(line) < length:
        line = line + FILLER * (length - len(line)) if pad_right else line
    return line[:length]


def detect_format(lines: list[str]) -> str:
    n = len(lines)
    if n == 3:
        return "TD1"
    if n != 2:
        raise MrzParseError(f"an MRZ has 2 or 3 lines, got {n}")
    longest = max(len(x) for x in lines)
    first = lines[0][:1]
    long_format = longest >= 40
    if first == "V":
        return "MRVA" if long_format else "MRVB"
    return "TD3" if long_format else "TD2"


def normalize_lines(lines: list[str], mrz_format: str | None = None) -> tuple[str, list[str]]:
    cleaned = [clean_line(x) for x in lines if clean_line(x)]
    if mrz_format is None:
        mrz_format = detect_format(cleaned)
    count, length = FORMAT_SHAPES[mrz_format]
    if len(cleaned) != count:
        raise MrzParseError(f"{mrz_format} needs {count} lines, got {len(cleaned)}")
    for line in cleaned:
        if abs(len(line) - length) > max(6, length // 5):
            raise MrzParseError(f"{mrz_format} lines are {length} characters long; a line is far off")
    return mrz_format, [_fit_length(x, length) for x in cleaned]


# -- field repair ----------------------------------------------------------------


def _as_digits(s: str) -> str:
    return "".join(TO_DIGIT.get(c, c) for c in s)


def _as_letters(s: str) -> str:
    return "".join(TO_LETTER.get(c, c) for c in s)


def _digit_char(c: str) -> str:
    return TO_DIGIT.get(c, c)


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


def repair_checked(
    value: str,
    digit: str,
    *,
    digits_only: bool = False,
    alternatives: list[str] | None = None,
    digit_alternative: str = "",
    accept=None,
    max_changes: int = 2,
    editable: list[bool] | None = None,
    probs: list[float] | None = None,
) -> tuple[str, str, bool, bool]:
    """Fix a field guarded by a check digit.

    Candidates replace characters by a confusable character of the same class
    (``AMBIGUOUS``) or by the recogniser's second choice (``alternatives``). A
    changed value is returned only when exactly one candidate with the fewest
    changes satisfies the check digit (and ``accept``, e.g. "is a date").
    Returns ``(value, digit, check_holds, repaired)``.
    """
    if check_holds(value, digit):
        return value, digit, True, False
    alternatives = alternatives or [""] * len(value)
    options = []
    for i, (c, alt) in enumerate(zip(value, alternatives, strict=False)):
        if editable is not None and not editable[i]:
            options.append("")
            continue
        opts = "" if digits_only else AMBIGUOUS.get(c, "")
        if alt and alt != c and alt not in opts and (alt.isdigit() or not digits_only):
            opts += alt
        options.append(opts)
    digit_opts = [digit_alternative] if digit_alternative.isdigit() and digit_alternative != digit else []
    found: list[tuple[str, str]] = []
    best_k = None
    value_and_digit = value + digit
    model = list(alternatives) + [digit_alternative]
    for k, cand in _candidates(
        value_and_digit, options + digit_opts + ([""] if not digit_opts else []), max_changes
    ):
        if best_k is not None and k > best_k:
            break
        # at most one change that only the character class suggests; the others must be
        # the recogniser's own second choice
        guesses = sum(1 for i, c in enumerate(cand) if c != value_and_digit[i] and c != model[i])
        if guesses > 1:
            continue
        v, d = cand[:-1], cand[-1]
        if check_holds(v, d) and (accept is None or accept(v)):
            best_k = k
            found.append((v, d))
    if len(found) > 1 and probs is not None and len(probs) == len(value_and_digit):
        # several repairs satisfy the check digit: the one that only changes characters the
        # recogniser itself doubted, if there is exactly one such
        doubted = [
            (v, d)
            for v, d in found
            if all(probs[i] < DOUBTED for i, c in enumerate(v + d) if c != value_and_digit[i])
        ]
        found = doubted
    if len(found) == 1:
        return found[0][0], found[0][1], True, True
    return value, digit, False, False


def repair_checked_alnum(value: str, digit: str, max_changes: int = 2) -> tuple[str, bool, bool]:
    """Class-guided repair of an alphanumeric field: ``(value, check_holds, repaired)``."""
    fixed, _digit, holds, repaired = repair_checked(value, _digit_char(digit), max_changes=max_changes)
    return fixed, holds, repaired


def _repair_country(raw: str) -> tuple[str, bool, bool]:
    """Letters only; return (code with fillers, known, repaired)."""
    fixed = _as_letters(raw)
    code = normalize_code(fixed)
    if is_known_code(code):
        return fixed, True, fixed != raw
    # one more letter confusion that turns it into a known code, when unique
    options = []
    swaps = {"O": "DQ", "D": "O", "Q": "O", "I": "L", "L": "I", "U": "V", "V": "U"}
    for i, c in enumerate(fixed):
        for r in swaps.get(c, ""):
            cand = fixed[:i] + r + fixed[i + 1 :]
            if normalize_code(cand) in known_codes():
                options.append(cand)
    if len(options) == 1:
        return options[0], True, True
    return fixed, False, fixed != raw


# -- dates -------------------------------------------------------------------------


def _parse_yymmdd(s: str, *, birth: bool, today: dt.date) -> dt.date | None:
    if not (len(s) == 6 and s.isdigit()):
        return None
    yy, mm, dd = int(s[:2]), int(s[2:4]), int(s[4:])
    if birth:
        # the latest century that does not put the birth in the future
        year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    else:
        # expiry dates lie in a window of 70 years back to 30 years ahead
        year = 2000 + yy if 2000 + yy <= today.year + 30 else 1900 + yy
    try:
        d = dt.date(year, mm, dd)
    except ValueError:
        return None
    if birth and d > today:
        try:
            d = dt.date(year - 100, mm, dd)
        except ValueError:
            return None
    return d


def _names(raw: str) -> tuple[str, str]:
    """Primary and secondary identifiers, split on the first '<<'; '<' inside a part is a space."""
    raw = raw.rstrip(FILLER)
    if "<<" in raw:
        primary, secondary = raw.split("<<", 1)
    else:
        primary, secondary = raw, ""

    def words(s: str) -> str:
        return " ".join(w for w in s.split(FILLER) if w)

    return words(primary), words(secondary)


# -- the parser ---------------------------------------------------------------------

_LAYOUTS = {
    # per format: where each field sits, as (line, start, end)
    "TD3": {
        "document_code": (0, 0, 2), "issuing_country": (0, 2, 5), "names": (0, 5, 44),
        "document_number": (1, 0, 9), "document_number_cd": (1, 9, 10), "nationality": (1, 10, 13),
        "birth_date": (1, 13, 19), "birth_date_cd": (1, 19, 20), "sex": (1, 20, 21),
        "expiry_date": (1, 21, 27), "expiry_date_cd": (1, 27, 28), "optional_data": (1, 28, 42),
        "optional_data_cd": (1, 42, 43), "composite_cd": (1, 43, 44),
    },
    "TD2": {
        "document_code": (0, 0, 2), "issuing_country": (0, 2, 5), "names": (0, 5, 36),
        "document_number": (1, 0, 9), "document_number_cd": (1, 9, 10), "nationality": (1, 10, 13),
        "birth_date": (1, 13, 19), "birth_date_cd": (1, 19, 20), "sex": (1, 20, 21),
        "expiry_date": (1, 21, 27), "expiry_date_cd": (1, 27, 28), "optional_data": (1, 28, 35),
        "composite_cd": (1, 35, 36),
    },
    "MRVA": {
        "document_code": (0, 0, 2), "issuing_country": (0, 2, 5), "names": (0, 5, 44),
        "document_number": (1, 0, 9), "document_number_cd": (1, 9, 10), "nationality": (1, 10, 13),
        "birth_date": (1, 13, 19), "birth_date_cd": (1, 19, 20), "sex": (1, 20, 21),
        "expiry_date": (1, 21, 27), "expiry_date_cd": (1, 27, 28), "optional_data": (1, 28, 44),
    },
    "MRVB": {
        "document_code": (0, 0, 2), "issuing_country": (0, 2, 5), "names": (0, 5, 36),
        "document_number": (1, 0, 9), "document_number_cd": (1, 9, 10), "nationality": (1, 10, 13),
        "birth_date": (1, 13, 19), "birth_date_cd": (1, 19, 20), "sex": (1, 20, 21),
        "expiry_date": (1, 21, 27), "expiry_date_cd": (1, 27, 28), "optional_data": (1, 28, 36),
    },
    "TD1": {
        "document_code": (0, 0, 2), "issuing_country": (0, 2, 5), "document_number": (0, 5, 14),
        "document_number_cd": (0, 14, 15), "optional_data": (0, 15, 30),
        "birth_date": (1, 0, 6), "birth_date_cd": (1, 6, 7), "sex": (1, 7, 8),
        "expiry_date": (1, 8, 14), "expiry_date_cd": (1, 14, 15), "nationality": (1, 15, 18),
        "optional_data_2": (1, 18, 29), "composite_cd": (1, 29, 30), "names": (2, 0, 30),
    },
}  # fmt: skip


def _cells(*spans: tuple[int, int, int]) -> list[tuple[int, int]]:
    return [(li, col) for li, a, b in spans for col in range(a, b)]


# the characters the composite check digit covers, as (line, column), in order
_COMPOSITE_CELLS = {
    "TD1": _cells((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)),
    "TD2": _cells((1, 0, 10), (1, 13, 20), (1, 21, 35)),
    "TD3": _cells((1, 0, 10), (1, 13, 20), (1, 21, 43)),
}


_LETTER_FIELDS = ("document_code", "issuing_country", "nationality", "names", "sex")
_DIGIT_FIELDS = ("birth_date", "expiry_date")


def position_classes(mrz_format: str) -> list[str]:
    """Per line, each position's character class: ``a`` letters, ``d`` digits, ``x`` either."""
    n_lines, length = FORMAT_SHAPES[mrz_format]
    out = [["x"] * length for _ in range(n_lines)]
    for key, (li, a, b) in _LAYOUTS[mrz_format].items():
        cls = "d" if key.endswith("_cd") or key in _DIGIT_FIELDS else "a" if key in _LETTER_FIELDS else "x"
        for col in range(a, b):
            out[li][col] = cls
    return ["".join(x) for x in out]


def _get(lines: list[str], layout: dict, key: str) -> str:
    li, a, b = layout[key]
    return lines[li][a:b]


def _put(lines: list[str], layout: dict, key: str, value: str) -> None:
    li, a, b = layout[key]
    lines[li] = lines[li][:a] + value + lines[li][b:]


def parse_mrz(
    lines: list[str],
    *,
    mrz_format: str | None = None,
    line_confidences: list[float] | None = None,
    char_confidences: list[list[float]] | None = None,
    char_alternatives: list[list[str]] | None = None,
    today: dt.date | None = None,
) -> MrzResult:
    """Parse and verify an MRZ. Raises ``MrzParseError`` when the lines are not one.

    ``char_confidences`` / ``char_alternatives`` (optional, one entry per character
    of each line) come from the recogniser: a field read with a character below
    ``MIN_CHAR_CONFIDENCE`` is reported unverified even when its check digit holds,
    and second choices are tried when a check digit fails.
    """
    if not lines or not all(isinstance(x, str) for x in lines):
        raise MrzParseError("MRZ lines must be a non-empty list of strings")
    today = today or dt.date.today()
    mrz_format, work = normalize_lines(lines, mrz_format)
    layout = _LAYOUTS[mrz_format]
    n_lines, length = FORMAT_SHAPES[mrz_format]
    confs = list(line_confidences or [])
    if len(confs) != len(work):
        confs = [1.0] * len(work)
    confs = [max(0.0, min(1.0, float(c))) for c in confs]
    # per-character information only when it lines up with the normalised lines
    cprobs = [list(map(float, x)) for x in (char_confidences or [])]
    if (
        len(cprobs) != n_lines
        or any(len(x) != length for x in cprobs)
        or [clean_line(x) for x in lines] != work
    ):
        cprobs = [[c] * length for c in confs]
    calts = [list(x) for x in (char_alternatives or [])]
    if len(calts) != n_lines or any(len(x) != length for x in calts):
        calts = [[""] * length for _ in range(n_lines)]

    def probs(key: str) -> list[float]:
        li, x0, x1 = layout[key]
        return cprobs[li][x0:x1]

    def alts(key: str) -> list[str]:
        li, x0, x1 = layout[key]
        return calts[li][x0:x1]

    def conf_of(*keys: str) -> float:
        return min(min(probs(k)) for k in keys)

    def sure(*keys: str, limit: float = MIN_CHAR_CONFIDENCE) -> bool:
        return conf_of(*keys) >= limit

    def confirmed(keys: tuple[str, ...], before: str, after: str) -> bool:
        """A repair its check digit confirms vouches for the characters it changed only:
        the others must have been read with confidence."""
        ps = [p for k in keys for p in probs(k)]
        return all(p >= MIN_CHAR_CONFIDENCE for p, a, b in zip(ps, before, after, strict=False) if a == b)

    fields: dict[str, MrzField] = {}
    checks: dict[str, bool] = {}

    # document code: letters (second character may be '<')
    code_raw = _get(work, layout, "document_code")
    code = _as_letters(code_raw)
    if mrz_format in ("MRVA", "MRVB") and code[0] != "V":
        code = "V" + code[1:]
    _put(work, layout, "document_code", code)
    code_ok = code[0] in "PIACV" and (code[1] == FILLER or code[1].isalpha())
    fields["document_type"] = MrzField(
        "document_type",
        code.replace(FILLER, ""),
        code_raw,
        formed=code_ok,
        sure=sure("document_code", limit=MIN_UNCHECKED_CONFIDENCE),
        repaired=code != code_raw,
        confidence=conf_of("document_code"),
    )

    # countries: letters, known codes; no check digit covers them
    for key in ("issuing_country", "nationality"):
        raw = _get(work, layout, key)
        fixed, known, repaired = _repair_country(raw)
        _put(work, layout, key, fixed)
        c = conf_of(key) * (1.0 if known else 0.6)
        fields[key] = MrzField(
            key,
            normalize_code(fixed),
            raw,
            formed=known,
            sure=sure(key, limit=MIN_UNCHECKED_CONFIDENCE),
            repaired=repaired,
            confidence=c,
        )

    # check digits are digits (or a filler for an empty optional field)
    for key in layout:
        if key.endswith("_cd"):
            raw = _get(work, layout, key)
            _put(work, layout, key, raw if raw == FILLER else _digit_char(raw))

    # dates: digits only
    for key, birth in (("birth_date", True), ("expiry_date", False)):
        raw = _get(work, layout, key)
        digits = _as_digits(raw)
        cd = _get(work, layout, key + "_cd")

        def is_date(v: str, birth: bool = birth) -> bool:
            return _parse_yymmdd(v, birth=birth, today=today) is not None

        cd_read = cd
        fixed, cd, holds, repaired = repair_checked(
            digits,
            cd,
            digits_only=True,
            alternatives=alts(key),
            digit_alternative=alts(key + "_cd")[0],
            accept=is_date,
            max_changes=1,
            probs=probs(key) + probs(key + "_cd"),
        )
        _put(work, layout, key, fixed)
        _put(work, layout, key + "_cd", cd)
        date = _parse_yymmdd(fixed, birth=birth, today=today)
        # a field of fillers "passes" a filler check digit; a date must be digits
        holds = holds and fixed.isdigit()
        checks[key] = holds
        c = conf_of(key, key + "_cd")
        fields[key] = MrzField(
            key,
            date.isoformat() if date else None,
            raw,
            check=holds,
            formed=date is not None,
            sure=sure(key, key + "_cd")
            or (holds and repaired and confirmed((key, key + "_cd"), digits + cd_read, fixed + cd)),
            repaired=repaired or digits != raw,
            confidence=c if holds else c * 0.5,
        )

    # sex: M, F, X or '<' (unspecified); no check digit covers it, so no guessing
    sex_raw = _get(work, layout, "sex")
    fields["sex"] = MrzField(
        "sex",
        ({"<": "X"}.get(sex_raw, sex_raw)) if sex_raw in "MFX<" else None,
        sex_raw,
        formed=sex_raw in "MFX<",
        sure=sure("sex", limit=MIN_UNCHECKED_CONFIDENCE),
        confidence=conf_of("sex"),
    )

    # document number: alphanumeric, guarded by its check digit; TD1/TD2 long numbers overflow
    number = _get(work, layout, "document_number")
    number_cd = _get(work, layout, "document_number_cd")
    overflow = ""
    if number_cd == FILLER and mrz_format in ("TD1", "TD2"):
        opt = _get(work, layout, "optional_data")
        m = re.match(r"^([A-Z0-9]*?)([0-9A-Z])<", opt + FILLER)
        if m:
            overflow = m.group(1)
            number_cd = _digit_char(m.group(2))
    if overflow:
        fixed_number, holds, repaired = repair_checked_alnum(number + overflow, number_cd)
        repair_ok = repaired
        number_conf = conf_of("document_number", "optional_data")
    else:
        number_cd_read = number_cd
        fixed_number, number_cd, holds, repaired = repair_checked(
            number,
            number_cd,
            alternatives=alts("document_number"),
            digit_alternative=alts("document_number_cd")[0],
            probs=probs("document_number") + probs("document_number_cd"),
        )
        _put(work, layout, "document_number", fixed_number)
        _put(work, layout, "document_number_cd", number_cd)
        number_conf = conf_of("document_number", "document_number_cd")
        repair_ok = repaired and confirmed(
            ("document_number", "document_number_cd"), number + number_cd_read, fixed_number + number_cd
        )
    holds = holds and bool(fixed_number.strip(FILLER))
    checks["document_number"] = holds
    fields["document_number"] = MrzField(
        "document_number",
        fixed_number.replace(FILLER, ""),
        number + overflow,
        check=holds,
        formed=bool(fixed_number.strip(FILLER)),
        sure=number_conf >= MIN_CHAR_CONFIDENCE or (holds and repair_ok),
        repaired=repaired,
        confidence=number_conf if holds else number_conf * 0.5,
    )

    # optional / personal data
    opt_raw = _get(work, layout, "optional_data")
    personal_check: bool | None = None
    opt_sure = _read_surely(opt_raw, probs("optional_data"))
    if mrz_format == "TD3":
        opt_cd = opt_cd_read = _get(work, layout, "optional_data_cd")
        fixed_opt, opt_cd, personal_check, rep = repair_checked(
            opt_raw,
            opt_cd,
            alternatives=alts("optional_data"),
            digit_alternative=alts("optional_data_cd")[0],
            probs=probs("optional_data") + probs("optional_data_cd"),
        )
        _put(work, layout, "optional_data", fixed_opt)
        _put(work, layout, "optional_data_cd", opt_cd)
        checks["personal_number"] = personal_check
        opt_sure = sure("optional_data", "optional_data_cd") or (
            personal_check
            and rep
            and confirmed(("optional_data", "optional_data_cd"), opt_raw + opt_cd_read, fixed_opt + opt_cd)
        )
    fields["personal_number"] = MrzField(
        "personal_number",
        None,
        opt_raw,
        check=personal_check,
        sure=bool(opt_sure),
        confidence=conf_of("optional_data") * (1.0 if personal_check is not False else 0.5),
    )

    # composite check digit
    if "composite_cd" in layout:
        cells = _COMPOSITE_CELLS[mrz_format]
        composite_cd = _get(work, layout, "composite_cd")
        data = "".join(work[li][col] for li, col in cells)
        checks["composite"] = check_holds(data, composite_cd)
        if mrz_format in ("TD1", "TD2"):
            optional = [k for k in ("optional_data", "optional_data_2") if k in layout]
            # The optional data has no check digit of its own: when every other check
            # digit holds, a failing composite points at it, and a unique repair of the
            # optional data that the composite confirms is taken.
            others = [v for k, v in checks.items() if k != "composite"]
            if not checks["composite"] and all(others) and not overflow:
                spans = [layout[k] for k in optional]
                editable = [any(li == al and a0 <= col < a1 for al, a0, a1 in spans) for li, col in cells]
                fixed, _cd, holds, _rep = repair_checked(
                    data,
                    composite_cd,
                    alternatives=[calts[li][col] for li, col in cells],
                    editable=editable,
                    probs=[cprobs[li][col] for li, col in cells] + probs("composite_cd"),
                )
                if holds:
                    for (li, col), ch in zip(cells, fixed, strict=True):
                        if ch != work[li][col]:
                            work[li] = work[li][:col] + ch + work[li][col + 1 :]
                    checks["composite"] = True
            # the composite is the only digit over the optional data: when it holds, the
            # optional data needs the confidence of a checked field, not of an unchecked one
            pn = fields["personal_number"]
            pn.check = checks["composite"]
            if checks["composite"]:
                pn.sure = pn.sure or sure(*optional)
            else:
                pn.confidence *= 0.5

    # the personal number as finally read
    opt_now = _get(work, layout, "optional_data")
    if overflow:
        opt_now = opt_now[len(overflow) + 1 :]
    personal = opt_now.strip(FILLER).replace(FILLER, " ").strip()
    if mrz_format == "TD1" and not personal:
        personal = _get(work, layout, "optional_data_2").strip(FILLER).replace(FILLER, " ").strip()
    pn = fields["personal_number"]
    pn.value = personal or None
    pn.repaired = opt_raw != _get(work, layout, "optional_data")
    if mrz_format in ("MRVA", "MRVB"):
        # nothing checks a visa's optional data: a character that has a look-alike of the
        # other class (0/O, 1/I, 8/B...) must have been read beyond doubt
        pn.sure = pn.sure and all(
            p >= LOOKALIKE_CONFIDENCE
            for ch, p in zip(_get(work, layout, "optional_data"), probs("optional_data"), strict=False)
            if ch in AMBIGUOUS
        )

    # A swap that only the character class suggests is not confirmed by anything: the
    # composite digit weighs the document number exactly as its own check digit does,
    # so another error elsewhere can make a wrong swap pass both. Such a repaired value
    # is reported, but unverified.
    for key, area in (("document_number", "document_number"), ("personal_number", "optional_data")):
        f = fields[key]
        if f.repaired and isinstance(f.raw, str):
            fixed_raw = _get(work, layout, area) if not overflow or key != "document_number" else None
            suggested = alts(area)
            if fixed_raw is None or any(
                a != b and b != suggested[i] for i, (a, b) in enumerate(zip(f.raw, fixed_raw, strict=False))
            ):
                f.sure = False

    # names: letters and fillers; nothing checks them, so low-confidence characters leave them unverified
    names_raw = _get(work, layout, "names")
    names = _as_letters(names_raw)
    _put(work, layout, "names", names)
    surname, given = _names(names)
    # the trailing filler padding says nothing about the names; the rest must be read with confidence
    used = len(names.rstrip(FILLER)) + 1
    name_probs = probs("names")[:used]
    c = min(name_probs)
    names_sure = _read_surely(names[:used], name_probs)
    fields["surname"] = MrzField(
        "surname",
        surname,
        names_raw,
        formed=bool(surname),
        sure=names_sure,
        repaired=names != names_raw,
        confidence=c,
    )
    fields["given_names"] = MrzField(
        "given_names", given, names_raw, sure=names_sure, repaired=names != names_raw, confidence=c
    )

    # a failing composite lowers every field it covers
    if checks.get("composite") is False:
        for key in ("document_number", "birth_date", "expiry_date", "personal_number"):
            fields[key].confidence *= 0.7
    for f in fields.values():
        f.confidence = round(max(0.0, min(1.0, f.confidence)), 4)
    return MrzResult(mrz_format, work, fields, checks, confs)


# -- page-level helpers ---------------------------------------------------------------

_LINE1_RE = re.compile(r"^[PIACV][A-Z<][A-Z<]{3}")


def mrz_like_score(text: str) -> float:
    """0..1: how much a single OCR line looks like an MRZ line."""
    s = clean_line(text)
    if len(s) < 26:
        return 0.0
    raw = text.upper().replace(" ", "")
    alphabet = sum(c in VALID_CHARS or c in FILLER_LOOKALIKES for c in raw) / max(1, len(raw))
    fillers = s.count(FILLER)
    length_fit = max(0.0, 1 - min(abs(len(s) - n) for n in (30, 36, 44)) / 8)  # close to a known line length
    score = alphabet * length_fit
    if fillers == 0 and not re.search(r"\d{6}", s):
        score *= 0.3
    return score


def find_mrz_lines(texts: list[str]) -> list[str] | None:
    """Pick 2 or 3 consecutive MRZ-looking lines from OCR'd page lines, else None."""
    flags = [mrz_like_score(t) >= 0.7 for t in texts]
    best: list[str] | None = None
    i = 0
    while i < len(texts):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < len(texts) and flags[j]:
            j += 1
        block = [clean_line(t) for t in texts[i:j]]
        for size in (3, 2):
            for k in range(0, len(block) - size + 1):
                cand = block[k : k + size]
                try:
                    parse_mrz(cand)
                except MrzParseError:
                    continue
                if best is None or len(cand) > len(best):
                    best = cand
        i = j
    return best


def looks_like_mrz(texts: list[str]) -> bool:
    """True when page lines already read by OCR contain a machine readable zone."""
    return find_mrz_lines(texts) is not None
