"""Shared steps of the gazetteer loading commands: load a data set unless done, then recompile the index."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from django.conf import settings

from events.models import DatasetLoad
from events.services.gazetteer import gazetteer_compile, gazetteer_is_loaded, gazetteer_load_records
from events.sources.gazetteer import PlaceRecord

# A data set to load: (name, signature of its content, a function giving its records).
Dataset = tuple[str, str, Callable[[], Iterable[PlaceRecord]]]


def load_datasets(command, datasets: list[Dataset], *, force: bool, compile_index: bool = True) -> None:
    """Load each (name, signature, records) data set that is not loaded yet, then recompile the index
    when it is older than the latest load (unless compile_index is off: a later command will do it)."""
    for name, signature, records in datasets:
        if not force and gazetteer_is_loaded(dataset=name, signature=signature):
            command.stdout.write(f"{name}: already loaded")
            continue
        started = time.monotonic()
        rows = gazetteer_load_records(records=records(), dataset=name, signature=signature)
        command.stdout.write(f"{name}: {rows} places in {time.monotonic() - started:.0f} s")
    if compile_index and (force or _index_is_stale()):
        started = time.monotonic()
        gazetteer = gazetteer_compile(path=settings.GAZETTEER_INDEX)
        command.stdout.write(f"name index: {len(gazetteer)} places compiled to {settings.GAZETTEER_INDEX} "
                             f"in {time.monotonic() - started:.0f} s")


def _index_is_stale() -> bool:
    """The compiled index is missing or older than the latest data-set load."""
    index = settings.GAZETTEER_INDEX
    latest = DatasetLoad.objects.order_by("-loaded_at").values_list("loaded_at", flat=True).first()
    return not index.exists() or (latest is not None and index.stat().st_mtime < latest.timestamp())
