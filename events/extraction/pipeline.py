"""The whole extraction: article text in, Extraction JSON (CONTRACT §4) out. Pure Python."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from events.extraction.actors import ActorDictionary
from events.extraction.coder import code_events
from events.extraction.gazetteer import Gazetteer
from events.extraction.geoparse import geoparse

EXTRACTOR_VERSION = "0.3.0"


@dataclass(slots=True)
class Extractor:
    """Holds the loaded gazetteer and actor dictionary; one instance serves any number of articles."""

    gazetteer: Gazetteer
    actors: ActorDictionary

    def extract(self, text: str, *, published: datetime.date | None = None) -> dict:
        mentions = geoparse(text, self.gazetteer)
        events = code_events(text=text, mentions=mentions, published=published, actors=self.actors)
        return {
            "published": published.isoformat() if published else None,
            "extractor_version": EXTRACTOR_VERSION,
            "mentions": mentions,
            "events": events,
        }
