"""The five MRZ formats of ICAO Doc 9303, each a small declarative layout.

A layout says where each zone sits (line, first column, end column), which zones the
composite check digit covers, and what fixes the document code; the character class
of each zone (letters, digits or either) is the same in every format. One generic
validator (``fields``) reads every format from its layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Span = tuple[int, int, int]  # (line, start, end)

# character class of each zone: 'a' letters (and '<'), 'd' digits, 'x' either
LETTER_ZONES = frozenset({"document_code", "issuing_country", "nationality", "names", "sex"})
DIGIT_ZONES = frozenset({"birth_date", "expiry_date"})


@dataclass(frozen=True)
class Layout:
    name: str
    lines: int
    length: int
    zones: MappingProxyType  # zone name -> Span
    # the spans the composite check digit covers, in order (empty: the format has none)
    composite: tuple[Span, ...] = ()
    # the first letter of the document code when the format fixes it (visas: V)
    code_letter: str | None = None

    @property
    def optional_check(self) -> Literal["own", "composite"] | None:
        """The check digit over the optional data: its own (TD3), the composite (TD1, TD2), none (visas)."""
        if "optional_data_cd" in self.zones:
            return "own"
        return "composite" if self.composite else None

    @property
    def optional_zones(self) -> tuple[str, ...]:
        return tuple(z for z in ("optional_data", "optional_data_2") if z in self.zones)

    @property
    def names_line(self) -> int:
        return self.zones["names"][0]

    def composite_cells(self) -> list[tuple[int, int]]:
        """The (line, column) of each character the composite check digit covers, in order."""
        return [(li, col) for li, a, b in self.composite for col in range(a, b)]

    def zone_class(self, zone: str) -> str:
        if zone.endswith("_cd") or zone in DIGIT_ZONES:
            return "d"
        return "a" if zone in LETTER_ZONES else "x"

    def position_classes(self) -> list[str]:
        """Per line, each position's character class: ``a`` letters, ``d`` digits, ``x`` either."""
        out = [["x"] * self.length for _ in range(self.lines)]
        for zone, (li, a, b) in self.zones.items():
            for col in range(a, b):
                out[li][col] = self.zone_class(zone)
        return ["".join(x) for x in out]


def _layout(name: str, lines: int, length: int, composite=(), code_letter=None, **zones: Span) -> Layout:
    return Layout(name, lines, length, MappingProxyType(zones), tuple(composite), code_letter)


# The two-line formats share their second line up to the expiry date's check digit.
_LINE2 = {
    "document_number": (1, 0, 9), "document_number_cd": (1, 9, 10), "nationality": (1, 10, 13),
    "birth_date": (1, 13, 19), "birth_date_cd": (1, 19, 20), "sex": (1, 20, 21),
    "expiry_date": (1, 21, 27), "expiry_date_cd": (1, 27, 28),
}  # fmt: skip

# Doc 9303 part 4: passports
TD3 = _layout(
    "TD3", 2, 44, composite=((1, 0, 10), (1, 13, 20), (1, 21, 43)),
    document_code=(0, 0, 2), issuing_country=(0, 2, 5), names=(0, 5, 44), **_LINE2,
    optional_data=(1, 28, 42), optional_data_cd=(1, 42, 43), composite_cd=(1, 43, 44),
)  # fmt: skip
# Doc 9303 part 6: size 2 cards
TD2 = _layout(
    "TD2", 2, 36, composite=((1, 0, 10), (1, 13, 20), (1, 21, 35)),
    document_code=(0, 0, 2), issuing_country=(0, 2, 5), names=(0, 5, 36), **_LINE2,
    optional_data=(1, 28, 35), composite_cd=(1, 35, 36),
)  # fmt: skip
# Doc 9303 part 7: visas, no composite and no check digit over the optional data
MRVA = _layout(
    "MRVA", 2, 44, code_letter="V",
    document_code=(0, 0, 2), issuing_country=(0, 2, 5), names=(0, 5, 44), **_LINE2,
    optional_data=(1, 28, 44),
)  # fmt: skip
MRVB = _layout(
    "MRVB", 2, 36, code_letter="V",
    document_code=(0, 0, 2), issuing_country=(0, 2, 5), names=(0, 5, 36), **_LINE2,
    optional_data=(1, 28, 36),
)  # fmt: skip
# Doc 9303 part 5: size 1 cards, three lines
TD1 = _layout(
    "TD1", 3, 30, composite=((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)),
    document_code=(0, 0, 2), issuing_country=(0, 2, 5), document_number=(0, 5, 14),
    document_number_cd=(0, 14, 15), optional_data=(0, 15, 30),
    birth_date=(1, 0, 6), birth_date_cd=(1, 6, 7), sex=(1, 7, 8),
    expiry_date=(1, 8, 14), expiry_date_cd=(1, 14, 15), nationality=(1, 15, 18),
    optional_data_2=(1, 18, 29), composite_cd=(1, 29, 30), names=(2, 0, 30),
)  # fmt: skip

LAYOUTS = MappingProxyType({layout.name: layout for layout in (TD1, TD2, TD3, MRVA, MRVB)})
# Expected (number of lines, line length) of each format.
FORMAT_SHAPES = MappingProxyType({name: (lay.lines, lay.length) for name, lay in LAYOUTS.items()})
