"""What check digits cannot see: swaps of look-alikes that leave every check digit holding.

A Doc 9303 check digit weighs each character's value (0-9, A=10 ... Z=35, '<'=0) by 7, 3,
1 and keeps the sum modulo 10. Two characters whose values differ by a multiple of 10
(``0 A K U <``, ``1 B L V``, ``2 C M W``, ``3 D N X``, ``4 E O Y``, ``5 F P Z``, ``6 G Q``,
``7 H R``, ``8 I S``, ``9 J T``) weigh the same, so a G read as 6 passes any check digit;
two swaps whose weighted differences cancel pass it too (two 0 read as O at weights 7 and
3: 7*24 + 3*24 = 240).

A character of a field of letters and digits (document number, optional data) that has
an OCR-B look-alike (``VISUAL_LOOKALIKES``) is trusted when the document's own glyphs
settled it (``glyphs.settle_lookalikes``). The recogniser's second choice for a character
it was not sure of (``fields.Reading.seconds``) is a swap too, whatever the pair looks
like: an ``L`` read as ``1`` at 0.69 passes every check digit. ``blind_swap`` says whether
these swaps, alone or together (a check digit's own second choice included), could be
misreadings the check digits over the field cannot see; such a field is reported
unverified, however sure the recogniser was of the rest. Fields of one class
(dates, check digits, codes, names) need nothing of this: a letter cannot stand in a
date, so the class settles 0/O there.
"""

from __future__ import annotations

from .repair import char_value

# OCR-B look-alikes between letters and digits: the pairs the recogniser mixes up with
# full confidence. Only G/6 lie in one class of the check digit, but any two of these can
# cancel out. Other pairs of one class (U/0, I/8, S/8, T/9, H/7, L/1 ...) do not look alike
# in OCR-B; for those the confidence the field needs is the guard.
VISUAL_LOOKALIKES = {
    "0": "ODQ", "O": "0DQ", "D": "0O", "Q": "0O", "1": "I", "I": "1", "8": "B", "B": "8",
    "5": "S", "S": "5", "2": "Z", "Z": "2", "6": "G", "G": "6",
}  # fmt: skip
WEIGHTS = (7, 3, 1)


# the check digit itself, as a character of the sum: sum(w * v) - digit = 0 (mod 10)
DIGIT_WEIGHT = 9


def own_weights(n: int) -> list[int]:
    """The weights of a field's own check digit over its n characters."""
    return [WEIGHTS[i % 3] for i in range(n)]


def blind_swap(
    text: str,
    unsettled: list[bool],
    weights: list[list[int]],
    counted: list[bool] | None = None,
    seconds: list[str] | None = None,
    extra: list[str] | None = None,
) -> bool:
    """True when replacing one or more characters, each by a look-alike (the unsettled ones)
    (and ``extra``'s, one string per character) or by the recogniser's own second choice
    (``seconds``: one per character, "" for none),
    leaves every check digit (one weight per character each) holding. With ``counted``, at
    least one of the swaps must be at a counted character (the field judged; the others are
    characters of other fields, or the check digit itself, that the same check covers).

    A walk over the characters keeping the reachable differences modulo 10 of every check
    digit, and whether a counted swap was made; at most 2 * 10^len(weights) states."""
    # a state is one int: the differences as decimal digits (one per check digit), the
    # counted-swap flag above them
    flag = 10 ** len(weights)
    states = {0}
    for i, ch in enumerate(text):
        unsure = i < len(unsettled) and unsettled[i]
        looks = VISUAL_LOOKALIKES.get(ch, "") if unsure else ""
        if unsure and extra is not None and i < len(extra):
            looks += extra[i]
        second = seconds[i] if seconds is not None and i < len(seconds) else ""
        if second and second != ch and second not in looks:
            looks += second
        if not looks:
            continue
        deltas = {tuple((char_value(alt) - char_value(ch)) * w[i] % 10 for w in weights) for alt in looks}
        count = counted is None or counted[i]
        states |= {_moved(state, delta, flag, count) for state in states for delta in deltas}
        if flag in states:  # a counted swap already leaves every difference at zero
            return True
    return flag in states


def _moved(state: int, delta: tuple[int, ...], flag: int, counted: bool) -> int:
    """The state with ``delta`` added to its differences (modulo 10), flagged when the swap
    is counted or the state was."""
    used, sums = divmod(state, flag)
    used = used or int(counted)
    out, place = 0, 1
    for d in delta:
        sums, digit = divmod(sums, 10)
        out += (digit + d) % 10 * place
        place *= 10
    return used * flag + out
