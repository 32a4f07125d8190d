"""Where a receipt names its shop outside the header: the legal name, the web or e-mail
domain, the footer's thanks ("Danke für Ihren Besuch bei ..."), and what a name never is
(a street and house number, a city line, a slogan)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .names import (
    _CONTACT,
    _LABEL_ALONE,
    _OWNER,
    _REGISTRATION,
    _SUFFIX,
    _abbreviates,
    _canonical_form,
    _edits,
    _key,
    _letters,
    _Segment,
    clean_name,
)
from .slogans import _looks_like_slogan
from .spacing import TRADE_WORDS

# (its "www" misread too: "wwu.translink.ca", "wuu.", "wvw.")
_DOMAIN = re.compile(
    r"(?:(?:W{2,3}|WW[UV]|WVW|WUU)\s*[.,]\s*|HTTPS?://(?:WWW\.)?|@)"
    r"([A-Z0-9][A-Z0-9\-]{1,40})\s*[.,]\s*(?:[A-Z]{2,6})(?![A-Z])"
)
# a web address printed without its "www" on a line of its own ("rossmann.de")
_BARE_HOST = re.compile(
    r"([A-Z][A-Z0-9\-]{2,40})\.(?:COM|NET|ORG|INFO|BIZ|SHOP|DE|FR|IT|ES|NL|UK|EU|AT|CH|BE|LU|PT|IE|AU|US"
    r"|CO|MY)"
    r"(?:\.[A-Z]{2})?(?:/[A-Z0-9\-_/.]*)?"
)
# a web address named in a sentence, in lower case ("Öffnungszeiten auf dm.de", "Visitez
# pharmaprix.ca"): its host, without a path
_HOST_IN_TEXT = re.compile(
    r"(?<![\w@.\-/])([a-z0-9][a-z0-9\-]{1,40})\.(?:com|net|org|info|biz|shop|de|fr|it|es|nl|uk|eu|at|ch|be|"
    r"lu|pt|ie|au|us|co|my|ca|cz|pl|se|dk|no|fi|hr)(?:\.[a-z]{2})?(?![\w.\-])"
)
_GENERIC_DOMAINS = {"GMAIL", "GMX", "WEB", "YAHOO", "HOTMAIL", "OUTLOOK", "ICLOUD", "T-ONLINE", "ORANGE",
                    "FREE", "LIBERO", "ALICE", "TELEFONICA", "BTINTERNET", "AOL", "MAIL", "LIVE",
                    # the till's, the payment's and the reviews' platforms, never the shop
                    "TOASTTAB", "SQUAREUP", "CLOVER", "SUMUP", "ZETTLE", "IZETTLE", "LIGHTSPEED", "PAYPAL",
                    "OPENTABLE", "TRIPADVISOR", "YELP", "GOOGLE", "FACEBOOK", "INSTAGRAM"}  # fmt: skip
# a street and house number, a branch number, a city line with its postcode or state
_HOUSE = r"\d{1,4}\s?[a-zA-Z]?(?:\s?[-/]\s?\d{1,4}\s?[a-zA-Z]?)?"  # "110", "12a", "30-32"
# (a number after a dash is the branch's, "Old Navy - 5934"; the unit may follow a house number
# printed first, "4546 EL CAMINO REAL A5", "120 Main St #204")
_UNIT = r"(?:\s+(?:#|STE\.?|SUITE|UNIT|APT\.?)?\s*[A-Z]?\d{1,4}[A-Z]?)?"
_NUMBERED = re.compile(rf"^\D{{3,}}(?<![-\u2013])\s{_HOUSE}$|^{_HOUSE},?\s+\D{{3,}}{_UNIT}$")
_CITY_LINE = re.compile(
    r"^[^\d,]{3,},\s*[A-Z]{2}(?:\s+\d{5})?$|^[^\d]{3,}\s[A-Z]{2,3}\s\d{4}$|^\d{4,5}\s+\D{3,}$"
    r"|(?<![A-Z])[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$"  # a British postcode ends the line
)


_TOTAL_INC = re.compile(r"^\W*(?:SUB\s*)?TOTAL\W+(?:INCL?|EXCL?)\b")


# the shop thanking its customers by name, in the footer
_THANKS_AFTER = re.compile(
    r"(?:THANK|THANKS|(?<![A-Z])TQ|DANKE|DANK|MERCI|GRAZIE|ARRIVEDERCI|GRACIAS|BEDANKT|OBRIGAD"
    r"|TOT ZIENS|AUF WIEDERSEHEN|ENJOY)"
    r".*(?<![A-Z])(?:AT|BEI|IM|CHEZ|DA|DE|EN|BIJ|FROM|WITH|CHOOSING|ELEGIR|SCEGLIERE|CHOISI|VOOR|POR ELEGIR)"
    r"\s+(.{3,60})$"
)
_THANKS_BEFORE = re.compile(
    r"^(.{3,60}?)\s+(?:THANKS YOU|THANK YOU|SAGT DANKE|DANKT|VI RINGRAZIA|TI RINGRAZIA|LE AGRADECE"
    r"|OS AGRADECE|BEDANKT U|BEDANKT JE|VOUS REMERCIE|TE REMERCIE|AGRADECE)"
)
# the team signing the receipt: "Ihr Kaufland-Team", "Your Tesco team", "L'equipe Monoprix"
_TEAM = re.compile(r"^(?:IHR|IHRE|YOUR|THE|HET|UW)\s+(.{3,40}?)[\s-]+TEAM$|^L'?\s?EQUIPE\s+(.{3,40})$")


@dataclass
class _Evidence:
    """Names the receipt prints outside its header: its legal name, its web or e-mail domain,
    the name it thanks its customers with."""

    legal: list[_Segment]
    domains: list[str]
    thanks: list[tuple[str, float]] = None  # type: ignore[assignment]
    # the words of each line below the header: a name the receipt prints again ("MEDIA
    # MARKT" over the card slip, "bei MediaMarkt" in the footer)
    below: list[_Segment] = None  # type: ignore[assignment]
    # how many lines of the whole receipt read exactly so (by their letters and digits)
    printed: dict[str, int] = None  # type: ignore[assignment]
    # the hosts of web addresses named in sentences, however short ("dm")
    hosts: list[str] = None  # type: ignore[assignment]

    def site_keys(self) -> set[str]:
        """Every web address the receipt names, its domains and the hosts named in sentences, as
        keys (letters and digits)."""
        return {_key(site) for site in [*self.domains, *(self.hosts or [])]}

    def legal_outside(self, seg: _Segment) -> bool:
        return any(other is not seg and other.bbox != seg.bbox for other in self.legal)

    def spelled_whole(self, text: str) -> bool:
        """The evidence spells ``text`` as one word (its letters, without its spaces)."""
        key = _key(text)
        words = [_key(w) for seg in self.legal for w in seg.text.split()]
        words += [_key(w) for n, _ in self.thanks or [] for w in n.split()]
        return any(w == key for w in words)

    def supports(self, text: str) -> bool:
        key = _key(_SUFFIX.sub("", text.upper()))
        if len(key) < 3:
            return False
        for dom in self.domains:
            d = _key(dom)
            if len(d) >= 4 and (d in key or (len(key) >= 4 and key in d) or _similar(d, key)):
                return True
        if self.abbreviates(text):
            return True
        for name, _ in self.thanks or []:
            tk = _key(name)
            if len(tk) >= 4 and (
                key == tk or (len(key) >= 6 and (key in tk or tk in key)) or _similar(tk, key)
            ):
                return True
        words = [_key(w) for w in text.split()]
        for seg in self.legal:
            lk = _key(_SUFFIX.sub("", seg.text.upper()))
            if len(lk) >= 4 and (key in lk or lk in key or _similar(lk, key)):
                return True
            # the company's own name inside a sentence: "... auf Rechnung der Westfalen AG"
            proper = [_key(w) for w in _SUFFIX.sub("", legal_name(seg.text).upper()).split()]
            proper = [w for w in proper if w]
            n = len(proper)
            if (
                n
                and len("".join(proper)) >= 4
                and any(words[i : i + n] == proper for i in range(len(words) - n + 1))
            ):
                return True
        return self._word_spelled(text) is not None or self.printed_again(text)

    def abbreviates(self, text: str) -> bool:
        """A web address is ``text``'s words, two or more, each cut to its first three letters or
        more, in order ("pacpark.com" for "Pacific Park")."""
        words = [k for k in (_key(w) for w in text.split()) if k]
        return any(len(d) >= 6 and _abbreviates(d, words) for d in map(_key, self.domains))

    def _word_spelled(self, text: str) -> str | None:
        """A name of one word (a logo) that the legal name or the footer's thanks spells as one
        of its words, a letter or so apart ("RSSMANN", "Dirk Rossmann GmbH"): that word."""
        key = _key(text)
        if len(text.split()) != 1 or len(key) < 5 or _looks_numbered(text):
            return None
        words = [w for seg in self.legal for w in _words_outside_form(seg.text)]
        words += [w for n, _ in self.thanks or [] for w in n.split()]
        for word in words:
            if _similar(_key(word), key):
                return word.strip(" ,.:;!-")
        return None

    def printed_again(self, text: str) -> bool:
        return self._printed_again(text) is not None

    def _printed_again(self, text: str) -> tuple[str, float] | None:
        """Where ``text`` is printed again below the header (its words in a row, as one word,
        or misread by a letter in a name of six letters or more): (that spelling, its
        confidence)."""
        words = [w for w in (_key(w) for w in text.split()) if w]
        if len(_key(text)) < 5 or _looks_numbered(text) or _looks_like_slogan(text):
            return None
        key = _key(text)
        for seg in self.below or []:
            raw = seg.text.split()
            other = [_key(w) for w in raw]
            for k in (len(words), 1, 2, 3):
                for i in range(len(other) - k + 1):
                    joined = "".join(other[i : i + k])
                    if (other[i : i + k] == words or joined == key) or (
                        len(key) >= 6 and _similar(joined, key)
                    ):
                        return " ".join(raw[i : i + k]).strip(" ,.:;!"), float(seg.confidence)
        return None

    def better_spelling(self, text: str) -> str | None:
        """The name as the receipt prints it on two lines when the header's single reading
        differs by a letter or two (a logo misread "MedlaMarkt" over "MEDIA MARKT", which the
        card slip prints again)."""
        again = self._printed_again(text)
        bare = _key(_SUFFIX.sub("", text.upper()))  # a legal form more or less is no misreading
        if (
            again
            and _key(_SUFFIX.sub("", again[0].upper())) != bare
            and _letters(again[0]) >= 5
            and (self.printed or {}).get(_key(again[0]), 0) >= 2
        ):
            return again[0]
        spelled = self._word_spelled(text)
        if spelled and _key(spelled) != _key(text):
            return spelled
        # a domain spells a name only letter for letter: it has no spaces, no capitals, no
        # accents ("mueller" for "Müller")
        return self._domain_spelled(text)

    def _domain_spelled(self, text: str) -> str | None:
        """A logo of one word in capitals the web address spells with one other letter ("REVE",
        www.rewe.de) or one more (a stylised letter lost: "RSSMANN", www.rossmann.de): the
        domain's spelling, in capitals. An umlaut the domain writes in two letters ("MUELLER"
        for "MÜLLER") is no misreading."""
        key = _key(text)
        if len(text.split()) != 1 or len(key) < 4 or not text.isupper():
            return None
        umlauts = _key(_fold_umlauts(text))
        for dom in self.domains:
            d = _key(_domain_name(dom.lower()))
            if len(key) >= 5 and len(d) - len(key) == 2 and d.endswith(key):
                # the logo's two stylised first letters lost ("STERIA", losteria.de): the
                # name as printed below, apostrophe and all ("L'Osteria"), else the domain's
                return (
                    _spelled_below(d, self.below or [], sizes=(1,))
                    or _near_domain_word(self.below or [], d, key)
                    or d
                )
            if d == umlauts or len(d) - len(key) not in (0, 1):
                continue
            if _edits(d, key) == 1:
                return d
        return None


def _near_domain_word(below: list, domain: str, key: str) -> str | None:
    """A word printed below that ends in the logo's letters and is a letter from the domain's
    name (the address misread: "bonn@iosteria.de" beside "(L'Osteria)"): as printed."""
    for seg in below:
        for word in seg.text.split():
            w = word.strip('()[]{},.:;"')
            k = _key(w)
            if len(k) == len(domain) and k.endswith(key) and _edits(k, domain) == 1:
                return w
    return None


def _fold_umlauts(text: str) -> str:
    """German umlauts as a web address writes them ("Müller" -> "Mueller")."""
    for umlaut, two in (("Ä", "AE"), ("Ö", "OE"), ("Ü", "UE"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, two)
    return text


def _words_outside_form(text: str) -> list[str]:
    """The words of a legal name other than its legal form, as printed."""
    return [w for w in text.split() if not _SUFFIX.fullmatch(w.upper().strip(" ,.;:"))]


def respell_from_neighbours(name: str, confidence: float, others: list[_Segment]) -> str:
    """``name`` with a word put right that another line of the receipt prints beside the same
    word, one letter apart and read at least as surely ("Gld Town Kopitiam" under "OLD TOWN
    WHITE COFFEE": "OLD Town Kopitiam"), and printed nowhere else as read. Words of three letters
    or more; digits never."""
    words = name.split()
    keys = [_key(w) for w in words]
    elsewhere = {_key(w) for seg in others for w in seg.text.split()}
    for i, key in enumerate(keys):
        if len(key) < 3 or not key.isalpha() or key in elsewhere:
            continue  # a word the receipt prints elsewhere as read is no misreading
        sure = [seg for seg in others if float(seg.confidence) >= confidence]
        words[i] = next((w for seg in sure if (w := _beside_same_word(keys, i, seg.text))), words[i])
    return " ".join(words)


def _beside_same_word(keys: list[str], i: int, text: str) -> str | None:
    """The word of ``text`` one letter from ``keys[i]`` with the same word (of three letters or
    more) after or before it as the name has."""
    raw = text.split()
    other = [_key(w) for w in raw]
    for j, cand in enumerate(other):
        if len(cand) != len(keys[i]) or cand == keys[i] or not cand.isalpha() or _edits(cand, keys[i]) != 1:
            continue
        after = i + 1 < len(keys) and j + 1 < len(other) and keys[i + 1] == other[j + 1]
        before = i > 0 and j > 0 and keys[i - 1] == other[j - 1]
        if (after and len(keys[i + 1]) >= 3) or (before and len(keys[i - 1]) >= 3):
            return raw[j].strip(" ,.:;!")
    return None


def _similar(a: str, b: str) -> bool:
    limit = max(1, min(len(a), len(b)) // 5)
    return min(len(a), len(b)) >= 4 and abs(len(a) - len(b)) <= limit and _edits(a, b) <= limit


def _evidence(segments: list[_Segment], legal_from: int = 0) -> _Evidence:
    """What the receipt says about its shop; legal names only from ``segments[legal_from:]``
    (below the header)."""
    legal, domains, thanks, hosts = [], [], [], []
    widest = max((seg.bbox[2] - seg.bbox[0] for seg in segments), default=0.0)
    for i, seg in enumerate(segments):
        text = seg.text
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        if (
            nxt is not None
            and len(text) >= 28
            and nxt.row == seg.row + 1
            and not re.search(r"\d|@|WWW|\w\.\w", nxt.text.upper())  # no address, no e-mail
            and len(nxt.text.split()) <= 3
        ):
            # a thanks line wrapped at the paper's edge: "... bei Super" / "markt Hofmann"
            text = text + ("" if nxt.text[:1].islower() else " ") + nxt.text
        name = _thanked_name(text)
        if name:
            at_edge = text == seg.text and seg.bbox[2] - seg.bbox[0] >= 0.92 * widest
            thanks.append((name, float(seg.confidence) * (0.6 if at_edge else 1.0)))
        upper = seg.text.upper()
        if any(_OWNER.search(s.text.upper()) for s in segments[max(0, i - 2) : i + 1]):
            continue  # the owner of the shop, not its name
        bare = _BARE_HOST.fullmatch(upper.strip(" .,;:"))
        hosts += [
            h for m in _HOST_IN_TEXT.finditer(seg.text) if (h := m.group(1).upper()) not in _GENERIC_DOMAINS
        ]
        for m in [*_DOMAIN.finditer(upper.replace(" ", "")), *([bare] if bare else [])]:
            stem = m.group(1).strip("-")
            if stem not in _GENERIC_DOMAINS and len(stem) >= 3:
                domains.append(stem)
        if (
            i >= legal_from
            and _SUFFIX.search(upper)
            and not _LABEL_ALONE.match(upper)  # "Total inc.": an amount's label, no company
            and not _TOTAL_INC.match(upper)  # "Total inc. VAT/TVA"
            and not _CONTACT.search(upper)
            and not _REGISTRATION.search(upper)
        ):
            legal.append(seg)
    domains = _without_town(domains, segments)
    printed: dict[str, int] = {}
    for seg in segments:
        printed[_key(seg.text)] = printed.get(_key(seg.text), 0) + 1
    return _Evidence(legal, domains, thanks, segments[legal_from:], printed, hosts)


# the postcode and town of the address ("04107 Leipzig", "D-53227 Bonn")
_TOWN_LINE = re.compile(r"^\W*(?:[A-Z]{1,2}-)?\d{4,5}\s+([^\W\d_]{3,})")


def _without_town(domains: list[str], segments: list[_Segment]) -> list[str]:
    """The web addresses without the town of the address that a hyphen joins to the name
    ("mio-leipzig.de" on a receipt from "04107 Leipzig": "mio")."""
    towns = {_key(m.group(1)) for seg in segments if (m := _TOWN_LINE.match(seg.text.strip()))}
    out = []
    for dom in domains:
        rest = [part for part in dom.split("-") if part and _key(part) not in towns]
        out.append("-".join(rest) if rest else dom)
    return out


# the shop speaking of itself: "... with us", "... at our store"
_PRONOUNS = frozenset(
    re.findall(r"\w+", "US YOU ME OUR YOUR THEM UNS EUCH NOUS VOUS ONS JOU NOI VOI NOSOTROS KAMI")
)


def _thanked_name(text: str) -> str | None:
    """The name in "Thank you for shopping at NAME", "NAME sagt Danke!" ..."""
    upper = _fold_keep(text.strip().rstrip("!.").strip())
    m = _THANKS_AFTER.search(upper)
    span = (m.start(1), m.end(1)) if m else None
    for regex in (_THANKS_BEFORE, _TEAM):
        if span is None:
            m = regex.search(upper)
            group = next((g for g in range(1, (m.lastindex or 0) + 1) if m.group(g)), None) if m else None
            span = (m.start(group), m.end(group)) if group else None
    if span is None:
        return None
    name = text.strip().rstrip("!.").strip()[span[0] : span[1]].strip(" ,.:;!")
    if not name[:1].isupper():
        return None  # "Merci de votre visite": no name
    if _fold_keep(name.split()[0]).strip(".,!") in _PRONOUNS:
        return None  # "... shopping with us again", "... at our store"
    if _letters(name) < 3 or _CONTACT.search(name.upper()) or len(name.split()) > 5:
        return None
    if _looks_like_slogan(name):
        return None  # "... GOODS SOLD ARE NOT RETURNABLE": a notice, not a name
    return name


def _fold_keep(text: str) -> str:
    """Upper case with accents folded, one character for one (positions kept)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        out.append(base.upper()[:1] or ch)
    return "".join(out)


def _looks_numbered(text: str) -> bool:
    """A street and number or a city line; a name with a number and a trade word is a name
    ("99 SPEED MART", "KEDAI 88")."""
    t = text.strip()
    if not (_NUMBERED.match(t) or _CITY_LINE.search(t)) or _SUFFIX.search(t.upper()):
        return False
    words = re.findall(r"[A-Z]+", _key_words(t))
    if _BRANCH.match(t) or (words and words[-1] in _STREET_ENDS):
        return True  # "Store 1146", "11 Station St": a branch, a street, whatever its words
    return not any(word in TRADE_WORDS for word in words)


# a branch's number ("Store 1146", "Filiale 0815"), the abbreviations a street name ends with
_BRANCH = re.compile(r"^(?:STORE|BRANCH|FILIALE|FIL|MARKT|NR|NO|#)\.?\s*#?\s*\d{1,6}$", re.IGNORECASE)
_STREET_ENDS = {"ST", "RD", "AVE", "LN", "DR", "BLVD", "STR", "CT", "PL", "HWY"}


def _key_words(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).upper()


def legal_name(text: str) -> str:
    """The company's name and legal form in a line that holds one: the capitalised words
    before the form ("... auf Rechnung der Westfalen AG. Im" -> "Westfalen AG"), and what
    follows the form dropped ("Aldi GmbH & Co. KG, Schloß Holte" -> "Aldi GmbH & Co. KG"), the
    sentence after the first name too ("Premier Inn GmbH ist ein Mitglied der ... PLC")."""
    matches = list(_SUFFIX.finditer(text.upper()))
    if not matches:
        return text
    end = matches[-1].end()
    for m in matches[:-1]:
        # "Premier Inn GmbH ist ein Mitglied der Whitbread Group PLC": the first name is the one
        if _MEMBER_OF.match(text[m.end() :]):
            end = m.end()
            break
    kg = re.match(r"\.?\s*KG(?![A-Za-z])", text[end:], re.I)  # "GmbH & Co. KG"
    end += kg.end() if kg else 0
    head = text[: matches[0].start()].split()
    keep = len(head)
    while keep > 0 and not _starts_lower(head[keep - 1]):
        keep -= 1
    if keep == len(head) or sum(_starts_lower(w) for w in head[:keep]) < 2:
        return text[:end]  # no sentence around the name
    return " ".join(head[keep:] + [text[matches[0].start() : end]])


# what a sentence says of a company after its name: it is (a member of) another ("Premier Inn GmbH
# ist ein Mitglied der Whitbread Group PLC"); not "handelt im Namen ... der Aral AG", the seller after
_MEMBER_OF = re.compile(r"\.?\s+(?:ist|is|est|es|è|sind|are|gehört|belongs|fait\s+partie)\s", re.I)


def _starts_lower(word: str) -> bool:
    first = next((ch for ch in word if ch.isalnum()), "")
    return first.islower()


# words a shop's web address adds to its name ("netto-online.de")
_DOMAIN_EXTRAS = {"online", "shop", "webshop", "web", "info"}


def _domain_name(domain: str) -> str:
    parts = [part for part in domain.split("-") if part]
    named = [part for part in parts if part not in _DOMAIN_EXTRAS] or parts
    return " ".join(part.capitalize() for part in named)


def _from_evidence(evidence: _Evidence, header: _Segment | None) -> tuple[str, float] | None:
    """The name when the header holds none: the name the footer thanks with, the legal name
    printed elsewhere, else the domain."""
    for name, conf in evidence.thanks or []:
        key = _key(name)
        for dom in evidence.domains:
            # a name cut at the paper's edge ("Lindenhof Tanks"): the domain spells it whole
            if len(key) >= 4 and _key(dom).startswith(key) and len(dom) > len(key):
                return _domain_name(dom.lower()), round(0.6 * conf, 3)
        return name, round(0.7 * conf, 3)
    for seg in evidence.legal:
        if header is not None and seg.bbox == header.bbox:
            continue
        name = clean_name(_canonical_form(clean_name(legal_name(seg.text))))
        if name and _letters(name) >= 4:
            return name, round(0.6 * float(seg.confidence), 3)
    if evidence.domains:
        domain = evidence.domains[0]
        return _spelled_below(domain, evidence.below or []) or _domain_name(domain.lower()), 0.5
    return None


def _spelled_below(domain: str, segments: list[_Segment], sizes: tuple[int, ...] = (2, 3, 4)) -> str | None:
    """The domain's name as a sentence under the header spells it, in ``sizes`` words
    ("fiveguys.com", "Help Five Guys and you could win!" -> "Five Guys"), or in one capitalised
    word with what a web address cannot write ("giordanos.com", "This Giordano's restaurant")."""
    key = _key(domain)
    for seg in segments:
        words = [w.strip(".,:;!?()\"'") for w in seg.text.split()]
        for i, word in enumerate(words):
            for n in sizes:
                if i + n <= len(words) and _key(" ".join(words[i : i + n])) == key:
                    return " ".join(words[i : i + n])
            if 1 not in sizes and word[:1].isupper() and not word.isalnum() and _key(word) == key:
                return word
    return None
