"""The addon's translations (addons/hr_expense_ocr_audit/i18n/*.po) against its template (.pot).

Each .po holds the template's messages, in its order and with its reference comments, every one
translated, none fuzzy; a translation keeps the placeholders of its message (printf, named printf,
brace fields, HTML tags with their attributes), its technical names (environment variables, URLs,
paths) and its leading and trailing white space. Pure Python: a small parser, no Odoo, no polib.

The last tests break a copy of de.po in one way each and check that the matching check says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

I18N = Path(__file__).resolve().parent.parent / "addons" / "hr_expense_ocr_audit" / "i18n"
POT = I18N / "hr_expense_ocr_audit.pot"
# the plural forms Odoo 18's own de.po and fr.po declare
PLURAL_FORMS = {
    "de": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
}
LANGUAGES = sorted(PLURAL_FORMS)

PRINTF = re.compile(r"%(?:\([^()\s]+\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE = re.compile(r"\{\{|\}\}|\{[^{}\s]*\}")
HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# names a translation must not touch: environment variables, URLs (their scheme and host), paths
TECHNICAL = re.compile(
    r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"
    r"|https?://(?:[A-Za-z0-9][\w-]*(?:\.[\w-]+)*(?::\d+)?)?"
    r"|(?<![\w:/])/[a-z][\w.-]*(?:/[\w.-]+)*"
    r"|\bX-Request-ID\b"
)
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    line: int
    comments: list[str] = field(default_factory=list)  # the "#." and "#:" lines, as written
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)


def _unquote(text: str, line: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"line {line}: a quoted string expected, got {text!r}")
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), "\\" + m.group(1)), text[1:-1])


def _keyword(entry: Entry, keyword: str, value: str) -> str:
    """Store the start of a keyword's string; returns the key continuation lines extend."""
    if keyword == "msgstr":
        keyword = "msgstr[0]"
    if keyword.startswith("msgstr["):
        entry.msgstr[int(keyword[7:-1])] = value
    else:
        setattr(entry, keyword, value)
    return keyword


def _extend(entry: Entry, key: str, value: str) -> None:
    if key.startswith("msgstr["):
        entry.msgstr[int(key[7:-1])] += value
    else:
        setattr(entry, key, getattr(entry, key) + value)


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po/.pot file, header included (the first, msgid "")."""
    entries: list[Entry] = []
    entry: Entry | None = None
    key = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            entry, key = None, None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith(("#.", "#:")):
            entry.comments.append(line)
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key is None:
                raise ValueError(f"line {number}: a string continues no keyword")
            _extend(entry, key, _unquote(line, number))
        else:
            keyword, _, rest = line.partition(" ")
            if not re.fullmatch(r"msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?", keyword):
                raise ValueError(f"line {number}: unknown keyword {keyword!r}")
            key = _keyword(entry, keyword, _unquote(rest, number))
    return entries


def read(path: Path) -> list[Entry]:
    return parse_po(path.read_text(encoding="utf-8"))


def messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid or e.msgctxt]


def header(entries: list[Entry]) -> dict[str, str]:
    assert entries and entries[0].msgid == "" and entries[0].msgctxt is None, "no header entry first"
    fields = {}
    for line in entries[0].msgstr.get(0, "").splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


def placeholders(text: str) -> Counter:
    return Counter(
        [("printf", m) for m in PRINTF.findall(text)]
        + [("brace", m) for m in BRACE.findall(text)]
        + [("html", m) for m in HTML_TAG.findall(text)]
    )


def outer_space(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


# --- the checks: each returns its findings, an empty list when the file is right ------------------


def header_problems(entries: list[Entry], lang: str) -> list[str]:
    fields = header(entries)
    wanted = {
        "Language": lang,
        "Plural-Forms": PLURAL_FORMS[lang],
        "Content-Type": "text/plain; charset=UTF-8",
    }
    return [
        f"{name}: {fields.get(name)!r}, not {value!r}"
        for name, value in wanted.items()
        if fields.get(name) != value
    ]


def msgid_problems(entries: list[Entry], template: list[Entry]) -> list[str]:
    ours = [(e.msgctxt, e.msgid, e.msgid_plural) for e in messages(entries)]
    theirs = [(e.msgctxt, e.msgid, e.msgid_plural) for e in messages(template)]
    found = [f"twice: {key[1]!r}" for key, count in Counter(ours).items() if count > 1]
    found += [f"not in the .pot: {key[1]!r}" for key in set(ours) - set(theirs)]
    found += [f"missing: {key[1]!r}" for key in set(theirs) - set(ours)]
    if not found and ours != theirs:
        found.append("the messages are not in the .pot's order")
    return found


def reference_problems(entries: list[Entry], template: list[Entry]) -> list[str]:
    theirs = {(e.msgctxt, e.msgid): e.comments for e in messages(template)}
    return [
        f"line {e.line}: {e.msgid!r} has {e.comments}, the .pot {theirs[(e.msgctxt, e.msgid)]}"
        for e in messages(entries)
        if (e.msgctxt, e.msgid) in theirs and e.comments != theirs[(e.msgctxt, e.msgid)]
    ]


def empty_problems(entries: list[Entry]) -> list[str]:
    found = []
    for e in messages(entries):
        forms = 1 if e.msgid_plural is None else 2
        if len(e.msgstr) < forms or not all(e.msgstr.values()):
            found.append(f"line {e.line}: {e.msgid!r} is not translated")
    return found


def flag_problems(entries: list[Entry]) -> list[str]:
    found = [f"line {e.line}: {e.msgid!r} is fuzzy" for e in entries if "fuzzy" in e.flags]
    found += [f"line {e.line}: an obsolete entry (#~)" for e in entries if e.obsolete]
    return found


def placeholder_problems(entries: list[Entry]) -> list[str]:
    found = []
    for e in messages(entries):
        for text in e.msgstr.values():
            want, got = placeholders(e.msgid), placeholders(text)
            if want != got:
                found.append(
                    f"line {e.line}: {e.msgid!r}: lost {sorted((want - got).elements())}, "
                    f"added {sorted((got - want).elements())}"
                )
    return found


def technical_problems(entries: list[Entry]) -> list[str]:
    found = []
    for e in messages(entries):
        for text in e.msgstr.values():
            want, got = Counter(TECHNICAL.findall(e.msgid)), Counter(TECHNICAL.findall(text))
            if want != got:
                found.append(
                    f"line {e.line}: {e.msgid!r}: {sorted(want.elements())} became {sorted(got.elements())}"
                )
            if outer_space(e.msgid) != outer_space(text):
                found.append(f"line {e.line}: {e.msgid!r}: leading or trailing white space changed")
    return found


# --- the translations ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template() -> list[Entry]:
    return read(POT)


@pytest.fixture(scope="module", params=LANGUAGES)
def translation(request) -> tuple[str, list[Entry]]:
    path = I18N / f"{request.param}.po"
    assert path.is_file(), f"{path} is missing"
    return request.param, read(path)


def test_the_template_is_read_whole(template):
    text = POT.read_text(encoding="utf-8")
    assert len(messages(template)) == len(re.findall(r'^msgid "', text, re.MULTILINE)) - 1 > 300


def test_the_header_names_the_language_and_odoos_plural_forms(translation):
    lang, entries = translation
    assert header_problems(entries, lang) == []


def test_the_messages_are_the_templates_in_its_order(translation, template):
    _, entries = translation
    assert msgid_problems(entries, template) == []


def test_the_reference_comments_are_the_templates(translation, template):
    _, entries = translation
    assert reference_problems(entries, template) == []


def test_every_message_is_translated(translation):
    _, entries = translation
    assert empty_problems(entries) == []


def test_no_translation_is_fuzzy_or_obsolete(translation):
    _, entries = translation
    assert flag_problems(entries) == []


def test_every_translation_keeps_its_placeholders(translation):
    _, entries = translation
    assert placeholder_problems(entries) == []


def test_every_translation_keeps_technical_names_and_outer_white_space(translation):
    _, entries = translation
    assert technical_problems(entries) == []


# --- each check fails on a broken copy -------------------------------------------------------------


def replace_once(text: str, old: str, new: str, last: bool = False) -> str:
    assert old in text, old
    head, _, tail = text.rpartition(old) if last else text.partition(old)
    return head + new + tail


BREAKAGES = {
    "language": (lambda t: replace_once(t, "Language: de", "Language: fr"), "header"),
    "plural forms": (
        lambda t: replace_once(t, "nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;"),
        "header",
    ),
    "msgid changed": (
        lambda t: replace_once(
            t, 'msgid "Attach a receipt before scanning it."', 'msgid "Attach a receipt."'
        ),
        "msgid",
    ),
    "message dropped": (
        lambda t: re.sub(
            r'\n#\. module: [^\n]*\n(?:#[^\n]*\n)*msgid "Attachment"\nmsgstr "[^"]*"\n', "\n", t
        ),
        "msgid",
    ),
    "order": (lambda t: _swap_entries(t, '"Amount Mismatch"', '"Answer"'), "msgid"),
    "reference": (
        lambda t: replace_once(t, "#: code:addons/hr_expense_ocr_audit/models/hr_employee.py:0\n", ""),
        "references",
    ),
    "empty msgstr": (lambda t: replace_once(t, 'msgstr "Anhang"', 'msgstr ""'), "empty"),
    "fuzzy": (
        lambda t: replace_once(
            t, "\n#. module: hr_expense_ocr_audit\n", "\n#, fuzzy\n#. module: hr_expense_ocr_audit\n"
        ),
        "flags",
    ),
    "printf lost": (lambda t: replace_once(t, "%(count)s Beleg(e)", "Beleg(e)", last=True), "placeholders"),
    "printf renamed": (
        lambda t: replace_once(t, "%(count)s Beleg(e)", "%(anzahl)s Beleg(e)", last=True),
        "placeholders",
    ),
    "printf added": (lambda t: replace_once(t, 'msgstr "Anhang"', 'msgstr "Anhang %s"'), "placeholders"),
    "brace field added": (
        lambda t: replace_once(t, 'msgstr "Anhang"', 'msgstr "Anhang {name}"'),
        "placeholders",
    ),
    "html tag": (
        lambda t: replace_once(t, "<strong>Belegprüfung: </strong>", "<b>Belegprüfung: </b>"),
        "placeholders",
    ),
    "html attribute": (
        lambda t: replace_once(
            t, "<span>zu den Wechselkursen vom</span>", '<span class="x">zu den Wechselkursen vom</span>'
        ),
        "placeholders",
    ),
    "environment variable": (
        lambda t: replace_once(t, "OCR_API_TOKEN", "OCR-API-TOKEN", last=True),
        "technical",
    ),
    "url": (
        lambda t: replace_once(t, "http://127.0.0.1:8000", "http://localhost:8000", last=True),
        "technical",
    ),
    "trailing space": (lambda t: replace_once(t, 'msgstr "Anhang"', 'msgstr "Anhang "'), "technical"),
}


def _swap_entries(text: str, first: str, second: str) -> str:
    blocks = text.split("\n\n")
    a = next(i for i, block in enumerate(blocks) if f"msgid {first}\n" in block)
    b = next(i for i, block in enumerate(blocks) if f"msgid {second}\n" in block)
    blocks[a], blocks[b] = blocks[b], blocks[a]
    return "\n\n".join(blocks)


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_the_checks_catch_a_broken_copy(name, template):
    break_it, check = BREAKAGES[name]
    text = (I18N / "de.po").read_text(encoding="utf-8")
    broken = break_it(text)
    assert broken != text
    entries = parse_po(broken)
    run = {
        "header": lambda: header_problems(entries, "de"),
        "msgid": lambda: msgid_problems(entries, template),
        "references": lambda: reference_problems(entries, template),
        "empty": lambda: empty_problems(entries),
        "flags": lambda: flag_problems(entries),
        "placeholders": lambda: placeholder_problems(entries),
        "technical": lambda: technical_problems(entries),
    }
    assert run[check](), f"{check} did not notice: {name}"


def test_the_parser_joins_continued_strings_and_escapes():
    entries = parse_po(
        'msgid ""\nmsgstr "Language: de\\n"\n\n#, fuzzy\nmsgid ""\n"a \\"b\\"\\n"\n"c"\nmsgstr "x"\n'
    )
    assert header(entries) == {"Language": "de"}
    assert entries[1].msgid == 'a "b"\nc' and entries[1].flags == {"fuzzy"}
    assert placeholders("%(a)s %s %% {b} {{ <a href='x'>") == Counter(
        {
            ("printf", "%(a)s"): 1,
            ("printf", "%s"): 1,
            ("printf", "%%"): 1,
            ("brace", "{b}"): 1,
            ("brace", "{{"): 1,
            ("html", "<a href='x'>"): 1,
        }
    )
