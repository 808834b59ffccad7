"""The process-wide Extractor, loaded once from the compiled gazetteer index and the actor dictionary,
with the names editors taught it (PlaceName rows of source "user") laid over the compiled index.

Why an overlay: recompiling the index takes minutes, and an editor's correction must help the next
article at once. So the extractor applies every user name it has not seen yet (PlaceName ids are
increasing) each time it is asked for: one indexed query, and the new names of any process (another
web worker, a shell) reach this one before its next extraction."""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from events.extraction.actors import ActorDictionary
from events.extraction.gazetteer import Gazetteer, GazetteerPlace
from events.extraction.pipeline import Extractor

USER_NAME_SOURCE = "user"  # PlaceName.source of a name an editor gave a place

_lock = threading.Lock()
_cache: dict[tuple[str, float], Extractor] = {}
# Per cached extractor: (last PlaceName id applied, how many user names applied).
_user_names_applied: dict[tuple[str, float], tuple[int, int]] = {}


def get_extractor() -> Extractor:
    """The Extractor for settings.GAZETTEER_INDEX, reloaded when the compiled file changes, with every
    user name applied."""
    path = Path(settings.GAZETTEER_INDEX)
    if not path.exists():
        raise ImproperlyConfigured(f"no gazetteer index at {path}: run `manage.py load_gazetteer` first")
    cache_key = (str(path), path.stat().st_mtime)
    with _lock:
        if cache_key not in _cache:
            _cache.clear()
            _user_names_applied.clear()
            _cache[cache_key] = _load(path)
        _user_names_apply(cache_key)
        return _cache[cache_key]


def user_names_refresh() -> None:
    """Apply user names written since the cached extractor last looked (called by the correction
    service so the process that made the correction need not wait for its next get_extractor)."""
    with _lock:
        for cache_key in list(_cache):
            _user_names_apply(cache_key)


def _load(path: Path) -> Extractor:
    return Extractor(gazetteer=Gazetteer.load(path), actors=ActorDictionary.load())


def _user_names_apply(cache_key: tuple[str, float]) -> None:
    """Lay the user names not applied yet over the index. Names only ever get added by corrections; if
    some the overlay holds are gone (a correction rolled back, an alias deleted), the index is
    reloaded from its file and every user name applied again, so the overlay never points at a
    place that does not exist."""
    from django.db import OperationalError
    from django.db.models import Count, Max

    from events.models import PlaceName

    names = PlaceName.objects.filter(source=USER_NAME_SOURCE)
    try:
        state = names.aggregate(last=Max("pk"), count=Count("pk"))
    except OperationalError:  # no database (extract reads only the compiled file): the index as compiled
        return
    last, count = _user_names_applied.get(cache_key, (0, 0))
    if (state["last"] or 0) < last or state["count"] < count:
        _cache[cache_key] = _load(Path(cache_key[0]))
        last = count = 0
    if (state["last"] or 0) == last:
        _user_names_applied[cache_key] = (last, count)
        return
    gazetteer = _cache[cache_key].gazetteer
    rows = (names.filter(pk__gt=last).order_by("pk")
            .values_list("pk", "name", "place_id", "place__geonames_id", "place__name", "place__feature_code",
                         "place__country_code", "place__admin1_name", "place__point", "place__population"))
    for pk, name, place_id, geonames_id, place_name, code, country, admin1, point, population in rows:
        place = GazetteerPlace(id=place_id, geonames_id=geonames_id, name=place_name, feature_code=code,
                               country_code=country, admin1=admin1, lat=point.y, lon=point.x, population=population)
        gazetteer.add_user_name(place, name)
        last, count = pk, count + 1
    _user_names_applied[cache_key] = (last, count)
