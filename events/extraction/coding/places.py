"""Which place(s) a trigger governs.

A place is governed only when the words between the trigger and the name are "filler"
(determiners, feature nouns, adjectives: "the strategic eastern town of"); "Rawa in western Anbar"
stops at "in", "just south of Damascus" stops at "south of". So containers and reference points
are never taken for the object. Besides a named object, a trigger may govern a coordinated list
("Rawa and Anah"), an anaphor ("the town", "it"), a list apposed to a plural ("two cities, X and Y"),
the clause-initial subject of a passive ("Rawa was retaken") or the head of a relative clause
("Fallujah, which it seized").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from events.extraction.feature_codes import ADMIN_PREFIX, SETTLEMENT_PREFIX

from ..lexicon import lexicon
from .features import controllable, is_city

if TYPE_CHECKING:
    from .article import Article, Placed
    from .sentence import SentenceContext

# Words that may stand between a trigger and the place it governs ("the strategic eastern town of"):
# data, in lexicon/en/filler.json.
FILLER = frozenset(lexicon("en").filler.raw["words"])
# Gap words that name a part of the place, not another thing ("parts of", "the outskirts of").
_PART_WORDS = frozenset(
    "parts part outskirts neighbourhoods neighborhoods suburbs most half areas edges".split()
)
_QUOTES = frozenset({"(", ")", '"', "“", "”", "'", "’"})
# A second unknown word with a pronoun or conjunction in the gap means a new clause, not a name part.
_CLAUSE_WORD = re.compile(
    r"\b(?:they|it|he|she|we|which|that|who|where|when|after|before|while|as)\b", re.IGNORECASE
)
_STOP_RELATION = re.compile(
    r"\b(?:near|outside|in|at|inside|around|close|toward|towards|from|beyond|across|between|along|on|into|km|"
    r"kilometers|kilometres|miles|(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
_PARTIAL = re.compile(
    r"\b(?:parts?|outskirts|neighbou?rhoods?|suburbs?|districts|edges?|half|some|several|areas?\s+(?:of|around|near)|"
    r"villages?\s+(?:near|around|outside)|positions|approaches|western\s+part|eastern\s+part|northern\s+part|southern\s+part)\b",
    re.IGNORECASE,
)
REFERENCE_POINT = re.compile(
    r"(?:\b(?:near|outside|beyond|from|km|kilometers|kilometres|miles)|"
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(
    r"(?:\s+(?:refugee\s+)?(?:camps?|districts?|towns?|city|village|villages|province|region|governorate|area|"
    r"neighbou?rhood|suburb|quarter))?"
    r"(?:\s*\([^()\n]{1,40}\))?"  # "A and B villages (Fuzuli district), C": a bracketed container
    r"\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|and\s+|as\s+well\s+as\s+|&\s*)"
    r"(?:the\s+)?(?:(?:nearby|neighbou?ring|key|strategic)\s+)?(?:(?:town|city|village|district|camp|"
    r"towns|cities|villages|districts|areas?|region|province)\s+(?:of\s+)?)?(?:the\s+)?",
    re.IGNORECASE,
)
# A bracket opened after a list member ("Yukhari Abdulrahmanli villages (Fuzuli district), Nuzgar").
_BRACKET_OPEN = re.compile(r"(?:\s+[\w'’-]+)?\s*\(\s*")
# A possessor place: "Idlib's Khan Sheikhoun", "Idlib province's Khan Sheikhoun", "the Nineveh
# Governorate's provincial capital, Mosul".
_POSSESSIVE_CONTAINER = re.compile(
    r"(?:\s+(?:governorate|province|region|state|oblast|district|county))?(?:'s|’s)\s+", re.IGNORECASE
)
# "X's eastern districts", "the city's western neighbourhoods": the trigger reaches only a part.
_POSSESSIVE_PART = re.compile(
    r"(?:'s|’s|')\s+(?:[\w-]+\s+){0,2}?(?:districts?|outskirts|neighbou?rhoods?|suburbs?|parts?|edges?|"
    r"quarters?|areas|outposts|approaches|flanks?|periphery|fringes)\b",
    re.IGNORECASE,
)
# A definite feature noun standing for a place named before ("the town", "the key trading hub"), or "it".
_PLACE_ANAPHOR = re.compile(
    r"\s*(?P<part>(?:(?:most|much|all|parts?|half|some|control|full\s+control|"
    r"(?:the\s+)?(?:east|west|north|south|eastern|western|northern|southern)(?:\s+(?:half|part|side))?)"
    r"\s+of\s+)*)"
    r"(?:(?:the|this|that)\s+(?P<mods>(?:[\w-]+\s+){0,3}?)"
    r"(?P<noun>town|city|village|hub|settlement|(?:provincial|regional|state|district)\s+capital|enclave|locality)"
    r"(?P<poss>'s|’s)?\b(?!\s+(?:of|council|hall|authorities|officials|residents|mayor|'s\s+(?:mayor|residents)))"
    r"|(?P<it>it)\b(?!\s+(?:is|was|has|had|would|will|said|says)\b))",
    re.IGNORECASE,
)
# A garrison named by a definite noun alone ("the camp", "the military base", "the barracks").
_GARRISON_ANAPHOR = re.compile(
    r"\s*(?:the|this|that)\s+(?:(?:military|army|main|key|strategic)\s+){0,2}"
    r"(?:camp|base|barracks|garrison)\b"
    r"(?!\s*(?:(?:of|in|at|near|outside|inside|on|north|south|east|west)\b|[-’'(]|(?-i:[A-Z])))",
    re.IGNORECASE,
)
# "the capital of South Darfur": a region's capital named through its region: the town just named.
_CAPITAL_OF = re.compile(r"\s*(?:the\s+)?(?:\w+\s+)?capital\s+of\s+(?:the\s+)?$", re.IGNORECASE)
# "cities on Friday, Kandahar and Herat": a plural feature noun, then the list apposed to it.
_PLURAL_HEAD = re.compile(
    r"[^,.;:]{0,70}?\b(?:cities|towns|villages|districts|capitals|strongholds|settlements|bases|territories)\b"
    r"(?:[^,.;:]|\.(?=\s*\d)){0,40}?(?:,|:|—|–)\s*(?:the\s+|namely\s+|including\s+)?"  # "on Dec. 10, including"
    r"(?:the\s+)?(?:(?:[\w-]+\s+){0,2}?(?:city|town|village)\s+of\s+)?",  # "including the northern city of Ndele"
    re.IGNORECASE,
)
_CLAUSE_OPENER = re.compile(
    r"[;:]|\b(?:after|when|as|while|whereas|though|although|but|since|before|because|and|said|says|saying|told"
    r"|announced|claimed)\b"
)
_SUBJECT_LIST_GAP = re.compile(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?(?:town\s+of\s+|city\s+of\s+)?")
_COMMA_END = re.compile(r",\s*$")
_NO_STOP = re.compile(r"[^;:.]*")
_PART_OF = re.compile(
    r"\b(?:parts?|half|some|east|west|north|south|eastern|western|northern|southern)\b", re.IGNORECASE
)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|of|near|around|across|outside)\s+(?:the\s+)?$", re.IGNORECASE)
_SETTLEMENT_CUE = re.compile(r"\b(?:town|city|village|port|settlement)\s+of\s+$", re.IGNORECASE)
# "the ports", "both towns", "the two cities": the places of the last control event with several.
_PLURAL_ANAPHOR = re.compile(
    r"\s*(?:the|both|these|those)\s+(?:two\s+|three\s+|four\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:towns|cities|villages|ports|terminals|bases|districts|strongholds)\b",
    re.IGNORECASE,
)
_PLURAL_SUBJECT = re.compile(
    r"(?:^|[.;:]\s*|\b(?:and|but)\s+)[\"“]?(?:they|(?:the|both|these)\s+(?:two\s+|three\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:towns|cities|villages|ports|terminals))\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
# "The city, located on the highway to the capital, was captured by": one parenthetical may stand
# between the subject and its verb.
_SINGULAR_SUBJECT = re.compile(
    r"\b(?:the|this)\s+(?:[\w'’-]+\s+){0,2}?(?:town|city|village|settlement|enclave)\b(?!\s+of\b)"
    r"(?=(?:\s*,[^,;.]{1,90},)?[^,;.]{0,40}$)",
    re.IGNORECASE,
)
# "X, the capital of Y province, " inside a list of places.
_APPOSITION = re.compile(r",\s+(?:the|a|an|its)\s+[^,;:.()]{1,70}?,\s*")
_AFTER_APPOSITION = re.compile(
    r"(?:and\s+|as\s+well\s+as\s+)?(?:the\s+)?(?:(?:town|city|village|port)\s+of\s+)?", re.IGNORECASE
)
# "the Tigray town of Shire": the first name only says where the town is.
_REGION_OF_TOWN = re.compile(r"\s+(?:town|city|village|port|capital)\s+of\s+", re.IGNORECASE)
# "the Tigray regional capital Mekelle", "the Donetsk town Avdiivka": a region used as an adjective
# before the noun and name of the town in it (the town's name follows at once).
_REGION_NOUN_TOWN = re.compile(
    r"\s+(?:(?:regional|provincial|state|district)\s+)?(?:capital|town|city|village|port)\s+", re.IGNORECASE
)
# A military site taken in a town: "the army's 16th Infantry Division base in", "an army camp in"
# (not "weapons from a base in": the words before the site name no other thing).
_FACILITY = re.compile(
    r"\s*(?:the|a|an|its|their|his)?\s*(?:(?!(?:from|near|outside|around|into|to|of|with)\b)[\w'’.-]+\s+){0,6}?"
    r"(?:base|bases|camp|barracks|garrison|headquarters|hq|command|division|brigade|battalion|regiment|"
    r"outpost|compound|airbase|pocket|government\s+buildings)"
    r"(?:\s+(?:headquarters|base|compound|of\s+territory))?\s+(?:in|at)\s+",
    re.IGNORECASE,
)
# What may follow a trigger whose object is the head of its relative clause: a date, a preposition,
# punctuation ("which it seized in January", "which they captured on March 2"), not a noun ("power").
_NO_OBJECT = re.compile(
    r"\s*(?:[,.;:)\"”]|$|(?:in|on|at|last|earlier|this|from|after|before|during|early|late|by|with|without|"
    r"back|and|but|within|only|just|over|twice|again|\d+)\b)",
    re.IGNORECASE,
)
_PLACE_THEN_RELATIVE = re.compile(
    r"[\s)]*(?:(?:province|region|state|district|governorate|oblast|area|city|town)\b)?[\s)]*"
    r"(?:(?:last|this|on|in|earlier|early|late)\s+[\w.]+(?:\s+\d{1,4})?\s*)?"  # "Urozhaine last week, which"
    # "Baiji, an oil refinery town further south that...": an apposition naming the place a town
    r"(?:,\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,4}?(?:town|city|village|hub|port|capital|stronghold)"
    r"(?:\s+[\w'’-]+){0,3}\s*)?",
    re.IGNORECASE,
)
_ANAPHOR_THEN_RELATIVE = re.compile(
    r"\b(?:the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:town|city|village|settlement|enclave|stronghold),\s+"
    r"(?:which|that)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
_RELATIVE_OBJECT = re.compile(r",?\s*\b(?:which|that)\s+(?:[\w'’-]+\s+){0,6}$", re.IGNORECASE)


def object_places(sentence: SentenceContext, pos: int, *, facility: bool = False) -> tuple[list[int], bool]:
    """The place(s) a trigger ending at ``pos`` governs as object, and whether only a part of it:
    an anaphor ("took control of the town", "captured it", "seized the ports") resolved to its
    antecedent, a plural with an apposed list ("took two cities on Friday, X and Y"), else the named
    places that follow; with ``facility`` (captures), the town of a garrison taken there."""
    anaphor = _anaphoric_object(sentence, pos)
    if anaphor is not None:
        return anaphor
    if facility:
        garrison = _garrison_anaphor(sentence, pos)
        if garrison is not None:
            return [garrison], False
    text, placed = sentence.article.text, sentence.placed
    if _PLURAL_ANAPHOR.match(text, pos) and len(sentence.article.last_group) > 1:
        return list(sentence.article.last_group), False
    apposed = _apposed_list(text, pos, placed)
    if apposed:
        return apposed, False
    targets, partial = forward_places(text, pos, placed)
    if targets or not facility:
        return targets, partial
    return _facility_object(sentence, pos), False


def subject_anaphor(sentence: SentenceContext, t_start: int) -> list[int]:
    """The place(s) a definite noun or pronoun subject stands for ("the city remains under government
    control", "They were captured on March 3 by..." after a sentence about two ports)."""
    text = sentence.article.text
    clause = text[sentence.start : t_start]
    if _PLURAL_SUBJECT.search(clause) and len(sentence.article.last_group) > 1:
        return list(sentence.article.last_group)
    hits = list(_SINGULAR_SUBJECT.finditer(text, sentence.start, t_start))
    if not hits:
        return []
    antecedent = _antecedent(sentence, hits[-1].start())
    return [antecedent] if antecedent is not None else []


def forward_places(text: str, pos: int, placed: Placed) -> tuple[list[int], bool]:
    """The named place(s) after ``pos``: a filler-only gap, then a coordinated list."""
    targets: list[int] = []
    partial = False
    anchor = pos
    for index, mention in placed:
        if mention["start"] < anchor:
            continue
        gap = text[anchor : mention["start"]]
        if not targets:
            tokens = [t.lower() for t in _TOKEN.findall(gap)]
            if len(tokens) > 9 or _STOP_RELATION.search(gap) or not _all_filler(tokens, gap):
                break
            partial = bool(_PARTIAL.search(gap))
        elif _BRACKET_OPEN.fullmatch(gap):
            continue  # "(Fuzuli district)" after a list member: its container, not a member
        elif not _LIST_GAP.fullmatch(gap):
            # "Pul-e-Khumri, the capital of Baghlan province, and Farah": an apposition inside a list is
            # skipped; "Wad Madani, the capital of Gezira" with nothing after it ends the list
            apposition = _APPOSITION.match(text, anchor)
            if apposition is None:
                break
            anchor = apposition.end()
            if mention["start"] < anchor:
                continue
            if not _AFTER_APPOSITION.fullmatch(text, anchor, mention["start"]):
                break
        if targets or not (
            _REGION_OF_TOWN.match(text, mention["end"])
            or _possessed_place(text, mention, placed)
            or _region_before_town(text, mention, placed)
        ):
            targets.append(index)
            anchor = mention["end"]
            continue
        # a possessor or region only locates the next place: its gap is read from the possessive on
        poss = _POSSESSIVE_CONTAINER.match(text, mention["end"])
        anchor = poss.end() if poss is not None and _possessed_place(text, mention, placed) else mention["end"]
    if targets and _POSSESSIVE_PART.match(text, _end_of(placed, targets[0])):
        partial = True  # "entered Vuhledar's eastern districts": a part of the town, not the town
    return targets, partial


def _possessed_place(text: str, mention: dict, placed: Placed) -> bool:
    """ "Idlib's Khan Sheikhoun", "Donetsk's Avdiivka": the possessor only says where the next place
    is, so a trigger before it governs the possessed place."""
    poss = _POSSESSIVE_CONTAINER.match(text, mention["end"])
    if poss is None:
        return False
    nxt = next((m for _, m in placed if m["start"] >= poss.end()), None)
    return nxt is not None and _all_filler(
        [t.lower() for t in _TOKEN.findall(text[poss.end() : nxt["start"]])], text[poss.end() : nxt["start"]]
    ) and len(text[poss.end() : nxt["start"]]) <= 40


def _region_before_town(text: str, mention: dict, placed: Placed) -> bool:
    """ "the Tigray regional capital Mekelle": a region named before a town noun and the town's name
    only says where the town is, so a trigger before it governs the town."""
    if is_city(mention):
        return False
    noun = _REGION_NOUN_TOWN.match(text, mention["end"])
    return noun is not None and any(m["start"] == noun.end() for _, m in placed)


def _facility_object(sentence: SentenceContext, pos: int) -> list[int]:
    """ "overran the army's 16th Infantry Division base in Nyala", "seized an army camp in the town of
    Lere": a garrison, base or headquarters taken in a town stands for the town."""
    hit = _FACILITY.match(sentence.article.text, pos)
    if hit is None:
        return []
    # the site itself when it is a derived place of its own ("the 16th Division base in Nyala")
    site = next((i for i, m in sentence.placed if pos <= m["start"] < hit.end() < m["end"]), None)
    if site is not None:
        return [site]
    targets, partial = forward_places(sentence.article.text, hit.end(), sentence.placed)
    mentions = sentence.article.mentions
    return [] if partial or not targets or not is_city(mentions[targets[0]]) else targets[:1]


def backward_places(text: str, s_start: int, t_start: int, placed: Placed) -> list[int]:
    """The place a passive or 'fell' trigger governs as subject: the clause-initial place(s) before it."""
    clause_start = s_start
    for opener in _CLAUSE_OPENER.finditer(text[s_start:t_start]):
        if opener.group(0) == "and" and not _COMMA_END.search(text[s_start : s_start + opener.start()]):
            continue
        clause_start = s_start + opener.end()
    candidates = [
        (i, m)
        for i, m in placed
        if clause_start <= m["start"]
        and m["end"] <= t_start
        and controllable(m)
        and not REFERENCE_POINT.search(text, max(clause_start, m["start"] - 30), m["start"])
    ]
    if not candidates:
        return []
    cities = [i for i, m in candidates if is_city(m)]
    first = cities[0] if cities else candidates[0][0]
    if len(text[_end_of(candidates, first) : t_start]) > 120:
        return []
    # a coordinated subject ("Rawa and Anah were retaken") takes all its members
    group = [first]
    for i, m in candidates:
        if i > first and _SUBJECT_LIST_GAP.fullmatch(text[_end_of(candidates, group[-1]) : m["start"]]):
            group.append(i)
    return group


def relative_antecedent(text: str, s_start: int, t_start: int, t_end: int, placed: Placed) -> int | None:
    """ "Fallujah, which it seized in January": the object of a trigger in a relative clause is the
    town the clause hangs on (the head town of "Urozhaine in the Donetsk region, which..."). Only
    when the trigger has no object of its own ("the junta, which seized power in 2020") and the
    relative pronoun follows a place name ("Kidal was a victory for the junta, which..." is not Kidal)."""
    hit = _RELATIVE_OBJECT.search(text, s_start, t_start)
    if hit is None or not _NO_OBJECT.match(text, t_end):
        return None
    before = [(i, m) for i, m in placed if m["end"] <= hit.start() and hit.start() - m["end"] <= 60]
    if not before or not _PLACE_THEN_RELATIVE.fullmatch(text, before[-1][1]["end"], hit.start()):
        return None
    towns = [i for i, m in before if is_city(m) and controllable(m)]
    return towns[-1] if towns else None


def relative_anaphor(sentence: SentenceContext, t_start: int) -> int | None:
    """ "They failed to take the town, which remains under the control of the rebels": the town a
    relative clause hangs on when it is named by a definite noun, not by its name."""
    text = sentence.article.text
    hit = _ANAPHOR_THEN_RELATIVE.search(text, sentence.start, t_start)
    return None if hit is None else _antecedent(sentence, hit.start())


def settlement_place(article: Article, mention_index: int) -> dict:
    """The place of a control target: its resolved place, except when the text calls it a town ("the
    northern city of Amran") and the geoparser chose the region of the same name: then the best
    town among the mention's candidates (control changes hands town by town)."""
    mention = article.mentions[mention_index]
    if is_city(mention) or not _SETTLEMENT_CUE.search(
        article.text, max(0, mention["start"] - 30), mention["start"]
    ):
        return mention["place"]
    towns = [
        c for c in mention.get("candidates") or () if (c.get("feature_code") or "").upper().startswith(SETTLEMENT_PREFIX)
    ]
    if not towns:
        return mention["place"]
    best = max(towns, key=lambda c: c.get("score") or 0.0)
    return {key: value for key, value in best.items() if key != "score"}


def targets_end(article: Article, targets: list[int], default: int) -> int:
    """Where the trigger's object ends: its last place, or the anaphor that stood for it."""
    if not targets:
        return default
    end = article.mentions[targets[-1]]["end"]
    return max(default, article.anaphor_end) if end < default else end


def _end_of(placed: Placed, index: int) -> int:
    """The end offset of mention ``index`` in ``placed`` (0 if absent)."""
    return next((m["end"] for i, m in placed if i == index), 0)


def _all_filler(tokens: list[str], gap: str) -> bool:
    """Only filler between trigger and place, with one unknown word allowed (an unresolved name
    part: "the Shaer gas field", "the Iraqi town of") unless the gap opens a new clause."""
    extra = 0
    for token in tokens:
        if token in FILLER or token in _QUOTES or token in _PART_WORDS:
            continue
        if token.endswith(("-held", "-controlled", "-occupied")):
            continue
        extra += 1
    return extra <= 1 and not (extra and _CLAUSE_WORD.search(gap))


def _anaphoric_object(sentence: SentenceContext, pos: int) -> tuple[list[int], bool] | None:
    """ "took full control of the town", "the liberation of the city", "took control of most of it":
    the most recent town named before (this or the previous sentence, else the lead's town)."""
    text = sentence.article.text
    hit = _PLACE_ANAPHOR.match(text, pos)
    if hit is None:
        return _capital_of(sentence, pos)
    if hit["mods"] and not all(w.lower() in FILLER or "-" in w for w in hit["mods"].split()):
        return None
    after = hit.end()
    nxt = next((m for _, m in sentence.placed if m["start"] >= after), None)
    if nxt is not None and text[after : nxt["start"]].isspace() and not hit["it"]:
        return None  # "the town Bakhmut": an apposition, the name itself follows
    antecedent = _antecedent(sentence, pos)
    if antecedent is None:
        return None
    sentence.article.anaphor_end = after
    partial = bool(_PART_OF.search(hit["part"] or "")) or bool(
        hit["poss"] and _POSSESSIVE_PART.match(text, after - len(hit["poss"]))
    )
    return [antecedent], partial


def _garrison_anaphor(sentence: SentenceContext, pos: int) -> int | None:
    """ "the jihadists managed to take control of the camp" after "an assault on the Djibo military
    camp"; "In Diapaga, ..., jihadists took over the military camp": a garrison named by a definite
    noun alone stands for the town it was last said to be in (this sentence, else the previous one),
    as "the base in Nyala" does (``_FACILITY``). Not when the noun is followed by where it is ("the
    base in X", "the camp near X"): the facility rule reads those."""
    hit = _GARRISON_ANAPHOR.match(sentence.article.text, pos)
    if hit is None:
        return None
    antecedent = _antecedent(sentence, pos)
    if antecedent is None or not is_city(sentence.article.mentions[antecedent]):
        return None
    sentence.article.anaphor_end = hit.end()
    return antecedent


def _capital_of(sentence: SentenceContext, pos: int) -> tuple[list[int], bool] | None:
    """ "giving them control of the capital of South Darfur": the region's capital is the town named
    just before in the same region (its admin1), else nothing."""
    region = next((m for _, m in sentence.placed if m["start"] >= pos), None)
    if region is None or not _CAPITAL_OF.fullmatch(sentence.article.text, pos, region["start"]):
        return None
    code = (region["place"].get("feature_code") or "").upper()
    if not code.startswith(ADMIN_PREFIX):
        return None
    antecedent = _antecedent(sentence, pos)
    if antecedent is None:
        return None
    town, area = sentence.article.mentions[antecedent]["place"], region["place"]
    same_region = town.get("country_code") == area.get("country_code") and (
        not town.get("admin1")
        or not area.get("admin1")
        or town.get("admin1") == area.get("admin1")
        or town.get("admin1") == area.get("name")
    )
    return ([antecedent], False) if same_region else None


def _antecedent(sentence: SentenceContext, pos: int) -> int | None:
    """The town "the town" or "it" stands for: in this sentence before ``pos``, else in the previous
    one, the most recent town a control trigger was about (the story's object), else the most recent
    town; never a reference point ("80 km west of Mosul") nor a capital named for its government
    ("an operation Ankara said..."); else the article's lead town."""
    article = sentence.article
    for k in (sentence.index, sentence.index - 1):
        if k < 0:
            continue
        towns = [
            (i, m)
            for i, m in article.placed_by_sentence[k]
            if m["end"] <= pos
            and is_city(m)
            and controllable(m)
            and not REFERENCE_POINT.search(article.text, max(0, m["start"] - 30), m["start"])
        ]
        targeted = [i for i, _m in towns if i in article.targeted]
        if targeted:
            return targeted[-1]
        named = [i for i, m in towns if not article.actor_at(m["start"], m["end"])]
        if named:
            return named[-1]
    return article.lead_place


def _apposed_list(text: str, pos: int, placed: Placed) -> list[int]:
    """ "took two cities on Friday, Kandahar and Herat": the list apposed to a plural feature noun."""
    hit = _PLURAL_HEAD.match(text, pos)
    if hit is None or any(
        pos <= m["start"] < hit.end() and _LOCATIVE_BEFORE.search(text, max(pos, m["start"] - 12), m["start"])
        for _, m in placed
    ):
        return []  # "dozens of towns in Borno, Yobe and Adamawa": a container, not an apposed list
    targets: list[int] = []
    anchor = hit.end()
    for index, mention in placed:
        if mention["start"] < anchor:
            continue
        if not targets:
            if mention["start"] != anchor:
                return []
        elif _BRACKET_OPEN.fullmatch(text, anchor, mention["start"]):
            continue  # a bracketed container inside the list
        elif not _LIST_GAP.fullmatch(text[anchor : mention["start"]]):
            break
        targets.append(index)
        anchor = mention["end"]
    return targets
