-- events_tile_keys(location): which low-zoom tiles and grid cells an event counts in. Shared by the TileCell
-- triggers and rebuild (tile_cell.sql) and by any other count of events per tile cell.
--
-- Why SQL: the triggers that keep the counts call it for every written event, inside the writing statement,
-- and the planner inlines a plain SQL function into their queries.
--
-- The placeholders in double braces are the grid constants of events.db.constants (one place for the tile grid that
-- events.selectors.tiles reads with), filled in by events.db.sql_text when a migration installs the file.
--
-- For the zooms with grid cells, the node of the grid a tile snaps the event to (events.selectors.tiles:
-- ST_SnapToGrid(ST_Transform(location, 3857), cell), that is rint(x / cell) * cell) and every tile whose
-- envelope its location touches (location && ST_Transform(ST_TileEnvelope(z, x, y), 4326), the filter of
-- the query over the events). The tile is computed from the mercator coordinates; within a thousandth of a
-- tile of an edge the neighbour tiles are tested with that very filter (it compares float4 boxes, so a point
-- on or near an edge belongs to both tiles). Beyond the latitude limit a point is in no tile. first_zoom and
-- last_zoom narrow it. The candidate tiles come from generate_series in the select list (no per-row function
-- scan: 2.4 times faster than unnest in a lateral join; the same keys for all 238k events of the export
-- benchmark).

CREATE OR REPLACE FUNCTION events_tile_keys(location geometry, first_zoom integer DEFAULT {{TILE_FIRST_ZOOM}},
                                            last_zoom integer DEFAULT {{TILE_LAST_ZOOM}})
RETURNS TABLE (zoom integer, tile_x integer, tile_y integer, cell_x integer, cell_y integer)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT z, tx, ty, cx, cy
  FROM (
    SELECT z, n, cx, cy, near, tx, generate_series(iy - (ry < 0.001)::integer, iy + (ry > 0.999)::integer) AS ty
    FROM (
      SELECT z, n, cx, cy, iy, ry, (rx < 0.001 OR rx > 0.999 OR ry < 0.001 OR ry > 0.999) AS near,
             generate_series(ix - (rx < 0.001)::integer, ix + (rx > 0.999)::integer) AS tx
      FROM (
        SELECT z, n, cx, cy, floor(fx)::integer AS ix, floor(fy)::integer AS iy, fx - floor(fx) AS rx,
               fy - floor(fy) AS ry
        FROM (
          SELECT g.z, g.n, round(p.x / g.cell)::integer AS cx, round(p.y / g.cell)::integer AS cy,
                 (p.x + {{HALF_WORLD_METRES}}) / g.size AS fx, ({{HALF_WORLD_METRES}} - p.y) / g.size AS fy
          FROM (SELECT ST_X(m) AS x, ST_Y(m) AS y
                FROM ST_Transform(location, 3857) AS m
                WHERE abs(ST_Y(location)) < {{TILE_MAX_LATITUDE}} AND abs(ST_X(location)) < 181) p,
               (SELECT z, 2::float8 ^ z AS n, {{WORLD_METRES}}::float8 / (2::float8 ^ z) AS size,
                       {{WORLD_METRES}}::float8 / (2::float8 ^ z) / {{TILE_GRID}} AS cell
                FROM generate_series(first_zoom, last_zoom) AS z) g
        ) mercator
      ) tiles
    ) columns
  ) candidates
  WHERE tx >= 0 AND tx < n AND ty >= 0 AND ty < n
    AND (NOT near OR location && ST_Transform(ST_TileEnvelope(z, tx, ty), 4326))
$$;
