"""manage.py ingest: files or folders of articles become sources, mentions, events and control rows."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from events.services.batch import articles_ingest
from events.sources.articles import InputError, iter_paths, parse_date, read_file


class Command(BaseCommand):
    help = ("Ingest articles (.txt, .html, .jsonl files or folders of them). Idempotent by content. "
            "With CELERY_BROKER_URL set, the articles are ingested by Celery workers.")

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
        self._progress = not options["quiet"] and sys.stderr.isatty()
        self._quiet = options["quiet"]
        self._errors = 0
        sources = new = events = observations = 0
        try:
            for article, outcome in articles_ingest(articles=self._readable(self._articles(options, published))):
                if "error" in outcome:
                    self._error(article.id, outcome["error"])
                    continue
                sources += 1
                if outcome["created"]:
                    new += 1
                    events += outcome["events"]
                    observations += outcome["observations"]
                self._tick(sources + self._errors)
        finally:
            if self._progress:
                sys.stderr.write("\n")
            self.stdout.write(f"ingested {sources} sources ({new} new), {events} events, "
                              f"{observations} control observations, {self._errors} errors")

    def _readable(self, items):
        """The articles of the inputs; each input that is none is reported as an error."""
        for item in items:
            if isinstance(item, InputError):
                self._error(item.id, item.error)
            else:
                yield item

    def _error(self, item_id: str, message: str) -> None:
        self._errors += 1
        self._report(f"error: {item_id}: {message}")

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
