-- TileMonthCell (events_tilemonthcell): events counted per low-zoom tile cell, event type and calendar
-- period (a month, and a year), with their first and last dates, kept by triggers; rejected events are not
-- counted. Read by events.selectors.tiles for tiles with a date window: the whole years inside the window,
-- then the whole months beside them, are summed from these rows, and only the days of the first and last
-- month that the window cuts are counted from the events (an index-only scan of the date index
-- events_event_date_tile below). The tile is exact, and the rows read are bounded by the tile's cells times
-- (years + 22 months), not by its events (issue 10: a windowed tile at zoom 0 over a million events took
-- 2.8 s, p95).
--
-- Why SQL: as for TileCell (tile_cell.sql), every write path must keep the counts right in the writing
-- transaction, and a trigger is the one place all of them go through (docs/decisions/0002-derived-data.md).
-- The keys are TileCell's (events_tile_keys, tile_keys.sql) plus the period; the placeholders in double
-- braces are the grid constants of events.db.constants.
--
-- Maintenance is TileCell's pattern, for the same reasons: every statement writing events queues the rows it
-- changes (events_tilemonthcellchange, with a marker row of zoom -1), and a deferred trigger merges the
-- transaction's queue at commit in key order, so concurrent ingests neither wait for each other on the busy
-- rows of the current month nor deadlock. A row that lost events is deleted when empty, and its first or last
-- date recounted from the events of that cell and period when the removed events held it.
--
-- Zooms 0-{{TILE_MONTH_LAST_ZOOM}} only: beyond, a tile covers at most 1/16384 of the world and its events,
-- found through the location index and filtered by date, are about as few as its period rows would be.
--
-- Installed by migrations through events.db (0012_tile_month_cells); to change it, edit this file, add a
-- migration installing it again and recount (SELECT events_tilemonthcell_rebuild(), or
-- events.services.tiles.tile_month_cells_rebuild()).

CREATE TABLE IF NOT EXISTS events_tilemonthcell (
  zoom smallint NOT NULL,
  tile_x integer NOT NULL,
  tile_y integer NOT NULL,
  span smallint NOT NULL,  -- months counted: 1 (a calendar month) or 12 (a calendar year)
  month date NOT NULL,  -- the first day of the month or year
  cell_x integer NOT NULL,
  cell_y integer NOT NULL,
  event_type varchar(60) NOT NULL,
  count integer NOT NULL,
  date_min date,  -- null only while a merge is under way
  date_max date,
  PRIMARY KEY (zoom, tile_x, tile_y, span, month, cell_x, cell_y, event_type)
);

-- Rows exist only inside writing transactions: nothing survives a commit, so no WAL.
CREATE UNLOGGED TABLE IF NOT EXISTS events_tilemonthcellchange (
  zoom smallint NOT NULL,
  tile_x integer NOT NULL,
  tile_y integer NOT NULL,
  span smallint NOT NULL,
  month date NOT NULL,
  cell_x integer NOT NULL,
  cell_y integer NOT NULL,
  event_type varchar(60) NOT NULL,
  count integer NOT NULL,
  date_min date,
  date_max date
);

-- A date's calendar period of `span` months (1: its month, 12: its year), as the first day of the period.
CREATE OR REPLACE FUNCTION events_tile_period(span integer, day date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT make_date(extract(year FROM day)::integer, CASE WHEN span = 12 THEN 1 ELSE extract(month FROM day)::integer END, 1)
$$;

CREATE OR REPLACE FUNCTION events_tilemonthcell_on_event() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  queued bigint;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN  -- DELETE: a TRUNCATE of all tables at once (Django's flush) is still running
    DELETE FROM events_tilemonthcell;
    DELETE FROM events_tilemonthcellchange;
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO events_tilemonthcellchange
      (zoom, tile_x, tile_y, span, month, cell_x, cell_y, event_type, count, date_min, date_max)
    SELECT k.zoom, k.tile_x, k.tile_y, p.span, events_tile_period(p.span, n.date), k.cell_x, k.cell_y,
           n.event_type, count(*), min(n.date), max(n.date)
    FROM new_rows n CROSS JOIN LATERAL events_tile_keys(n.location, 0, {{TILE_MONTH_LAST_ZOOM}}) k
    CROSS JOIN (VALUES (1), (12)) p (span)
    WHERE n.status <> 'rejected'
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO events_tilemonthcellchange
      (zoom, tile_x, tile_y, span, month, cell_x, cell_y, event_type, count, date_min, date_max)
    SELECT k.zoom, k.tile_x, k.tile_y, p.span, events_tile_period(p.span, o.date), k.cell_x, k.cell_y,
           o.event_type, -count(*), min(o.date), max(o.date)
    FROM old_rows o CROSS JOIN LATERAL events_tile_keys(o.location, 0, {{TILE_MONTH_LAST_ZOOM}}) k
    CROSS JOIN (VALUES (1), (12)) p (span)
    WHERE o.status <> 'rejected'
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  ELSE  -- UPDATE: only rows whose location, date, type or counted state changed
    WITH changed AS (
      SELECT o.location AS old_location, o.date AS old_date, o.event_type AS old_type,
             n.location AS new_location, n.date AS new_date, n.event_type AS new_type,
             o.status <> 'rejected' AS old_counted, n.status <> 'rejected' AS new_counted
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE ST_AsEWKB(o.location) IS DISTINCT FROM ST_AsEWKB(n.location)
         OR o.date IS DISTINCT FROM n.date OR o.event_type IS DISTINCT FROM n.event_type
         OR (o.status <> 'rejected') IS DISTINCT FROM (n.status <> 'rejected')
    ),
    moves AS (
      SELECT old_location AS location, old_date AS date, old_type AS event_type, -1 AS sign
      FROM changed WHERE old_counted
      UNION ALL
      SELECT new_location, new_date, new_type, 1 FROM changed WHERE new_counted
    )
    INSERT INTO events_tilemonthcellchange
      (zoom, tile_x, tile_y, span, month, cell_x, cell_y, event_type, count, date_min, date_max)
    SELECT k.zoom, k.tile_x, k.tile_y, p.span, events_tile_period(p.span, m.date), k.cell_x, k.cell_y,
           m.event_type, m.sign * count(*), min(m.date), max(m.date)
    FROM moves m CROSS JOIN LATERAL events_tile_keys(m.location, 0, {{TILE_MONTH_LAST_ZOOM}}) k
    CROSS JOIN (VALUES (1), (12)) p (span)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, m.sign;
  END IF;
  GET DIAGNOSTICS queued = ROW_COUNT;
  IF queued > 0 THEN
    INSERT INTO events_tilemonthcellchange (zoom, tile_x, tile_y, span, month, cell_x, cell_y, event_type, count)
    VALUES (-1, 0, 0, 0, '0001-01-01', 0, 0, '', 0);
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION events_tilemonthcell_merge() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  emptied tid[];
  stale tid[];
BEGIN
  -- Only this transaction's queue is visible; a later marker of the same commit finds it empty.
  IF NOT EXISTS (SELECT 1 FROM events_tilemonthcellchange WHERE zoom >= 0) THEN
    DELETE FROM events_tilemonthcellchange;
    RETURN NULL;
  END IF;
  INSERT INTO events_tilemonthcell AS c
    (zoom, tile_x, tile_y, span, month, cell_x, cell_y, event_type, count, date_min, date_max)
  SELECT zoom, tile_x, tile_y, span, month, cell_x, cell_y, event_type, sum(count),
         min(date_min) FILTER (WHERE count > 0), max(date_max) FILTER (WHERE count > 0)
  FROM events_tilemonthcellchange WHERE zoom >= 0
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (zoom, tile_x, tile_y, span, month, cell_x, cell_y, event_type) DO UPDATE
    SET count = c.count + excluded.count,
        date_min = LEAST(c.date_min, excluded.date_min), date_max = GREATEST(c.date_max, excluded.date_max);
  -- Rows that lost events, looked up key by key (the queue has no statistics), then addressed by row
  -- id: rows we just wrote, locked until we commit.
  SELECT array_agg(c.ctid) FILTER (WHERE c.count <= 0),
         array_agg(c.ctid) FILTER (WHERE c.count > 0 AND (r.date_min <= c.date_min OR r.date_max >= c.date_max))
  INTO emptied, stale
  FROM (SELECT zoom, tile_x, tile_y, span, month, cell_x, cell_y, event_type, min(date_min) AS date_min,
               max(date_max) AS date_max
        FROM events_tilemonthcellchange WHERE zoom >= 0 AND count < 0
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) r
  CROSS JOIN LATERAL (
    SELECT c.ctid, c.count, c.date_min, c.date_max FROM events_tilemonthcell c
    WHERE c.zoom = r.zoom AND c.tile_x = r.tile_x AND c.tile_y = r.tile_y AND c.span = r.span
      AND c.month = r.month AND c.cell_x = r.cell_x AND c.cell_y = r.cell_y AND c.event_type = r.event_type
  ) c;
  DELETE FROM events_tilemonthcell WHERE ctid = ANY(emptied);
  UPDATE events_tilemonthcell c SET date_min = x.date_min, date_max = x.date_max
  FROM (
    SELECT s.ctid, min(e.date) AS date_min, max(e.date) AS date_max
    FROM (SELECT ctid, zoom, tile_x, tile_y, span, month, cell_x, cell_y, event_type,
                 {{WORLD_METRES}}::float8 / (2::float8 ^ zoom) / {{TILE_GRID}} AS cell
          FROM events_tilemonthcell WHERE ctid = ANY(stale)) s
    CROSS JOIN LATERAL (  -- the cell and a little more, in degrees (cut at 180: no wrap to -180)
      SELECT ST_MakeEnvelope(
        GREATEST(-180, (s.cell_x - 0.51) * s.cell * 180 / {{HALF_WORLD_METRES}}),
        ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(0, (s.cell_y - 0.51) * s.cell), 3857), 4326)),
        LEAST(180, (s.cell_x + 0.51) * s.cell * 180 / {{HALF_WORLD_METRES}}),
        ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(0, (s.cell_y + 0.51) * s.cell), 3857), 4326)), 4326) AS box
    ) b
    CROSS JOIN LATERAL (
      SELECT e.date FROM events_event e CROSS JOIN LATERAL events_tile_keys(e.location, s.zoom, s.zoom) k
      WHERE e.location && b.box AND e.event_type = s.event_type AND e.status <> 'rejected'
        AND e.date >= s.month AND e.date < (s.month + make_interval(months => s.span))::date
        AND k.tile_x = s.tile_x AND k.tile_y = s.tile_y AND k.cell_x = s.cell_x AND k.cell_y = s.cell_y
    ) e
    GROUP BY s.ctid
  ) x
  WHERE c.ctid = ANY(stale) AND c.ctid = x.ctid;
  DELETE FROM events_tilemonthcellchange;
  RETURN NULL;
END
$$;

-- The whole table from the events: the migration's first fill, and a repair (events.services.tiles).
CREATE OR REPLACE FUNCTION events_tilemonthcell_rebuild() RETURNS bigint
LANGUAGE plpgsql SET search_path FROM CURRENT SET work_mem = '256MB' AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE events_event IN SHARE MODE;  -- no writes while we count
  DELETE FROM events_tilemonthcellchange;
  TRUNCATE events_tilemonthcell;
  INSERT INTO events_tilemonthcell (zoom, tile_x, tile_y, span, month, cell_x, cell_y, event_type, count,
                                    date_min, date_max)
  SELECT k.zoom, k.tile_x, k.tile_y, p.span, events_tile_period(p.span, e.date), k.cell_x, k.cell_y,
         e.event_type, count(*), min(e.date), max(e.date)
  FROM events_event e CROSS JOIN LATERAL events_tile_keys(e.location, 0, {{TILE_MONTH_LAST_ZOOM}}) k
  CROSS JOIN (VALUES (1), (12)) p (span)
  WHERE e.status <> 'rejected'
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;

-- The cut edge days of a window are read from this index alone (an index-only scan, in date order): a date
-- range of events scattered over the table would otherwise cost one table page per event.
CREATE INDEX IF NOT EXISTS events_event_date_tile ON events_event (date) INCLUDE (event_type, status, location);

DROP TRIGGER IF EXISTS events_tilemonthcell_event_insert ON events_event;
DROP TRIGGER IF EXISTS events_tilemonthcell_event_update ON events_event;
DROP TRIGGER IF EXISTS events_tilemonthcell_event_delete ON events_event;
DROP TRIGGER IF EXISTS events_tilemonthcell_event_truncate ON events_event;
DROP TRIGGER IF EXISTS events_tilemonthcell_merge ON events_tilemonthcellchange;
CREATE TRIGGER events_tilemonthcell_event_insert AFTER INSERT ON events_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_tilemonthcell_on_event();
CREATE TRIGGER events_tilemonthcell_event_update AFTER UPDATE ON events_event
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION events_tilemonthcell_on_event();
CREATE TRIGGER events_tilemonthcell_event_delete AFTER DELETE ON events_event
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_tilemonthcell_on_event();
CREATE TRIGGER events_tilemonthcell_event_truncate AFTER TRUNCATE ON events_event
  FOR EACH STATEMENT EXECUTE FUNCTION events_tilemonthcell_on_event();
CREATE CONSTRAINT TRIGGER events_tilemonthcell_merge AFTER INSERT ON events_tilemonthcellchange
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.zoom < 0) EXECUTE FUNCTION events_tilemonthcell_merge();
