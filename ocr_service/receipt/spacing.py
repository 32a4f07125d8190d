"""Spaces a recogniser dropped from a name (``SANYUSTATIONERYSHOP``), put back from words.

The recogniser's character positions do not tell letter-spaced words apart (on a thermal
receipt the gap between two words is often no wider than the gap between two letters), so a
long run of letters is split where known words meet: the words the receipt prints elsewhere
with spaces (an owner line, a footer) and the trade words and legal forms names are made of.
A run of thirteen capitals or more (shorter runs are often one compound word:
BOOKCENTRE, KITCHENETTE) is only split when known words cover half of it and leave at
most one unknown piece; otherwise it is left as read.
"""

from __future__ import annotations

import re
from functools import cache

from .names import _edits

# trade words and legal forms that names are built from, as printed in capitals
_WORDS = """
ENTERPRISE ENTERPRISES TRADING TRADERS RESTAURANT RESTORAN CAFE COFFEE BAKERY HARDWARE STATIONERY
STATIONARY MART MINI MARKET SUPERMARKET HYPERMARKET STORE STORES SHOP PHARMACY FARMASI HOTEL GROUP
HOLDINGS INDUSTRIES SERVICES SERVICE STATION PETROL KEDAI SYARIKAT PERNIAGAAN ELECTRICAL BOOK BOOKS
FOOD FOODS BISTRO KITCHEN GROCER GROCERY MOTOR AUTO BAR PUB PIZZA BURGER STEAK SUSHI NOODLE NOODLES
HOUSE DELI BOUTIQUE OUTLET CENTRE CENTER EMPORIUM TEA PASTRY CONFECTIONERY SEAFOOD VEGETARIAN
CHICKEN RICE HOME LIVING FURNITURE TRAVEL BEAUTY FASHION PHOTO PRINTING PAPER GIFT TOYS SPORTS
MEDICAL CLINIC DENTAL OPTICAL SUPPLY SUPPLIES TRADE CORNER PLAZA CITY GARDEN FRESH ORGANIC
BAKERIES MARKETING RESOURCES INTERNATIONAL PACKAGING ENGINEERING
CONSTRUCTION MANAGEMENT TECHNOLOGY SOLUTIONS HANDICRAFT
SDN BHD LTD LIMITED COMPANY CORPORATION GMBH
BRASSERIE BOULANGERIE PATISSERIE CHARCUTERIE FROMAGERIE LIBRAIRIE PHARMACIE CREPERIE BRULERIE
DROGERIE KONDITOREI BAECKEREI METZGEREI APOTHEKE SUPERMARKT GETRAENKE TANKSTELLE BRAUEREI
BUCHHANDLUNG GASTSTAETTE WEINHANDLUNG PIZZERIA TRATTORIA OSTERIA RISTORANTE PASTICCERIA GELATERIA
FARMACIA PANETTERIA TABACCHERIA ENOTECA PANADERIA CERVECERIA FERRETERIA DROGUERIA PAPELERIA
BAKKERIJ SLAGERIJ APOTHEEK QUINCAILLERIE
"""
TRADE_WORDS = frozenset(re.findall(r"[A-Z]+", _WORDS))
_RUN = re.compile(r"[A-Z]{13,}")
# letters a recogniser reads for one another; a printed misspelling is not put right
_LOOK_ALIKES = [set(group) for group in ("OUQD0", "IL1JT", "S5", "B8R", "EF", "CG", "NMH", "VY", "A4")]
# a letter of a faded thermal print read as the letter its remaining strokes make: a D or an E
# without its bowl or arms read as I, an R's bowl broken into a K, a P's into an F
_LOOK_ALIKES += [set(pair) for pair in ("DI", "EI", "RK", "PF")]
# the trade words of eight letters or more, by length
_LONG_TRADE_WORDS = {
    n: tuple(sorted(w for w in TRADE_WORDS if len(w) == n))
    for n in {len(w) for w in TRADE_WORDS if len(w) >= 8}
}
# a word in capitalised letters glued to the next one: "DakgalbiSolaris"
_GLUED = re.compile(r"(?<=[A-Za-z][a-z]{2})(?=[A-Z][a-z]{2})|(?<=[A-Za-z][a-z]\.)(?=[A-Z][a-z]{2})")
# initials in capitals glued to a capitalised trade word of seven letters or more
# ("ENWHardware"; a brand may end in a short one: "BHPetrol"), and a number of two digits or
# more glued to a word in capitals ("99SPEED"; one digit often starts a brand: "7ELEVEN")
_GLUED_INITIALS = re.compile(r"(?<![A-Za-z])([A-Z]{2,5})(?=([A-Z][a-z]{3,})(?![a-z]))")
_GLUED_NUMBER = re.compile(r"(?<![\w.,/-])(\d{2,})(?=[A-Z]{3,}(?![a-z]))")
# words that open a Malay business name and are never part of a compound ("KEDAI PAPAN ...")
_OPENING_WORDS = ("KEDAI", "SYARIKAT", "PERNIAGAAN", "RESTORAN")


def _best_split(run: str, vocab: frozenset[str]) -> list[str] | None:
    """The split of ``run`` into the fewest pieces covering the most letters with known words;
    None unless known words cover half of it and at most one piece (of 3 letters or more) is
    unknown."""

    @cache
    def best(i: int) -> tuple[int, int, tuple[str, ...]]:
        # (letters covered by known words, -pieces, pieces) for run[i:]
        if i == len(run):
            return 0, 0, ()
        options = []
        for j in range(i + 2, len(run) + 1):
            piece = run[i:j]
            covered, pieces, rest = best(j)
            known = piece in vocab
            if not known and len(piece) < 3:
                continue
            options.append((covered + (len(piece) if known else 0), pieces - 1, (piece, *rest)))
        return max(options) if options else (-1000, 0, (run[i:],))

    covered, _, pieces = best(0)
    unknown = [p for p in pieces if p not in vocab]
    if len(pieces) < 2 or len(unknown) > 1:
        return None
    # known words under half the run still split it when they are a trade word of five letters
    # or more at one end and the rest is one word ("INDEPENDENT" + "GROCER")
    trade_end = any(p in TRADE_WORDS and len(p) >= 5 for p in (pieces[0], pieces[-1]))
    if covered < 0.5 * len(run) and not (trade_end and len(pieces) == 2):
        return None
    return list(pieces)


def mend_trade_words(name: str) -> str:
    """Long trade words misread put right ("CONFECTIUNERY" -> "CONFECTIONERY"): a word of eight
    letters or more, not itself a trade word, a look-alike letter away from one of the same
    length (U for O) for each four letters ("HAKIWARE" -> "HARDWARE"), or one of ten letters or
    more with a stray letter (not a plural's S) after it. Only look-alikes count: one letter
    tells PAINTING from PRINTING. A capital I or O read as a digit among initials is put back
    ("D.1.Y.")."""

    def mend(m: re.Match) -> str:
        word = m.group(0)
        upper = word.upper()
        if upper in TRADE_WORDS or upper in _ONE_LETTER_LONGER:
            return word
        if upper[:-1] in TRADE_WORDS and len(upper) > 10 and upper[-1] != "S":
            return word[:-1]  # a stray letter glued on ("ENTERPRISEV(SETIA"); a plural is a word
        for known in _LONG_TRADE_WORDS.get(len(upper), ()):
            wrong = [(a, b) for a, b in zip(upper, known, strict=True) if a != b]
            if 0 < len(wrong) <= len(upper) // 4 and all(_look_alike(a, b) for a, b in wrong):
                return known if word.isupper() else known.capitalize() if word[0].isupper() else word
        return word

    name = _BROKEN_WORD.sub(_join_broken, name)
    name = re.sub(r"[A-Za-z]{8,}", mend, name)
    name = _LETTER_READ_AS_DIGIT.sub(lambda m: "I" if m.group(0) == "1" else "O", name)
    return re.sub(r"(?<=[^\W\d_]{2})\((?=[^\W\d_])", " (", name)  # "ENTERPRISE(SETIA ALAM)"


# words of other languages a letter longer than a trade word, no stray letter glued on ("Restaurante
# Olivar", "Librairie Internationale"); not words to split glued runs by ("INTERNATIONALENTERPRISE")
_ONE_LETTER_LONGER = frozenset({"RESTAURANTE", "INTERNATIONALE"})
# a long word broken by a space where a faded letter was lost ("Hardwa e")
_BROKEN_WORD = re.compile(r"(?<![A-Za-z])([A-Za-z]{4,})\s([A-Za-z]{1,2})(?![A-Za-z])")


def _join_broken(m: re.Match) -> str:
    """The two pieces as the trade word of eight letters or more they spell with at most one
    letter lost or misread; else as read."""
    joined = (m.group(1) + m.group(2)).upper()
    for n in (len(joined), len(joined) + 1):
        for known in _LONG_TRADE_WORDS.get(n, ()):
            if _edits(joined, known) <= 1:
                head = m.group(1)
                return known if head.isupper() else known.capitalize() if head[0].isupper() else m.group(0)
    return m.group(0)


def _look_alike(a: str, b: str) -> bool:
    return any({a, b} <= group for group in _LOOK_ALIKES)


# a capital I or O read as 1 or 0 among initials ("MR. D.1.Y."); a digit starting a word stays:
# names begin with one ("1STOP", "7-ELEVEN")
_LETTER_READ_AS_DIGIT = re.compile(r"(?<=[A-Z]\.)[01](?=\.[A-Z](?!\w))")


def _long_trade_word(word: str) -> bool:
    return len(word) >= 7 and word.upper() in TRADE_WORDS


# a brand written in one word with capitals inside ("TapaTapa", "MediaMarkt")
_CAMEL = re.compile(r"(?<!\S)[A-Z][a-z]{2,}(?:[A-Z][a-z]{2,})+(?!\S)")


def _camel_apart(word: str, other_texts: list[str]) -> str:
    """A brand in one word kept so ("MediaMarkt"), unless the receipt prints its pieces as
    words elsewhere ("TAPA TAPA ANG, SL" under the logo "TapaTapa"): then spaced as there."""
    pieces = re.findall(r"[A-Z][a-z]+", word)
    printed = r"\s+".join(re.escape(p.upper()) for p in pieces)
    if any(re.search(rf"(?<![A-Z]){printed}(?![A-Z])", text.upper()) for text in other_texts):
        return " ".join(pieces)
    return word


def restore_spaces(name: str, other_texts: list[str]) -> str:
    """``name`` with spaces put back into its long runs of capitals, using the words of
    ``other_texts`` (the rest of the receipt) and the trade words; a name read without any
    space is split where a capitalised word of three letters or more follows a small letter
    ("Mr.DakgalbiSolaris"; not "McDonald's"), when it is as long as a run of capitals must be
    to be split (shorter ones are often a brand written so: "MediaMarkt", "DocMorris")."""
    if not re.search(r"\s", name.strip()) and sum(ch.isalpha() for ch in name) >= 13:
        name = _GLUED.sub(" ", name)
    name = _GLUED_INITIALS.sub(lambda m: m.group(1) + (" " if _long_trade_word(m.group(2)) else ""), name)
    name = _GLUED_NUMBER.sub(r"\1 ", name)
    name = re.sub(rf"(?<![A-Z])({'|'.join(_OPENING_WORDS)})(?=[A-Z]{{3,}})", r"\1 ", name)
    name = _CAMEL.sub(lambda m: _camel_apart(m.group(), other_texts), name)
    if not _RUN.search(name):
        return name
    seen = {w for text in other_texts for w in re.findall(r"[A-Z]{3,}", text.upper())}
    vocab = frozenset(TRADE_WORDS | seen)

    def split(m: re.Match) -> str:
        pieces = _best_split(m.group(0), vocab)
        return " ".join(pieces) if pieces else m.group(0)

    return _RUN.sub(split, name)
