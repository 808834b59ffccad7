"""Sentence-level event coding (ACLED taxonomy) and territorial control observations.

Pure Python (no Django). This module is the entry point; the internals live in ``coding/``, one
module per concern (see its ``__init__``). For each sentence: find triggers (a lexicon of verb and noun patterns),
the place each trigger governs (its object: "retook [the town of] Rawa", its subject: "Rawa fell to",
"Rawa was recaptured by"), the actors (the trigger's subject, "by X", "from X", "to X"; otherwise
inferred from the article), the modality (negated, intended, claimed) and the date (the date
expression nearest the trigger, else the paragraph's, else the publication day).

Design choices, stated once:
* A place is governed only when the words between the trigger and the name are "filler"
  (determiners, feature nouns, adjectives: "the strategic eastern town of"); "Rawa in western Anbar"
  stops at "in", "just south of Damascus" stops at "south of". So containers and reference points
  are never taken for the object.
* Control changes need an explicit place (town, region, camp...; never a country) and a gaining
  actor (named, generic "Iraqi forces"/"the army" resolved by the country focus, or carried over from
  the previous sentence's subject); the loser is named ("from X", "ousted X from") or inferred: the
  article's main opponent of the gainer, or the state of the place's country for a rebel gain.
* Intentions and negations ("aims to retake", "failed to capture", "did not enter") code nothing;
  claims ("X said it had captured", "X claimed") are kept with ``claimed: true``.
* Undated sentences take a day-precision date from the previous sentence of the same paragraph,
  else the publication date. Background changes in the pluperfect with no date ("which Russia had
  seized") are dropped: dating them at publication would rewrite history on the map.
* With no publication date, only sentences with a full explicit date (or a dateline date) give events.
* Events without a resolved place are dropped (the contract's events always carry a place).
* The page around the story (``coding/layout``): dateline places and dates are never an event's;
  a headline's change only stands for a place the body reports no change for; links to other
  stories after the body are not coded.
"""

from __future__ import annotations

import datetime as dt

from .actors import Actor, ActorDictionary
from .coding.article import country_focus, prepare_article
from .coding.control import code_control, code_expulsions, code_held_prefix
from .coding.other import code_other
from .coding.records import HEADLINE, reconcile
from .coding.sentence import SentenceContext, open_sentence
from .coding.subjects import sentence_subject

__all__ = ["code_events", "country_focus"]


def code_events(
    *, text: str, mentions: list[dict], published: dt.date | None, actors: ActorDictionary
) -> list[dict]:
    """Dated, placed events (CONTRACT §4) with control observations, in text order."""
    article = prepare_article(text, mentions, published, actors)
    events: list[dict] = []
    last_subject: Actor | None = None
    previous_paragraph = -1
    for index, (start, end) in enumerate(article.spans):
        if index in article.layout.chrome:
            continue  # a link to another story, a subhead: not this story's events
        if article.paragraph_of[index] != previous_paragraph and index and not article.same_story(index):
            last_subject = None  # a new paragraph starts a new story unless it opens with "They", "It"...
        previous_paragraph = article.paragraph_of[index]
        if article.triggers.any_in(index):
            sentence = open_sentence(article, index, last_subject)
            coded = _code_sentence(sentence)
            if index in article.layout.headline:
                for event in coded:
                    event[HEADLINE] = True
            events.extend(coded)
            subject = sentence.subject
        else:
            # no trigger: only its subject matters (for a "they" or "it" later), from the article-wide
            # actor scan sliced by offsets; no focus, no re-scan, no dates
            subject = sentence_subject(text, start, article.matches_in(start, end, article.focus))
        last_subject = subject or last_subject
    return reconcile(events)


def _code_sentence(sentence: SentenceContext) -> list[dict]:
    """Control first, so that a place given a control event is not also given a weaker one."""
    events = code_control(sentence)
    events += code_expulsions(sentence)
    events += code_held_prefix(sentence)
    events += code_other(sentence)
    return events
