"""Rejected events leave the tiles: the TileCell triggers count only events whose status is not
`rejected`, a change of status in or out of `rejected` moves the event in or out of the counts, and the
recount of a cell's dates and the repair function skip rejected events too (issue 9: a rejected event
left the map's points but stayed in its low-zoom cells).

The function bodies are those of 0004_tilecell with the status conditions added (frozen copies under
events/db/sql/v2 and v1; the current definition is events/db/sql/tile_cell.sql)."""

from django.db import migrations

from events.db import sql_text

FORWARD = sql_text("v2/tile_cell_functions.sql")
BACKWARD = sql_text("v1/tile_cell_functions.sql")


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0007_editor_corrections"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.RunSQL("SELECT events_tilecell_rebuild()", "SELECT events_tilecell_rebuild()"),
    ]
