-- Frozen copy: the tile keys function as migration 0004_tilecell installed it.
-- Never edit: that migration loads this file. The current definition is ../tile_cell.sql.

CREATE OR REPLACE FUNCTION events_tile_keys(location geometry, first_zoom integer DEFAULT 0,
                                            last_zoom integer DEFAULT 8)
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
                 (p.x + 20037508.342789244) / g.size AS fx, (20037508.342789244 - p.y) / g.size AS fy
          FROM (SELECT ST_X(m) AS x, ST_Y(m) AS y
                FROM ST_Transform(location, 3857) AS m
                WHERE abs(ST_Y(location)) < 86 AND abs(ST_X(location)) < 181) p,
               (SELECT z, 2::float8 ^ z AS n, 40075016.68557849::float8 / (2::float8 ^ z) AS size,
                       40075016.68557849::float8 / (2::float8 ^ z) / 64 AS cell
                FROM generate_series(first_zoom, last_zoom) AS z) g
        ) mercator
      ) tiles
    ) columns
  ) candidates
  WHERE tx >= 0 AND tx < n AND ty >= 0 AND ty < n
    AND (NOT near OR location && ST_Transform(ST_TileEnvelope(z, tx, ty), 4326))
$$;
