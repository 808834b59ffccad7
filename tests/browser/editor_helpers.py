"""What the editor pages' browser tests share: users with a role, a real form login, and a small war
(two actors, a town, an article and an event coded from it with its control observation), made
through the ORM because the transactional database is flushed after every browser test."""

from __future__ import annotations

import datetime
import importlib

from django.contrib.auth.models import Group, Permission
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from events.extraction.text import search_key
from events.models import Actor, ControlObservation, Event, Place, PlaceName, Source

PASSWORD = "correct horse battery staple"

# Writes on the editor pages rebuild control intervals in the request; on the shared 2-core machine that
# can take longer than Playwright's default 5 s wait for an assertion to come true.
expect.set_options(timeout=15_000)


def make_user(django_user_model, username: str, role: str | None):
    """A user in the `editors` or `reviewers` group (None: a viewer), with the role's permissions as the
    roles migration defines them (the flush dropped the migration's groups)."""
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    if role:
        roles = importlib.import_module("events.migrations.0009_roles").ROLES
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(Permission.objects.filter(content_type__app_label="events",
                                                        codename__in=roles[role]))
        user.groups.add(group)
    return user


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(f"text={username}")


def make_place(key: str, name: str, lon: float, lat: float, country: str = "IQ") -> Place:
    place = Place.objects.create(key=key, name=name, feature_code="PPL", country_code=country,
                                 admin1_name="Anbar", point=Point(lon, lat, srid=4326), population=1000)
    PlaceName.objects.create(place=place, name=name, key=search_key(name), is_preferred=True)
    return place


def make_actors() -> tuple[Actor, Actor]:
    army = Actor.objects.create(name="Test Army", kind=Actor.Kind.STATE, country="IQ")
    rebels = Actor.objects.create(name="Test Rebels", kind=Actor.Kind.NON_STATE)
    return army, rebels


def make_event(*, place: Place, actor1: Actor, actor2: Actor | None, day: datetime.date, text: str,
               confidence: float = 0.5, control: bool = True, key: str = "", **fields) -> Event:
    """An extracted event coded from one article, with the sentence as evidence and, when `control`,
    the observation that actor1 took the place that day."""
    source = Source.objects.create(url=f"https://example.org/{key or place.pk}-{day}", title=f"Report {key}",
                                   text=text, content_hash=f"browser-{key}-{place.pk}-{day}", published=day)
    event = Event.objects.create(
        date=day, event_type="Battles", sub_event_type="Government regains territory", actor1=actor1,
        actor2=actor2, place=place, location=place.point, country=place.country_code, confidence=confidence,
        evidence=[{"source": source.pk, "start": 0, "end": len(text), "text": text}], **fields)
    event.sources.add(source)
    if control:
        ControlObservation.objects.create(place=place, actor=actor1, lost_by=actor2, date=day, event=event,
                                          source=source, evidence=text, confidence=confidence)
    return event
