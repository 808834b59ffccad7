"""Who did it and who lost it: the actors around a trigger.

The gainer is the trigger's subject (the nearest actor before it not governed by a preposition),
"by X" after a passive, or for nominal triggers ("the recapture of X by...") any free actor nearby.
The loser is "from X"; when it is not said, ``opponent`` names the most likely other side.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..actors import Actor, ActorMatch
from .article import Article

if TYPE_CHECKING:
    from .sentence import SentenceContext

_PREPOSITIONS = frozenset(
    "by from against with of to for on at in alongside between into near toward towards over than about told like".split()
)
# Words between a preposition and its actor: "by the", "from its".
_DETERMINERS = frozenset("the a an its their some other remaining local allied".split())
# "forces loyal to Haftar", "fighters allied with the government": the real subject, not an object.
_ALLEGIANCE = frozenset({"loyal", "allied", "aligned", "affiliated", "linked", "close"})
# "gunmen of X", "hundreds of fighters of X", "members of X": people of an actor are the actor.
_PARTITIVE = frozenset(
    "gunmen fighters militants members militiamen troops soldiers units elements hundreds dozens scores "
    "thousands some many".split()
)
# "The leader of rebel forces in Tigray said", "the spokesman of the SDF told": a speaker of an actor
# speaks for it, so the actor heads the reporting clause (not when the person is an object: "killed the
# commander of X").
_SPEAKERS = frozenset(
    "leader leaders head chief commander commanders spokesman spokeswoman spokesperson spokesmen".split()
)
# "Malian officials", "Iraqi military officials": who speak for a country's state.
_STATE_SPEAKERS = re.compile(
    r"\b([A-Z][a-z]+)\s+(?:(?:government|military|army|security|defen[cs]e)\s+)?(?:officials|authorities|officers)\b"
)
_SPEAKS = re.compile(r"[^,;.]{0,80}?\b(?:said|says|told|announced|claimed|stated|insisted)\b")
# Actors in a relative clause (", which has fought the government since 2007,"), a participle aside
# (", backed by Sunni tribal fighters and the PMF,") or an apposition (", a rival to the larger
# al-Shabaab,") are not the main subject.
_ASIDE = re.compile(
    r",\s*(?:which|who|whose|that|backed\s+by|supported\s+by|aided\s+by|helped\s+by|joined\s+by|"
    r"accompanied\s+by|with\s+support\s+from|a|an|acting|working|fighting|operating)\b[^,;]*,"  # "a"/"an": an
    # apposition ("X, a rival of Y,"); a dashed aside ("Rebels led by X -- accused of recruiting child soldiers --")
    r"|\s(?:--|—|–)\s[^—–;]*?\s(?:--|—|–)\s",
    re.IGNORECASE,
)
# What may join coordinated actors heading one subject ("Iraqi troops and Shiite militias").
_COORDINATION = re.compile(
    r"[\s,()“”\"'’]*(?:(?:and|as well as|along with|alongside|together with|backed by|supported by|the|its|their|"
    r"allied|police|militias?|militiamen|tribesmen|volunteers)[\s,()“”\"'’]*)*",
    re.IGNORECASE,
)
# Between an actor and its relative clause's verb: "militants that (had) overran", "the group, which seized".
_RELATIVE_SUBJECT = re.compile(
    r"\s*,?\s*(?:that|who|which)\s+(?:(?:had|have|has|was|were|then|also|later|quickly|reportedly|allegedly|"
    r"recently|briefly|eventually|finally)\s+){0,2}",
    re.IGNORECASE,
)
# Words that may stand between a trigger and a following actor ("fell to the militants", "by IS forces").
_DIRECT_GAP = frozenset("the a an by of to forces fighters militants its their".split())
_PREPOSITION_GAP = frozenset("the a an last on early late this forces of fighters militants".split())
_DATE_WORD = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|overnight|morning|night|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|\d+)$"
)
_PRONOUN = re.compile(
    r"\b(?:they|it|its\s+(?:forces|fighters|troops)|their\s+(?:forces|fighters|troops)|the\s+group|the\s+militants|the\s+rebels|the\s+jihadists"
    r"|we|our\s+(?:forces|fighters|troops|units|men|army))\b",
    re.IGNORECASE,
)
# Who speaks for an armed actor: "RSF Deputy Commander Abdelrahim Dagalo", "Taliban spokesman Zabihullah
# Mujahid", "TNLA's Tar Bhone Kyaw", "Debretsion Gebremichael, leader of the TPLF".
_TITLE = (
    r"(?:(?:deputy|chief|military|senior|top|official|political|field)\s+)?"
    r"(?:commander|spokesm[ae]n|spokeswoman|spokesperson|leader|head|chief|official|envoy|negotiator)"
)
_RANK = (
    r"(?:(?:Brig(?:adier)?\.?(?:[- ]Gen(?:eral)?\.?)?|Maj(?:or)?\.?(?:\s+Gen(?:eral)?\.?)?|Lt\.?\s+Col\.?|"
    r"Lieutenant[- ]Colonel|Colonel|Col\.|General|Gen\.|Captain|Capt\.|Commander|Sheikh|Dr\.?)\s+)*"
)
_NAME = r"(?-i:((?:[A-Z][a-z'’-]+\s+){1,3}[A-Z][a-z'’-]+))"
_TITLED_AFTER = re.compile(rf"(?:\s*\([^()]{{1,12}}\))?(?:['’]s)?\s+(?:{_TITLE}\s+)?(?-i:{_RANK}){_NAME}", re.IGNORECASE)
_TITLED_BEFORE = re.compile(
    rf"{_NAME},\s+(?:the\s+|a\s+|its\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_TITLE}\s+(?:of|for)|who\s+(?:heads|leads|commands))\s+(?:the\s+)?$"
)
# Where the speaker's clause after a quote ends: ", after the last militants...", "; ...".
_SPEAKER_END = re.compile(r",\s+(?:after|before|as|when|while|but|and|adding|saying)\b|[;.:]\s|[;.:]$")
_WORD = re.compile(r"[\w'’-]+")
_PROPER_ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:an|ian|ish|ese|i|ic)")  # "Russian", "Turkish", "Iraqi"
_ALLEGIANCE_AFTER = re.compile(
    r"\s+(?:aligned|allied|affiliated|loyal|linked)\s+(?:with|to)\s+(?:the\s+)?", re.IGNORECASE
)
# "soldiers from the Wagner Group", "fighters of the RSF": the group a generic noun's people belong to.
_MEMBER_OF = re.compile(r"\s+(?:from|of)\s+(?:the\s+)?", re.IGNORECASE)
_PEOPLE = re.compile(r"(?:soldiers|troops|fighters|mercenaries|paratroopers|servicemen|commandos)$", re.IGNORECASE)
_REPORTING = re.compile(
    r"\b(?:said|says|saying|announced|announcing|claimed|claiming|declared|declaring|reported|stated|"
    r"confirmed|told|wrote|posted)\b",
    re.IGNORECASE,
)
_QUOTE_CLOSE = re.compile(r"[\"”]")
# Who fights with the subject: "backed by X", "alongside X", "with the support of X".
_BACKED_BY = re.compile(
    r"\b(?:backed|supported|aided|assisted|helped|joined|accompanied|reinforced)\s+by\b"
    r"|\b(?:alongside|along\s+with|together\s+with|with\s+the\s+(?:help|support|backing)\s+of)\b",
    re.IGNORECASE,
)
_WITH_COMPANION = re.compile(
    r"\b(?:alongside|along\s+with|together\s+with|with\s+the\s+(?:help|support|backing)\s+of|backed\s+by|"
    r"supported\s+by)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[;:]|,\s+(?:but|while|whereas|although|after|before|as|when)\b|\s(?:--|—|–)\s")
_BACKING_ASIDE = re.compile(
    r",\s*(?:backed|supported|aided|helped|joined|accompanied)\s+by\b[^,;]*,|\b(?:alongside|along\s+with|together\s+with)\s+[^,;]*",
    re.IGNORECASE,
)


def governed(text: str, s_start: int, pos: int) -> bool:
    """Is the span at ``pos`` the object of a preposition (or a possessor: "Russia's" is fine)?"""
    words = _WORD.findall(text[max(s_start, pos - 35) : pos])
    adjectives = 0
    while words and (
        words[-1].lower() in _DETERMINERS or (adjectives < 2 and _PROPER_ADJECTIVE.fullmatch(words[-1]))
    ):
        adjectives += words[-1].lower() not in _DETERMINERS
        words.pop()  # "backed by Russian Wagner mercenaries": "Russian" still leaves them governed
    if len(words) >= 2 and words[-2].lower() in _ALLEGIANCE:
        return False
    if len(words) >= 2 and words[-1].lower() == "of" and words[-2].lower() in _PARTITIVE:
        return False  # "scores of gunmen of the al-Qaida group took...": the group is the subject
    if len(words) >= 2 and words[-1].lower() == "of" and words[-2].lower() in _SPEAKERS and _SPEAKS.match(text, pos):
        return False  # "The leader of rebel forces ... said that X remained in their hands": they speak for it
    return bool(words) and words[-1].lower() in _PREPOSITIONS


def sentence_subject(text: str, start: int, matches: list[ActorMatch]) -> Actor | None:
    """The first actor not governed by a preposition: who the sentence is about (for 'they', 'it')."""
    for match in matches:
        if not governed(text, start, match.start):
            return match.actor
    return None


def subject_before(text: str, s_start: int, t_start: int, matches: list[ActorMatch]) -> Actor | None:
    """The trigger's subject: the nearest ungoverned actor before it, heading its coordination."""
    before = [m for m in matches if s_start <= m.start and m.start < t_start]
    if before and _RELATIVE_SUBJECT.fullmatch(text, before[-1].end, t_start):
        # "killed by Islamist militants that overran Marawi": a relative clause's subject is its antecedent
        return _patron_of_generic(text, before[-1], matches)
    if len(before) > 1 and any(mark in text[s_start:t_start] for mark in (",", "--", "—", "–")):
        inner = [r.span() for r in _ASIDE.finditer(text, s_start, t_start)]
        if inner:
            before = [m for m in before if not any(a <= m.start < b for a, b in inner)]
    chosen = next(
        (i for i in range(len(before) - 1, -1, -1) if not governed(text, s_start, before[i].start)), None
    )
    if chosen is None:
        return None
    while (
        chosen > 0
        and _COORDINATION.fullmatch(text[before[chosen - 1].end : before[chosen].start])
        and not governed(text, s_start, before[chosen - 1].start)  # "police from Russia and Syrian troops"
    ):
        chosen -= 1
    return _patron_of_generic(text, before[chosen], matches)


def co_subjects(text: str, s_start: int, t_start: int, matches: list[ActorMatch]) -> list[Actor]:
    """The free actors of the trigger's own clause (after its last reporting verb, outside asides): the
    subject and whoever is listed with it, however loosely ("The KIA, the ABSDF and the Indaw PDF say
    they seized..."), none of which lost the place."""
    verbs = list(_REPORTING.finditer(text, s_start, t_start))
    start = verbs[-1].end() if verbs else s_start
    asides = [r.span() for r in _ASIDE.finditer(text, start, t_start)]
    return [
        m.actor
        for m in matches
        if start <= m.start < t_start
        and not governed(text, s_start, m.start)
        and not any(a <= m.start < b for a, b in asides)
    ]


def coordinated_subject(text: str, s_start: int, t_start: int, matches: list[ActorMatch]) -> list[Actor]:
    """Every actor of the trigger's coordinated subject, head first ("The Iraqi Army, the federal police
    and the Hashed al-Shaabi began clearing..."): ACLED's associated actors are the ones after the head."""
    head = subject_before(text, s_start, t_start, matches)
    if head is None:
        return []
    before = [m for m in matches if s_start <= m.start < t_start]
    start = next(
        (i for i, m in enumerate(before) if m.actor == head and not governed(text, s_start, m.start)), None
    )
    if start is None:
        return [head]
    group = [before[start]]
    for m in before[start + 1 :]:
        if not _COORDINATION.fullmatch(text[group[-1].end : m.start]):
            break
        group.append(m)
    out: list[Actor] = []
    for m in group:
        if m.actor not in out:
            out.append(m.actor)
    return out


def backing_actors(sentence: SentenceContext, t_start: int) -> list[Actor]:
    """The actors backing the trigger's subject in its clause (", backed by Sunni tribal fighters and
    the PMF,", "Malian troops backed by Wagner fighters", "alongside Wagner mercenaries"): they fight
    with the subject, whatever their camps, so none of them lost the place."""
    text, s_start, matches = sentence.article.text, sentence.start, sentence.matches
    cues = list(_BACKED_BY.finditer(text, s_start, t_start))
    if not cues or _REPORTING.search(text, cues[-1].end(), t_start):
        return []
    cue = cues[-1]  # the last cue before the trigger opens the backers
    return [m.actor for m in matches if cue.end() <= m.start < t_start]


def coordinated_with(sentence: SentenceContext, actor: Actor, t_start: int) -> list[Actor]:
    """The actors coordinated with the first span of ``actor`` after the trigger at ``t_start``
    ("captured by Rwandan and Mozambican security forces"), ``actor`` included; [] when none."""
    text = sentence.article.text
    after = [m for m in sentence.matches if m.start >= t_start]
    first = next((i for i, m in enumerate(after) if m.actor == actor), None)
    if first is None:
        return []
    group = [after[first]]
    for m in after[first + 1 :]:
        if not _COORDINATION.fullmatch(text[group[-1].end : m.start]):
            break
        group.append(m)
    return [m.actor for m in group]


def companions_after(sentence: SentenceContext, t_end: int) -> list[Actor]:
    """The actors the trigger's subject acts with, named after the trigger in its clause ("entered the
    city of Kidal alongside Malian forces on Tuesday")."""
    text = sentence.article.text
    stop = _CLAUSE_END.search(text, t_end, sentence.end)
    end = stop.start() if stop else sentence.end
    cue = _WITH_COMPANION.search(text, t_end, end)
    if cue is None:
        return []
    return [m.actor for m in sentence.matches if cue.end() <= m.start < end]


def associated_actors(sentence: SentenceContext, t_start: int, actor1: Actor | None) -> list[Actor]:
    """The actors acting with ``actor1`` on the trigger at ``t_start``: the other members of its
    coordinated subject ("the Iraqi Army, the federal police and the Hashed al-Shaabi began..."), and
    those of an aside backing it (", backed by Sunni tribal fighters and the PMF,"). Each once, never
    actor1 itself nor one of its enemies."""
    if actor1 is None:
        return []
    text, s_start, matches = sentence.article.text, sentence.start, sentence.matches
    found = [a for a in coordinated_subject(text, s_start, t_start, matches) if a != actor1]
    for aside in _BACKING_ASIDE.finditer(text, s_start, t_start):
        found += [m.actor for m in matches if aside.start() <= m.start < aside.end()]
    out: list[Actor] = []
    for actor in found:
        if (
            actor != actor1
            and actor not in out
            and not actor.unidentified
            and (actor.camp == actor1.camp or allied(actor, actor1) or actor.kind == "state")
        ):
            out.append(actor)
    return out


def _patron_of_generic(text: str, match: ActorMatch, matches: list[ActorMatch]) -> Actor:
    """ "armed groups aligned with the GNA", "militias loyal to Haftar": a generic noun followed by an
    allegiance is that patron's side."""
    member = _MEMBER_OF.match(text, match.end) if match.actor.kind == "state" else None
    if member is not None and _PEOPLE.search(match.text or text[match.start : match.end]):
        # "Russian soldiers from the Wagner Group entered the city": the group they belong to acts
        named = next((m for m in matches if m.start == member.end() and not m.generic), None)
        if named is not None and named.actor.kind != "state":
            return named.actor
    if not match.generic:
        return match.actor
    tail = _ALLEGIANCE_AFTER.match(text, match.end)
    if tail is None:
        return match.actor
    return next((m.actor for m in matches if m.start == tail.end()), match.actor)


def actor_after(matches: list[ActorMatch], pos: int, preps: tuple[str, ...], text: str) -> Actor | None:
    """The actor right after ``pos`` introduced by one of ``preps`` (or directly, when preps is empty)."""
    match = next((m for m in matches if m.start >= pos), None)
    if match is None:
        return None
    gap = text[pos : match.start].lower()
    if len(gap) > 45:
        return None
    words = _WORD.findall(gap)
    if not preps:
        direct = all(w in _DIRECT_GAP or _DATE_WORD.match(w) for w in words)
        return match.actor if direct else None
    for prep in preps:
        if prep in words and all(
            w == prep or w in _PREPOSITION_GAP or _DATE_WORD.match(w) or w.isdigit() for w in words
        ):
            return match.actor
    return None


def actor_inside(matches: list[ActorMatch], start: int, end: int) -> Actor | None:
    """The first actor starting strictly between ``start`` and ``end``."""
    return next((m.actor for m in matches if start < m.start < end), None)


def actor_nearby(text: str, matches: list[ActorMatch], t_start: int, t_end: int) -> Actor | None:
    """For nominal triggers ('the recapture of X'): an actor spanning the trigger or the first free one after."""
    for match in matches:
        if match.start <= t_start < match.end:
            return match.actor
    for match in matches:
        if match.start >= t_end and not governed(text, t_end, match.start):
            return match.actor
    return None


def carried_subject(sentence: SentenceContext, t_start: int) -> Actor | None:
    """Who a pronoun subject ("they", "its forces") stands for: an armed actor named earlier in the
    same sentence ("the largest city to fall to Russian forces since Kherson, which they captured"),
    else the previous sentence's subject."""
    text = sentence.article.text
    pronoun = _PRONOUN.search(text, sentence.start, t_start)
    if pronoun is None:
        return None
    if pronoun.group(0).lower().startswith(("we", "our")):
        # inside a quote, only its speaker; outside, a statement's own voice (the story's subject)
        quoted = _in_quote(text, sentence.start, pronoun.start())
        return quote_speaker(sentence, pronoun.start()) if quoted else sentence.previous_subject
    earlier = [m for m in sentence.matches if m.end <= pronoun.start() and not m.actor.unidentified]
    if earlier and pronoun.group(0).lower().startswith(("they", "their", "it")):
        return earlier[-1].actor
    if pronoun.group(0).lower() == "they":
        speakers = _STATE_SPEAKERS.search(text, sentence.start, pronoun.start())
        if speakers is not None and _SPEAKS.match(text, speakers.end()):
            # "Malian officials said they had taken back the town of Konna": a country's officials
            # speak for its state, so "they" are its forces (as officials, they act in no event)
            country = sentence.article.actors.demonym_country(speakers.group(1))
            state = sentence.article.actors.state_force(country, sentence.on) if country else None
            if state is not None:
                return state
    return sentence.previous_subject


def quote_speaker(sentence: SentenceContext, pos: int) -> Actor | None:
    """The armed actor whose voice the quote around ``pos`` is ('Abdelrahim Dagalo declared: "We have
    taken over the city of Nyala"', '"We got the town," TNLA Brigadier-General Tar Bhone Kyaw said'):
    an actor named outside the quote in the sentence, or a person the article introduces as one of its
    commanders or spokesmen."""
    article, text = sentence.article, sentence.article.text
    if not _in_quote(text, sentence.start, pos):
        return None
    opened = max(text.rfind('"', sentence.start, pos), text.rfind("“", sentence.start, pos))
    close = _QUOTE_CLOSE.search(text, pos, sentence.end)
    closed = close.end() if close is not None else sentence.end
    # the reporting clause: what precedes the quote back to a clause break, what follows it up to one
    lead = max(text.rfind(",", sentence.start, opened - 1), text.rfind(";", sentence.start, opened), sentence.start)
    tail = _SPEAKER_END.search(text, closed + 1, sentence.end)
    segments = [(lead, opened), (closed, tail.start() if tail is not None else sentence.end)]
    speaking = [(a, b) for a, b in segments if _REPORTING.search(text, a, b)]
    outside = [m for m in sentence.matches if any(a <= m.start and m.end <= b for a, b in speaking)]
    if outside:
        return min(outside, key=lambda m: min(abs(m.start - closed), abs(opened - m.end))).actor
    people = _spokesmen(article.text, article.all_matches)
    around = " ".join(text[a:b] for a, b in speaking)
    words = set(re.findall(r"[A-Z][a-z'’-]+", around))
    full = next((actor for name, actor in people.items() if " " in name and name in around), None)
    return full or next((actor for name, actor in people.items() if " " not in name and name in words), None)


def _in_quote(text: str, start: int, pos: int) -> bool:
    """Is ``pos`` inside a quote opened in the sentence starting at ``start``?"""
    before = text[start:pos]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _spokesmen(text: str, matches: list[ActorMatch]) -> dict[str, Actor]:
    """The people an article introduces as an armed actor's commanders, leaders or spokesmen, by full
    name and surname."""
    out: dict[str, Actor] = {}
    for m in matches:
        if m.actor.unidentified:
            continue
        after = _TITLED_AFTER.match(text, m.end)
        titled = after is not None and (after.group(0).lstrip()[:1] in "'’" or _has_title(after.group(0)))
        names = [after.group(1)] if after is not None and titled else []
        before = _TITLED_BEFORE.search(text, max(0, m.start - 120), m.start)
        if before is not None:
            names.append(before.group(1))
        for name in names:
            out.setdefault(name, m.actor)
            out.setdefault(name.split()[-1], m.actor)
    return out


def _has_title(phrase: str) -> bool:
    return re.search(_TITLE, phrase, re.IGNORECASE) is not None


def reporter(sentence: SentenceContext, t_start: int) -> Actor | None:
    """Who reports a change told without its agent ("The MNDAA said the junta's headquarters had been
    captured", '"Baghouz has been liberated," the SDF spokesman wrote'): the subject of a reporting
    verb before the trigger, or for a trigger inside a quote the first actor after the quote. A group
    announcing that a place "has been liberated" announces its own gain."""
    text, s_start, matches = sentence.article.text, sentence.start, sentence.matches
    verbs = list(_REPORTING.finditer(text, s_start, t_start))
    if verbs:
        found = subject_before(text, s_start, verbs[-1].start(), matches)
        if found is not None:
            return found
    before = text[s_start:t_start]
    if before.count('"') % 2 == 1 or before.count("“") > before.count("”"):
        close = _QUOTE_CLOSE.search(text, t_start, sentence.end)
        if close is not None:
            return next((m.actor for m in matches if m.start >= close.end()), None)
    return None


def is_generic(matches: list[ActorMatch], actor: Actor | None) -> bool:
    """Was ``actor`` only named by a generic noun ("the army") in this sentence?"""
    return actor is not None and not any(m.actor == actor and not m.generic for m in matches)


def allied(a: Actor, b: Actor) -> bool:
    return a.camp == b.camp or a.side == b.name or b.side == a.name


def second_actor(matches: list[ActorMatch], actor1: Actor | None) -> Actor | None:
    """The first actor of the sentence on the other side of ``actor1``."""
    if actor1 is None:
        return None
    return next(
        (m.actor for m in matches if m.actor.camp != actor1.camp and not allied(m.actor, actor1)), None
    )


def opponent(
    article: Article,
    actor: Actor,
    place_country: str | None,
    on: dt.date | None,
    near: int | None = None,
    partners: Sequence[Actor] = (),
) -> Actor | None:
    """Who the other side most likely is: the place's state for outsiders, else the foe named most
    around sentence ``near`` (three sentences before to one after), then in the article. A group from
    another country is only a foe where it is named: an Iraqi militia named in an Iraq paragraph is
    not the enemy of a Syrian group in the next one. ``partners`` act with ``actor`` in the sentence
    ("Malian troops backed by Wagner fighters"): never the other side, whatever their camps."""
    actors = article.actors
    state = actors.state_force(place_country, on)
    home_camp = state is not None and actor.camp == state.camp
    if actor.kind == "state" and not home_camp and state is not None:
        return state  # a foreign army takes ground from the place's state (Russia in Ukraine)
    local = _named_near(article, near)
    ranked = sorted(  # a stable sort of names in order of appearance: the same answer on every run
        dict.fromkeys((*local, *article.counts)),
        key=lambda name: (-local.get(name, 0), -article.counts.get(name, 0)),
    )
    foes = [
        a
        for a in (actors.get(name) for name in ranked)
        if a is not None
        and a.camp != actor.camp
        and not a.unidentified
        and a not in partners
        and (a.kind == "state" or not a.country or a.country == place_country or a.name in local)
    ]
    if home_camp:
        non_state = [a for a in foes if a.kind == "non_state" and not allied(a, actor)]
        if non_state:
            return non_state[0]
        if foes:
            return foes[0]
        return actors.default_non_state(place_country, article.published) or article.main_non_state
    if state is None and not foes:
        # a place no state force holds (Gaza): its usual armed group, when it is not the actor's own
        default = actors.default_non_state(place_country, on)
        return default if default is not None and default.camp != actor.camp else None
    if state is None or not foes:
        return foes[0] if foes else state
    # a group taking ground: from the foe named most around it; the place's state when it is named as
    # much (or is the only one)
    state_local = sum(n for name, n in local.items() if _same_state(actors.get(name), state))
    state_named = state_local or any(_same_state(actors.get(name), state) for name in article.counts)
    best = foes[0]
    if best.kind == "state" or (state_named and local.get(best.name, 0) <= state_local):
        return state
    return best


def _same_state(actor: Actor | None, state: Actor) -> bool:
    """Is ``actor`` the state force of ``state``'s country (in any period: "Afghan forces" read on the
    day after the Taliban took Kabul are still the Afghan state's)?"""
    return actor is not None and actor.kind == "state" and actor.country == state.country


def _named_near(article: Article, near: int | None) -> Counter[str]:
    """How often each actor is named (generic nouns included) around sentence ``near``."""
    if near is None:
        return Counter()
    start = article.spans[max(0, near - 3)][0]
    end = article.spans[min(len(article.spans) - 1, near + 1)][1]
    return Counter(m.actor.name for m in article.matches_in(start, end, article.focus))
