"""Paths the benchmark scripts share: the compiled name index of the configured database."""

from __future__ import annotations

import os
from pathlib import Path


def default_index() -> Path:
    """settings.GAZETTEER_INDEX (one file per database), read without setting Django up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
    from django.conf import settings

    return Path(settings.GAZETTEER_INDEX)
