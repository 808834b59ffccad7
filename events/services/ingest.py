"""Writes for ingest: one article becomes a Source with its mentions, events and control observations.

Extraction (CPU only) runs before the transaction; all rows of one article are then written in a single
transaction, so a failure leaves nothing half-written. The same text ingested twice is one Source
(content_hash), which makes ingest idempotent.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.gis.geos import Point
from django.db import IntegrityError, connection, transaction
from unidecode import unidecode

from events.acled import public_id
from events.extraction import results
from events.extraction.pipeline import EXTRACTOR_VERSION, Extractor
from events.extraction.text import fold
from events.models import Actor, ControlObservation, Event, Mention, Place, Source
from events.services.control import control_batch
from events.sources.articles import MAX_ARTICLE_CHARS, clean_text


class IngestError(ValueError):
    """The input cannot become a source (empty text, bad date...): reported, nothing written."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    source: Source
    created: bool
    events: int
    observations: int


def content_hash(text: str) -> str:
    """Hash of the text with line endings and outer space normalised: the identity of an article."""
    normalised = text.replace("\r\n", "\n").strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def source_ingest(
    *,
    text: str,
    extractor: Extractor,
    published: datetime.date | None = None,
    url: str = "",
    title: str = "",
    is_synthetic: bool = False,
) -> IngestResult:
    """Store one article and everything extracted from it; a known text returns the existing Source.
    Text is untrusted: control characters go (PostgreSQL refuses NUL), a link must be http(s)."""
    text = clean_text(text or "")
    if not text.strip():
        raise IngestError("empty text")
    if len(text) > MAX_ARTICLE_CHARS:
        raise IngestError(f"article longer than {MAX_ARTICLE_CHARS} characters")
    url = http_url(url)
    title = clean_text(title or "")
    digest = content_hash(text)
    existing = Source.objects.filter(content_hash=digest).first()
    if existing:
        return _known(existing)
    extraction = extractor.extract(text, published=published, with_features=True)  # the why of each candidate
    try:
        with transaction.atomic():
            source = Source.objects.create(
                text=text, content_hash=digest, published=published, url=url, title=title[:500],
                extractor_version=EXTRACTOR_VERSION, is_synthetic=is_synthetic,
            )
            events, observations = extraction_store(source=source, extraction=extraction)
    except IntegrityError:  # the same text ingested concurrently: the other writer won
        return _known(Source.objects.get(content_hash=digest))
    return IngestResult(source, True, events, observations)


def http_url(url: str) -> str:
    """The URL when it is an absolute http(s) link (stripped), "" when empty; IngestError otherwise: a
    `javascript:` or `data:` link stored with an article would become live on every page showing it."""
    url = clean_text(url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise IngestError(f"url must be an absolute http or https link, not {url[:80]!r}")
    if len(url) > 2000:
        raise IngestError("url longer than 2000 characters")
    return url


def _known(source: Source) -> IngestResult:
    """The result for a text stored before: nothing new written."""
    return IngestResult(source, False, source.events.count(), source.control_observations.count())


def extraction_store(*, source: Source, extraction: results.Extraction) -> tuple[int, int]:
    """Write mentions, events and control observations of one extraction; returns (events, observations).
    The control intervals of the places observed are rebuilt once at the end (control_batch), not once
    per observation."""
    with control_batch():
        return _extraction_write(source, extraction)


def _extraction_write(source: Source, extraction: results.Extraction) -> tuple[int, int]:
    places = _places_by_id(extraction)
    mentions = Mention.objects.bulk_create([_mention_row(source, m, places) for m in extraction.mentions])
    actors = _ActorCache()
    events = observations = 0
    for coded in extraction.events:
        place = _place_of(coded.place, places)
        if place is None:
            continue
        event = _event_create(source, coded, place, mentions, actors)
        events += 1
        if coded.control is not None:
            observations += _observation_create(source, event, coded.control, place, actors)
    return events, observations


def _places_by_id(extraction: results.Extraction) -> dict[int, Place]:
    """The places of the mentions and events, and the containers of the events' derived places."""
    items = [m.place for m in extraction.mentions] + [e.place for e in extraction.events]
    items += [e.place.container for e in extraction.events]
    return Place.objects.in_bulk({p.id for p in items if p is not None and p.id})


def _place_of(item: results.Place, places: dict[int, Place]) -> Place | None:
    """The stored place of an event: the gazetteer's, or the derived place below it."""
    return (places.get(item.id) if item.id else None) or _derived_place(item, places)


def _derived_place(item: results.Place, places: dict[int, Place]) -> Place | None:
    """The stored place of a derived place of the extraction (None when its container is unknown)."""
    container = places.get(item.container.id) if item.container is not None and item.container.id else None
    if container is None or not item.approximate or not item.name:
        return None
    place = derived_place_get_or_create(container=container, name=item.name, feature_code=item.feature_code,
                                        lon=item.lon, lat=item.lat)
    places[place.pk] = place
    return place


def derived_place_get_or_create(*, container: Place, name: str, feature_code: str, lon: float, lat: float) -> Place:
    """A place the text names below the gazetteer ("the airport of X", a village it lacks), placed at the
    container the text gives: one row per (container, name key), made by the first article that names
    it and reused by the next, so control observations of one site meet on one place (an editor's
    correction of the container moves it through here too)."""
    name = name[:200]
    place, _ = Place.objects.get_or_create(
        key=f"derived:{container.pk}:{fold(name)}"[:100],
        defaults={
            "name": name, "ascii_name": unidecode(name)[:200], "feature_code": feature_code[:10],
            "country_code": container.country_code, "admin1_code": container.admin1_code,
            "admin1_name": container.admin1_name, "point": Point(float(lon), float(lat), srid=4326),
            "origin": Place.Origin.DERIVED, "approximate": True, "container": container,
        },
    )
    return place


def _mention_row(source: Source, mention: results.Mention, places: dict[int, Place]) -> Mention:
    place = places.get(mention.place.id) if mention.place is not None and mention.place.id else None
    return Mention(
        source=source, start=mention.start, end=mention.end, text=mention.text[:400], place=place,
        confidence=mention.confidence, candidates=[c.as_json() for c in mention.candidates],
    )


class _ActorCache:
    """Actors by name for one article; names the dictionary knows but the table lacks are added."""

    def __init__(self) -> None:
        self._by_name: dict[str, Actor] = {}

    def get(self, actor: results.ActorRef | None) -> Actor | None:
        if actor is None or not actor.name:
            return None
        if actor.name not in self._by_name:
            self._by_name[actor.name], _ = Actor.objects.get_or_create(
                name=actor.name,
                defaults={"aliases": list(actor.aliases), "kind": actor.kind, "country": actor.country or ""},
            )
        return self._by_name[actor.name]


def geo_precision_for(place: Place) -> int:
    """ACLED-style geo precision: 1 a town or point, 2 a district or feature, 3 a region or country."""
    code = place.feature_code or ""
    container = place.container if place.approximate and place.container_id else None
    if container is not None:  # placed at its container: near a town, or in a region
        container_code = container.feature_code or ""
        regional = container_code.startswith(("ADM", "PCL", "RGN")) or container_code in {"DSRT", "PLAT", "AREA"}
        return Event.GeoPrecision.REGION if regional else Event.GeoPrecision.NEAR
    if code.startswith(("PPL", "CMP", "MIL", "BDG")) or place.feature_class == "S":
        return Event.GeoPrecision.EXACT
    if code.startswith(("ADM1", "PCL", "RGN")) or code in {"DSRT", "PLAT", "AREA"}:
        return Event.GeoPrecision.REGION
    return Event.GeoPrecision.NEAR


def _event_create(source: Source, coded: results.Event, place: Place, mentions: list[Mention],
                  actors: _ActorCache) -> Event:
    index = coded.mention
    mention = mentions[index] if index is not None and 0 <= index < len(mentions) else None
    start, end = coded.evidence.start, coded.evidence.end
    pk = _event_id_next()
    event = Event.objects.create(
        id=pk, event_id_cnty=public_id(place.country_code, pk),
        date=coded.date,
        date_precision=coded.date_precision,
        event_type=coded.event_type,
        sub_event_type=coded.sub_event_type,
        actor1=actors.get(coded.actor1),
        actor2=actors.get(coded.actor2),
        place=place,
        location=Point(place.point.x, place.point.y, srid=4326),
        geo_precision=geo_precision_for(place),
        country=place.country_code,
        admin1=place.admin1_name,
        fatalities=coded.fatalities,
        summary=coded.summary,
        evidence=[{"source": source.pk, "start": start, "end": end, "text": source.text[start:end]}],
        mention=mention,
        confidence=coded.confidence,
        is_synthetic=source.is_synthetic,
    )
    event.sources.add(source)
    assoc = [actors.get(a) for a in coded.assoc_actors]
    if any(assoc):
        event.assoc_actors1.set(a for a in assoc if a)
    return event


def _event_id_next() -> int:
    """The next event id, taken before the insert so that the stable public id (ISO3 + id,
    events.acled.public_id) is written with the row instead of by a second update."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Event._meta.db_table])
        return int(cursor.fetchone()[0])


def _observation_create(source: Source, event: Event, control: results.Control, place: Place,
                        actors: _ActorCache) -> int:
    holder = actors.get(control.gained_by)
    if holder is None:
        return 0
    ControlObservation.objects.create(
        place=place, actor=holder, lost_by=actors.get(control.lost_by), status=control.status, kind=control.kind,
        claimed=control.claimed, confidence=event.confidence, date=event.date, date_precision=event.date_precision,
        event=event, source=source, evidence=event.evidence[0]["text"] if event.evidence else "",
    )
    return 1
