"""manage.py control_rebuild: recompute every place's control intervals from its observations."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from events.services.control import control_rebuild


class Command(BaseCommand):
    help = ("Recompute the stored control intervals (what /api/control.geojson reads) of every place from "
            "its observations, after writes that bypassed the ORM (raw SQL, COPY). ORM writes keep them "
            "up to date on their own.")

    def handle(self, *args, **options) -> None:
        places = control_rebuild()
        self.stdout.write(f"rebuilt the control intervals of {places} places")
