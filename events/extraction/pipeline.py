"""The whole extraction: article text in, an Extraction (CONTRACT §4, typed in ``results``) out. Pure Python."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from events.extraction.actors import ActorDictionary
from events.extraction.coder import code_events
from events.extraction.gazetteer import Gazetteer
from events.extraction.geoparse import geoparse
from events.extraction.results import Extraction

EXTRACTOR_VERSION = "0.4.0"


@dataclass(slots=True)
class Extractor:
    """Holds the loaded gazetteer and actor dictionary; one instance serves any number of articles."""

    gazetteer: Gazetteer
    actors: ActorDictionary

    def extract(
        self, text: str, *, published: datetime.date | None = None, with_features: bool = False
    ) -> Extraction:
        """The article's mentions and events. The geoparser and the coder work on dicts; they become
        typed records here, once, so every consumer reads fields (``.as_json()`` gives the dicts back).
        with_features: each candidate also carries its feature breakdown ("features": why this place),
        for the editor's candidate picker; off, the Extraction JSON is CONTRACT §4's exactly."""
        mentions = geoparse(text, self.gazetteer, with_features=with_features)
        events = code_events(text=text, mentions=mentions, published=published, actors=self.actors)
        return Extraction.from_json({
            "published": published.isoformat() if published else None,
            "extractor_version": EXTRACTOR_VERSION,
            "mentions": mentions,
            "events": events,
        })
