"""Writes for the actor table: the dictionary file is the source of truth for the actors it names."""

from __future__ import annotations

from django.db import transaction

from events.extraction.actors import ActorDictionary
from events.models import Actor


def actors_load(*, dictionary: ActorDictionary) -> int:
    """Upsert every dictionary actor by name, then link each to its side (coalition or patron)."""
    actors = dictionary.all()
    with transaction.atomic():
        rows = {}
        for actor in actors:
            rows[actor.name], _ = Actor.objects.update_or_create(
                name=actor.name,
                defaults={"aliases": list(actor.aliases), "kind": actor.kind, "country": actor.country or "",
                          "colour": actor.colour or ""},
            )
        for actor in actors:
            side = rows.get(actor.side) if actor.side else None
            if rows[actor.name].side_id != (side.pk if side else None):
                rows[actor.name].side = side
                rows[actor.name].save(update_fields=["side"])
    return len(actors)
