"""manage.py control_rebuild: the control part of `manage.py derived_rebuild` (README names this one)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Recompute the stored control intervals (what /api/control.geojson reads) of every place from "
            "its observations, after writes that bypassed the ORM (raw SQL, COPY). The same as "
            "`manage.py derived_rebuild control`.")

    def handle(self, *args, **options) -> None:
        call_command("derived_rebuild", "control", stdout=self.stdout, stderr=self.stderr)
