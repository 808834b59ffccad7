"""manage.py import_acled FILE.csv: an ACLED export becomes events of origin `imported` (CONTRACT §2).

Prints one line per bad row (`line N: why`, the row is skipped) and the summary
`imported N events (M new), X errors`. Idempotent: a second run of the same file adds nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from events.services.acled_import import AcledFileError
from events.services.batch import acled_import_batch


class Command(BaseCommand):
    help = ("Import an ACLED CSV export (ACLED's columns in any order; re-imports update by event_id_cnty). "
            "With CELERY_BROKER_URL set, the rows are imported by Celery workers.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="an ACLED export in CSV (UTF-8)")

    def handle(self, *args, **options) -> None:
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as lines:
                result = acled_import_batch(lines=lines)
        except (OSError, UnicodeDecodeError, AcledFileError) as error:
            raise CommandError(f"{options['file']}: {error}") from None
        for line, message in result.errors:
            self.stdout.write(f"line {line}: {message}")
        self.stdout.write(f"imported {result.imported} events ({result.new} new), {len(result.errors)} errors")
