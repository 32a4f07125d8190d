"""Machine readable zones (ICAO Doc 9303): find, read, parse and verify.

``scan_mrz(image, engine)`` finds and reads the MRZ of a page image and returns a
``MrzReadOutcome``; ``read_mrz`` is the same returning only the ``MrzResult`` (or
None). ``parse_mrz(lines)`` parses text already read. ``looks_like_mrz(texts)``
tells whether OCR'd page lines contain an MRZ.
"""

from .countries import icao_to_iso2, is_known_code
from .parser import (
    FIELD_NAMES,
    MrzField,
    MrzParseError,
    MrzResult,
    check_digit,
    find_mrz_lines,
    looks_like_mrz,
    parse_mrz,
    scan_mrz_payload,
)
from .reader import MrzReadOutcome, read_mrz, scan_mrz

__all__ = [
    "FIELD_NAMES",
    "MrzField",
    "MrzParseError",
    "MrzReadOutcome",
    "MrzResult",
    "check_digit",
    "find_mrz_lines",
    "icao_to_iso2",
    "is_known_code",
    "looks_like_mrz",
    "parse_mrz",
    "read_mrz",
    "scan_mrz",
    "scan_mrz_payload",
]
