"""Lines that read as sentences, not names: slogans, greetings, notices."""

from __future__ import annotations

import re

from .names import _SUFFIX

# a slogan: several words, some of them written in lower case ("Quality since 1921"); the small
# words names are joined with are written in lower case too ("Guardian Health and Beauty", "Tous les Jours")
_JOINING_WORD = r"(?:and|dan|und|the|des|del|der|den|van|von|les|los|las|die|das|het|aux)(?![\w])"
_SLOGAN_WORD = re.compile(rf"(?<![\w])(?!{_JOINING_WORD})[a-zà-ÿß]{{3,}}(?![\w])")
# pronouns and verbs: a line printed in capitals that is half these is a sentence, a slogan
# ("HIER BIN ICH MENSCH", "WE ARE OPEN"), never a name
_SENTENCE_WORDS = frozenset(
    re.findall(
        r"\w+",
        "ICH WIR DU IHR BIN BIST IST SIND HIER JE NOUS VOUS EST SONT WE YOU ARE IS AM OUR YOUR WIJ ZIJN "
        "IK BEN SIAMO SIETE SOMOS ESTAMOS SONO NOSOTROS NUESTRO NUESTRA "
        # Czech and Slovak, Polish, Croatian; with accents and without (the recogniser drops some):
        # "CHCEME ZNÁT VÁŠ NÁZOR" ("we want to know your opinion"). Not the short words names are
        # made of too (VI, DIN, NOI, STE ...)
        "JSME JSTE CHCEME VÁŠ VAS VAŠE VASE VÁM VAM NÁS NAS NASZ NASZA WASZ WASZA JESTEŚMY JESTESMY "
        "NAŠ NAŠE",
    )
)
_VERBS = frozenset(re.findall(r"\w+", "ARE IS IST SIND EST SONT ZIJN SIAMO SOMOS WERDEN WIRD HAVE HABEN"))


def _looks_like_slogan(text: str) -> bool:
    """Several words, one after the first in lower case ("Quality since 1921"), an
    exclamation, words that are sentences ("Fresh. Local. Yours.") or half pronouns and verbs
    ("HIER BIN ICH MENSCH"); a legal form makes it a name ("perbang Alaf Restaurants Sdn Bhd")."""
    words = text.split()
    if _SUFFIX.search(text.upper()):
        return False
    # words that are sentences of their own ("Fresh. Local. Yours."), not abbreviations ("Mr.")
    sentences = sum(bool(re.fullmatch(r"[^\W\d_]{4,}[.!]", w)) for w in words)
    return (
        (len(words) >= 3 and bool(_SLOGAN_WORD.search(" ".join(words[1:]))))
        or text.rstrip().endswith("!")
        or sentences >= 2
        or (len(words) >= 4 and text.count(",") >= 2)  # clauses: "NA VŠE, CO DĚLÁME, CHCEME ..."
        # (each word once, "&" none: "BEN & DINA", "VI VI CAFE" are names)
        or (len(distinct := _distinct_words(words)) >= 3 and 2 * _sentence_words(distinct) >= len(distinct))
        or (len(words) >= 4 and any(w.upper() in _VERBS for w in words))  # "GOODS SOLD ARE NOT RETURNABLE"
    )


def _sentence_words(words: list[str]) -> int:
    return sum(w.upper().strip(",.!") in _SENTENCE_WORDS for w in words)


def _distinct_words(words: list[str]) -> list[str]:
    """The line's words, each once, without marks that are no words ("&", "-")."""
    return list(dict.fromkeys(w.upper().strip(",.!") for w in words if re.search(r"[^\W\d_]", w)))
