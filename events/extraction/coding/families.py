"""One rule per control trigger family: where its place and its actors stand.

"retook Rawa" takes its place after the verb and its gainer before it; "Rawa was retaken by" and
"Rawa fell to" take the place before and the actor after; "IS withdrew from Rawa" names the loser.
Each rule returns what it read (places, gainer, loser, status, kind) or None when the trigger says
nothing about control here; ``control`` settles the sides the same way for all families.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..actors import Actor
from .cues import RANKED_TO
from .features import controllable, country_of, is_city
from .places import (
    backward_places,
    forward_places,
    object_places,
    relative_anaphor,
    relative_antecedent,
    settlement_place,
    subject_anaphor,
    targets_end,
)
from .records import NON_VIOLENT_TRANSFER, place_key
from .sentence import SentenceContext
from .subjects import (
    actor_after,
    actor_inside,
    actor_nearby,
    carried_subject,
    reporter,
    sentence_subject,
    subject_before,
)
from .triggers import CONTROL_TRIGGERS

# Nominal triggers ("the recapture of X by..."): only these may take an actor from anywhere nearby.
_NOMINAL = re.compile(r"(?:recapture|capture|seizure|liberation|takeover|victory|declared|announced)\b")
# A passive auxiliary before the trigger ("was retaken", "has been completely captured"); "had freed"
# is an active pluperfect, not a passive.
_PASSIVE_AUX = re.compile(
    r"\b(?:was|were|been|is|are|being|be|get|got|gets)\s+[\"“]?(?:\w+ly\s+|\w+\s+)?[\"“]?$",
    re.IGNORECASE,
)
# "entered the outskirts of X": the trigger reaches a part of the place only.
_PART_AFTER = re.compile(r"\s*(?:the\s+)?(?:outskirts|suburbs|edges?|parts)")
# "X fell" alone is a control change only when a time or a pause follows ("fell on Friday", "fell,").
_FELL_THEN = re.compile(r"\s+(?:on|last|early|late|in|after|within|yesterday|this|overnight|without|,|\.)")
# "took control of" is a capture: the "control of" inside it is not a holds statement.
_GAINING_VERB = re.compile(
    r"\b(?:took|taken|take|seized|gained|wrest|regain|won|lost|assum)\w*\s+(?:full\s+)?$", re.IGNORECASE
)


# A participle clause opening the sentence ("After retaking X, ...", "Since capturing X, ...").
_OPENING_CLAUSE = re.compile(r"\s*(?:after|since|before|upon|on|having|while|when)?\s*", re.IGNORECASE)
# Trigger words that are also nouns: after a determiner and without "of" they refer back to an event.
_NOUN_FORMS = frozenset({"capture", "recapture", "retake", "seizure", "takeover", "take"})
_DETERMINER_BEFORE = re.compile(r"\b(?:the|its|their|this|that|his|her|a)\s+$", re.IGNORECASE)
_ELECTION = re.compile(r"\belection|\bvote|\bpoll", re.IGNORECASE)
# "lost" as a loss of ground: a name, "control", or a determiner before what was lost ("lost Rawa",
# "lost the town", "lost control of"); not "lost dozens", "lost heavily", "lost their lives".
_LOST_THEN = re.compile(
    r"\s+(?:control\b|(?:the|its|their|his|her|a)\s+(?!(?:lives?|life|men|soldiers|fighters|troops|way|"
    r"battle|war|support|contact|grip|momentum|ground)\b)|[A-Z])"
)
_THE_BEFORE = re.compile(r"\bthe\s+$")
# A subject relative clause just before a trigger: "the region which came under...", ", which fell to".
_SUBJECT_RELATIVE = re.compile(
    r"(?:,\s*)?\b(?:which|that)\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?$", re.IGNORECASE
)
_RELATIVE_GAP = re.compile(r"\s*(?:[a-z-]+\s*)?,?\s*")
# "Afghan forces at Bagram air base": a place right after the actor that stood there.
_ACTOR_AT = re.compile(r"\s+(?:[\w'’-]+\s+){0,2}?(?:at|in)\s+(?:the\s+)?", re.IGNORECASE)
# Holds that say a side is there, not that it controls the place ("has a presence in", "deployed in").
_PRESENCE_WORD = re.compile(r"presence|entrenched|deploy|position|still (?:present )?in$")
_RID_OF = re.compile(r"cleared|freed|liberated|purged|rid\b")
# "The following settlements ... have been liberated from the occupiers – A village, B village": a
# subject that announces its list names its places after the dash or colon that follows the trigger.
# A liberation said without its liberator: the passive, the noun ("the liberation of Marawi") and a
# declaration ("declared Marawi is free from terrorist influence"); never an active verb ("liberated X"),
# whose subject is the side.
_LIBERATION = re.compile(r"liberation")
_ACTIVE = re.compile(r"(?:liberat|freed|cleared)(?:e|es|ed|ing)?$")
_ANNOUNCED = re.compile(r"\bfollowing\b", re.IGNORECASE)
_LIST_OPENER = re.compile(r"[^.;:!?\n–—]{0,60}?\s*(?:[:–—]|--)\s*")
_DECLARING = re.compile(r"declar|announc|proclaim")
_FREE_OF = re.compile(
    r"[^.;]{0,40}?\s[\"“]?(?:(?:fully|totally|completely|entirely)\s+)?(?:free|freed|cleared|liberated)[\"”]?\s+(?:of|from)\b",
    re.IGNORECASE,
)
# "the two other towns now claimed by X": a claimed hold only right after a place noun.
_PLACE_NOUN_BEFORE = re.compile(
    r"\b(?:towns?|city|cities|villages?|areas?|positions?|territory|territories|districts?)\s+$",
    re.IGNORECASE,
)
# A peace force or observers: present in a place without holding it.
_NON_PARTY = re.compile(r"peace-?keep|observer|monitor|interim force", re.IGNORECASE)
_NON_PARTY_AFTER = re.compile(r"\s*(?:[\w-]+\s+)?(?:peace-?keep\w*|observers?|monitors?)\b", re.IGNORECASE)
# "under its control", "under their full control": the holder is the clause's subject.
_PRONOUN_HOLDER = re.compile(r"\b(?:its|their)\s+(?:\w+\s+)?(?:control|hands)$")
# A declaration before a holds phrase turns it into the news of a capture ("announced that X was
# under the army's control", "declared the town fully under its control").
_DECLARED = re.compile(r"\b(?:declared|announced|proclaimed)\b(?=[^.;]*$)", re.IGNORECASE)
_FORMER = re.compile(r"\b(?:former|one-time|onetime|erstwhile)\s+$", re.IGNORECASE)
# "victory over IS in the group's former stronghold of Raqqa": the place the stronghold noun names.
_STRONGHOLD_OF = re.compile(
    r"\s*(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:stronghold|bastion|capital|bastions|strongholds)\s+of\s+",
    re.IGNORECASE,
)
# "the rebel enclave of", "the Taliban stronghold of": one word before the noun says whose it is.
_HOLDER_WORD = re.compile(r"\b(?:the|a|an)\s+([\w'’-]+)\s+$", re.IGNORECASE)
_POSSESSOR = re.compile(
    r"(?:'s|’s|'|’)?\s+(?:(?:main|last|key|former|largest|biggest|remaining|de\s+facto)\s+)*"
)


@dataclass(slots=True)
class Reading:
    """What one trigger family reads off the sentence, before the sides are settled."""

    targets: list[int]
    gained: Actor | None = None
    lost: Actor | None = None
    status: str = "controlled"
    kind: str = "change"
    subtype: str | None = None  # ACLED sub_event_type when the family decides it (a handover)


def _capture(sentence: SentenceContext, trig: re.Match[str]) -> Reading | None:
    """ "retook Rawa", "Rawa was recaptured by", "Fallujah, which it seized", "the capture of X by Y"."""
    text, s_start, matches = sentence.article.text, sentence.start, sentence.matches
    t_start, t_end = trig.start(), trig.end()
    word = trig.group(0).lower()
    if _no_capture_here(sentence, trig, word):
        return None
    taken = _captured_places(sentence, trig, word)
    if taken is None:
        return None
    targets, partial, passive, gained = taken
    object_end = targets_end(sentence.article, targets, t_end)
    if gained is None:
        gained = actor_after(matches, object_end, ("by",), text)
    lost, free_of = _capture_loser(sentence, trig, word, object_end)
    if gained is None:
        gained = _capture_gainer(sentence, trig, word, targets, passive, lost, free_of)
    if word.startswith("occupied") and not subject_before(text, s_start, t_start, matches):
        return None  # adjectival "occupied X" without an occupier: nothing to say
    if partial:
        return Reading(targets, gained, lost, "contested", "holds")
    return Reading(targets, gained, lost)


def _no_capture_here(sentence: SentenceContext, trig: re.Match[str], word: str) -> bool:
    """Trigger words that tell no capture in this sentence: an election's victory, a noun naming a
    capture told elsewhere, entering only a part of a place."""
    text, s_start = sentence.article.text, sentence.start
    t_start, t_end = trig.start(), trig.end()
    if word.startswith("victory") and _ELECTION.search(sentence.text):
        return True
    if word in _NOUN_FORMS and _DETERMINER_BEFORE.search(text, max(s_start, t_start - 8), t_start):
        return True  # "The capture cut Damascus off": a noun naming a capture told elsewhere
    return (
        word.startswith(("entered", "entering"))
        and "flag" not in word
        and _PART_AFTER.match(text[t_end : t_end + 40].lower()) is not None
    )  # "entered the outskirts of X": only a part of the place


def _captured_places(
    sentence: SentenceContext, trig: re.Match[str], word: str
) -> tuple[list[int], bool, bool, Actor | None] | None:
    """(places taken, whether only partly, whether told in the passive, the taker a passive names):
    the trigger's object ("retook Rawa", "a victory in the stronghold of X"), else a passive's subject
    ("Rawa was recaptured by"), else a relative's antecedent ("Fallujah, which it seized"); None
    when the sentence names no place taken."""
    text, s_start = sentence.article.text, sentence.start
    t_start, t_end = trig.start(), trig.end()
    targets, partial = object_places(sentence, t_end, facility=True)
    stronghold = _STRONGHOLD_OF.match(text, t_end) if word.startswith("victory") and not targets else None
    if stronghold is not None:
        targets, partial = object_places(sentence, stronghold.end(), facility=True)
    passive = not targets and bool(_PASSIVE_AUX.search(text[max(s_start, t_start - 25) : t_start]))
    if passive:
        targets = (
            _announced_list(sentence, t_start, t_end)
            or backward_places(text, s_start, t_start, sentence.placed)
            or subject_anaphor(sentence, t_start)
        )
        gained = actor_after(sentence.matches, t_end, ("by",), text) or reporter(sentence, t_start)
        return targets, partial, passive, gained
    if not targets:
        antecedent = relative_antecedent(text, s_start, t_start, t_end, sentence.placed)
        if antecedent is None:
            return None
        targets = [antecedent]
    return targets, partial, passive, None


def _capture_loser(
    sentence: SentenceContext, trig: re.Match[str], word: str, object_end: int
) -> tuple[Actor | None, re.Match[str] | None]:
    """(the side that lost the place, the "free of"/"liberated from" phrase after the object if
    any): the side named after the object by "from" (or "of" for words of riddance), after a
    declaration's "fully liberated from", or inside "victory over X"/"took over"."""
    text, matches = sentence.article.text, sentence.matches
    # "Rawa was cleared of Islamic State fighters", "freed from IS": the side named after is the loser
    lost = actor_after(matches, object_end, ("from", "of") if _RID_OF.match(word) else ("from",), text)
    free_of = _FREE_OF.match(text, object_end) if _DECLARING.match(word) else None
    if free_of is not None:  # 'declaring the town of Tal Afar "fully liberated" from the Islamic State group'
        lost = lost or actor_after(matches, free_of.end(), (), text)
    if (word.startswith("victory") and "against" in word) or "over" in word.split()[1:2]:
        lost = lost or actor_inside(matches, trig.start(), trig.end())  # "victory over X in", "took over"
    return lost, free_of


def _capture_gainer(
    sentence: SentenceContext,
    trig: re.Match[str],
    word: str,
    targets: list[int],
    passive: bool,
    lost: Actor | None,
    free_of: re.Match[str] | None,
) -> Actor | None:
    """The taker when no "by X" names it: the active clause's subject, an actor near a nominal
    trigger, the main clause's subject after an opening clause, or for a liberation naming neither
    side, the subject carried from before or the place's own country."""
    text, s_start, matches = sentence.article.text, sentence.start, sentence.matches
    t_start, t_end = trig.start(), trig.end()
    if not passive:  # a passive's subject is what was taken, not who took it
        gained = subject_before(text, s_start, t_start, matches)
        if gained is not None:
            return gained
    if _NOMINAL.match(word) and free_of is None:
        gained = actor_nearby(text, matches, t_start, t_end)
        if gained is not None:
            return gained
    if _OPENING_CLAUSE.fullmatch(text, s_start, t_start):
        # "Since capturing Mosul in June 2014, Islamic State has...": the main clause's subject
        comma = text.find(",", t_end, sentence.end)
        main = [m for m in matches if m.start > comma]  # its first free actor, not its last one
        gained = sentence_subject(text, comma, main) if comma > 0 else None
        if gained is not None:
            return gained
    liberation = bool(_RID_OF.match(word) or _LIBERATION.search(word)) or free_of is not None
    if lost is None and liberation and targets and (passive or not _ACTIVE.match(word)):
        return carried_subject(sentence, t_start) or _home_liberator(sentence, targets[0])
    return None


def _announced_list(sentence: SentenceContext, t_start: int, t_end: int) -> list[int]:
    """The places of "The following settlements ... have been liberated (from the occupiers) – A, B and
    C": after the dash or colon that follows a passive trigger whose subject announces a list."""
    text = sentence.article.text
    if not _ANNOUNCED.search(text, sentence.start, t_start):
        return []
    opener = _LIST_OPENER.match(text, t_end, sentence.end)
    return forward_places(text, opener.end(), sentence.placed)[0] if opener else []


def _home_liberator(sentence: SentenceContext, target: int) -> Actor | None:
    """Who freed a place "liberated from the occupiers" with neither agent nor named loser: news says
    so of the side whose own land it is, so the place's state force, when the article names that state
    at all, even generically ("the military"; else no side is said and nothing is coded). A place whose
    change the article has already told ('"The town is fully liberated," a commander said') is that
    change told again, unless the sentence dates it ("Last Friday, X said Aden had been liberated")."""
    article = sentence.article
    if not sentence.dates and place_key({"place": settlement_place(article, target)}) in article.changed:
        return None
    state = article.actors.state_force(country_of(article.mentions[target]), sentence.on)
    if state is None:
        return None
    return state if any(m.actor.camp == state.camp for m in article.all_matches) else None


def _fell(sentence: SentenceContext, trig: re.Match[str]) -> Reading | None:
    """ "Rawa fell to IS", "the fall of Rawa to IS", "Herat fell on Thursday"."""
    text, t_start, t_end = sentence.article.text, trig.start(), trig.end()
    word = trig.group(0).lower()
    if word.startswith("fall of"):
        targets, _ = object_places(sentence, t_end)
        object_end = targets_end(sentence.article, targets, t_end)
        gained = actor_after(sentence.matches, object_end, ("to",), text)
        # "The fall of Aleppo contrasts with...": without "to X" nor a date the noun refers to a fall
        # told elsewhere; "the fall of Mosul in June 2014" is background history
        return Reading(targets, gained=gained) if gained is not None or sentence.dates else None
    relative = _SUBJECT_RELATIVE.search(text, max(sentence.start, t_start - 40), t_start)
    head = _relative_head(sentence, relative.start()) if relative else None
    if head is not None:
        targets = [head]  # "near the eastern Ghouta region which came under government control"
    else:
        targets = backward_places(text, sentence.start, t_start, sentence.placed) or subject_anaphor(
            sentence, t_start
        )
    if RANKED_TO.search(text, max(sentence.start, t_start - 60), t_start):
        # "Fallujah was the first Iraqi city to fall to the extremists": the ranked noun is a town; a
        # region named in its noun phrase ("the command in Rakhine state, the second ... to fall") is not
        targets = [t for t in targets if is_city(sentence.article.mentions[t])]
    if word == "fell":
        return Reading(targets) if _FELL_THEN.match(text[t_end : t_end + 12]) else None
    if word.endswith(("control", "hands")) and not word.endswith("the control"):
        # "returned to Syrian government control", "came into rebel hands": the holder is the adjective
        return Reading(targets, gained=_holder_adjective(sentence, trig, targets))
    return Reading(targets, gained=actor_after(sentence.matches, t_end, (), text))


def _relative_head(sentence: SentenceContext, at: int) -> int | None:
    """The place a subject relative clause opening at ``at`` hangs on: the last place named just
    before it, with at most a feature noun between ("the eastern Ghouta region which...")."""
    text = sentence.article.text
    before = [(i, m) for i, m in sentence.placed if m["end"] <= at and controllable(m)]
    if not before:
        return None
    index, mention = before[-1]
    return index if _RELATIVE_GAP.fullmatch(text, mention["end"], at) else None


def _loss(sentence: SentenceContext, trig: re.Match[str]) -> Reading | None:
    """ "IS withdrew from Rawa", "they lost control of X": the subject loses the whole place."""
    text, s_start = sentence.article.text, sentence.start
    t_start, t_end = trig.start(), trig.end()
    if trig.group(0).lower() == "lost" and not _LOST_THEN.match(text[t_end : t_end + 10]):
        return None
    targets, partial = object_places(sentence, t_end)
    lost = subject_before(text, s_start, t_start, sentence.matches) or carried_subject(sentence, t_start)
    if lost is None:
        return None
    gained = actor_after(sentence.matches, targets_end(sentence.article, targets, t_end), ("to", "by"), text)
    return None if partial else Reading(targets, gained, lost)


def _held_by(sentence: SentenceContext, trig: re.Match[str]) -> Reading | None:
    """ "Rawa, held by IS", "X is in the hands of Y"."""
    text = sentence.article.text
    word = trig.group(0).lower()
    if "claimed" in word and not _PLACE_NOUN_BEFORE.search(text, sentence.start, trig.start()):
        return None  # "an attack now claimed by IS": a claim of responsibility, not of ground
    targets = backward_places(text, sentence.start, trig.start(), sentence.placed)
    if not targets:
        anaphor = relative_anaphor(sentence, trig.start())
        targets = [anaphor] if anaphor is not None else subject_anaphor(sentence, trig.start())
    pronoun = _PRONOUN_HOLDER.search(word)
    declared = _DECLARED.search(text, sentence.start, trig.start())
    if pronoun is not None:
        # "declared the town fully under its control": the holder is the declaring subject
        anchor = declared.start() if declared else trig.start()
        gained = subject_before(text, sentence.start, anchor, sentence.matches) or carried_subject(
            sentence, anchor
        )
    elif word.endswith(("control", "hands")):
        gained = _holder_adjective(sentence, trig, targets)
    else:
        gained = actor_after(sentence.matches, trig.end(), (), text)
    if gained is None:
        return None
    # "announced that Khan Sheikhoun was under the military's control": a declared capture
    return Reading(targets, gained, kind="change" if declared else "holds")


def _holder_adjective(sentence: SentenceContext, trig: re.Match[str], targets: list[int]) -> Actor | None:
    """The holder of "under government control", "in rebel hands", "under Taliban control": the word
    before "control"/"hands", read as "<word> forces" in the place's country."""
    named = actor_inside(sentence.matches, trig.start() - 1, trig.end())
    if named is not None:
        return named
    word = re.sub(r"(?:'s|’s)$", "", trig.group(0).split()[-2])
    article = sentence.article
    country = country_of(article.mentions[targets[0]]) if targets else article.focus
    found = article.actors.matches(
        f"{word} forces", country_focus=country, on=sentence.on, prominent=article.prominent
    )
    return found[0].actor if found else None


def _besiege(sentence: SentenceContext, trig: re.Match[str]) -> Reading | None:
    """ "Y besieged X", "X was encircled by Y"; not the adjectival "the besieged city of X"."""
    text, s_start = sentence.article.text, sentence.start
    t_start, t_end = trig.start(), trig.end()
    if _THE_BEFORE.search(text[max(s_start, t_start - 5) : t_start]):
        return None  # the besieger is not said
    targets, _ = object_places(sentence, t_end)
    if targets:
        gained = subject_before(text, s_start, t_start, sentence.matches)
    else:
        targets = backward_places(text, s_start, t_start, sentence.placed)
        gained = actor_after(sentence.matches, t_end, ("by",), text)
    return None if gained is None else Reading(targets, gained, status="besieged", kind="holds")


def _contest(sentence: SentenceContext, trig: re.Match[str]) -> Reading | None:
    """ "fighting in X", "Y advanced on X", "the battle for X": contested, attacker if said."""
    targets, _ = object_places(sentence, trig.end())
    gained = subject_before(sentence.article.text, sentence.start, trig.start(), sentence.matches)
    return Reading(targets, gained, status="contested", kind="holds")


def _hold(sentence: SentenceContext, trig: re.Match[str]) -> Reading | None:
    """ "Y controls X", "Y still holds X", "Y has a presence in X"."""
    text, s_start = sentence.article.text, sentence.start
    t_start, t_end = trig.start(), trig.end()
    word = trig.group(0).lower()
    if word.startswith(("control of", "control over")) and _GAINING_VERB.search(
        text[max(s_start, t_start - 20) : t_start]
    ):
        return None
    targets, partial = object_places(sentence, t_end)
    if word.startswith(("stronghold", "bastion", "enclave")):
        if _FORMER.search(text, max(s_start, t_start - 12), t_start):
            return None  # "the group's former stronghold of Raqqa": held no longer
        # "the jihadists' stronghold of Mosul": the holder is the possessor; "the rebel enclave of
        # Eastern Ghouta": the word before, read as "<word> forces"; or no one said
        gained = next((m.actor for m in sentence.matches if _POSSESSOR.fullmatch(text, m.end, t_start)), None)
        adjective = _HOLDER_WORD.search(text, max(s_start, t_start - 30), t_start)
        if gained is None and adjective is not None:
            found = sentence.article.actors.matches(
                f"{adjective.group(1)} forces",
                country_focus=country_of(sentence.article.mentions[targets[0]]) if targets else sentence.article.focus,
                on=sentence.on,
                prominent=sentence.article.prominent,
            )
            gained = found[0].actor if found else None
    else:
        gained = subject_before(text, s_start, t_start, sentence.matches) or carried_subject(
            sentence, t_start
        )
    if gained is None:
        return None
    status = "presence" if partial or _PRESENCE_WORD.search(word) else "controlled"
    if status == "presence" and _non_party(sentence, gained, t_start):
        return None
    return Reading(targets, gained, status=status, kind="holds")


def _non_party(sentence: SentenceContext, actor: Actor, t_start: int) -> bool:
    """Is the side present a non-party ("Russian peacekeepers deployed in Lachin", "OSCE monitors
    in Debaltseve")? A peace force or observers there hold nothing: the parties' control stands."""
    text = sentence.article.text
    named = [m for m in sentence.matches if m.actor == actor and m.end <= t_start]
    if not named:
        return False
    last = named[-1]
    return bool(_NON_PARTY.search(last.text) or _NON_PARTY_AFTER.match(text, last.end))


def _surrender(sentence: SentenceContext, trig: re.Match[str]) -> Reading | None:
    """ "Afghan forces surrendered to the Taliban in Kunduz", "army officers surrendered the town":
    the subject loses the place; the side it surrendered to (or its opponent) gains it."""
    text, s_start = sentence.article.text, sentence.start
    t_start, t_end = trig.start(), trig.end()
    targets, partial = object_places(sentence, t_end)
    if not targets:
        # "Afghan forces at Bagram air base ... surrendered to the Taliban": where the subject stood
        targets = [
            i
            for i, m in sentence.placed
            if s_start <= m["start"]
            and m["end"] <= t_start
            and any(_ACTOR_AT.fullmatch(text, a.end, m["start"]) for a in sentence.matches)
        ][-1:]
    if not targets or partial:
        return None
    lost = subject_before(text, s_start, t_start, sentence.matches) or carried_subject(sentence, t_start)
    object_end = targets_end(sentence.article, targets, t_end)
    gained = actor_inside(sentence.matches, t_start, t_end) or actor_after(
        sentence.matches, object_end, ("to",), text
    )
    if lost is None and gained is None:
        return None
    return Reading(targets, gained, lost)


def _handover(sentence: SentenceContext, trig: re.Match[str]) -> Reading | None:
    """ "IS handed over Rawa to Iraqi forces", "Rawa was handed over to the army": the place goes to
    the side after "to", the subject gives it up."""
    text, s_start = sentence.article.text, sentence.start
    t_start, t_end = trig.start(), trig.end()
    targets, partial = object_places(sentence, t_end)
    if partial:
        return None
    if targets:
        object_end = targets_end(sentence.article, targets, t_end)
        lost = subject_before(text, s_start, t_start, sentence.matches)
    else:
        if not _PASSIVE_AUX.search(text[max(s_start, t_start - 25) : t_start]):
            return None
        targets = backward_places(text, s_start, t_start, sentence.placed) or subject_anaphor(
            sentence, t_start
        )
        object_end, lost = t_end, None
    gained = actor_after(sentence.matches, object_end, ("to",), text)
    return Reading(targets, gained, lost, subtype=NON_VIOLENT_TRANSFER) if gained is not None else None


def _relief(sentence: SentenceContext, trig: re.Match[str]) -> Reading | None:
    """ "Syrian troops broke the siege of Deir ez-Zor": the besieged side keeps the place, so the relief
    is a holds statement for the relieving side."""
    targets, _ = object_places(sentence, trig.end())
    gained = subject_before(sentence.article.text, sentence.start, trig.start(), sentence.matches)
    return Reading(targets, gained, kind="holds") if gained is not None else None


def _denial(sentence: SentenceContext, trig: re.Match[str]) -> Reading | None:
    """ "Ukraine denied losing Soledar to Russia", "Ukraine denied reports that Russian forces captured
    Pokrovsk": the denier says it still holds the place. That is its claim (``cues.claimed`` flags
    the denial word), a holds statement for the denier dated at publication, never a confirmed change;
    the other side's claimed capture, when the article reports it, stays a claimed change, so the
    map shows the place as claimed by each side in turn (ANNOTATION_GUIDE: a denial is a holds fact
    of the denier)."""
    text, t_end = sentence.article.text, trig.end()
    targets, _ = object_places(sentence, t_end)
    if not targets:
        ahead = [i for i, m in sentence.placed if t_end <= m["start"] and controllable(m)]
        targets = ahead[:1]
    denier = subject_before(text, sentence.start, trig.start(), sentence.matches)
    if not targets or denier is None:
        return None
    return Reading(targets, denier, kind="holds")


RULES: dict[str, Callable[[SentenceContext, re.Match[str]], Reading | None]] = {
    "capture": _capture,
    "fell": _fell,
    "loss": _loss,
    "hold_bwd": _held_by,
    "besiege": _besiege,
    "contest": _contest,
    "hold": _hold,
    "surrender": _surrender,
    "handover": _handover,
    "relief": _relief,
    "denial": _denial,
}
assert set(RULES) == {family for family, _ in CONTROL_TRIGGERS}
