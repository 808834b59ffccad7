"""manage.py ingest: files or folders of articles become sources, mentions, events and control rows."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from events.extractor import get_extractor
from events.inputs import InputError, iter_paths, parse_date, read_file
from events.services.ingest import IngestError, source_ingest


class Command(BaseCommand):
    help = "Ingest articles (.txt, .html, .jsonl files or folders of them). Idempotent by content."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--published", help="publication date YYYY-MM-DD for text and HTML files")
        parser.add_argument("--url", default="")
        parser.add_argument("--title", default="")
        parser.add_argument("--quiet", action="store_true", help="no progress bar, no per-error lines")

    def handle(self, *args, **options) -> None:
        try:
            published = parse_date(options["published"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        extractor = get_extractor()
        self._progress = not options["quiet"] and sys.stderr.isatty()
        self._quiet = options["quiet"]
        sources = new = events = observations = errors = 0
        try:
            for item in self._articles(options, published):
                if isinstance(item, InputError):
                    errors += 1
                    self._report(f"error: {item.id}: {item.error}")
                    continue
                try:
                    result = source_ingest(text=item.text, extractor=extractor, published=item.published,
                                           url=item.url, title=item.title)
                except IngestError as error:
                    errors += 1
                    self._report(f"error: {item.id}: {error}")
                    continue
                except Exception as error:  # one article the database refuses must not stop the run
                    errors += 1
                    self._report(f"error: {item.id}: {type(error).__name__}: {error}")
                    continue
                sources += 1
                if result.created:
                    new += 1
                    events += result.events
                    observations += result.observations
                self._tick(sources + errors)
        finally:
            if self._progress:
                sys.stderr.write("\n")
            self.stdout.write(f"ingested {sources} sources ({new} new), {events} events, "
                              f"{observations} control observations, {errors} errors")

    def _articles(self, options, published):
        for path in iter_paths(options["paths"]):
            if isinstance(path, InputError):
                yield path
                continue
            try:
                yield from read_file(path, published=published, title=options["title"], url=options["url"])
            except OSError as error:
                yield InputError(str(path), error.strerror or str(error))

    def _report(self, line: str) -> None:
        if not self._quiet:
            self.stderr.write(line)

    def _tick(self, done: int) -> None:
        if self._progress:
            sys.stderr.write(f"\r{done} articles")
            sys.stderr.flush()
