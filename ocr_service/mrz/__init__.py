"""Machine readable zones (ICAO Doc 9303): find, read, parse and verify."""

from .countries import icao_to_iso2, is_known_code
from .parser import MrzField, MrzParseError, MrzResult, check_digit, find_mrz_lines, looks_like_mrz, parse_mrz

__all__ = [
    "MrzField",
    "MrzParseError",
    "MrzResult",
    "check_digit",
    "find_mrz_lines",
    "icao_to_iso2",
    "is_known_code",
    "looks_like_mrz",
    "parse_mrz",
]
