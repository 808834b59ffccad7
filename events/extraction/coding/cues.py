"""Modality cues in the words before a trigger: intended, negated, claimed.

An intention or a negation ("aims to retake", "failed to capture", "did not enter") codes nothing; a
claim ("X said it had captured") is kept and flagged, so analysts can weigh it.
"""

from __future__ import annotations

import re

INTENT = re.compile(
    r"\b(?:will|would|shall|could|might|may|aims?|aimed|aiming|plans?|planned|planning|intends?|intended|vow(?:s|ed)?|"
    r"threaten(?:s|ed)?|attempt(?:s|ed|ing)?|try|tries|tried|trying|seek(?:s|ing)?|sought|bid|effort|efforts|"
    r"prepar(?:e|es|ed|ing)|ready|set|about|expected|hopes?|hoped|hoping|goal|push|pushing|offensive|operation|"
    r"campaign|drive|order|ordered|want(?:s|ed)?|wanting|failed|fail|fails|unable|struggled?|struggling|"
    r"bids|poised|vowing|able|managed)\b(?:\W+\w+){0,4}\W+(?:to|at)\W*$"
    r"|\b(?:will|would|shall|could|might|may|must|(?<!loyal\s)(?<!allied\s)(?<!close\s)to|cannot|can't)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
NEGATION = re.compile(
    r"\b(?:not|never|no|n't|neither|nor|denied|denies|deny|without|refused|false|rejected)\b[^,;]{0,40}$|n't\s+\w*\s*$",
    re.IGNORECASE,
)
CLAIM = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|said\s+(?:it|they|its|their)|says\s+(?:it|they|its)|according\s+to|announced|"
    r"reportedly|purportedly|alleged(?:ly)?|boasted|asserted)\b",
    re.IGNORECASE,
)


def negated_or_intended(clause_before: str) -> bool:
    """Does the clause leading up to a trigger deny it or only intend it? Then nothing happened."""
    return bool(NEGATION.search(clause_before) or INTENT.search(clause_before))
