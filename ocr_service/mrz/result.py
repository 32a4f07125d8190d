"""A parsed MRZ, and the one place that decides how far it can be trusted.

Each field records what was found while reading it (does it have its form, did a check
digit hold over it, were its characters read with confidence, was it repaired and did a
check digit confirm the repair). ``judge`` alone turns that into verdicts: whether each
field is verified, whether the document is ``valid`` (every check digit holds and every
field a check digit covers is verified) and ``verified`` (every field is).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Text forced into the MRZ shape passes a check digit now and then by chance (one in ten);
# an MRZ read badly still has this many of the check digits every format has holding
# (a number and two dates: none of them can hold over fillers, unlike an empty personal
# number's '<' check digit).
CORE_CHECK_DIGITS = ("document_number", "birth_date", "expiry_date")
MIN_CHECK_DIGITS_HOLDING = 2
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


@dataclass(frozen=True)
class MrzField:
    """One field: its value, the raw MRZ characters, and what was found while reading it."""

    name: str
    value: str | None
    raw: str
    # True / False when a check digit covers the field, None when none does
    check: bool | None = None
    # the value has the field's form (a date that exists, a known country code, a sex letter...)
    formed: bool = True
    # every character was read with the confidence the field needs
    read_surely: bool = True
    # the value differs from what was read
    repaired: bool = False
    # a check digit confirmed the repair, and the characters it kept were read with confidence
    repair_confirmed: bool = False
    # the repair took a swap only the character class suggests, which nothing confirms
    repair_guessed: bool = False
    # a swap of look-alikes the document's glyphs did not settle would leave every check
    # digit over the field holding (``blind``): the check digits cannot vouch for it
    blind: bool = False
    # every check digit of the reading holds. A field no check digit covers cannot show a
    # cell lost or gained before it on its line (a miscounted filler run shifts every field
    # after it); a check digit that fails anywhere shows an error the reader could not place,
    # so such a field is verified only when every check digit holds (``checks_hold``)
    anchored: bool = True
    # the names run to the zone's last cell, no filler after them: ICAO 9303 truncates names that
    # do not fit so, and the name read, however right, may be cut short of the holder's
    # (``names.read_names``; said in the answer, ``names_cut_short``, not a doubt of the reading)
    cut_short: bool = False
    confidence: float = 1.0

    @property
    def sure(self) -> bool:
        return judge_field(self).sure

    @property
    def well_formed(self) -> bool:
        return self.formed and self.sure

    @property
    def valid(self) -> bool:
        """The field is verified: well formed, read with confidence, and no check digit fails."""
        return judge_field(self).verified


@dataclass(frozen=True)
class FieldVerdict:
    # read with confidence, or repaired and the repair confirmed; never a guessed repair,
    # never characters the check digits are blind to
    sure: bool
    # sure, formed, and no check digit over it fails
    verified: bool


@dataclass(frozen=True)
class Verdict:
    valid: bool
    verified: bool
    fields: dict[str, FieldVerdict]


def judge_field(f: MrzField) -> FieldVerdict:
    sure = (f.read_surely or f.repair_confirmed) and not f.repair_guessed and not f.blind
    checked = f.check is True or (f.check is None and f.anchored)
    return FieldVerdict(sure=sure, verified=sure and f.formed and checked)


def judge(fields: dict[str, MrzField], check_digits: dict[str, bool]) -> Verdict:
    """How far the MRZ can be trusted: the one place ``valid`` and ``verified`` are decided.

    ``valid``: every check digit holds, every field has its form, and every field a check
    digit covers is verified (its characters read with confidence, or its repair
    confirmed). Fields no check digit covers (names, countries, sex, a visa's optional
    data) say for themselves whether they are verified; ``verified`` needs them all.
    """
    per_field = {name: judge_field(f) for name, f in fields.items()}
    valid = (
        all(check_digits.values())
        and all(f.formed for f in fields.values())
        and all(per_field[name].sure for name, f in fields.items() if f.check is not None)
    )
    return Verdict(valid, valid and all(v.verified for v in per_field.values()), per_field)


@dataclass
class MrzResult:
    mrz_format: str
    lines: list[str]
    fields: dict[str, MrzField]
    # check digit name -> holds
    check_digits: dict[str, bool]
    line_confidences: list[float] = field(default_factory=list)

    def __getitem__(self, name: str) -> object:
        return self.fields[name].value

    @property
    def verdict(self) -> Verdict:
        return judge(self.fields, self.check_digits)

    @property
    def valid(self) -> bool:
        return self.verdict.valid

    @property
    def verified(self) -> bool:
        return self.verdict.verified

    @property
    def names_cut_short(self) -> bool:
        """The names fill the zone: the holder's may be longer (``MrzField.cut_short``)."""
        return any(f.cut_short for f in self.fields.values())

    @property
    def holding(self) -> int:
        """How many check digits hold."""
        return sum(self.check_digits.values())

    @property
    def is_mrz(self) -> bool:
        """The one rule for "this is an MRZ", however much of it is left to verify."""
        return sum(bool(self.check_digits.get(k)) for k in CORE_CHECK_DIGITS) >= MIN_CHECK_DIGITS_HOLDING

    @property
    def confidence(self) -> float:
        if not self.fields:
            return 0.0
        base = min(f.confidence for f in self.fields.values())
        return round(base if self.verified else min(base, 0.5), 4)
