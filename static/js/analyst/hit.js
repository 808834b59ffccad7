/* What lies under a click: pure geometry on screen points and GeoJSON coordinates. */

/** Items {x, y, r} within their radius plus `tolerance` pixels of (x, y), nearest first. */
export function pointsNear(items, x, y, tolerance = 3) {
  const hits = [];
  for (const item of items) {
    const dx = item.x - x;
    const dy = item.y - y;
    const reach = (item.r || 0) + tolerance;
    const d2 = dx * dx + dy * dy;
    if (d2 <= reach * reach) hits.push({item, d2});
  }
  hits.sort((a, b) => a.d2 - b.d2);
  return hits.map((hit) => hit.item);
}

/** Ray casting on one ring of [lon, lat] pairs. */
function inRing(ring, lon, lat) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a GeoJSON Polygon or MultiPolygon holds the point (holes respected). */
export function geometryContains(geometry, lon, lat) {
  if (!geometry) return false;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  return polygons.some((rings) => rings.length > 0 && inRing(rings[0], lon, lat)
    && !rings.slice(1).some((hole) => inRing(hole, lon, lat)));
}
