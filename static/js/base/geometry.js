/* The base map's geometry across the antimeridian, in plain GeoJSON coordinates ([lon, lat]): pure
 * functions (no DOM, no Leaflet), unit-tested under tests/js/. */

/** One ring with continuous longitudes: each point is moved by whole turns to within 180° of the one
 * before, so a ring that crosses ±180 (Russia, Fiji) runs on past 180 instead of jumping back across
 * the whole world, which Leaflet would draw as a line from one edge to the other. A ring that goes
 * round a pole (Antarctica) ends a turn away from its start: it is closed along that pole. */
export function unwrapRing(ring) {
  if (!crossesAntimeridian(ring)) return ring;  // nearly every ring: no copy made
  const out = [[ring[0][0], ring[0][1]]];
  let shift = 0;
  let latSum = ring[0][1];
  for (let i = 1; i < ring.length; i += 1) {
    const [lon, lat] = ring[i];
    const previous = ring[i - 1][0] + shift;
    shift += 360 * Math.round((previous - (lon + shift)) / 360);
    out.push([lon + shift, lat]);
    latSum += lat;
  }
  if (shift !== 0) {
    const pole = latSum < 0 ? -90 : 90;
    const last = out[out.length - 1];
    out.push([last[0], pole], [out[0][0], pole], [out[0][0], out[0][1]]);
  }
  return out;
}

/** Whether some step of the line jumps half the world or more east or west (where unwrapping moves points). */
function crossesAntimeridian(line) {
  for (let i = 1; i < line.length; i += 1) if (Math.abs(line[i][0] - line[i - 1][0]) >= 180) return true;
  return false;
}

/** Unwrapped lines are cut nowhere: a line has no pole to close on, only its jumps to remove. */
export function unwrapLine(line) {
  if (!crossesAntimeridian(line)) return line;
  const out = [];
  let shift = 0;
  for (let i = 0; i < line.length; i += 1) {
    const [lon, lat] = line[i];
    if (i) shift += 360 * Math.round((out[i - 1][0] - (lon + shift)) / 360);
    out.push([lon + shift, lat]);
  }
  return out;
}

/** A GeoJSON geometry with no segment across the antimeridian (see unwrapRing). */
export function unwrapGeometry(geometry) {
  if (!geometry) return geometry;
  const c = geometry.coordinates;
  switch (geometry.type) {
    case "Polygon": return {type: "Polygon", coordinates: c.map(unwrapRing)};
    case "MultiPolygon": return {type: "MultiPolygon", coordinates: c.map((p) => p.map(unwrapRing))};
    case "LineString": return {type: "LineString", coordinates: unwrapLine(c)};
    case "MultiLineString": return {type: "MultiLineString", coordinates: c.map(unwrapLine)};
    default: return geometry;
  }
}

/** The same geometry a whole number of turns east (dx = 360 k) or west. */
export function shiftGeometry(geometry, dx) {
  const move = (coords) => (typeof coords[0] === "number" ? [coords[0] + dx, coords[1]] : coords.map(move));
  return {type: geometry.type, coordinates: move(geometry.coordinates)};
}

/** The shifts (multiples of 360°) that bring a layer spanning `extent` into view [west, east]. */
export function worldOffsets(west, east, extent) {
  const [minLon, maxLon] = extent;
  const offsets = [];
  for (let k = Math.ceil((west - maxLon) / 360); k <= Math.floor((east - minLon) / 360); k += 1) offsets.push(k * 360 || 0);  // no -0
  return offsets.length ? offsets : [0];
}

/** [west, east]: the longitudes the geometries span (unwrapped ones may reach past ±180). */
export function geometryExtent(geometries) {
  let west = Infinity;
  let east = -Infinity;
  const visit = (coords) => {
    if (typeof coords[0] === "number") { west = Math.min(west, coords[0]); east = Math.max(east, coords[0]); }
    else for (const c of coords) visit(c);
  };
  for (const geometry of geometries) visit(geometry.coordinates);
  return Number.isFinite(west) ? [west, east] : [-180, 180];
}

const atPole = (point) => Math.abs(point[1]) > 89;

/** An unwrapped ring that closes along a pole (see unwrapRing). */
export function goesRoundPole(ring) {
  return ring.some((point, i) => i > 0 && atPole(point) && atPole(ring[i - 1]));
}

/** The coast of a ring: its lines with the edges that reach the pole (its closure along the pole
 * and the cut down the meridian to it) left out: no coast is there. */
export function coastOf(ring) {
  const lines = [];
  let line = [];
  for (let i = 0; i < ring.length; i += 1) {
    if (i > 0 && (atPole(ring[i]) || atPole(ring[i - 1]))) {
      if (line.length > 1) lines.push(line);
      line = [ring[i]];
    } else {
      line.push(ring[i]);
    }
  }
  if (line.length > 1) lines.push(line);
  return lines;
}

/** Each polygon of a Feature or FeatureCollection as its own Polygon geometry. */
export function polygonsOf(collection) {
  const features = collection.type === "FeatureCollection" ? collection.features : [collection];
  const polygons = [];
  for (const feature of features) {
    const geometry = feature.geometry;
    if (!geometry) continue;
    if (geometry.type === "Polygon") polygons.push(geometry);
    else if (geometry.type === "MultiPolygon") {
      for (const coordinates of geometry.coordinates) polygons.push({type: "Polygon", coordinates});
    }
  }
  return polygons;
}

/** {west, south, east, north} of a (Multi)Polygon's largest outer ring by bounding box, or null:
 * where a country's name goes (a country's far islands do not pull it off its mainland). */
export function largestRingBox(geometry) {
  if (!geometry) return null;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  let best = null;
  let bestArea = 0;
  for (const polygon of polygons) {
    let west = Infinity;
    let east = -Infinity;
    let south = Infinity;
    let north = -Infinity;
    for (const [lon, lat] of polygon[0]) {
      if (lon < west) west = lon;
      if (lon > east) east = lon;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
    }
    const area = (east - west) * (north - south);
    if (area > bestArea) { best = {west, south, east, north}; bestArea = area; }
  }
  return best;
}

/** Web Mercator (Leaflet's EPSG:3857) in pixels of the world at zoom 0, 256 px wide: at zoom z a
 * point is at these pixels times 2^z. Latitudes past ±85.05° are clamped, as Leaflet does. */
export const WORLD_PX = 256;
const MAX_LATITUDE = 85.0511287798;

export function worldPixel(lon, lat) {
  const sin = Math.sin((Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)) * Math.PI) / 180);
  return [((lon + 180) / 360) * WORLD_PX, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * WORLD_PX];
}

/** A ring or line projected once (see worldPixel), flat [x0, y0, x1, y1, ...], with its pixel box,
 * so a redraw at any zoom is a multiply and an add per point and no object is made. */
export function projectLine(coordinates) {
  const coords = new Float64Array(coordinates.length * 2);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  coordinates.forEach(([lon, lat], i) => {
    const [x, y] = worldPixel(lon, lat);
    coords[2 * i] = x;
    coords[2 * i + 1] = y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  });
  return {coords, minX, minY, maxX, maxY};
}

/** Flat [x0, y0, x1, y1, ...] without the points less than `step` from the last one kept in both x
 * and y (a pixel at the zoom it is painted at); the first and last points are always kept, so rings
 * stay closed and lines keep their ends. */
export function decimate(coords, step) {
  const n = coords.length / 2;
  if (n <= 2) return Float64Array.from(coords);
  const kept = [coords[0], coords[1]];
  for (let i = 1; i < n; i += 1) {
    const x = coords[2 * i];
    const y = coords[2 * i + 1];
    if (i < n - 1 && Math.abs(x - kept[kept.length - 2]) < step && Math.abs(y - kept[kept.length - 1]) < step) continue;
    kept.push(x, y);
  }
  return Float64Array.from(kept);
}
