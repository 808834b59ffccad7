"""Reading articles from files: plain text, HTML (the body is extracted) and JSON lines.

Every reader yields `ArticleInput`s or `InputError`s, so one bad line or file is reported and the
run goes on. Bytes become text by their byte-order mark (UTF-8, UTF-16, UTF-32), else as UTF-8, else
by charset-normalizer's guess (Windows-1252, UTF-16 without a mark, Cyrillic code pages...); content
that is no text in any encoding (random bytes, images) is refused, never stored as mojibake.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from events.extraction.html import article_text, looks_like_html

SUFFIXES = {".txt", ".text", ".html", ".htm", ".jsonl"}
MAX_BYTES = 20 * 1024 * 1024  # one file (a JSON-lines file may hold many articles)
MAX_ARTICLE_CHARS = 1_000_000  # one article: a long report is ~50,000 characters
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# C0 controls other than tab, newline and carriage return: never part of an article (PostgreSQL
# refuses NUL in text outright).
_CONTROLS = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


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


class NotText(ValueError):
    """Bytes that are no text in any encoding we can tell."""


def decode_bytes(raw: bytes) -> str:
    """The text of a file's bytes (see the module docstring), with control characters removed."""
    for mark, codec in _BOMS:
        if raw.startswith(mark):
            return clean_text(raw[len(mark):].decode(codec, errors="replace"))
    if b"\x00" not in raw:
        try:
            return clean_text(raw.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise NotText("not text in any known encoding (binary content?)")
    text = str(best)
    if _mostly_controls(text):
        raise NotText("not text in any known encoding (binary content?)")
    return clean_text(text)


def clean_text(text: str) -> str:
    """Text without NUL and the other C0 control characters (tab and line breaks stay)."""
    return text.translate(_CONTROLS)


def _mostly_controls(text: str) -> bool:
    sample = text[:20_000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r") or ch == "\ufffd")
    return bad > max(3, len(sample) // 50)


def parse_date(value: str | None) -> datetime.date | None:
    """ISO date (YYYY-MM-DD, a longer ISO timestamp is cut to its date); ValueError when invalid."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"invalid date {value!r}: expected a YYYY-MM-DD string")
    try:
        return datetime.date.fromisoformat(value[:10])
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
    try:
        raw = decode_bytes(path.read_bytes())
    except NotText as error:
        yield InputError(str(path), str(error))
        return
    if path.suffix.lower() == ".jsonl":
        yield from read_jsonl(json_lines(raw), origin=str(path))
        return
    yield _article(str(path), plain_text(raw), published=published, title=title, url=url)


def _article(article_id: str, text: str, **fields) -> ArticleInput | InputError:
    """An article, or the reason it cannot be one (no text, too long)."""
    text = clean_text(text)
    if not text.strip():
        return InputError(article_id, "no article text found")
    if len(text) > MAX_ARTICLE_CHARS:
        return InputError(article_id, f"article longer than {MAX_ARTICLE_CHARS} characters")
    return ArticleInput(id=article_id, text=text, **fields)


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
    return _article(article_id, plain_text(text), published=published,
                    title=clean_text(str(record.get("title") or "")), url=str(record.get("url") or ""))
