"""manage.py extract: one article, or a JSON-lines file of them, to Extraction JSON. Writes no rows."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.extraction.pipeline import Extractor
from events.selectors.extractor import get_extractor
from events.sources.articles import (
    MAX_ARTICLE_CHARS,
    MAX_BYTES,
    ArticleInput,
    InputError,
    NotText,
    decode_bytes,
    json_lines,
    parse_date,
    plain_text,
    read_jsonl,
)


class Command(BaseCommand):
    help = "Extract mentions and events from an article (FILE or - for stdin) or from --jsonl IN."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="article file (text or HTML), or - for standard input")
        parser.add_argument("--published", help="publication date YYYY-MM-DD")
        parser.add_argument("--jsonl", help="JSON lines in: {id, text, published?, title?, url?}")
        parser.add_argument("--out", help="with --jsonl: output file (default standard output)")

    def handle(self, *args: str, **options: Any) -> None:
        if bool(options["jsonl"]) == bool(options["file"]):
            raise CommandError("give either FILE (or -) or --jsonl IN")
        extractor = get_extractor()
        if options["jsonl"]:
            self._extract_jsonl(extractor, Path(options["jsonl"]), options["out"])
            return
        try:
            published = parse_date(options["published"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        raw = self._decode(sys.stdin.buffer.read(MAX_BYTES + 1) if options["file"] == "-"
                           else self._read(Path(options["file"])), options["file"])
        text = plain_text(raw)
        if len(text) > MAX_ARTICLE_CHARS:
            raise CommandError(f"article longer than {MAX_ARTICLE_CHARS} characters")
        self.stdout.write(json.dumps(extractor.extract(text, published=published).as_json(), ensure_ascii=False))

    @staticmethod
    def _read(path: Path) -> bytes:
        """A file's bytes, refused past MAX_BYTES before anything large is read into memory."""
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path}: file larger than {MAX_BYTES // 1024 // 1024} MB")
            return path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None

    @staticmethod
    def _decode(raw: bytes, name: str) -> str:
        if len(raw) > MAX_BYTES:
            raise CommandError(f"{name}: input larger than {MAX_BYTES // 1024 // 1024} MB")
        try:
            return decode_bytes(raw)
        except NotText as error:
            raise CommandError(f"{name}: {error}") from None

    def _extract_jsonl(self, extractor: Extractor, path: Path, out: str | None) -> None:
        lines = json_lines(self._decode(self._read(path), str(path)))
        with open(out, "w", encoding="utf-8") if out else contextlib.nullcontext(self.stdout) as sink:
            for item in read_jsonl(lines, origin=str(path)):
                sink.write(json.dumps(self._result(extractor, item), ensure_ascii=False) + "\n")

    @staticmethod
    def _result(extractor: Extractor, item: ArticleInput | InputError) -> dict[str, Any]:
        """One output line: the Extraction JSON with the id, or the id with the error."""
        if isinstance(item, InputError):
            return {"id": item.id, "error": item.error}
        try:
            return {"id": item.id, **extractor.extract(item.text, published=item.published).as_json()}
        except Exception as error:  # one bad article must not stop the run
            return {"id": item.id, "error": f"{type(error).__name__}: {error}"}
