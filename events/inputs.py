"""Reading articles from files: plain text, HTML (the body is extracted) and JSON lines.

Every reader yields `ArticleInput`s or `InputError`s, so one bad line or file is reported and the
run goes on.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from events.extraction.html import article_text, looks_like_html

SUFFIXES = {".txt", ".text", ".html", ".htm", ".jsonl"}
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ArticleInput:
    id: str
    text: str
    published: datetime.date | None = None
    title: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class InputError:
    id: str
    error: str


def parse_date(value: str | None) -> datetime.date | None:
    """ISO date (YYYY-MM-DD, a longer ISO timestamp is cut to its date); ValueError when invalid."""
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"invalid date {value!r}: expected YYYY-MM-DD") from None


def plain_text(raw: str) -> str:
    """The article text of a file's content: HTML pages reduced to their body, text as it is."""
    return article_text(raw) if looks_like_html(raw) else raw


def iter_paths(paths: list[str]) -> Iterator[Path | InputError]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            yield path
        else:
            yield InputError(name, "no such file or folder")


def read_file(path: Path, *, published: datetime.date | None = None, title: str = "",
              url: str = "") -> Iterator[ArticleInput | InputError]:
    if path.stat().st_size > MAX_BYTES:
        yield InputError(str(path), f"file larger than {MAX_BYTES // 1024 // 1024} MB")
        return
    raw = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix.lower() == ".jsonl":
        yield from read_jsonl(json_lines(raw), origin=str(path))
        return
    text = plain_text(raw)
    if not text.strip():
        yield InputError(str(path), "no article text found")
        return
    yield ArticleInput(id=str(path), text=text, published=published, title=title, url=url)


def json_lines(raw: str) -> list[str]:
    """JSON-lines records: split on newlines only. str.splitlines() would also split inside a record
    at characters JSON leaves unescaped (U+2028, U+0085, form feeds), breaking valid lines in two."""
    return [line.rstrip("\r") for line in raw.split("\n")]


def read_jsonl(lines, *, origin: str = "-") -> Iterator[ArticleInput | InputError]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield _article_from_json(line, fallback_id=f"{origin}:{number}")


def _article_from_json(line: str, *, fallback_id: str) -> ArticleInput | InputError:
    try:
        record = json.loads(line)
    except ValueError as error:
        return InputError(fallback_id, f"invalid JSON: {error}")
    if not isinstance(record, dict):
        return InputError(fallback_id, "a line must be a JSON object")
    article_id = str(record.get("id", fallback_id))
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(article_id, "missing or empty 'text'")
    try:
        published = parse_date(record.get("published"))
    except ValueError as error:
        return InputError(article_id, str(error))
    return ArticleInput(id=article_id, text=plain_text(text), published=published,
                        title=str(record.get("title") or ""), url=str(record.get("url") or ""))
