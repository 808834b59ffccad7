"""manage.py reextract [--source ID ...]: re-run extraction over stored sources, keeping editors' work."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from events.extractor import get_extractor
from events.services.reextract import sources_reextract


class Command(BaseCommand):
    help = ("Re-extract stored sources: untouched mentions, events and control observations are rebuilt, "
            "edited ones kept. One transaction per source.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", type=int, action="append", dest="sources", metavar="ID",
                            help="a source id (repeatable); default: every source")

    def handle(self, *args, **options) -> None:
        summary = sources_reextract(extractor=get_extractor(), source_ids=options["sources"])
        for error in summary.errors:
            self.stderr.write(f"error: {error}")
        self.stdout.write(summary.line())
