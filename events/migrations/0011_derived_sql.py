"""The derived tables' SQL from its files (issue 13): from here on the functions and triggers that keep
EventFeature and TileCell are those of events/db/sql/*.sql, installed by this migration and by every later
migration that changes a file (docs/decisions/0002-derived-data.md, CONTRIBUTING.md "Changing derived data").

The files say what migrations 0003, 0004 and 0008 installed (now frozen under events/db/sql/v1 and v2), so
nothing changes on the way: no rows to rebuild, and nothing to do when unapplied."""

from django.db import migrations

from events.db import install_sql

# tile_keys.sql first: the TileCell functions call events_tile_keys.
CURRENT = ("tile_keys.sql", "event_feature.sql", "tile_cell.sql")


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0010_acled"),
    ]

    operations = [
        install_sql(*CURRENT),
    ]
