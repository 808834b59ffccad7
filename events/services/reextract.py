"""Re-extraction: rebuild what the machine derived from stored sources, keeping what editors touched.

Raw text is kept on Source precisely so that a better extractor can be re-run over everything. For one
source, rows nobody touched are deleted and rebuilt (Event.edited False, ControlObservation.edited
False, Mention.status auto); an editor's work survives:

* an edited event is kept, and so is any event carrying an edited observation (deleting the event
  would cascade to the observation); the new extraction's event for the same evidence span and place
  (or mention) is then skipped, so the kept event is not duplicated;
* a confirmed or corrected mention is kept; the new mention on the same span is not written again,
  and a correction's place replaces the extractor's choice for the events coded from that mention;
  events coded from a rejected mention are dropped;
* an event shared with other sources is only unlinked from this source, never deleted;
* hand-made observations and drawn areas are never touched (they belong to no extraction).

Ids of records that still exist are kept, so links to /events/<id>/ survive a rebuild: the new
extraction is stored as ingest stores it, then each new mention, event and observation that says what
an untouched old one said (a mention on the same span; an event on the same evidence span of the same
type at the same place; an observation of the matched event with the same place, actor, status and
kind) is written into the old row, and the new row dropped. Old rows nothing matched are deleted.

Extraction (CPU only) runs before the transaction; each source is then rewritten in one transaction,
so a failure leaves that source as it was. The control intervals of the places whose observations were
deleted or written are rebuilt at the end of that transaction (events.services.control).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace

from django.db import connection, models
from django.db.models import Count, Q

from events.extraction import results
from events.extraction.pipeline import Extractor
from events.models import ControlObservation, Event, Mention, Place, PlaceName, Source
from events.selectors.extractor import USER_NAME_SOURCE
from events.selectors.places import place_json
from events.services.control import control_batch
from events.services.ingest import extraction_store


@dataclass(slots=True)
class ReextractSummary:
    sources: int = 0
    events: int = 0
    observations: int = 0
    kept_events: int = 0
    kept_observations: int = 0
    kept_mentions: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: ReextractSummary) -> None:
        """Add another summary's counts and errors to this one."""
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def line(self) -> str:
        return (f"re-extracted {self.sources} sources: {self.events} events, {self.observations} control "
                f"observations written; kept {self.kept_events} edited events, {self.kept_observations} "
                f"edited observations, {self.kept_mentions} reviewed mentions; {len(self.errors)} errors")


def sources_reextract(*, extractor: Extractor, source_ids: Iterable[int] | None = None) -> ReextractSummary:
    """Re-extract the given sources (all when None), one transaction each; errors are collected."""
    summary = ReextractSummary()
    sources = Source.objects.order_by("pk")
    if source_ids is not None:
        sources = sources.filter(pk__in=list(source_ids))
    for source in sources.iterator(chunk_size=200):
        try:
            result = source_reextract(source=source, extractor=extractor)
        except Exception as error:  # one bad source must not stop a rebuild of thousands
            summary.errors.append(f"source {source.pk}: {error}")
            continue
        summary.add(result)
    return summary


def sources_naming_user_names() -> list[int]:
    """Sources whose text contains a name editors taught the resolver (PlaceName of source "user"):
    the ones a re-extraction with those corrections can change (case-insensitive substring test in
    PostgreSQL; the extractor then decides whether it is the place)."""
    names = sorted(set(PlaceName.objects.filter(source=USER_NAME_SOURCE).values_list("name", flat=True)))
    if not names:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT s.id FROM events_source s WHERE s.text ILIKE ANY(%s) ORDER BY s.id",
                       [["%" + _like_escaped(name) + "%" for name in names]])
        return [pk for (pk,) in cursor.fetchall()]


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def source_reextract(*, source: Source, extractor: Extractor) -> ReextractSummary:
    """Rebuild one source's untouched mentions, events and observations from its text."""
    extraction = extractor.extract(source.text, published=source.published, with_features=True)
    with control_batch():  # one transaction; the places whose observations changed are rebuilt at its end
        kept_events = _kept_events(source)
        kept_mentions = list(Mention.objects.filter(source=source).exclude(status=Mention.Status.AUTO))
        kept_observations = ControlObservation.objects.filter(source=source, edited=True).count()
        old = _untouched(source, kept_events)
        filtered = _without_kept(extraction, source, kept_events, kept_mentions)
        events, observations = extraction_store(source=source, extraction=filtered)
        _ids_kept(source, old, [e.pk for e in kept_events])
        _delete_untouched(source, old)
        source.extractor_version = extraction.extractor_version
        source.save(update_fields=["extractor_version"])
    return ReextractSummary(sources=1, events=events, observations=observations, kept_events=len(kept_events),
                            kept_observations=kept_observations, kept_mentions=len(kept_mentions))


def _kept_events(source: Source) -> list[Event]:
    """Events of the source an editor touched, directly or through one of their observations."""
    touched = Q(edited=True) | Q(control_observations__edited=True)
    return list(Event.objects.filter(sources=source).filter(touched).select_related("mention").distinct())


@dataclass(slots=True)
class _Untouched:
    """The machine's rows of a source before re-extraction: candidates to keep their ids."""

    events: dict[int, Event]
    mentions: dict[int, Mention]
    observations: dict[int, ControlObservation]


def _untouched(source: Source, kept_events: list[Event]) -> _Untouched:
    kept_ids = [e.pk for e in kept_events]
    return _Untouched(
        events=Event.objects.filter(sources=source).exclude(pk__in=kept_ids).in_bulk(),
        mentions=Mention.objects.filter(source=source, status=Mention.Status.AUTO).in_bulk(),
        observations=(ControlObservation.objects.filter(source=source, edited=False)
                      .exclude(event_id__in=kept_ids).in_bulk()),
    )


# Fields a rebuilt row hands to the old row it matched (everything the extraction decides).
_MENTION_FIELDS = ["start", "end", "text", "place", "confidence", "candidates"]
_EVENT_FIELDS = ["date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "place", "location",
                 "geo_precision", "country", "admin1", "fatalities", "summary", "evidence", "mention", "confidence",
                 "is_synthetic"]
_OBSERVATION_FIELDS = ["place", "actor", "lost_by", "status", "date", "date_precision", "kind", "claimed",
                       "confidence", "source", "evidence"]


def _ids_kept(source: Source, old: _Untouched, kept_ids: list[int]) -> None:
    """Write each new row that matches an old untouched one into the old row and drop the new one."""
    _mentions_kept(source, old)  # first: the new events then point at the kept mentions
    candidates = sorted(old.events.values(), key=lambda e: e.pk)
    new_events = list(Event.objects.filter(sources=source).exclude(pk__in=[*old.events, *kept_ids]).order_by("pk"))
    pairs: list[tuple[Event, Event]] = []
    # Same evidence span, type and place first; then same span and type (the place was resolved anew,
    # e.g. after an editor's correction taught the resolver): the event is the same, it moved.
    for key in (_event_key, _event_key_without_place):
        for new in [n for n in new_events if n not in {p for p, _ in pairs}]:
            target = next((e for e in candidates if key(e, source) == key(new, source)), None)
            if target is not None:
                candidates.remove(target)
                pairs.append((new, target))
    for new, target in pairs:
        others = [item for item in target.evidence or [] if item.get("source") != source.pk]
        new.evidence = others + list(new.evidence or [])  # other sources' spans stay
        changed = _copied(new, target, _EVENT_FIELDS)
        _observations_kept(new, target, old)
        new.delete()
        if changed:
            target.save()
        del old.events[target.pk]


def _mentions_kept(source: Source, old: _Untouched) -> None:
    """Old auto mentions on the span of a new one take its values; the new events point at them."""
    by_span = {(m.start, m.end): m for m in old.mentions.values()}
    for new in Mention.objects.filter(source=source, status=Mention.Status.AUTO).exclude(pk__in=list(old.mentions)):
        target = by_span.pop((new.start, new.end), None)
        if target is None:
            continue
        changed = _copied(new, target, _MENTION_FIELDS)
        Event.objects.filter(mention=new).update(mention=target)
        new.delete()
        if changed:
            target.save()
        del old.mentions[target.pk]


def _observations_kept(new: Event, target: Event, old: _Untouched) -> None:
    """The new event's observations go to the old event, into its old observations where they match."""
    mine = [o for o in old.observations.values() if o.event_id == target.pk]
    for observation in ControlObservation.objects.filter(event=new):
        match = next((o for o in mine if (o.place_id, o.actor_id, o.status, o.kind)
                      == (observation.place_id, observation.actor_id, observation.status, observation.kind)), None)
        if match is None:
            observation.event = target
            observation.save()
            continue
        mine.remove(match)
        changed = _copied(observation, match, _OBSERVATION_FIELDS)
        observation.delete()
        if changed:
            match.save()
        del old.observations[match.pk]


def _copied(new: models.Model, target: models.Model, fields: list[str]) -> bool:
    """Copy the fields of the rebuilt row into the old one; whether any differed (an unchanged row is
    not saved again: no history record, no trigger work, for a re-extraction that changes nothing)."""
    changed = False
    stored = {f.name: f.attname for f in target._meta.concrete_fields}
    for name in fields:
        attname = stored[name]
        value = getattr(new, attname)
        if getattr(target, attname) != value:
            setattr(target, attname, value)
            changed = True
    return changed


def _event_key(event: Event, source: Source) -> tuple[object, ...]:
    return (_span(event, source), event.event_type, event.place_id)


def _event_key_without_place(event: Event, source: Source) -> tuple[object, ...]:
    return (_span(event, source), event.event_type)


def _delete_untouched(source: Source, old: _Untouched) -> None:
    """Old machine rows no new row matched: deleted (an event other sources report is only unlinked)."""
    ControlObservation.objects.filter(pk__in=list(old.observations)).delete()
    untouched = Event.objects.filter(pk__in=list(old.events)).annotate(n=Count("sources"))
    shared = [e.pk for e in untouched.filter(n__gt=1)]
    Event.objects.filter(pk__in=[e.pk for e in untouched.filter(n=1)]).delete()
    if shared:
        source.events.remove(*shared)
    Mention.objects.filter(pk__in=list(old.mentions)).delete()


def _span(event: Event, source: Source) -> tuple[int, int] | None:
    for item in event.evidence or []:
        if item.get("source") == source.pk:
            return item.get("start"), item.get("end")
    return None


def _without_kept(extraction: results.Extraction, source: Source, kept_events: list[Event],
                  kept_mentions: list[Mention]) -> results.Extraction:
    """The extraction minus what kept rows already say, with mention indexes renumbered."""
    reviewed = {(m.start, m.end): m for m in kept_mentions}
    mentions: list[results.Mention] = []
    new_index: dict[int, int] = {}
    for index, mention in enumerate(extraction.mentions):
        if (mention.start, mention.end) not in reviewed:
            new_index[index] = len(mentions)
            mentions.append(mention)
    kept_keys: set[tuple[tuple[int, int] | None, object]] = {(_span(e, source), e.place_id) for e in kept_events}
    kept_keys |= {(_span(e, source), ("mention", e.mention.start)) for e in kept_events if e.mention}
    corrected_places = Place.objects.in_bulk({m.place_id for m in kept_mentions if m.place_id})
    events = []
    for coded in extraction.events:
        old_index = coded.mention
        coded_from = extraction.mentions[old_index] if old_index is not None else None
        kept = reviewed.get((coded_from.start, coded_from.end)) if coded_from else None
        if kept is not None and kept.status == Mention.Status.REJECTED:
            continue
        if kept is not None and kept.status == Mention.Status.CORRECTED and kept.place_id in corrected_places:
            # the editor's place replaces the extractor's for the events coded from that mention
            coded = replace(coded, place=results.Place.from_json(place_json(corrected_places[kept.place_id])))
        span = (coded.evidence.start, coded.evidence.end)
        if (span, coded.place.id) in kept_keys or (coded_from and (span, ("mention", coded_from.start)) in kept_keys):
            continue
        events.append(replace(coded, mention=new_index.get(old_index) if old_index is not None else None))
    return replace(extraction, mentions=tuple(mentions), events=tuple(events))
