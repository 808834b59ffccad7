"""Recognition: find the spans of a text that name places in the gazetteer.

Candidate spans are runs of capitalised tokens (with the small lower-case links names contain:
"of", "al-", "ez-") looked up longest-first in the gazetteer index under every key variant.
Filters then drop what is capitalised for another reason: sentence-initial common words, people
("Gen. Abdelamir Yarallah", "Abu Bakr al-Baghdadi"), organisations ("Al Jazeera TV", "the Kyiv
Independent"), page chrome. Every rejected span keeps its reason, so decisions can be explained.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from events.extraction import feature_codes as fc
from events.extraction.gazetteer import Gazetteer, abbreviation_key
from events.extraction.resolve import ADMIN_WORDS, SETTLEMENT_WORDS, TYPE_WORDS
from events.extraction.text import (
    AMBIGUOUS_ARTICLES,
    ARABIC_ARTICLES,
    KEY_ACRONYM,
    KEY_ALTERNATE,
    KEY_LOOSE,
    KEY_STRIPPED,
    exact_key,
    loose_key,
    sentence_spans,
    token_key,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_SPAN_TOKENS = 6

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_]+(?:['’ʼʿʾ`][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
# A space then an apostrophe glued to a capital: the ayn of a transliterated word ("Tal 'Afar").
_AYN_GAPS = frozenset(" " + mark for mark in "'‘’ʿʾ`")
_CONTRACTION = re.compile(r"['’](?:ve|ll|re|d|t|m)$", re.IGNORECASE)
_SPEECH_VERBS = frozenset(
    "said says told added wrote explained asked noted replied tweeted argued insisted recalled stated "
    "announced admitted warned urged claimed declared posted confirmed denied".split()
)
# Lower-case words allowed inside a multi-word name ("Bay of Bengal", "Deir ez-Zor", the Persian
# ezafe of "Mazar-i-Sharif").
_NAME_LINKS = frozenset(
    "of the de la le du des del da do di dos das der den van von upon on sur am im and y e i".split()
)


def _data_lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of a data file, stripped ([] when the file is absent)."""
    path = DATA_DIR / name
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@cache
def _word_list(name: str) -> frozenset[str]:
    return frozenset(line.lower() for line in _data_lines(name))


def common_words() -> frozenset[str]:
    return _word_list("common_words.txt")


def stop_names() -> frozenset[str]:
    return _word_list("stop_names.txt")


def person_titles() -> frozenset[str]:
    return _word_list("person_titles.txt")


def org_words() -> frozenset[str]:
    return _word_list("org_words.txt")


def news_outlets() -> frozenset[str]:
    return _word_list("news_outlets.txt")


def demonyms() -> frozenset[str]:
    return _word_list("demonyms.txt")


def container_names() -> frozenset[str]:
    """First words of states, provinces and countries that follow "Town, " as its container."""
    return _word_list("container_names.txt")


@cache
def demonym_countries() -> dict[str, str]:
    """ "iraqi" -> "IQ": words that say which country an article is about without naming it."""
    out: dict[str, str] = {}
    for line in _data_lines("demonym_countries.txt"):
        word, code = line.rsplit(None, 1)
        out[word.lower()] = code
    return out


def demonym_evidence(tokens: list[Token]) -> dict[str, int]:
    """How often each country's demonym is written ("Iraqi forces", "Syrian troops")."""
    table = demonym_countries()
    counts: dict[str, int] = {}
    for token in tokens:
        code = table.get(token.key) if token.capitalised else None
        if code:
            counts[code] = counts.get(code, 0) + 1
    return counts


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # folded, no spaces
    capitalised: bool
    upper: bool
    sentence_start: bool
    hyphen_after: bool = False
    joins_next: bool = False  # only spaces or a hyphen up to the next token


@dataclass(slots=True)
class Span:
    """A candidate toponym: tokens [first, last] of the text, with gazetteer candidates."""

    first: int
    last: int
    start: int
    end: int
    text: str
    key: str  # exact key of the span, groups repeated mentions of one name
    candidates: dict[int, int]  # place index -> match flags
    rejected: str = ""
    cues: dict[str, float] = field(default_factory=dict)


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets; possessive 's is cut off, dotted abbreviations kept whole."""
    sentence_starts = sorted(start for start, _ in sentence_spans(text))
    tokens: list[Token] = []
    next_sentence = 0
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        end = match.end()
        if word.endswith("â") and text[end : end + 1] in ("€", "\x80"):  # mojibake of ’ ("Itâ€™s")
            word = word[:-1]
            end -= 1
        if _CONTRACTION.search(word):
            continue
        possessive = _POSSESSIVE.search(word)
        if possessive and len(word) > 3:
            word = word[: possessive.start()]
            end = match.start() + len(word)
        key = token_key(word)
        if not key:
            continue
        first = word[0]
        starts_sentence = False
        while next_sentence < len(sentence_starts) and sentence_starts[next_sentence] <= match.start():
            next_sentence += 1
            starts_sentence = True
        tokens.append(
            Token(
                start=match.start(),
                end=end,
                text=word,
                key=key,
                capitalised=first.isupper(),
                upper=word.isupper() and len(word) > 1,
                sentence_start=starts_sentence,
            )
        )
    for left, right in zip(tokens, tokens[1:], strict=False):
        gap = text[left.end : right.start]
        left.hyphen_after = gap in ("-", "‐", "‑")
        left.joins_next = left.hyphen_after or (gap.strip(" ") == "" and len(gap) <= 2 and "\n" not in gap)
        if gap in _AYN_GAPS and left.capitalised and right.capitalised:
            left.joins_next = True  # "Tal 'Afar", "Ras 'Isa": the ayn opens the next word of the name
    return tokens


def span_keys(tokens: list[Token]) -> list[tuple[str, int]]:
    """Index keys for a run of tokens, with the flags each key variant implies."""
    words = [t.key for t in tokens]
    keys = [(exact_key(words), 0)]
    stripped = [
        t.key
        for i, t in enumerate(tokens)
        if not (
            i < len(tokens) - 1
            and t.key in ARABIC_ARTICLES
            and (t.hyphen_after or t.key not in AMBIGUOUS_ARTICLES)
        )
    ]
    if stripped and stripped != words:
        keys.append((exact_key(stripped), KEY_STRIPPED))
    if any(len(w) < 3 for w in stripped):  # "Fort St" must not loosely become "Furth"
        return keys
    for variant, flag in ((words, 0), (stripped, KEY_STRIPPED)):
        loose = loose_key(variant) if variant else ""
        if loose:
            keys.append((loose, KEY_LOOSE | flag))
    return keys


def _can_start(token: Token, nxt: Token | None) -> bool:
    if token.capitalised:
        return True
    # "al-Qaim", "el-Fasher": a lower-case article glued to a name
    return token.key in ("al", "el") and token.hyphen_after and nxt is not None and nxt.capitalised


def _can_continue(token: Token) -> bool:
    return token.capitalised or token.key in _NAME_LINKS or token.key in ARABIC_ARTICLES


def _is_article(token: Token) -> bool:
    """An Arabic article cannot end a name ("Abu al"), but an upper-case "US" or "U.S." is no article."""
    return token.key in ARABIC_ARTICLES and not (token.upper or "." in token.text)


def find_spans(text: str, tokens: list[Token], gazetteer: Gazetteer) -> list[Span]:
    """Longest gazetteer matches over capitalised runs, left to right, without overlaps."""
    spans: list[Span] = []
    i = 0
    n_tokens = len(tokens)
    while i < n_tokens:
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n_tokens else None
        if not _can_start(token, nxt):
            i += 1
            continue
        limit = i
        while (
            limit + 1 < n_tokens
            and limit - i + 1 < MAX_SPAN_TOKENS
            and tokens[limit].joins_next
            and _can_continue(tokens[limit + 1])
        ):
            limit += 1
        found = None
        for last in range(limit, i - 1, -1):
            if not tokens[last].capitalised or _is_article(tokens[last]):
                continue
            run = tokens[i : last + 1]
            candidates = gazetteer.candidates_for_keys(span_keys(run))
            if not all(t.upper for t in run):  # "Touring Car Championship" is no "CAR"
                candidates = {p: f for p, f in candidates.items() if not f & KEY_ACRONYM}
            if token.key == "the":  # "The Hague" yes, "The Al-Jazeera region" no
                candidates = {p: f for p, f in candidates.items() if not f & KEY_LOOSE} if last > i else {}
            if candidates:
                found = (last, candidates)
                break
        if found is None:
            i += 1
            continue
        last, candidates = found
        start, end = tokens[i].start, tokens[last].end
        spans.append(
            Span(
                first=i,
                last=last,
                start=start,
                end=end,
                text=text[start:end],
                key=exact_key([t.key for t in tokens[i : last + 1]]),
                candidates=candidates,
            )
        )
        i = last + 1
    return spans


_AFTER_A_TOWN = re.compile(r"^,[ \t]{1,2}$")


def region_abbreviations(text: str, tokens: list[Token], gazetteer: Gazetteer) -> list[Span]:
    """Short region names right after a town: "Glasgow, Ky.", "PARIS, Mo.", "Kelowna, B.C.".

    Only in that position does "Ky." or "Man." name a region, so these spans come from their own
    index keys (gazetteer.abbreviation_key) and need no other filter.
    """
    found = []
    for i in range(1, len(tokens)):
        token, before = tokens[i], tokens[i - 1]
        dotted = "." in token.text
        if not (token.capitalised and before.capitalised) or not (dotted or text[token.end : token.end + 1] == "."):
            continue
        if not _AFTER_A_TOWN.match(text[before.end : token.start]):
            continue
        candidates = gazetteer.candidates_for_keys([(abbreviation_key(token.text), 0)])
        if candidates:
            end = token.end if dotted else token.end + 1
            found.append(Span(first=i, last=i, start=token.start, end=end, text=text[token.start : end],
                              key=token.key, candidates=candidates))
    return found


# ---------------------------------------------------------------- filters

_CHROME_WORDS = frozenset(
    "more from related read share follow tags topics subscribe newsletter advertisement sign login".split()
)


def is_strong(gazetteer: Gazetteer, candidates: dict[int, int], main_names_only: bool = False) -> bool:
    """A country, a first-level region or a large city: capitalised, it is almost surely a place."""
    for index, flags in candidates.items():
        if flags & KEY_LOOSE or (main_names_only and flags & KEY_ALTERNATE):
            continue
        code = gazetteer.feature_code(index)
        if (
            fc.is_country(code)
            or code in fc.LARGE_FEATURE_CODES
            or (code == fc.ADM1 and not flags & KEY_ALTERNATE)
        ):
            return True
        if fc.is_settlement(code) and gazetteer.population(index) >= 100_000:
            return True
    return False


def _has_country(gazetteer: Gazetteer, candidates: dict[int, int], with_regions: bool = False) -> bool:
    codes = fc.SUPRANATIONAL_PREFIXES if with_regions else (fc.COUNTRY_PREFIX,)
    return any(
        gazetteer.feature_code(i).startswith(codes) and not f & KEY_LOOSE for i, f in candidates.items()
    )


@dataclass(frozen=True)
class _Reading:
    """A gazetteer match with the tokens around it: what every rejection test reads."""

    text: str
    tokens: list[Token]
    span: Span
    gazetteer: Gazetteer
    run: list[Token]
    before: Token | None
    after: Token | None
    strong: bool

    @property
    def single(self) -> bool:
        return len(self.run) == 1

    @property
    def head(self) -> Token:
        return self.run[0]


def rejection_reason(
    text: str, tokens: list[Token], span: Span, gazetteer: Gazetteer, people: frozenset[str] = frozenset()
) -> str:
    """Why a gazetteer match is not a place mention here ("" when it is one). The tests run in a fixed
    order, the first that rejects naming the reason: the match's own form, then an organisation's
    name around it, then a person's, then a common word."""
    reading = _Reading(
        text=text,
        tokens=tokens,
        span=span,
        gazetteer=gazetteer,
        run=tokens[span.first : span.last + 1],
        before=tokens[span.first - 1] if span.first > 0 else None,
        after=tokens[span.last + 1] if span.last + 1 < len(tokens) else None,
        strong=is_strong(gazetteer, span.candidates),
    )
    reason = _form_rejection(reading) or _organisation_rejection(reading)
    if reason:
        return reason
    major = _is_major(gazetteer, span.candidates)
    located = has_locative_evidence(text, tokens, span)
    before = reading.before
    placed = located and not (before is not None and before.key in _PERSON_PREPOSITIONS)
    return _person_rejection(reading, people, major, placed) or _common_word_rejection(reading, major, located)


def _form_rejection(r: _Reading) -> str:
    """The match itself is no place name: a stop name or demonym, an acronym, a scrap, a mixed-case
    brand, a line of page chrome."""
    text, span, head = r.text, r.span, r.head
    if span.key in stop_names() or span.key in demonyms():
        return "stop-name"
    if (
        r.single
        and head.upper
        and len(head.key) <= 4
        and "." not in head.text
        and not _has_country(r.gazetteer, span.candidates)
        and not is_dateline(text, span)  # "KYIV, Ukraine (Reuters) -", "HIT, Iraq (AFP) -"
    ):
        return "acronym"
    if r.single and len(head.key) <= 2 and not head.upper and text[head.end : head.end + 1] != ".":
        return "too-short"
    if any(_mixed_case(t.text) for t in r.run):
        return "mixed-case-name"
    if _is_chrome_line(text, span.start):
        return "page-chrome"
    return ""


def _organisation_rejection(r: _Reading) -> str:
    """The match is part of a title or an organisation's name, or names a news source."""
    text, tokens, span, before, after = r.text, r.tokens, r.span, r.before, r.after
    if before is not None and before.key in person_titles() and _TITLE_GAP.match(text, before.end, r.head.start):
        return "person-title"
    if after is not None and r.run[-1].joins_next and after.key in org_words() and after.capitalised:
        return "organisation"
    if _names_an_organisation(text, tokens, span) and not _has_country(r.gazetteer, span.candidates):
        return "organisation"
    if _after_a_body_name(tokens, span) and not r.strong and not _has_country(r.gazetteer, span.candidates, True):
        return "organisation"  # "the International Committee of the Red Cross"
    if _names_a_news_outlet(tokens, span, after, r.strong):
        return "organisation"
    if before is not None and before.key in ("told", "via"):
        return "organisation"
    return ""


def _person_rejection(r: _Reading, people: frozenset[str], major: bool, placed: bool) -> str:
    """The match is a person's name the article uses (``people``) or one a speech verb follows,
    unless it is a major place or the text places it."""
    run, single, after = r.run, r.single, r.after
    surname = run[-1].key if len(run) == 2 and _is_article(r.head) else ""  # "Al-Assad's forces"
    if (single and r.span.key in people or surname in people) and not major and not placed:
        return "person-name"  # but "the town of Baga" after "Doron Baga", "officials in Arbil said"
    if (
        single
        and after is not None
        and after.key in _SPEECH_VERBS
        and not major
        and not placed
        and r.text[r.span.end : after.start].strip() == ""  # not '"... the whole of Hit," said'
    ):
        return "person-name"
    return ""


def _common_word_rejection(r: _Reading, major: bool, located: bool) -> str:
    """The match is a common word or inside a longer name, with nothing in the text placing it."""
    text, tokens, span, gazetteer, run, single, head = r.text, r.tokens, r.span, r.gazetteer, r.run, r.single, r.head
    if (
        not single
        and not located
        and all(_is_wordlike(t) for t in run)
        and _only_weak_matches(span)
        and not _names_its_region(gazetteer, span, run)
    ):
        return "common-word"
    if not r.strong and not located:
        return _unplaced_weak_rejection(r)
    elif (
        not is_strong(gazetteer, span.candidates, main_names_only=True)
        and not _has_country(gazetteer, span.candidates, with_regions=True)
        and _inside_name_run(tokens, span)
    ):
        return "person-or-org-name"  # "Hayat Tahrir al-Sham" is no Damascus ("ash-Sham")
    elif single and head.sentence_start and is_common_word(span.key) and not major and not is_dateline(text, span):
        return "common-word"
    return ""


def _unplaced_weak_rejection(r: _Reading) -> str:
    """A weak match nothing in the text places: a common word, a sentence's first word the text also
    writes in lower case, or a word inside a run of capitalised names."""
    span, head = r.span, r.head
    if r.single and is_common_word(span.key):
        return "common-word"
    # a sentence-initial single word that is also written in lower case in this text
    if (
        r.single
        and head.sentence_start
        and head.key in lower_case_words(r.text)
        and not _has_country(r.gazetteer, span.candidates)
    ):
        return "common-word"
    if _inside_name_run(r.tokens, span):
        return "person-or-org-name"
    return ""


def _after_a_body_name(tokens: list[Token], span: Span) -> bool:
    """The name closes a body's capitalised name: "Committee of the Red Cross", "Council of X"."""
    k = span.first - 1
    if k >= 0 and tokens[k].key == "the":
        k -= 1
    if k < 1 or tokens[k].key != "of":
        return False
    body = tokens[k - 1]
    return body.capitalised and body.key in _BODY_WORDS and body.joins_next


# Lower-case words after a name that make it a news source ("Turkey's private Dogan news agency",
# "state-linked Al-Qahera news").
_MEDIA_WORDS = frozenset("news agency newspaper broadcaster television tv channel daily outlet".split())


def _names_a_news_outlet(tokens: list[Token], span: Span, after: Token | None, strong: bool) -> bool:
    """A news source: a known outlet named like a place, with no type word next to it, or a name
    no better than a small town followed by a media word ("Los Angeles television" is the city's)."""
    if after is not None and tokens[span.last].joins_next and after.key in _MEDIA_WORDS:
        return not strong
    if span.key not in news_outlets():
        return False
    before = tokens[span.first - 1].key if span.first > 0 else ""
    return not (after is not None and after.key in TYPE_WORDS) and before not in TYPE_WORDS


_POSSESSIVE_GAP = re.compile(r"['’]s ")


def _names_an_organisation(text: str, tokens: list[Token], span: Span) -> bool:
    """ "the National Unity Government", "the Northeastern Regional Military Command": the place
    word opens (or sits inside) a capitalised run that ends in an organisation word."""
    following = [t.key for t in tokens[span.last + 1 : span.last + 3]]
    if following == ["operations", "command"]:  # "the Anbar operations command"
        return True
    k = span.last
    for _ in range(4):
        if k + 1 >= len(tokens) or tokens[k].hyphen_after:
            return False
        if not tokens[k].joins_next and not _POSSESSIVE_GAP.match(text, tokens[k].end, tokens[k + 1].start):
            return False  # the run goes on through "People's" only
        k += 1
        nxt = tokens[k]
        if not nxt.capitalised:
            return False
        if nxt.key in _BODY_WORDS:
            return True
    return False


# Bodies whose names hold a place word a few words before ("Regional Military Command"); not
# newspapers or clubs, whose city is a place too ("the Winnipeg Free Press").
_BODY_WORDS = frozenset(
    "government command council committee ministry front brigade brigades corps army forces mission "
    "shield union alliance movement".split()
)



_TITLE_GAP = re.compile(r"\.?[ \t]{1,2}$")
_LOCAL_WORDS = frozenset(
    "street st road rd avenue ave boulevard blvd drive lane highway county parish township lake river creek "
    "park church cathedral mosque hospital school university college airport station bridge square plaza hall "
    "center centre mall canal plantation valley mountain mountains hill hills beach island bay harbor harbour "
    "port fort mount village city town district province region camp base".split()
)
_TYPE_WORDS_AFTER = ADMIN_WORDS | SETTLEMENT_WORDS | frozenset("river valley camp".split())
# Prepositions as common before people as before places ("according to Putin", "a call from Kelly").
_PERSON_PREPOSITIONS = frozenset("to from at via toward towards".split())
_LOCATIVES = frozenset("in at near from to outside across around toward towards into via through".split())
_PLACE_TYPE_WORDS = SETTLEMENT_WORDS | ADMIN_WORDS  # "the town of X", "the province of X"
# Words that may precede a place's name in a run of capitals without making it a person's name.
_NAME_RUN_OPENERS = TYPE_WORDS | {"the", "in", "of"}


def _names_its_region(gazetteer: Gazetteer, span: Span, run: list[Token]) -> bool:
    """ "Unity State", "Lakes State": a capitalised region word closing the name of a region."""
    if not run[-1].capitalised or run[-1].key not in ADMIN_WORDS:
        return False
    return any(gazetteer.feature_code(i) in fc.REGION_CODES for i in span.candidates)


def _is_wordlike(token: Token) -> bool:
    return is_common_word(token.key) or (len(token.key) <= 2 and "." not in token.text)


def _only_weak_matches(span: Span) -> bool:
    """Every candidate matched only loosely or through an alternate name."""
    return all(flags & (KEY_LOOSE | KEY_ALTERNATE) for flags in span.candidates.values())


def has_locative_evidence(text: str, tokens: list[Token], span: Span) -> bool:
    """ "in Franklin", "Franklin, Tennessee": a preposition of place or a container after a comma."""
    before = tokens[span.first - 1] if span.first > 0 else None
    if (
        before is not None
        and before.key in _LOCATIVES
        and not before.capitalised
        and not text[before.end : span.start].strip()  # "in 2016 [File: ...]": the year was the object
    ):
        return True
    if (  # "the town of Hit"
        before is not None
        and before.key == "of"
        and span.first >= 2
        and tokens[span.first - 2].key in _PLACE_TYPE_WORDS
    ):
        return True
    after = tokens[span.last + 1] if span.last + 1 < len(tokens) else None
    if after is not None and not after.capitalised and after.key in _TYPE_WORDS_AFTER:
        return text[span.end : after.start] == " "  # "northern Shan state", "the Crater district"
    return (
        after is not None
        and text[span.end : after.start].strip() == ","
        and after.capitalised
        and (after.key in container_names() or len(after.key) <= 4 and text[after.end : after.end + 1] == ".")
    )


def is_common_word(key: str) -> bool:
    """An English word, also in an inflected form ("schools", "fearing", "tears")."""
    words = common_words()
    if key in words:
        return True
    for suffix, replacements in (("s", ("",)), ("es", ("",)), ("ing", ("", "e")), ("ed", ("", "e"))):
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            stem = key[: -len(suffix)]
            if any(stem + r in words for r in replacements):
                return True
    return False


def _mixed_case(word: str) -> bool:
    """ "QAnon", "UConn", "CEOs": internal capitals mark brands and acronyms, not place names."""
    if len(word) < 3 or word.isupper() or word[:2] in ("Mc", "O'") or word[:3] == "Mac":
        return False
    return any(ch.isupper() for ch in word[1:]) and not word[1:].isupper()


def _is_major(gazetteer: Gazetteer, candidates: dict[int, int]) -> bool:
    """Countries, continents, first-level regions and cities of a million: no person filter applies."""
    for index, flags in candidates.items():
        if flags & KEY_LOOSE:
            continue
        code = gazetteer.feature_code(index)
        if code == fc.ADM1 and flags & KEY_STRIPPED:
            continue  # "Qari Yusuf Ahmadi said": the region is "Al Ahmadi", the man "Ahmadi"
        if fc.is_country(code) or code in (fc.CONTINENT, fc.ADM1) and not flags & KEY_ALTERNATE:
            return True
        if fc.is_settlement(code) and gazetteer.population(index) >= 1_000_000:
            return True
    return False


def person_name_words(tokens: list[Token], spans: list[Span]) -> frozenset[str]:
    """Words of capitalised runs that are not places ("Dmitry Peskov"): "Peskov" alone is a person too."""
    span_ranges = {(s.first, s.last) for s in spans}
    covered = [False] * len(tokens)
    for s in spans:
        for k in range(s.first, s.last + 1):
            covered[k] = True
    words: set[str] = set()
    i = 0
    while i < len(tokens):
        j = i
        while (
            j + 1 < len(tokens)
            and tokens[j].capitalised
            and tokens[j].joins_next
            and not tokens[j].hyphen_after
        ):
            if tokens[j + 1].capitalised:
                j += 1
            elif _glued_article(tokens, j + 1):  # "Ahmed al-Sharaa", "Bashar al-Assad"
                j += 2
            else:
                break
        first = i
        while j - first > 1 and tokens[first].key in person_titles():  # "Staff Lieutenant General Abdulamir Rashid"
            first += 1
        run = [t for t in tokens[first : j + 1] if t.capitalised]
        if (
            2 <= len(run) <= 4
            and (first, j) not in span_ranges
            and (len(run) == 2 or not all(covered[k] for k in range(first, j + 1)))
            and not any(t.key in _LOCAL_WORDS for t in run)
            and not any(
                t.upper or t.key in TYPE_WORDS or t.key in org_words() or t.key in _NAME_LINKS for t in run
            )
            and not (run[0].sentence_start and is_common_word(run[0].key))
        ):
            words.update(t.key for t in run)
        i = j + 1
    return frozenset(words)


def _glued_article(tokens: list[Token], k: int) -> bool:
    """A lower-case Arabic article hyphenated to a capitalised word: "al-" in "al-Sharaa"."""
    return (
        k + 1 < len(tokens)
        and tokens[k].key in ARABIC_ARTICLES
        and tokens[k].hyphen_after
        and tokens[k + 1].capitalised
    )


def _inside_name_run(tokens: list[Token], span: Span) -> bool:
    """A small place's name glued to other capitalised words is usually part of a person's name."""
    before = tokens[span.first - 1] if span.first > 0 else None
    after = tokens[span.last + 1] if span.last + 1 < len(tokens) else None
    if before is not None and before.joins_next:
        if before.capitalised and not before.sentence_start and before.key not in _NAME_RUN_OPENERS:
            return True
        if before.key in ("bin", "ibn", "bint", "abu"):
            return True
    last = tokens[span.last]
    return bool(
        after is not None
        and last.joins_next
        and not last.hyphen_after
        and after.capitalised
        and after.key not in TYPE_WORDS
    )


def _is_chrome_line(text: str, offset: int) -> bool:
    start, end = line_bounds(text, offset)
    if end - start > 120:
        return False
    words = text[start:end].split()
    if len(words) > 6:
        return False
    return any(w.lower().strip(":|") in _CHROME_WORDS for w in words[:2])


@lru_cache(maxsize=8)
def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Start and end of the line holding offset (computed once per text: linear on huge inputs)."""
    starts = _line_starts(text)
    index = bisect_right(starts, offset) - 1
    end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
    return starts[index], end


@lru_cache(maxsize=8)
def lower_case_words(text: str) -> frozenset[str]:
    """Words written in lower case somewhere in the text: "Once" there is not a place."""
    return frozenset(re.findall(r"(?<![\w'’])[a-z]+(?![\w'’])", text))


# After the town: up to two comma-separated parts (country or state, date: "BAKU, Azerbaijan, Oct. 17"),
# then a colon, a dash, an agency's bracket or the end of the line.
_DATELINE_TAIL = re.compile(r"^(?:,\s*[A-Za-z][\w .]{0,30}){0,2}?\s*(?::|—|–|-{1,2}\s|\(|\n)")


def is_dateline(text: str, span: Span) -> bool:
    """ "BAGHDAD:", "KYIV, Ukraine (AP) —": a capitalised place opening a line."""
    line_start, _ = line_bounds(text, span.start)
    if text[line_start : span.start].strip():
        return False
    if not span.text.isupper():
        return False
    tail = text[span.end : span.end + 40]
    # "JUBA. South Sudan's army has captured": a full stop too, after a name of four letters or more
    return bool(_DATELINE_TAIL.match(tail)) or len(span.text) >= 4 and tail.startswith(". ")
