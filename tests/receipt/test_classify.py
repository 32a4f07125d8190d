from ocr_service.receipt import looks_like_receipt

from .synth import receipt
from .test_extract import MALAYSIAN


def test_receipt_scores_high():
    lines, _, _ = receipt(MALAYSIAN)
    assert looks_like_receipt(lines) > 0.9


def test_passport_and_prose_score_low():
    passport, _, _ = receipt(
        [
            "PASSPORT",
            "UTOPIA",
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
        ]
    )
    assert looks_like_receipt(passport) < 0.2
    prose, _, _ = receipt(["Dear colleague,", "please find the minutes of the meeting attached.", "Regards"])
    assert looks_like_receipt(prose) < 0.2
    assert looks_like_receipt([]) == 0.0
