"""Territorial control: changes of hands ("retook X", "X fell to Y", "Y withdrew from X", "X drove
Y out of Z") and states ("X holds", "held by", "besieged", "fighting for", "Y-held X").

Each control trigger family reads its place and actors in its own way (``_RULES``); then the sides
are settled the same way for all. A change needs an explicit place (town, region, camp...; never a
country) and a gaining actor: named, generic ("the army", resolved by the country focus), or
carried over from the previous sentence's subject ("they"); the loser is named ("from X", "ousted X
from") or inferred: the article's main opponent of the gainer, or the place's state for a rebel gain.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..actors import Actor, ActorDictionary
from ..dates import EventDate
from .cues import CLAIM, negated_or_intended
from .dating import date_for
from .features import controllable, country_of
from .places import backward_places, forward_places, object_places, relative_antecedent, targets_end
from .records import Control, Dated, coarse_change_of, event_record
from .sentence import SentenceContext
from .subjects import (
    actor_after,
    actor_inside,
    actor_nearby,
    is_generic,
    opponent,
    pronoun_subject,
    subject_before,
)
from .triggers import CONTROL_TRIGGERS, EXPULSION, EXPULSION_FROM, HELD_PREFIX

# Nominal triggers ("the recapture of X by..."): only these may take an actor from anywhere nearby.
_NOMINAL = re.compile(r"(?:recapture|capture|seizure|liberation|takeover|victory|declared|announced)\b")
# "X had been held by IS since 2014": a state that has ended, not a current hold.
_PAST_STATE = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_PASSIVE_AUX = re.compile(
    r"\b(?:was|were|been|is|are|being|be|get|got|gets|has|have|had)\s+(?:\w+ly\s+|\w+\s+)?$", re.IGNORECASE
)
# "entered the outskirts of X": the trigger reaches a part of the place only.
_PART_AFTER = re.compile(r"\s*(?:the\s+)?(?:outskirts|suburbs|edges?|parts)")
_CLAUSE_CUT = re.compile(r"[;:]|,\s+(?:but|while|whereas|although)\b")
_DENIED = re.compile(r"\bdenied\b|\bdenies\b", re.IGNORECASE)
# "X fell" alone is a control change only when a time or a pause follows ("fell on Friday", "fell,").
_FELL_THEN = re.compile(r"\s+(?:on|last|early|late|in|after|within|yesterday|this|overnight|without|,|\.)")
# "took control of" is a capture: the "control of" inside it is not a holds statement.
_GAINING_VERB = re.compile(
    r"\b(?:took|taken|take|seized|gained|wrest|regain|won|lost|assum)\w*\s+(?:full\s+)?$", re.IGNORECASE
)


@dataclass(slots=True)
class _Reading:
    """What one trigger family reads off the sentence, before the sides are settled."""

    targets: list[int]
    gained: Actor | None = None
    lost: Actor | None = None
    status: str = "controlled"
    kind: str = "change"


def code_control(sentence: SentenceContext) -> list[dict]:
    """Events for the sentence's control triggers, family by family; a stretch of text coded by one
    family is not coded again by a later one ("took control of" vs "control of")."""
    events: list[dict] = []
    coded: list[tuple[int, int]] = []
    hits = sorted(sentence.article.triggers.control.get(sentence.index, []), key=lambda h: (h[0], h[1].start()))
    for family_index, trig in hits:
        t_start, t_end = trig.start(), trig.end()
        if any(t_start < end and start < t_end for start, end in coded):
            continue
        for mention_index, control in _code_trigger(sentence, CONTROL_TRIGGERS[family_index][0], trig):
            mention = sentence.article.mentions[mention_index]
            if mention_index in sentence.controlled and not (
                control.kind == "change" and coarse_change_of(events, mention)
            ):
                continue
            when = date_for(sentence, t_start, control)
            if when is None:
                continue
            sentence.controlled.add(mention_index)
            events.append(_record(sentence, mention_index, when, control))
            coded.append((t_start, t_end))
    return events


def code_expulsions(sentence: SentenceContext) -> list[dict]:
    """ "X ousted/drove/expelled/pushed Y out of/from PLACE": X gains, Y loses."""
    events: list[dict] = []
    for trig in EXPULSION.finditer(sentence.text):
        t_start = trig.start() + sentence.start
        found = _expulsion(sentence, t_start, trig.end() + sentence.start)
        if found is None:
            continue
        targets, control = found
        when = date_for(sentence, t_start, control)
        if when is None:
            continue
        for target in targets:
            sentence.controlled.add(target)
            events.append(_record(sentence, target, when, control))
    return events


def code_held_prefix(sentence: SentenceContext) -> list[dict]:
    """ "IS-held Raqqa", "Russian-occupied Melitopol", "rebel-controlled Idlib": a holds statement,
    dated at publication (the adjective says nothing of when the hold began)."""
    article = sentence.article
    if article.published is None:
        return []
    events: list[dict] = []
    for trig in HELD_PREFIX.finditer(sentence.text):
        if "besieged" in trig.group(0).lower():
            continue  # "X-besieged Y": the defender is unnamed
        t_start, t_end = trig.start() + sentence.start, trig.end() + sentence.start
        holder = _holder(sentence, t_start)
        if holder is None:
            continue
        targets, _ = forward_places(article.text, t_end, sentence.placed)
        if not targets:
            continue
        target = targets[0]
        if target in sentence.controlled or not controllable(article.mentions[target]):
            continue
        control = Control(holder, None, "controlled", "holds", False)
        sentence.controlled.add(target)
        events.append(_record(sentence, target, (EventDate(article.published, "day"), False), control))
    return events


def territory_subtype(gained: Actor | None, place_country: str | None, actors: ActorDictionary) -> str:
    """ACLED: a state (or its militia) regaining ground at home vs a non-state actor taking it."""
    if gained is None:
        return "Armed clash"
    patron = actors.get(gained.side) if gained.side else None
    state = gained if gained.kind == "state" else patron if patron and patron.kind == "state" else None
    if state is not None:
        return "Government regains territory" if (not place_country or state.country == place_country) else "Armed clash"
    return "Non-state actor overtakes territory"


def _record(sentence: SentenceContext, mention_index: int, when: Dated, control: Control) -> dict:
    return event_record(
        sentence, mention_index, when, control.event_types, control.gained_by, control.lost_by, control
    )


def _code_trigger(sentence: SentenceContext, family: str, trig: re.Match[str]) -> list[tuple[int, Control]]:
    """(mention index, control) for each place the trigger governs."""
    if _ruled_out(sentence, family, trig.start()):
        return []
    reading = _RULES[family](sentence, trig)
    if reading is None:
        return []
    mentions = sentence.article.mentions
    targets = [t for t in reading.targets if controllable(mentions[t])]
    if not targets:
        return []
    sides = _settle_sides(sentence, family, trig.start(), reading, targets)
    if sides is None:
        return []
    gained, lost, inferred = sides
    place_country = country_of(mentions[targets[0]])
    claimed = bool(CLAIM.search(sentence.text)) or "denied" in sentence.text.lower()
    subtype = territory_subtype(gained, place_country, sentence.article.actors) if reading.kind == "change" else None
    control = Control(
        gained, lost, reading.status, reading.kind, claimed, inferred, is_generic(sentence.matches, gained), subtype
    )
    return [(t, control) for t in targets]


def _ruled_out(sentence: SentenceContext, family: str, t_start: int) -> bool:
    """Negated, intended, denied, or (for holds) a state that has ended."""
    text, s_start = sentence.article.text, sentence.start
    clause_before = _CLAUSE_CUT.split(text[max(s_start, t_start - 80) : t_start])[-1]
    if negated_or_intended(clause_before):
        return True
    if family in ("hold", "hold_bwd") and _PAST_STATE.search(text[max(s_start, t_start - 30) : t_start]):
        return True
    return bool(_DENIED.search(text[s_start:t_start]))


def _settle_sides(
    sentence: SentenceContext, family: str, t_start: int, reading: _Reading, targets: list[int]
) -> tuple[Actor | None, Actor | None, bool] | None:
    """(gainer, loser, gainer inferred) once the places are known: a pronoun subject is the previous
    sentence's subject, a town that "fell" fell to the non-state side, and a change gets both sides."""
    gained, lost = reading.gained, reading.lost
    if gained is None and family in ("capture", "fell"):
        gained = _carried_subject(sentence, t_start)
    if family == "fell" and gained is None and lost is None:
        gained = _fell_to_whom(sentence, targets)
    inferred = False
    if reading.kind == "change":
        article = sentence.article
        place_country = country_of(article.mentions[targets[0]])
        if gained is None and lost is not None:
            gained = opponent(article, lost, place_country, sentence.on)
            inferred = True
        if gained is None:
            return None
        if lost is None or lost.camp == gained.camp:
            lost = opponent(article, gained, place_country, sentence.on)
    return gained, lost, inferred


def _carried_subject(sentence: SentenceContext, t_start: int) -> Actor | None:
    """The previous sentence's subject when a pronoun ("they", "its forces") is this trigger's subject."""
    if sentence.previous_subject is not None and pronoun_subject(sentence.article.text, sentence.start, t_start):
        return sentence.previous_subject
    return None


def _fell_to_whom(sentence: SentenceContext, targets: list[int]) -> Actor | None:
    """ "Herat fell late Thursday after the insurgents broke through": a town that falls with no
    "to X" falls to the non-state actor of the sentence, else to the article's main one, when the
    place's own state is the side that can lose it."""
    article = sentence.article
    state = article.actors.state_force(country_of(article.mentions[targets[0]]), sentence.on)
    for match in sentence.matches:
        if match.actor.kind == "non_state" and (state is None or match.actor.camp != state.camp):
            return match.actor
    main = article.main_non_state
    return main if main is not None and (state is None or main.camp != state.camp) else None


def _expulsion(sentence: SentenceContext, t_start: int, t_end: int) -> tuple[list[int], Control] | None:
    """The places and sides of one expulsion verb, if it has a "from"/"out of" place and a subject."""
    text, s_start = sentence.article.text, sentence.start
    tail = EXPULSION_FROM.search(text, t_end, min(sentence.end, t_end + 70))
    if tail is None or negated_or_intended(text[max(s_start, t_start - 80) : t_start]):
        return None
    mentions = sentence.article.mentions
    targets, partial = object_places(sentence, tail.end())
    targets = [t for t in targets if controllable(mentions[t]) and t not in sentence.controlled]
    if not targets or partial:
        return None
    lost = actor_inside(sentence.matches, t_end - 1, tail.start())
    gained = subject_before(text, s_start, t_start, sentence.matches)
    if gained is None or (lost is not None and lost.camp == gained.camp):
        return None
    country = country_of(mentions[targets[0]])
    if lost is None:
        lost = opponent(sentence.article, gained, country, sentence.on)
    control = Control(
        gained, lost, "controlled", "change", bool(CLAIM.search(sentence.text)), False,
        is_generic(sentence.matches, gained), territory_subtype(gained, country, sentence.article.actors),
    )  # fmt: skip
    return targets, control


def _holder(sentence: SentenceContext, t_start: int) -> Actor | None:
    """Who holds an "X-held" place: the actor the adjective is glued to ("IS-held"), or Russia's
    forces for "Russian-occupied" (a demonym, not an actor name)."""
    holder = next((m.actor for m in sentence.matches if m.start < t_start <= m.end), None)
    if holder is not None:
        return holder
    article = sentence.article
    word = article.lowered[max(sentence.start, t_start - 12) : t_start].split()[-1:]
    if word and word[0] in ("russian", "russia"):
        return article.actors.state_force("RU", article.published)
    return None


# ---------------------------------------------------------------------------------------------
# One rule per trigger family: where its place and its actors stand
# ---------------------------------------------------------------------------------------------


def _capture(sentence: SentenceContext, trig: re.Match[str]) -> _Reading | None:
    """ "retook Rawa", "Rawa was recaptured by", "Fallujah, which it seized", "the capture of X by Y"."""
    text, s_start, matches = sentence.article.text, sentence.start, sentence.matches
    t_start, t_end = trig.start(), trig.end()
    word = trig.group(0).lower()
    if word.startswith("victory") and re.search(r"\belection|\bvote|\bpoll", sentence.text, re.IGNORECASE):
        return None
    if (
        word.startswith(("entered", "entering"))
        and "flag" not in word
        and _PART_AFTER.match(text[t_end : t_end + 40].lower())
    ):
        return None  # "entered the outskirts of X": only a part of the place
    targets, partial = object_places(sentence, t_end)
    gained = None
    if not targets and _PASSIVE_AUX.search(text[max(s_start, t_start - 25) : t_start]):
        targets = backward_places(text, s_start, t_start, sentence.placed)
        gained = actor_after(matches, t_end, ("by",), text)
    elif not targets:
        antecedent = relative_antecedent(text, s_start, t_start, sentence.placed)
        if antecedent is None:
            return None
        targets = [antecedent]
    object_end = targets_end(sentence.article, targets, t_end)
    if gained is None:
        gained = actor_after(matches, object_end, ("by",), text)
    lost = actor_after(matches, object_end, ("from",), text)
    if (word.startswith("victory") and "against" in word) or "over" in word.split()[1:2]:
        lost = lost or actor_inside(matches, t_start, t_end)  # "victory over X in", "took over"
    if gained is None:
        gained = subject_before(text, s_start, t_start, matches)
    if gained is None and _NOMINAL.match(word):
        gained = actor_nearby(text, matches, t_start, t_end)
    if word.startswith("occupied") and not subject_before(text, s_start, t_start, matches):
        return None  # adjectival "occupied X" without an occupier: nothing to say
    if partial:
        return _Reading(targets, gained, lost, "contested", "holds")
    return _Reading(targets, gained, lost)


def _fell(sentence: SentenceContext, trig: re.Match[str]) -> _Reading | None:
    """ "Rawa fell to IS", "the fall of Rawa to IS", "Herat fell on Thursday"."""
    text, t_start, t_end = sentence.article.text, trig.start(), trig.end()
    word = trig.group(0).lower()
    if word.startswith("fall of"):
        targets, _ = object_places(sentence, t_end)
        object_end = targets_end(sentence.article, targets, t_end)
        return _Reading(targets, gained=actor_after(sentence.matches, object_end, ("to",), text))
    targets = backward_places(text, sentence.start, t_start, sentence.placed)
    if word == "fell":
        return _Reading(targets) if _FELL_THEN.match(text[t_end : t_end + 12]) else None
    return _Reading(targets, gained=actor_after(sentence.matches, t_end, (), text))


def _loss(sentence: SentenceContext, trig: re.Match[str]) -> _Reading | None:
    """ "IS withdrew from Rawa", "they lost control of X": the subject loses the whole place."""
    text, s_start = sentence.article.text, sentence.start
    t_start, t_end = trig.start(), trig.end()
    if trig.group(0).lower() == "lost" and not re.match(
        r"\s+(?:the\s+)?(?:town|city|village|control)?", text[t_end : t_end + 10]
    ):
        return None
    targets, partial = object_places(sentence, t_end)
    lost = subject_before(text, s_start, t_start, sentence.matches) or _carried_subject(sentence, t_start)
    if lost is None:
        return None
    gained = actor_after(sentence.matches, targets_end(sentence.article, targets, t_end), ("to", "by"), text)
    return None if partial else _Reading(targets, gained, lost)


def _held_by(sentence: SentenceContext, trig: re.Match[str]) -> _Reading | None:
    """ "Rawa, held by IS", "X is in the hands of Y"."""
    text = sentence.article.text
    targets = backward_places(text, sentence.start, trig.start(), sentence.placed)
    gained = actor_after(sentence.matches, trig.end(), (), text)
    return None if gained is None else _Reading(targets, gained, kind="holds")


def _besiege(sentence: SentenceContext, trig: re.Match[str]) -> _Reading | None:
    """ "Y besieged X", "X was encircled by Y"; not the adjectival "the besieged city of X"."""
    text, s_start = sentence.article.text, sentence.start
    t_start, t_end = trig.start(), trig.end()
    if re.search(r"\bthe\s+$", text[max(s_start, t_start - 5) : t_start]):
        return None  # the besieger is not said
    targets, _ = object_places(sentence, t_end)
    if targets:
        gained = subject_before(text, s_start, t_start, sentence.matches)
    else:
        targets = backward_places(text, s_start, t_start, sentence.placed)
        gained = actor_after(sentence.matches, t_end, ("by",), text)
    return None if gained is None else _Reading(targets, gained, status="besieged", kind="holds")


def _contest(sentence: SentenceContext, trig: re.Match[str]) -> _Reading | None:
    """ "fighting in X", "Y advanced on X", "the battle for X": contested, attacker if said."""
    targets, _ = object_places(sentence, trig.end())
    gained = subject_before(sentence.article.text, sentence.start, trig.start(), sentence.matches)
    return _Reading(targets, gained, status="contested", kind="holds")


def _hold(sentence: SentenceContext, trig: re.Match[str]) -> _Reading | None:
    """ "Y controls X", "Y still holds X", "Y has a presence in X"."""
    text, s_start = sentence.article.text, sentence.start
    t_start, t_end = trig.start(), trig.end()
    word = trig.group(0).lower()
    if word.startswith(("control of", "control over")) and _GAINING_VERB.search(
        text[max(s_start, t_start - 20) : t_start]
    ):
        return None
    targets, partial = object_places(sentence, t_end)
    gained = subject_before(text, s_start, t_start, sentence.matches) or _carried_subject(sentence, t_start)
    if gained is None:
        return None
    status = "presence" if partial or "presence" in word or "entrenched" in word else "controlled"
    return _Reading(targets, gained, status=status, kind="holds")


_RULES: dict[str, Callable[[SentenceContext, re.Match[str]], _Reading | None]] = {
    "capture": _capture,
    "fell": _fell,
    "loss": _loss,
    "hold_bwd": _held_by,
    "besiege": _besiege,
    "contest": _contest,
    "hold": _hold,
}
assert set(_RULES) == {family for family, _ in CONTROL_TRIGGERS}
