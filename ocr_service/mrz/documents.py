"""Several machine-readable zones on one page: a passport beside a visa or an identity card of
its holder (a booklet's facing pages, a copy of both), or the documents of two people (a
couple's passports copied on one sheet). Which one the page is read as, and whether it can vouch
for it: of two people's documents, none is more the page's than the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from .result import MrzResult

# what the answer says when the page holds more than one document
SAME_HOLDER = (
    "the page holds another document of the same holder (a visa or an identity card): the passport was read"
)
NAMES_CUT_SHORT = (
    "the names fill the zone to its last cell: ICAO 9303 cuts names that do not fit, "
    "the holder's may be longer"
)
OTHER_PEOPLE = (
    "the page holds more than one person's documents: the one read is not verified, "
    "for a person to check which is whose"
)


@dataclass(frozen=True)
class PageDocuments:
    chosen: MrzResult
    # other documents of the chosen one's holder on the page (a visa), and whether one of
    # another holder is there too
    same_holder: int = 0
    other_people: bool = False

    @property
    def warnings(self) -> tuple[str, ...]:
        cut = (NAMES_CUT_SHORT,) if self.chosen.names_cut_short else ()
        if self.other_people:
            return (OTHER_PEOPLE, *cut)
        return ((SAME_HOLDER,) if self.same_holder else ()) + cut


def _value(result: MrzResult, name: str) -> object:
    field = result.fields.get(name)
    return None if field is None else field.value


def is_passport(result: MrzResult) -> bool:
    return str(_value(result, "document_type") or "").startswith("P") and result.mrz_format == "TD3"


def _same_document(a: MrzResult, b: MrzResult) -> bool:
    """The same zone read twice (two located groups of one print)."""
    return list(a.lines) == list(b.lines) or all(
        _value(a, name) is not None and _value(a, name) == _value(b, name)
        for name in ("document_number", "birth_date")
    )


def _same_holder(a: MrzResult, b: MrzResult) -> bool:
    """The same birth date, surname and given names (one document's may be cut shorter than the
    other's: a visa's zone is), so that twins are two holders."""
    given = [str(_value(r, "given_names") or "") for r in (a, b)]
    same = all(
        _value(a, name) is not None and _value(a, name) == _value(b, name)
        for name in ("birth_date", "surname")
    )
    return same and (given[0].startswith(given[1]) or given[1].startswith(given[0]))


def choose(found: list[MrzResult]) -> PageDocuments:
    """The document a page of ``found`` zones (the first found first, each valid but the first)
    is read as: the passport among its valid readings (a visa first on the page is its
    holder's, not the passport), and what else the page holds; the first reading when none is
    valid, alone."""
    # only valid readings tell documents apart: a reading of the zone whose check digits fail
    # (a digit misread) beside a valid one of the same zone is no second document
    valid = [r for r in found if r.valid]
    if not valid:
        return PageDocuments(found[0])
    distinct: list[MrzResult] = []
    for result in valid:
        if not any(_same_document(result, seen) for seen in distinct):
            distinct.append(result)
    chosen = next((r for r in distinct if is_passport(r)), distinct[0])
    rest = [r for r in distinct if r is not chosen]
    others = [r for r in rest if not _same_holder(r, chosen)]
    return PageDocuments(chosen, len(rest) - len(others), bool(others))
