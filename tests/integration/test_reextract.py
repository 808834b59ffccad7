"""Re-extraction rebuilds untouched rows and keeps what editors touched."""

from __future__ import annotations

import datetime
from dataclasses import replace
from io import StringIO

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

from events.extraction import results
from events.extraction.pipeline import EXTRACTOR_VERSION
from events.extraction.results import ActorRef, Control, Extraction, Span
from events.models import ControlObservation, Event, Mention, Place, Source
from events.services.ingest import content_hash, extraction_store
from events.services.reextract import source_reextract, sources_reextract

pytestmark = pytest.mark.django_db

TEXT = "Iraqi forces retook Rawa on Friday. Fighting continued near Anah."
IRAQ = ActorRef(name="Test Iraqi Army", aliases=(), kind="state", country="IQ", side=None)
ISIL = ActorRef(name="Test Islamic State", aliases=(), kind="non_state", country=None, side=None)


def _place(name: str, lon: float, lat: float) -> Place:
    return Place.objects.create(key=f"test:re:{name}", name=name, feature_code="PPL", country_code="IQ",
                                point=Point(lon, lat, srid=4326), origin=Place.Origin.USER)


def _record(place: Place) -> results.Place:
    return results.Place(id=place.pk, geonames_id=None, name=place.name, feature_code=place.feature_code,
                         country_code=place.country_code, admin1="", lat=place.point.y, lon=place.point.x)


class FakeExtractor:
    """Returns a fixed extraction: two mentions, a control change at Rawa and a battle at Anah."""

    def __init__(self, rawa: Place, anah: Place) -> None:
        self.rawa, self.anah = _record(rawa), _record(anah)
        self.calls = 0

    def extract(self, text: str, *, published: datetime.date | None = None, with_features: bool = False) -> Extraction:
        self.calls += 1
        rawa_at, anah_at = text.index("Rawa"), text.index("Anah")
        day = datetime.date(2017, 11, 17)
        return Extraction(
            published=published, extractor_version="test-2",
            mentions=(
                results.Mention(text="Rawa", start=rawa_at, end=rawa_at + 4, confidence=0.9, place=self.rawa,
                                candidates=(), kind="city"),
                results.Mention(text="Anah", start=anah_at, end=anah_at + 4, confidence=0.8, place=self.anah,
                                candidates=(), kind="city"),
            ),
            events=(
                results.Event(date=day, date_precision="day", event_type="Strategic developments",
                              sub_event_type="Government regains territory", actor1=IRAQ, actor2=ISIL,
                              assoc_actors=(), place=self.rawa, mention=0, evidence=Span(0, 35),
                              control=Control(gained_by=IRAQ, lost_by=ISIL, status="controlled", kind="change",
                                              claimed=False),
                              confidence=0.8, summary="", fatalities=None),
                results.Event(date=day, date_precision="day", event_type="Battles", sub_event_type="Armed clash",
                              actor1=IRAQ, actor2=ISIL, assoc_actors=(), place=self.anah, mention=1,
                              evidence=Span(36, len(text)), control=None, confidence=0.6, summary="",
                              fatalities=None),
            ),
        )


@pytest.fixture
def setup():
    rawa, anah = _place("Rawa", 41.91898, 34.48229), _place("Anah", 41.98717, 34.37248)
    extractor = FakeExtractor(rawa, anah)
    source = Source.objects.create(text=TEXT, content_hash=content_hash(TEXT), published=datetime.date(2017, 11, 18),
                                   extractor_version="old")
    extraction_store(source=source, extraction=extractor.extract(TEXT, published=source.published))
    return source, extractor, rawa, anah


def test_untouched_rows_are_rebuilt_and_keep_their_ids(setup):
    source, extractor, rawa, _ = setup
    before = {model: set(model.objects.filter(source=source).values_list("pk", flat=True))
              for model in (Mention, ControlObservation)}
    events_before = set(Event.objects.filter(sources=source).values_list("pk", flat=True))
    history_before = Event.history.filter(id__in=events_before).count()
    result = source_reextract(source=source, extractor=extractor)
    assert Event.history.filter(id__in=events_before).count() == history_before  # nothing changed, nothing saved
    after = set(Event.objects.filter(sources=source).values_list("pk", flat=True))
    assert result.events == 2 and result.observations == 1 and after == events_before  # /events/<id>/ links hold
    for model, ids in before.items():
        assert set(model.objects.filter(source=source).values_list("pk", flat=True)) == ids
    assert ControlObservation.objects.filter(source=source, place=rawa).count() == 1
    assert {e.mention_id for e in Event.objects.filter(sources=source)} == before[Mention]
    source.refresh_from_db()
    assert source.extractor_version == "test-2"


def test_a_changed_extraction_updates_the_matched_rows_in_place(setup):
    source, extractor, rawa, anah = setup
    battle = Event.objects.get(sources=source, event_type="Battles")
    original = extractor.extract

    def with_fatalities(text, *, published=None, with_features=False):
        extraction = original(text, published=published)
        # the new coder reads the toll the old one missed
        battle = replace(extraction.events[1], fatalities=4, summary="rebuilt")
        return replace(extraction, events=(extraction.events[0], battle))

    extractor.extract = with_fatalities
    source_reextract(source=source, extractor=extractor)
    battle.refresh_from_db()
    assert battle.fatalities == 4 and battle.summary == "rebuilt"
    assert Event.objects.filter(sources=source).count() == 2


def test_edited_rows_are_kept_and_not_duplicated(setup):
    source, extractor, rawa, anah = setup
    battle = Event.objects.get(sources=source, event_type="Battles")
    battle.summary, battle.edited = "Clashes north of Anah (checked by an editor)", True
    battle.save()
    observation = ControlObservation.objects.get(source=source)
    observation.claimed, observation.edited = True, True
    observation.save()
    rawa_mention = Mention.objects.get(source=source, text="Rawa")
    rawa_mention.status = Mention.Status.CONFIRMED
    rawa_mention.save()

    summary = sources_reextract(extractor=extractor, source_ids=[source.pk])
    assert summary.sources == 1 and not summary.errors
    assert summary.kept_events == 2 and summary.kept_observations == 1 and summary.kept_mentions == 1
    assert summary.events == 0 and summary.observations == 0  # both events are kept, none duplicated
    assert Event.objects.filter(sources=source).count() == 2
    assert Event.objects.get(pk=battle.pk).summary.endswith("(checked by an editor)")
    assert ControlObservation.objects.filter(source=source).get().pk == observation.pk
    assert Mention.objects.filter(source=source).count() == 2
    assert Mention.objects.get(pk=rawa_mention.pk).status == Mention.Status.CONFIRMED
    assert "kept 2 edited events" in summary.line()


def test_a_corrected_mention_moves_the_rebuilt_event_and_a_rejected_one_drops_it(setup):
    source, extractor, rawa, anah = setup
    elsewhere = _place("Rawa (the other one)", 44.0, 33.0)
    rawa_mention = Mention.objects.get(source=source, text="Rawa")
    rawa_mention.status, rawa_mention.place = Mention.Status.CORRECTED, elsewhere
    rawa_mention.save()
    anah_mention = Mention.objects.get(source=source, text="Anah")
    anah_mention.status = Mention.Status.REJECTED
    anah_mention.save()
    source_reextract(source=source, extractor=extractor)
    events = list(Event.objects.filter(sources=source))
    assert [e.place_id for e in events] == [elsewhere.pk]
    assert ControlObservation.objects.get(source=source).place_id == elsewhere.pk


def test_command_prints_a_summary_with_the_real_extractor():
    text = ("BAGHDAD, Nov 18 (Reuters) - Iraqi forces recaptured the town of Rawa from Islamic State on "
            "Friday, the military said.")
    source = Source.objects.create(text=text, content_hash=content_hash(text), published=datetime.date(2017, 11, 18))
    out = StringIO()
    call_command("reextract", "--source", str(source.pk), stdout=out)
    assert out.getvalue().startswith("re-extracted 1 sources:")
    source.refresh_from_db()
    assert source.extractor_version == EXTRACTOR_VERSION
    first = Event.objects.filter(sources=source).count()
    call_command("reextract", "--source", str(source.pk), stdout=StringIO())
    assert Event.objects.filter(sources=source).count() == first  # deterministic: same rows again


def test_corrections_made_through_the_services_survive_a_rebuild(setup, django_user_model):
    from events.services.corrections import event_update, observation_create

    source, extractor, rawa, anah = setup
    editor = django_user_model.objects.create_user("re-editor", password="pw-re-editor-1")
    battle = Event.objects.get(sources=source, event_type="Battles")
    event_update(event_id=battle.pk, expected_version=1, changes={"fatalities": 7}, user=editor)
    capture = Event.objects.get(sources=source, event_type="Strategic developments")
    hand_made = observation_create(user=editor, data={"place_id": anah.pk, "actor_id": capture.actor1_id,
                                                      "status": "controlled", "kind": "holds",
                                                      "date": "2017-11-19", "source_id": source.pk})
    summary = sources_reextract(extractor=extractor, source_ids=[source.pk])
    assert not summary.errors
    assert Event.objects.get(pk=battle.pk).fatalities == 7
    assert Event.objects.filter(pk=capture.pk).exists()  # untouched, the same again: same id
    assert ControlObservation.objects.filter(pk=hand_made.pk).exists()
    assert Event.objects.filter(sources=source).count() == 2


def test_apply_corrections_reextracts_the_articles_naming_a_taught_name(django_user_model):
    from events.selectors.extractor import get_extractor
    from events.services.corrections import mention_place_set
    from events.services.ingest import source_ingest

    editor = django_user_model.objects.create_user("re-teacher", password="pw-re-teacher-1")
    first = source_ingest(text=("BAGHDAD, Nov 18 (Reuters) - Iraqi forces recaptured the town of Rawa from "
                                "Islamic State on Friday, the military said."),
                          extractor=get_extractor(), published=datetime.date(2017, 11, 18)).source
    second = source_ingest(text=("Islamic State fighters shelled Iraqi positions in Rawa on Sunday, "
                                 "Iraqi officials said."),
                           extractor=get_extractor(), published=datetime.date(2017, 11, 21)).source
    unrelated = source_ingest(text="Syrian forces shelled rebel positions in Idlib on Sunday.",
                              extractor=get_extractor(), published=datetime.date(2017, 11, 21)).source
    old_mention = Mention.objects.get(source=second, text="Rawa")
    mention_place_set(mention_id=Mention.objects.get(source=first, text="Rawa").pk, user=editor,
                      new_place={"name": "Rawa (pinned)", "lat": 34.47, "lon": 41.93, "country_code": "IQ"})
    pinned = Place.objects.get(name="Rawa (pinned)")
    events_before = set(Event.objects.filter(sources=second).values_list("pk", flat=True))
    out = StringIO()
    call_command("reextract", "--apply-corrections", stdout=out)
    assert out.getvalue().startswith("re-extracted 2 sources:")  # the two naming Rawa, not the Idlib one
    mention = Mention.objects.get(source=second, text="Rawa")
    assert mention.place_id == pinned.pk and mention.pk == old_mention.pk
    assert set(Event.objects.filter(sources=second).values_list("pk", flat=True)) == events_before
    assert all(e.place_id == pinned.pk for e in Event.objects.filter(sources=second, mention=mention))
    assert unrelated.pk
