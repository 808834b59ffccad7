"""manage.py load_actors: the actor dictionary (events/data/actors.json) into the Actor table."""

from django.core.management.base import BaseCommand

from events.extraction.actors import ActorDictionary
from events.services.actors import actors_load


class Command(BaseCommand):
    help = "Load or update the actor dictionary. Idempotent."

    def handle(self, *args, **options) -> None:
        count = actors_load(dictionary=ActorDictionary.load())
        self.stdout.write(f"actors: {count} in the dictionary")
