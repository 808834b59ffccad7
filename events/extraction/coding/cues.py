"""Modality cues in the words before a trigger: intended, negated, claimed.

An intention or a negation ("aims to retake", "failed to capture", "did not enter") codes nothing; a
claim ("X said it had captured", "X claimed", "denied") is kept and flagged, so analysts can weigh it.
"Said it" counts only before the trigger: "captured Hama, after the army said it had withdrawn" is
no claim of the capture.
"""

from __future__ import annotations

import re

# Modal "may" is lower-case ("In May it took..." is a month); "claimed to have captured" is a
# perfect infinitive (a claim), not an intention.
INTENT = re.compile(
    r"\b(?:will|would|shall|could|might|(?-i:may)|aims?|aimed|aiming|plans?|planned|planning|intends?|intended|vow(?:s|ed)?|"
    r"threaten(?:s|ed)?|attempt(?:s|ed|ing)?|try|tries|tried|trying|seek(?:s|ing)?|sought|bid|effort|efforts|"
    r"prepar(?:e|es|ed|ing)|ready|set|about|expected|hopes?|hoped|hoping|goal|push|pushing|offensive|operation|"
    r"campaign|drive|order|ordered|want(?:s|ed)?|wanting|failed|fail|fails|unable|struggled?|struggling|"
    r"bids|poised|vowing|able|managed)\b(?:\W+\w+){0,4}\W+(?:to|at)\W*$"
    r"|\b(?:will|would|shall|could|might|(?-i:may)|must|(?<!loyal\s)(?<!allied\s)(?<!close\s)to(?!\s+have\s)|cannot|can't)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
NEGATION = re.compile(
    r"\b(?:not|never|no|n't|neither|nor|denied|denies|deny|without|refused|false|rejected)\b[^,;]{0,40}$|n't\s+\w*\s*$",
    re.IGNORECASE,
)
# A claim is a side's own word for a change: "X said (on Friday) (that) it had captured..." before the
# trigger, or a claim word anywhere in the sentence ("claimed", "according to", "reportedly").
_SAID_IT = re.compile(
    r"\b(?:said|says|announced|stated|declared)\s+(?:[\w.,]+\s+){0,4}?(?:that\s+)?(?:it|they|its|their)\b",
    re.IGNORECASE,
)
_CLAIM_WORD = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|according\s+to|announced|reportedly|purportedly|alleged(?:ly)?|boasted|asserted|"
    r"denied|denies)\b",
    re.IGNORECASE,
)


def claimed(sentence: str, trigger_at: int) -> bool:
    """Is the change at ``trigger_at`` (an offset in ``sentence``) only a side's claim?"""
    return bool(_SAID_IT.search(sentence, 0, trigger_at) or _CLAIM_WORD.search(sentence))


def negated_or_intended(clause_before: str) -> bool:
    """Does the clause leading up to a trigger deny it or only intend it? Then nothing happened."""
    return bool(NEGATION.search(clause_before) or INTENT.search(clause_before))
