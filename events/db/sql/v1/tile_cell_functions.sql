-- Frozen copy: the TileCell trigger, merge and rebuild functions as migration 0004_tilecell installed them
-- (0008_tilecell_without_rejected restores them when unapplied). Never edit: the current definition is
-- ../tile_cell.sql.
CREATE OR REPLACE FUNCTION events_tilecell_on_event() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  queued bigint;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN  -- DELETE: a TRUNCATE of all tables at once (Django's flush) is still running
    DELETE FROM events_tilecell;
    DELETE FROM events_tilecellchange;
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO events_tilecellchange (zoom, tile_x, tile_y, cell_x, cell_y, event_type, count, date_min, date_max)
    SELECT k.zoom, k.tile_x, k.tile_y, k.cell_x, k.cell_y, n.event_type, count(*), min(n.date), max(n.date)
    FROM new_rows n CROSS JOIN LATERAL events_tile_keys(n.location) k
    GROUP BY 1, 2, 3, 4, 5, 6;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO events_tilecellchange (zoom, tile_x, tile_y, cell_x, cell_y, event_type, count, date_min, date_max)
    SELECT k.zoom, k.tile_x, k.tile_y, k.cell_x, k.cell_y, o.event_type, -count(*), min(o.date), max(o.date)
    FROM old_rows o CROSS JOIN LATERAL events_tile_keys(o.location) k
    GROUP BY 1, 2, 3, 4, 5, 6;
  ELSE  -- UPDATE: only rows whose location, date or type changed
    WITH changed AS (
      SELECT o.location AS old_location, o.date AS old_date, o.event_type AS old_type,
             n.location AS new_location, n.date AS new_date, n.event_type AS new_type
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE ST_AsEWKB(o.location) IS DISTINCT FROM ST_AsEWKB(n.location)
         OR o.date IS DISTINCT FROM n.date OR o.event_type IS DISTINCT FROM n.event_type
    ),
    moves AS (
      SELECT old_location AS location, old_date AS date, old_type AS event_type, -1 AS sign FROM changed
      UNION ALL
      SELECT new_location, new_date, new_type, 1 FROM changed
    )
    INSERT INTO events_tilecellchange (zoom, tile_x, tile_y, cell_x, cell_y, event_type, count, date_min, date_max)
    SELECT k.zoom, k.tile_x, k.tile_y, k.cell_x, k.cell_y, m.event_type, m.sign * count(*), min(m.date),
           max(m.date)
    FROM moves m CROSS JOIN LATERAL events_tile_keys(m.location) k
    GROUP BY 1, 2, 3, 4, 5, 6, m.sign;
  END IF;
  GET DIAGNOSTICS queued = ROW_COUNT;
  IF queued > 0 THEN
    INSERT INTO events_tilecellchange (zoom, tile_x, tile_y, cell_x, cell_y, event_type, count)
    VALUES (-1, 0, 0, 0, 0, '', 0);
  END IF;
  RETURN NULL;
END
$$;
CREATE OR REPLACE FUNCTION events_tilecell_merge() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  emptied tid[];
  stale tid[];
BEGIN
  -- Only this transaction's queue is visible: other transactions' rows are uncommitted until they
  -- have merged and deleted them. A later marker of the same commit finds the queue empty.
  IF NOT EXISTS (SELECT 1 FROM events_tilecellchange WHERE zoom >= 0) THEN
    DELETE FROM events_tilecellchange;
    RETURN NULL;
  END IF;
  INSERT INTO events_tilecell AS c (zoom, tile_x, tile_y, cell_x, cell_y, event_type, count, date_min, date_max)
  SELECT zoom, tile_x, tile_y, cell_x, cell_y, event_type, sum(count),
         min(date_min) FILTER (WHERE count > 0), max(date_max) FILTER (WHERE count > 0)
  FROM events_tilecellchange WHERE zoom >= 0
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (zoom, tile_x, tile_y, cell_x, cell_y, event_type) DO UPDATE
    SET count = c.count + excluded.count,
        date_min = LEAST(c.date_min, excluded.date_min), date_max = GREATEST(c.date_max, excluded.date_max);
  -- Cells that lost events, looked up by key one by one (LATERAL: the queue has no statistics, and a
  -- planner guessing it small joined it against every cell), then addressed by row id: rows we just
  -- wrote, locked until we commit, so their ids hold.
  SELECT array_agg(c.ctid) FILTER (WHERE c.count <= 0),
         array_agg(c.ctid) FILTER (WHERE c.count > 0 AND (r.date_min <= c.date_min OR r.date_max >= c.date_max))
  INTO emptied, stale
  FROM (SELECT zoom, tile_x, tile_y, cell_x, cell_y, event_type, min(date_min) AS date_min,
               max(date_max) AS date_max
        FROM events_tilecellchange WHERE zoom >= 0 AND count < 0
        GROUP BY 1, 2, 3, 4, 5, 6) r
  CROSS JOIN LATERAL (
    SELECT c.ctid, c.count, c.date_min, c.date_max FROM events_tilecell c
    WHERE c.zoom = r.zoom AND c.tile_x = r.tile_x AND c.tile_y = r.tile_y AND c.cell_x = r.cell_x
      AND c.cell_y = r.cell_y AND c.event_type = r.event_type
  ) c;
  DELETE FROM events_tilecell WHERE ctid = ANY(emptied);
  UPDATE events_tilecell c SET date_min = x.date_min, date_max = x.date_max
  FROM (
    SELECT s.ctid, min(e.date) AS date_min, max(e.date) AS date_max
    FROM (SELECT ctid, zoom, tile_x, tile_y, cell_x, cell_y, event_type,
                 40075016.68557849::float8 / (2::float8 ^ zoom) / 64 AS cell
          FROM events_tilecell WHERE ctid = ANY(stale)) s
    CROSS JOIN LATERAL (  -- the cell and a little more, in degrees (cut at 180: no wrap to -180)
      SELECT ST_MakeEnvelope(
        GREATEST(-180, (s.cell_x - 0.51) * s.cell * 180 / 20037508.342789244),
        ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(0, (s.cell_y - 0.51) * s.cell), 3857), 4326)),
        LEAST(180, (s.cell_x + 0.51) * s.cell * 180 / 20037508.342789244),
        ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(0, (s.cell_y + 0.51) * s.cell), 3857), 4326)), 4326) AS box
    ) b
    CROSS JOIN LATERAL (
      SELECT e.date FROM events_event e CROSS JOIN LATERAL events_tile_keys(e.location, s.zoom, s.zoom) k
      WHERE e.location && b.box AND e.event_type = s.event_type
        AND k.tile_x = s.tile_x AND k.tile_y = s.tile_y AND k.cell_x = s.cell_x AND k.cell_y = s.cell_y
    ) e
    GROUP BY s.ctid
  ) x
  WHERE c.ctid = ANY(stale) AND c.ctid = x.ctid;
  DELETE FROM events_tilecellchange;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION events_tilecell_rebuild() RETURNS bigint
LANGUAGE plpgsql SET search_path FROM CURRENT SET work_mem = '256MB' AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE events_event IN SHARE MODE;  -- no writes while we count
  DELETE FROM events_tilecellchange;
  TRUNCATE events_tilecell;
  INSERT INTO events_tilecell (zoom, tile_x, tile_y, cell_x, cell_y, event_type, count, date_min, date_max)
  SELECT k.zoom, k.tile_x, k.tile_y, k.cell_x, k.cell_y, e.event_type, count(*), min(e.date), max(e.date)
  FROM events_event e CROSS JOIN LATERAL events_tile_keys(e.location) k
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
