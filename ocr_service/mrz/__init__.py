"""Machine readable zones (ICAO Doc 9303): find, read, parse and verify.

``scan_mrz(image, engine)`` finds and reads the MRZ of a page image and returns a
``MrzReadOutcome``; ``read_mrz`` is the same returning only the ``MrzResult`` (or
None). ``parse_mrz(lines)`` parses text already read. ``mrz_from_page_lines(lines)``
looks for one among a page's OCR lines, ``looks_like_mrz(texts)`` among texts.

The reader's steps (``locate``, ``cut``, ``read``, ``glyphs``, then ``parser``) and the
formats (``formats``: one declarative layout each, read by the generic validator in
``fields``) are modules of their own; ``result.judge`` is the one place that decides
whether a reading is valid and verified.
"""

from .countries import icao_to_iso2, is_known_code
from .formats import FORMAT_SHAPES, LAYOUTS
from .page import find_mrz_lines, looks_like_mrz, mrz_from_page_lines
from .parser import parse_mrz
from .reader import MrzReadOutcome, read_mrz, scan_mrz
from .repair import check_digit
from .result import FIELD_NAMES, MrzField, MrzResult
from .text import MrzParseError

__all__ = [
    "FIELD_NAMES",
    "FORMAT_SHAPES",
    "LAYOUTS",
    "MrzField",
    "MrzParseError",
    "MrzReadOutcome",
    "MrzResult",
    "check_digit",
    "find_mrz_lines",
    "icao_to_iso2",
    "is_known_code",
    "looks_like_mrz",
    "mrz_from_page_lines",
    "parse_mrz",
    "read_mrz",
    "scan_mrz",
]
