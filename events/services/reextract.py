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
* an event shared with other sources is only unlinked from this source, never deleted.

Extraction (CPU only) runs before the transaction; each source is then rewritten in one transaction,
so a failure leaves that source as it was. The control intervals of the places whose observations were
deleted or written are rebuilt at the end of that transaction (events.services.control).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from django.db.models import Count, Q

from events.extraction.pipeline import EXTRACTOR_VERSION, Extractor
from events.models import ControlObservation, Event, Mention, Place, Source
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


def source_reextract(*, source: Source, extractor: Extractor) -> ReextractSummary:
    """Rebuild one source's untouched mentions, events and observations from its text."""
    extraction = extractor.extract(source.text, published=source.published)
    with control_batch():  # one transaction; the places whose observations changed are rebuilt at its end
        kept_events = _kept_events(source)
        kept_mentions = list(Mention.objects.filter(source=source).exclude(status=Mention.Status.AUTO))
        kept_observations = ControlObservation.objects.filter(source=source, edited=True).count()
        _delete_untouched(source, kept_events)
        filtered = _without_kept(extraction, source, kept_events, kept_mentions)
        events, observations = extraction_store(source=source, extraction=filtered)
        source.extractor_version = extraction.get("extractor_version") or EXTRACTOR_VERSION
        source.save(update_fields=["extractor_version"])
    return ReextractSummary(sources=1, events=events, observations=observations, kept_events=len(kept_events),
                            kept_observations=kept_observations, kept_mentions=len(kept_mentions))


def _kept_events(source: Source) -> list[Event]:
    """Events of the source an editor touched, directly or through one of their observations."""
    touched = Q(edited=True) | Q(control_observations__edited=True)
    return list(Event.objects.filter(sources=source).filter(touched).select_related("mention").distinct())


def _delete_untouched(source: Source, kept_events: list[Event]) -> None:
    kept_ids = [e.pk for e in kept_events]
    (ControlObservation.objects.filter(source=source, edited=False)
     .exclude(event_id__in=kept_ids).delete())
    untouched = Event.objects.filter(sources=source).exclude(pk__in=kept_ids).annotate(n=Count("sources"))
    shared = [e.pk for e in untouched.filter(n__gt=1)]
    Event.objects.filter(pk__in=[e.pk for e in untouched.filter(n=1)]).delete()
    if shared:
        source.events.remove(*shared)
    Mention.objects.filter(source=source, status=Mention.Status.AUTO).delete()


def _span(event: Event, source: Source) -> tuple[int, int] | None:
    for item in event.evidence or []:
        if item.get("source") == source.pk:
            return item.get("start"), item.get("end")
    return None


def _without_kept(extraction: dict, source: Source, kept_events: list[Event],
                  kept_mentions: list[Mention]) -> dict:
    """The extraction minus what kept rows already say, with mention indexes renumbered."""
    reviewed = {(m.start, m.end): m for m in kept_mentions}
    mentions, new_index = [], {}
    for index, mention in enumerate(extraction["mentions"]):
        if (mention["start"], mention["end"]) not in reviewed:
            new_index[index] = len(mentions)
            mentions.append(mention)
    kept_keys = {(_span(e, source), e.place_id) for e in kept_events}
    kept_keys |= {(_span(e, source), ("mention", e.mention.start)) for e in kept_events if e.mention}
    corrected_places = Place.objects.in_bulk({m.place_id for m in kept_mentions if m.place_id})
    events = []
    for coded in extraction["events"]:
        coded = dict(coded)
        old_index = coded.get("mention")
        mention = extraction["mentions"][old_index] if isinstance(old_index, int) else None
        kept = reviewed.get((mention["start"], mention["end"])) if mention else None
        if kept is not None and kept.status == Mention.Status.REJECTED:
            continue
        if kept is not None and kept.status == Mention.Status.CORRECTED and kept.place_id in corrected_places:
            coded["place"] = {"id": kept.place_id}
        evidence = coded.get("evidence") or {}
        span = (evidence.get("start", 0), evidence.get("end", 0))
        place_id = (coded.get("place") or {}).get("id")
        if (span, place_id) in kept_keys or (mention and (span, ("mention", mention["start"])) in kept_keys):
            continue
        coded["mention"] = new_index.get(old_index) if isinstance(old_index, int) else None
        events.append(coded)
    return {**extraction, "mentions": mentions, "events": events}
