"""manage.py derived_rebuild [features] [tiles] [control]: recompute derived tables from their sources."""

from __future__ import annotations

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from events.services.control import control_rebuild
from events.services.events import event_features_refresh
from events.services.tiles import tile_cells_rebuild, tile_month_cells_rebuild


def _features() -> str:
    return f"features: rebuilt the GeoJSON Feature texts of {event_features_refresh()} events"


def _tiles() -> str:
    return (f"tiles: recounted {tile_cells_rebuild()} tile cells and {tile_month_cells_rebuild()} tile cells "
            "per month and year")


def _control() -> str:
    return f"control: rebuilt the control intervals of {control_rebuild()} places"


# None of these reads another's output, so the order changes nothing; each runs in its own transaction.
REBUILDS: dict[str, Callable[[], str]] = {"features": _features, "tiles": _tiles, "control": _control}


class Command(BaseCommand):
    help = ("Recompute derived tables from the rows they derive from: features (EventFeature, the stored "
            "GeoJSON of each event), tiles (TileCell, the low-zoom counts) and control (ControlInterval, "
            "what /api/control.geojson reads); all three when none is named. Writes through the ORM and "
            "SQL keep them current on their own: this is the repair after writes that bypassed the "
            "triggers (session_replication_role = replica, a data-only restore) or the ORM (raw SQL, COPY "
            "of observations), and after a change of the control rules. Idempotent: each table is "
            "recomputed whole, in its own transaction.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("tables", nargs="*", metavar="TABLE",
                            help=f"one or more of {', '.join(REBUILDS)} (default: all)")

    def handle(self, *args, tables: list[str], **options) -> None:
        unknown = sorted(set(tables) - set(REBUILDS))
        if unknown:
            raise CommandError(f"no derived table {', '.join(unknown)}: choose from {', '.join(REBUILDS)}")
        for name in REBUILDS:
            if not tables or name in tables:
                self.stdout.write(REBUILDS[name]())
