"""Text utilities shared by every extraction stage: sentence spans over the original text.

Offsets are Python string indices into the text exactly as given, so every later stage can
report spans a reader can find again in the article.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

# Words that end with a full stop without ending a sentence ("Gen. Yarallah", "Nov. 7").
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt sgt cpl pvt adm cmdr brig rev sen rep gov pres st mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc approx est dept univ inc ltd co corp
    u.s u.k u.n e.g i.e a.m p.m
    """.split()
)

_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9\u00C0-\u024F\u0400-\u04FF])|\n\s*\n|\n""")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split text into sentences; return (start, end) offsets with surrounding space trimmed.

    A line break always ends a sentence (news pages put headlines, captions and paragraphs on
    their own lines); a full stop ends one unless it follows a known abbreviation or an initial.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group(0)[0] == "." and _ends_with_abbreviation(text, match.start()):
            continue
        _append_trimmed(text, start, end, spans)
        start = end
    _append_trimmed(text, start, len(text), spans)
    return spans


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# ---------------------------------------------------------------- name keys
#
# Place names reach us in many spellings: "Al-Qa'im", "Al Qā’im", "Qaim"; "Deir ez-Zor", "Dayr az
# Zawr", "Deir el-Zour"; "Hajjar Aswad", "Al Ḩajar al Aswad". Two keys make them meet:
#   exact key  folded tokens joined by spaces (diacritics, case, apostrophes and hyphens gone);
#   loose key  the tokens glued and reduced to a transliteration skeleton (doubled letters, vowel
#              classes, final -ah), prefixed with "~" so it never collides with an exact key.
# Both are also computed without Arabic articles (al-, el-, ad-, as-, ...), so "Qaim" meets "Al Qa'im".

ARABIC_ARTICLES = frozenset(
    "al el ad adh ag ak an ar as ash at ath az ed en er es et ez il ul ud ur us um".split()
)
# Articles that are common English words: dropped only when glued to the next word by a hyphen.
AMBIGUOUS_ARTICLES = frozenset("an as at us um en il".split())
_APOSTROPHES = "'’‘`´ʼʻʿʾ′"
_APOSTROPHE_TABLE = str.maketrans("", "", _APOSTROPHES)
_DOTTED_ABBREVIATION = re.compile(r"(?<![A-Za-z])(?:[A-Za-z]\.){2,}")  # "U.S.", "D.C." -> "US", "DC"
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"(.)\1+")
_AW_BEFORE_CONSONANT = re.compile(r"aw(?=[^aeiou]|$)")
_Y_AFTER_VOWEL = re.compile(r"(?<=[aeiou])y(?=[^aeiou]|$)")
_FINAL_H = re.compile(r"(?<=[aeiu])h$")


@lru_cache(maxsize=1 << 18)
def token_key(word: str) -> str:
    """fold() of one word without spaces, memoised: running text repeats its words."""
    if word.isascii() and word.isalpha():
        return word.lower()
    return fold(word).replace(" ", "")


def fold(text: str) -> str:
    """Lower-case ASCII with apostrophes removed and any other punctuation turned into spaces."""
    text = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    ascii_text = unidecode(text.translate(_APOSTROPHE_TABLE)).lower().translate(_APOSTROPHE_TABLE)
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def name_tokens(text: str) -> list[str]:
    """Folded tokens of a name: "Al-Qā’im" -> ["al", "qaim"]."""
    return fold(text).split()


def strip_articles(tokens: list[str]) -> list[str]:
    """Drop Arabic article tokens that precede another token ("dayr az zawr" -> "dayr zawr")."""
    kept = [t for i, t in enumerate(tokens) if not (t in ARABIC_ARTICLES and i < len(tokens) - 1)]
    return kept or tokens


def exact_key(tokens: list[str]) -> str:
    return " ".join(tokens)


def loose_key(tokens: list[str]) -> str:
    """Transliteration skeleton of the glued tokens: "Deir ez-Zor" and "Dayr az Zawr" meet."""
    return _loose_skeleton("".join(tokens))


@lru_cache(maxsize=1 << 18)
def _loose_skeleton(s: str) -> str:
    if len(s) < 4 or not s.isalpha():
        return ""
    s = s.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("ph", "f")
    s = _AW_BEFORE_CONSONANT.sub("u", s)
    s = _Y_AFTER_VOWEL.sub("i", s)
    s = s.replace("e", "a").replace("o", "u").replace("q", "k")
    s = _DOUBLED.sub(r"\1", s)
    s = _FINAL_H.sub("", s)
    return "~" + s


def name_keys(text: str) -> list[tuple[str, int]]:
    """Every index key of a gazetteer name with its match flags (see KEY_* below)."""
    tokens = name_tokens(text)
    if not tokens:
        return []
    keys = [(exact_key(tokens), 0)]
    stripped = strip_articles(tokens)
    if stripped != tokens:
        keys.append((exact_key(stripped), KEY_STRIPPED))
    for variant, flag in ((tokens, 0), (stripped, KEY_STRIPPED)):
        loose = loose_key(variant)
        if loose:
            keys.append((loose, KEY_LOOSE | flag))
    seen: dict[str, int] = {}
    for key, flag in keys:
        if key not in seen or flag < seen[key]:
            seen[key] = flag
    return list(seen.items())


KEY_STRIPPED = 1  # matched after dropping Arabic articles
KEY_LOOSE = 2  # matched on the transliteration skeleton only
KEY_ALTERNATE = 4  # matched an alternate name, not the place's main name
KEY_ACRONYM = 8  # matched an upper-case short form ("CAR", "UAE"): only upper-case text may use it


def search_key(name: str) -> str:
    """The normalised form stored in PlaceName.key and used by place search (articles dropped)."""
    return exact_key(strip_articles(name_tokens(name)))
