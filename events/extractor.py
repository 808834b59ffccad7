"""The process-wide Extractor, loaded once from the compiled gazetteer index and the actor dictionary."""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from events.extraction.actors import ActorDictionary
from events.extraction.gazetteer import Gazetteer
from events.extraction.pipeline import Extractor

_lock = threading.Lock()
_cache: dict[tuple[str, float], Extractor] = {}


def get_extractor() -> Extractor:
    """The Extractor for settings.GAZETTEER_INDEX, reloaded when the compiled file changes."""
    path = Path(settings.GAZETTEER_INDEX)
    if not path.exists():
        raise ImproperlyConfigured(f"no gazetteer index at {path}: run `manage.py load_gazetteer` first")
    cache_key = (str(path), path.stat().st_mtime)
    with _lock:
        if cache_key not in _cache:
            _cache.clear()
            _cache[cache_key] = Extractor(gazetteer=Gazetteer.load(path), actors=ActorDictionary.load())
        return _cache[cache_key]
