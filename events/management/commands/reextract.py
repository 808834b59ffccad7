"""manage.py reextract [--source ID ...] [--apply-corrections]: re-run extraction over stored sources,
keeping editors' work and the ids of rows that still exist."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from events.models import Source
from events.services.batch import sources_reextract_batch
from events.services.reextract import sources_naming_user_names


class Command(BaseCommand):
    help = ("Re-extract stored sources: untouched mentions, events and control observations are rebuilt (keeping "
            "their ids where they still say the same), edited ones kept. One transaction per source.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", type=int, action="append", dest="sources", metavar="ID",
                            help="a source id (repeatable); default: every source")
        parser.add_argument("--apply-corrections", action="store_true",
                            help="only the sources whose text names a place name editors taught the resolver "
                                 "(their corrections then apply to articles stored before them)")

    def handle(self, *args, **options) -> None:
        source_ids = options["sources"]
        if options["apply_corrections"]:
            naming = sources_naming_user_names()
            source_ids = naming if source_ids is None else [pk for pk in source_ids if pk in set(naming)]
        if source_ids is None:
            source_ids = list(Source.objects.order_by("pk").values_list("pk", flat=True))
        summary = sources_reextract_batch(source_ids=source_ids)
        for error in summary.errors:
            self.stderr.write(f"error: {error}")
        self.stdout.write(summary.line())
