"""Territorial control: changes of hands ("retook X", "X fell to Y", "Y withdrew from X", "X drove
Y out of Z") and states ("X holds", "held by", "besieged", "fighting for", "Y-held X").

Each control trigger family reads its place and actors in its own way (``families``); then the sides
are settled the same way for all. A change needs an explicit place (town, region, camp...; never a
country) and a gaining actor: named, generic ("the army", resolved by the country focus), or
carried over from the previous sentence's subject ("they"); the loser is named ("from X", "ousted X
from") or inferred: the article's main opponent of the gainer, or the place's state for a rebel gain.
"""

from __future__ import annotations

import re

from ..actors import Actor, ActorDictionary
from ..dates import EventDate
from .cues import DENIAL, claimed, negated_or_intended
from .dating import date_for
from .families import RULES, Reading
from .features import controllable, country_of
from .places import forward_places, object_places, settlement_place, targets_end
from .records import Control, Dated, coarse_change_of, event_record, place_key
from .sentence import SentenceContext
from .subjects import (
    actor_after,
    actor_inside,
    associated_actors,
    backing_actors,
    carried_subject,
    co_subjects,
    companions_after,
    coordinated_subject,
    coordinated_with,
    is_generic,
    opponent,
    subject_before,
)
from .triggers import CONTROL_TRIGGERS, EXPULSION, EXPULSION_FROM, HELD_PREFIX

# "X had been held by IS since 2014", "a village previously held by the terrorists": a state that has
# ended, not a current hold.
_PAST_STATE = re.compile(
    r"\b(?:had\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+\s+)?|(?:previously|formerly|once|until\s+recently)\s+)$",
    re.IGNORECASE,
)
_CLAUSE_CUT = re.compile(r"[;:]|,\s+(?:but|while|whereas|although)\b")
# A capture named by a noun ("the capture of Ann", "the fall of Homs"): with no date of its own in
# its sentence it refers back to a change the article has told, when there is one.
_NOMINAL_REFERENCE = re.compile(r"(?:re)?capture\s+of|seizure\s+of|liberation\s+of|takeover\s+of|fall\s+of")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# "X, held by Y", "X, which is controlled by Y": the holder of a place under attack.
# "-held city to Kherson", "-held town," (a common noun heading the phrase, not "town of X", "city Idlib").
_HELD_NOUN = re.compile(
    r"\s+(?:city|town|village|port|enclave|territory|district|stronghold|settlement|area)\b"
    r"(?!\s+(?:of\b|[A-Z]))",
)
# Between a place and its predicate noun phrase: "Mykolaiv is the closest big Ukrainian", "X, a rebel".
_PREDICATE_GAP = re.compile(
    r"(?:\s*,\s*|\s+(?:is|was|remains|remained|became|has\s+become)\s+)(?:the|a|an|one\s+of\s+the)\s+"
    r"(?:[\w'’-]+\s+){0,4}[\w'’.-]+"
)
_HELD_BY = re.compile(r",?\s*(?:which\s+(?:is|was)\s+)?(?:still\s+)?(?:held|controlled)\s+by\b", re.IGNORECASE)
# "the government garrison in", "army positions in the town of": the state's post in the place.
_STATE_POST = re.compile(
    r"\b(?:government|army|regime|military|state)\s+(?:garrison|positions|posts|troops|forces|soldiers)\s+"
    r"(?:in|at|inside|defending)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:(?:town|city|village)\s+of\s+)?$",
    re.IGNORECASE,
)
# "the al Shabaab militant stronghold of", "the rebel stronghold of": the object phrase of a place.
_STRONGHOLD_BEFORE = re.compile(
    r"\b(?:the|a|an|its|their)\s+(?:[\w'’-]+\s+){0,4}?(?P<noun>stronghold|bastion|enclave)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BACK_FROM = re.compile(r"\b(?:back|away)\s+(?:from|out\s+of)\b", re.IGNORECASE)


def code_control(sentence: SentenceContext) -> list[dict]:
    """Events for the sentence's control triggers, family by family; a stretch of text coded by one
    family is not coded again by a later one ("took control of" vs "control of")."""
    events: list[dict] = []
    coded: list[tuple[int, int]] = []
    hits = sorted(
        sentence.article.triggers.control.get(sentence.index, []), key=lambda h: (h[0], h[1].start())
    )
    for family_index, trig in hits:
        t_start, t_end = trig.start(), trig.end()
        if any(t_start < end and start < t_end for start, end in coded):
            continue
        reference = bool(_NOMINAL_REFERENCE.match(trig.group(0))) and not sentence.dates
        family = CONTROL_TRIGGERS[family_index][0]
        for mention_index, control in _code_trigger(sentence, family, trig):
            mention = sentence.article.mentions[mention_index]
            # "Russian forces captured Soledar, but Ukraine denied the city had changed hands": the claim
            # stays a claimed change and the denier keeps its claimed hold of the same place
            if mention_index in sentence.controlled and family != "denial" and not (
                control.kind == "change"
                and (coarse_change_of(events, mention) or _hands_back(events, mention, control))
            ):
                continue
            if reference and place_key({"place": settlement_place(sentence.article, mention_index)}) in (
                sentence.article.changed
            ):
                continue  # "The capture of Ann leaves the junta...": the change already told, not a new one
            when = date_for(sentence, t_start, control)
            if when is None:
                continue
            sentence.controlled.add(mention_index)
            events.append(_record(sentence, mention_index, when, control, t_start))
            coded.append((t_start, t_end))
    return events


def _hands_back(events: list[dict], mention: dict, control: Control) -> bool:
    """ "recaptured much of Kunduz early on Thursday, three days after losing control of the provincial
    capital": the place changing hands the other way in the same sentence is a second change with its
    own date, not the first one told again."""
    key = place_key({"place": mention["place"]})
    return control.lost_by is not None and any(
        e["control"]
        and e["control"]["kind"] == "change"
        and place_key(e) == key
        and (e["control"]["gained_by"] or {}).get("name") == control.lost_by.name
        for e in events
    )


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
            events.append(_record(sentence, target, when, control, t_start))
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
        if _HELD_NOUN.match(article.text, t_end):
            # "Mykolaiv is the closest big Ukrainian-held city to Kherson", "Avdiivka, a Ukrainian-held
            # town": the adjective's noun is a predicate of the place before it, not of the next place
            targets = _predicated_place(sentence, t_start)
        else:
            targets, _ = forward_places(article.text, t_end, sentence.placed)
        if not targets:
            continue
        target = targets[0]
        if target in sentence.controlled or not controllable(article.mentions[target]):
            continue
        control = Control(holder, None, "controlled", "holds", False)
        sentence.controlled.add(target)
        events.append(
            _record(sentence, target, (EventDate(article.published, "day"), False), control, t_start)
        )
    return events


def _predicated_place(sentence: SentenceContext, t_start: int) -> list[int]:
    """The place whose predicate or apposition the 'X-held <noun>' phrase at ``t_start`` is in."""
    text = sentence.article.text
    before = [(i, m) for i, m in sentence.placed if sentence.start <= m["start"] and m["end"] <= t_start]
    if not before:
        return []
    index, mention = before[-1]
    return [index] if _PREDICATE_GAP.fullmatch(text, mention["end"], t_start) else []


def territory_subtype(gained: Actor | None, place_country: str | None, actors: ActorDictionary) -> str:
    """ACLED: a state (or its militia) regaining ground at home vs a non-state actor taking it."""
    if gained is None:
        return "Armed clash"
    patron = actors.get(gained.side) if gained.side else None
    state = gained if gained.kind == "state" else patron if patron and patron.kind == "state" else None
    if state is not None:
        return (
            "Government regains territory"
            if (not place_country or state.country == place_country)
            else "Armed clash"
        )
    return "Non-state actor overtakes territory"


def _record(
    sentence: SentenceContext, mention_index: int, when: Dated, control: Control, t_start: int
) -> dict:
    place = settlement_place(sentence.article, mention_index)
    if control.kind == "change" or control.status in ("contested", "besieged"):
        sentence.article.targeted.add(mention_index)  # what the story is about: "the town" is likely it
    if control.kind == "change":
        sentence.article.changed.add(place_key({"place": place}))
    return event_record(
        sentence,
        mention_index,
        when,
        control.event_types,
        control.gained_by,
        control.lost_by,
        control,
        place,
        associated_actors(sentence, t_start, control.gained_by),
    )


def _code_trigger(sentence: SentenceContext, family: str, trig: re.Match[str]) -> list[tuple[int, Control]]:
    """(mention index, control) for each place the trigger governs."""
    if _ruled_out(sentence, family, trig.start()):
        return []
    reading = RULES[family](sentence, trig)
    if reading is None:
        return []
    mentions = sentence.article.mentions
    targets = [t for t in reading.targets if controllable(mentions[t])]
    if not targets:
        return []
    if len(targets) > 1:
        sentence.article.last_group = targets  # "the ports", "They" in the sentences after
    sides = _settle_sides(sentence, family, trig.start(), reading, targets)
    if sides is None:
        return []
    gained, lost, inferred = sides
    place_country = country_of(mentions[targets[0]])
    if reading.status in ("contested", "besieged") and lost is None:
        lost = _incumbent(sentence, targets, trig.end(), gained)
        if lost is None and gained is not None:
            lost = _presumed_incumbent(sentence, gained, place_country)
    is_claim = claimed(sentence.text, trig.start() - sentence.start)
    subtype = (
        (reading.subtype or territory_subtype(gained, place_country, sentence.article.actors))
        if reading.kind == "change"
        else None
    )
    control = Control(
        gained,
        lost,
        reading.status,
        reading.kind,
        is_claim,
        inferred,
        is_generic(sentence.matches, gained),
        subtype,
    )
    return [(t, control) for t in targets]


def _incumbent(sentence: SentenceContext, targets: list[int], t_end: int, challenger: Actor | None) -> Actor | None:
    """The side a contested or besieged place is held by, when the sentence says it: "stormed the
    army-held town of X" (the adjective before the place), "fighting for X, held by Y", "besieging the
    government garrison in X" (the place's own state). The rules keep the place with it (its lost_by)
    when no holder is otherwise known."""
    article, text = sentence.article, sentence.article.text
    target = article.mentions[targets[0]]
    found: Actor | None = None
    for hit in HELD_PREFIX.finditer(text, max(sentence.start, target["start"] - 60), target["start"]):
        if "besieged" not in hit.group(0).lower():
            found = _holder(sentence, hit.start()) or _adjective_holder(sentence, hit.start(), target) or found
    if found is None:
        after = targets_end(article, targets, t_end)
        found = actor_after(sentence.matches, after, ("by",), text) if _HELD_BY.match(text, after) else None
    if found is None and _STATE_POST.search(text, max(sentence.start, target["start"] - 60), target["start"]):
        found = article.actors.state_force(country_of(target), sentence.on)
    if found is None or (challenger is not None and found.camp == challenger.camp):
        return None
    return found


def _presumed_incumbent(sentence: SentenceContext, challenger: Actor, place_country: str | None) -> Actor | None:
    """Who holds a place under attack when the text does not say: an armed group storms or besieges
    what the place's state holds ("Boko Haram terrorists have stormed an unguarded Bara town"); a
    state attacks what its named foe holds ("continues its assault on the southern city of Rafah"),
    as a change's unnamed loser is inferred. The rules only use it when no earlier observation names
    the holder of the place."""
    article = sentence.article
    actors = article.actors
    state = actors.state_force(place_country, sentence.on)
    if challenger.kind != "state" and not actors.state_sided(challenger):
        found = state if state is not None and state.camp != challenger.camp else None
    else:
        found = opponent(article, challenger, place_country, sentence.on, sentence.index)
    # only a side the article names (as the issue asks: "when the text names the side under attack"),
    # never one inferred from the map of the world alone
    named = found is not None and any(m.actor.camp == found.camp for m in article.all_matches)
    return found if named else None


def _named_holder(sentence: SentenceContext, targets: list[int], t_start: int, gainer: Actor) -> Actor | None:
    """The holder named in a change's object phrase, before its place: an "X-held" adjective (as for
    an incumbent), or the owner of a stronghold, bastion or enclave ("the al Shabaab militant stronghold
    of Barawe", "the rebel stronghold of Kidal"); never the gainer's camp."""
    article, text = sentence.article, sentence.article.text
    target = article.mentions[targets[0]]
    if target["start"] < t_start:
        return None  # "Afrin, which it captured": no object phrase after the trigger
    found: Actor | None = None
    for hit in HELD_PREFIX.finditer(text, max(t_start, target["start"] - 60), target["start"]):
        if "besieged" not in hit.group(0).lower():
            found = _holder(sentence, hit.start()) or _adjective_holder(sentence, hit.start(), target) or found
    if found is None:
        noun = _STRONGHOLD_BEFORE.search(text, max(t_start, target["start"] - 60), target["start"])
        if noun is not None:
            inside = [m for m in sentence.matches if noun.start() <= m.start and m.end <= noun.end()]
            found = inside[-1].actor if inside else _adjective_holder(sentence, noun.start("noun"), target)
    if found is None or found.camp == gainer.camp:
        return None
    return found


def _adjective_holder(sentence: SentenceContext, pos: int, target: dict) -> Actor | None:
    """ "Kurdish-held", "rebel-held": the word glued to "-held" read as "<word> forces" where the place is."""
    article = sentence.article
    words = article.text[max(sentence.start, pos - 20) : pos].split()
    if not words:
        return None
    found = article.actors.matches(
        f"{words[-1]} forces", country_focus=country_of(target), on=sentence.on, prominent=article.prominent
    )
    return found[0].actor if found else None


def _ruled_out(sentence: SentenceContext, family: str, t_start: int) -> bool:
    """Negated, intended, denied, or (for holds) a state that has ended."""
    text, s_start = sentence.article.text, sentence.start
    clause_before = _CLAUSE_CUT.split(text[max(s_start, t_start - 80) : t_start])[-1]
    if negated_or_intended(clause_before):
        return True
    if family in ("hold", "hold_bwd") and _PAST_STATE.search(text[max(s_start, t_start - 30) : t_start]):
        return True
    return bool(DENIAL.search(text[s_start:t_start]))


def _settle_sides(
    sentence: SentenceContext, family: str, t_start: int, reading: Reading, targets: list[int]
) -> tuple[Actor | None, Actor | None, bool] | None:
    """(gainer, loser, gainer inferred) once the places are known: a pronoun subject is the previous
    sentence's subject, a town that "fell" fell to the non-state side, and a change gets both sides."""
    gained, lost = reading.gained, reading.lost
    if gained is None and family in ("capture", "fell"):
        gained = carried_subject(sentence, t_start)
    # who acts with the gainer ("Malian troops backed by Wagner fighters seized Kidal", "entered the
    # city alongside Malian forces") did not lose the place, whatever its camp
    acting = backing_actors(sentence, t_start)
    if gained is not None and reading.kind == "change":
        object_end = targets_end(sentence.article, targets, t_start)
        acting += [gained, *companions_after(sentence, object_end)]
        gained = _home_partner(
            sentence, t_start, object_end, gained, country_of(sentence.article.mentions[targets[0]])
        )
    if family == "fell" and gained is None and lost is None:
        gained = _fell_to_whom(sentence, targets)
    inferred = False
    if reading.kind == "change":
        article = sentence.article
        place_country = country_of(article.mentions[targets[0]])
        if gained is None and lost is not None:
            gained = opponent(article, lost, place_country, sentence.on, sentence.index)
            inferred = True
        if gained is None:
            return None
        if lost is None:
            # "captured the centre of the Kurdish-held city of Afrin", "took control of the al Shabaab
            # militant stronghold of Barawe": the holder the object phrase names lost it
            lost = _named_holder(sentence, targets, t_start, gained)
        if lost is None or lost.camp == gained.camp:
            lost = opponent(article, gained, place_country, sentence.on, sentence.index, acting)
            partners = co_subjects(article.text, sentence.start, t_start, sentence.matches)
            if lost is not None and lost in partners:
                # "the KIA, the ABSDF and the Indaw PDF seized X": the gainer's co-subjects did not lose it
                state = article.actors.state_force(place_country, sentence.on)
                lost = state if state is not None and state.camp != gained.camp and state not in partners else None
    return gained, lost, inferred


def _home_partner(
    sentence: SentenceContext, t_start: int, object_end: int, gained: Actor, place_country: str | None
) -> Actor:
    """ "Russian military police and Syrian troops entered Daraa", "Ethiopian and Eritrean troops
    captured Shire", "Russian soldiers from the Wagner Group entered the city of Kidal alongside
    Malian forces": when a place's own state force is one of a coordinated subject, or named as the
    subject's companion, it is the one that takes control (the foreign partners are associated actors)."""
    group = coordinated_subject(sentence.article.text, sentence.start, t_start, sentence.matches)
    if gained not in group:
        # "has been captured by Rwandan and Mozambican security forces": the agent's own coordination
        group = coordinated_with(sentence, gained, t_start)
    if gained in group:
        home = next((a for a in group if a.kind == "state" and a.country == place_country), None)
        if home is not None:
            return home
    if gained.kind != "state" and not sentence.article.actors.state_sided(gained):
        return gained  # an armed group's companions do not take the place from it
    companions = companions_after(sentence, object_end)
    return next((a for a in companions if a.kind == "state" and a.country == place_country), gained)


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
    if _BACK_FROM.search(text, t_end, tail.end()):
        return None  # "pushed Russian troops back from Kharkiv": away from a place they never held
    mentions = sentence.article.mentions
    targets, partial = object_places(sentence, tail.end())
    targets = [t for t in targets if controllable(mentions[t]) and t not in sentence.controlled]
    if not targets or partial:
        return None
    lost = actor_inside(sentence.matches, t_end - 1, tail.start())
    gained = subject_before(text, s_start, t_start, sentence.matches)
    if _PASSIVE_BEFORE.search(text, max(s_start, t_start - 12), t_start):
        # "Government troops were forced (to withdraw) from Palmyra": the subject is the one expelled
        lost = gained
        gained = actor_after(
            sentence.matches, targets_end(sentence.article, targets, tail.end()), ("by",), text
        )
        if lost is None:
            return None
        if gained is None:
            gained = opponent(
                sentence.article, lost, country_of(mentions[targets[0]]), sentence.on, sentence.index
            )
    if gained is None or (lost is not None and lost.camp == gained.camp):
        return None
    country = country_of(mentions[targets[0]])
    if lost is None:
        lost = opponent(sentence.article, gained, country, sentence.on, sentence.index)
    control = Control(
        gained,
        lost,
        "controlled",
        "change",
        claimed(sentence.text, t_start - s_start),
        False,
        is_generic(sentence.matches, gained),
        territory_subtype(gained, country, sentence.article.actors),
    )
    return targets, control


def _holder(sentence: SentenceContext, t_start: int) -> Actor | None:
    """Who holds an "X-held" place: the actor the adjective is glued to ("IS-held"), or the state
    force of the country a demonym names ("Russian-occupied", "Ukrainian-controlled")."""
    holder = next((m.actor for m in sentence.matches if m.start < t_start <= m.end), None)
    if holder is not None:
        return holder
    article = sentence.article
    word = article.lowered[max(sentence.start, t_start - 16) : t_start].split()[-1:]
    country = article.actors.demonym_country(word[0]) if word else None
    if country:
        return article.actors.state_force(country, article.published)
    return None
