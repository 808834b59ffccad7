"""Modality cues in the words before a trigger: intended, negated, claimed.

An intention or a negation ("aims to retake", "failed to capture", "did not enter") codes nothing; a
claim ("X said it had captured", "X claimed", "denied") is kept and flagged, so analysts can weigh it.
"Said it" counts only before the trigger: "captured Hama, after the army said it had withdrawn" is
no claim of the capture.
"""

from __future__ import annotations

import re

from ..lexicon import lexicon

_CUES = lexicon("en").cues
# The words are data (lexicon/en/cues.json); the grammar is here: an intention word up to four words
# before "to"/"at" and the trigger, or a modal up to two words before it.
INTENT_TO = re.compile(
    rf"\b(?:{_CUES['intent_to'].pattern})\b(?:\W+\w+){{0,4}}\W+(?:to|at)\W*$",
    re.IGNORECASE,
)
INTENT_MODAL = re.compile(rf"\b(?:{_CUES['intent_modal'].pattern})\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE)
# "the first provincial capital to fall into the hands of militants", "the largest city to fall to
# Russian forces": a ranked noun before "to" tells what happened, not what is intended.
# "last month to retake" is a date before an intention, not a rank.
RANKED_TO = re.compile(
    r"\b(?:first|second|third|fourth|fifth|last|latest|only|next|\w{3,}est)\s+"
    r"(?!(?:week|month|year|night|weekend|spring|summer|autumn|winter|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)\b)(?:[\w'’-]+\s+){0,3}to\s+$",
    re.IGNORECASE,
)
NEGATION = re.compile(
    rf"\b(?:{_CUES['negation'].pattern})\b[^,;]{{0,40}}$|n't\s+\w*\s*$",
    re.IGNORECASE,
)
# "to prevent the LNA from capturing the city": a change someone stops is no change.
PREVENTION = re.compile(
    rf"\b(?:{_CUES['prevent_from'].pattern})\b(?:\W+\w+){{0,4}}\W+from\W*$",
    re.IGNORECASE,
)
# A claim is a side's own word for a change: "X said (on Friday) (that) it had captured..." before the
# trigger, or a claim word anywhere in the sentence ("claimed", "according to", "reportedly").
_SAID_IT = re.compile(
    rf"\b(?:{_CUES['claim_said'].pattern})\s+(?:[\w.,]+\s+){{0,4}}?(?:that\s+)?(?:it|they|its|their)\b",
    re.IGNORECASE,
)
_CLAIM_WORD = re.compile(rf"\b(?:{_CUES['claim_word'].pattern})\b", re.IGNORECASE)
# A denial before a trigger ("the army denied that the town had fallen").
DENIAL = re.compile(rf"\b(?:{_CUES['denial'].pattern})\b", re.IGNORECASE)


def claimed(sentence: str, trigger_at: int) -> bool:
    """Is the change at ``trigger_at`` (an offset in ``sentence``) only a side's claim?"""
    return bool(_SAID_IT.search(sentence, 0, trigger_at) or _CLAIM_WORD.search(sentence))


def negated_or_intended(clause_before: str) -> bool:
    """Does the clause leading up to a trigger deny it or only intend it? Then nothing happened."""
    if NEGATION.search(clause_before) or PREVENTION.search(clause_before) or INTENT_TO.search(clause_before):
        return True
    return bool(INTENT_MODAL.search(clause_before)) and not RANKED_TO.search(clause_before)
