"""Shared steps of the gazetteer loading commands: load a data set unless done, then recompile the index."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from django.conf import settings

from events.gazetteer_sources import PlaceRecord
from events.services.gazetteer import gazetteer_compile, gazetteer_is_loaded, gazetteer_load_records


def load_datasets(command, datasets: list[tuple[str, str, Callable[[], Iterable[PlaceRecord]]]], *,
                  force: bool) -> None:
    """Load each (name, signature, records) data set that is not loaded yet; recompile the index if needed."""
    changed = False
    for name, signature, records in datasets:
        if not force and gazetteer_is_loaded(dataset=name, signature=signature):
            command.stdout.write(f"{name}: already loaded")
            continue
        started = time.monotonic()
        rows = gazetteer_load_records(records=records(), dataset=name, signature=signature)
        command.stdout.write(f"{name}: {rows} places in {time.monotonic() - started:.0f} s")
        changed = True
    if changed or force or not settings.GAZETTEER_INDEX.exists():
        started = time.monotonic()
        gazetteer = gazetteer_compile(path=settings.GAZETTEER_INDEX)
        command.stdout.write(f"name index: {len(gazetteer)} places compiled to {settings.GAZETTEER_INDEX} "
                             f"in {time.monotonic() - started:.0f} s")
