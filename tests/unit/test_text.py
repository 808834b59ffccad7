"""Name keys: the many spellings of one place must meet, different places must not."""

from __future__ import annotations

import pytest

from events.extraction.text import fold, name_keys, sentence_spans, strip_articles


def keys(name: str) -> set[str]:
    return {k for k, _ in name_keys(name)}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Qaim", "Al Qā’im"),
        ("Al-Qa'im", "Al Qā’im"),
        ("Deir ez-Zor", "Dayr Az Zawr"),
        ("Deir el-Zour", "Dayr az Zawr"),
        ("Hajjar Aswad", "Al Ḩajar al Aswad"),
        ("Salaheddin", "Salah ad Din"),
        ("Saleheddin", "Salah ad-Din"),
        ("Rawa", "Rāwah"),
        ("Yarmuk", "Yarmouk"),
        ("Al-Jazeera", "Jazira"),
        ("U.S.", "US"),
    ],
)
def test_spellings_meet(a: str, b: str) -> None:
    assert keys(a) & keys(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Homs", "Hama"), ("Kyiv", "Kharkiv"), ("Rawa", "Raqqa"), ("Sudan", "Sedan")]
)
def test_different_places_stay_apart(a: str, b: str) -> None:
    assert not keys(a) & keys(b)


def test_fold_removes_diacritics_apostrophes_and_case() -> None:
    assert fold("Al Qā’im") == "al qaim"
    assert fold("Dar`a") == "dara"
    assert fold("Côte d'Ivoire") == "cote divoire"
    assert fold("Київ") == "kiyiv"
    assert fold("") == ""


def test_articles_are_dropped_only_before_a_name() -> None:
    assert strip_articles(["dayr", "az", "zawr"]) == ["dayr", "zawr"]
    assert strip_articles(["al"]) == ["al"]


def test_sentence_spans_keeps_offsets() -> None:
    text = "Gen. Yarallah spoke. Forces took Rawa.\nBAGHDAD: more"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["Gen. Yarallah spoke.", "Forces took Rawa.", "BAGHDAD: more"]
