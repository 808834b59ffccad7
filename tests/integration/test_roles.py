"""Roles (CONTRACT §3b): the migrations make the groups `editors` and `reviewers`; `manage.py grant_role`
puts a user in one; only reviewers (and superusers) may set review status and merge."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _user(django_user_model, name: str):
    return django_user_model.objects.create_user(name, password=f"pw-{name}-1")


def test_grant_role_makes_an_editor_who_cannot_review(django_user_model):
    user = _user(django_user_model, "ed")
    out = StringIO()
    call_command("grant_role", "ed", "editors", stdout=out)
    assert "ed is now in editors" in out.getvalue()
    user = django_user_model.objects.get(pk=user.pk)  # permissions are cached per instance
    for permission in ("change_event", "change_mention", "add_controlobservation", "change_controlobservation",
                       "delete_controlobservation", "add_controlarea", "change_controlarea", "delete_controlarea",
                       "add_source"):
        assert user.has_perm(f"events.{permission}"), permission
    assert not user.has_perm("events.review_event")
    assert not user.has_perm("events.delete_event") and not user.has_perm("auth.change_user")


def test_reviewers_may_review_and_revoke_takes_it_away(django_user_model):
    user = _user(django_user_model, "rev")
    call_command("grant_role", "rev", "reviewers", stdout=StringIO())
    assert django_user_model.objects.get(pk=user.pk).has_perm("events.review_event")
    assert django_user_model.objects.get(pk=user.pk).has_perm("events.change_event")
    call_command("grant_role", "rev", "reviewers", "--revoke", stdout=StringIO())
    assert not django_user_model.objects.get(pk=user.pk).has_perm("events.review_event")


def test_viewers_have_no_write_permission_and_superusers_all(django_user_model):
    viewer = _user(django_user_model, "viewer")
    assert not any(viewer.has_perm(f"events.{p}") for p in ("change_event", "review_event", "add_controlarea"))
    boss = django_user_model.objects.create_superuser("boss", password="pw-boss-1")
    assert boss.has_perm("events.review_event") and boss.has_perm("events.change_event")


def test_grant_role_refuses_unknown_users_and_roles(django_user_model):
    _user(django_user_model, "someone")
    with pytest.raises(CommandError):
        call_command("grant_role", "nobody", "editors", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("grant_role", "someone", "admins", stdout=StringIO())


def test_an_editor_cannot_set_review_status_on_the_editor_page(client, django_user_model):
    import json

    from events.models import Event
    from tests.integration.factories import event_at, place_named

    event = event_at(place_named("Rāwah", "IQ"))
    _user(django_user_model, "page-ed")
    call_command("grant_role", "page-ed", "editors", stdout=StringIO())
    client.force_login(django_user_model.objects.get(username="page-ed"))
    form = {"version": event.version, "date": event.date.isoformat(), "date_precision": "day",
            "event_type": event.event_type, "sub_event_type": event.sub_event_type, "actor1": event.actor1_id,
            "actor2": "", "place": event.place_id, "geo_precision": event.geo_precision, "fatalities": "",
            "location": json.dumps({"type": "Point", "coordinates": [event.location.x, event.location.y]}),
            "summary": event.summary, "status": "rejected"}
    assert client.post(f"/events/{event.pk}/edit/", form).status_code == 403
    assert Event.objects.get(pk=event.pk).status == Event.Status.EXTRACTED
    form["status"] = event.status
    form["fatalities"] = "2"
    assert client.post(f"/events/{event.pk}/edit/", form).status_code == 302  # other fields are theirs to fix
    assert Event.objects.get(pk=event.pk).fatalities == 2
