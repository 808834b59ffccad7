"""Event counts per low-zoom tile cell, event type, month and year (events/db/sql/tile_month_cells.sql), so
a tile with a date window sums the whole years and months inside it and counts only its cut edge days from
the events, through a covering date index (issue 10: a windowed tile at zoom 0 over a million events took
2.8 s, p95). The table and its queue are plain SQL tables kept by triggers and read only by
events.selectors.tiles: no model. The rows are counted from the events already there (about three minutes
for a million events on the 2-core development machine)."""

from django.db import migrations

from events.db import sql_text

DROP = """
DROP TRIGGER IF EXISTS events_tilemonthcell_merge ON events_tilemonthcellchange;
DROP TRIGGER IF EXISTS events_tilemonthcell_event_truncate ON events_event;
DROP TRIGGER IF EXISTS events_tilemonthcell_event_delete ON events_event;
DROP TRIGGER IF EXISTS events_tilemonthcell_event_update ON events_event;
DROP TRIGGER IF EXISTS events_tilemonthcell_event_insert ON events_event;
DROP FUNCTION IF EXISTS events_tilemonthcell_rebuild();
DROP FUNCTION IF EXISTS events_tilemonthcell_merge();
DROP FUNCTION IF EXISTS events_tilemonthcell_on_event();
DROP FUNCTION IF EXISTS events_tile_period(integer, date);
DROP INDEX IF EXISTS events_event_date_tile;
DROP TABLE IF EXISTS events_tilemonthcellchange;
DROP TABLE IF EXISTS events_tilemonthcell;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0011_derived_sql"),
    ]

    operations = [
        migrations.RunSQL(sql_text("tile_month_cells.sql"), DROP),
        migrations.RunSQL("SELECT events_tilemonthcell_rebuild()", migrations.RunSQL.noop),
    ]
