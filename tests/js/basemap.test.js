// node --test tests/js/: the base map's antimeridian geometry (static/js/base/geometry.js, pure) and its
// colours (static/js/base/styles.js).
import assert from "node:assert/strict";
import {test} from "node:test";

import {
  WORLD_PX, coastOf, decimate, geometryExtent, goesRoundPole, largestRingBox, polygonsOf, projectLine,
  shiftGeometry, unwrapGeometry, unwrapRing, worldOffsets, worldPixel,
} from "../../static/js/base/geometry.js";
import {BASEMAP_COLOURS, basemapColours} from "../../static/js/base/styles.js";

const longestStep = (ring) => Math.max(...ring.slice(1).map((p, i) => Math.abs(p[0] - ring[i][0])));

test("a ring across the antimeridian runs on past 180 instead of jumping across the world", () => {
  // An island like Fiji's Taveuni: drawn from 179.8 east to -179.9, and back.
  const ring = [[179.8, -16.7], [-179.9, -16.7], [-179.9, -16.9], [179.8, -16.9], [179.8, -16.7]];
  const unwrapped = unwrapRing(ring);
  assert.ok(longestStep(unwrapped) < 1);
  assert.deepEqual(unwrapped.map((p) => p[0]).map((x) => Math.round(x * 10) / 10), [179.8, 180.1, 180.1, 179.8, 179.8]);
  assert.equal(unwrapped.length, ring.length);
});

test("a ring round the south pole is closed along the pole, not across the map", () => {
  // Antarctica's coast goes once round the world, west to east, from -180 to 180.
  const ring = [[-180, -78], [-90, -72], [0, -70], [90, -66], [179.9, -77], [-180, -78]];
  const unwrapped = unwrapRing(ring);
  // The only long steps run along the pole itself (the bottom edge of the map), none across the land.
  const long = unwrapped.slice(1).filter((p, i) => Math.abs(p[0] - unwrapped[i][0]) > 90);
  assert.deepEqual(long.map((p) => p[1]), [-90]);
  const tail = unwrapped.slice(-3);
  assert.deepEqual(tail.map((p) => p[1]), [-90, -90, -78]);
  assert.deepEqual(unwrapped[unwrapped.length - 1], unwrapped[0]);
  assert.ok(goesRoundPole(unwrapped));
  assert.ok(!goesRoundPole(ring));
});

test("the polar ring's coast leaves out its edges along and down to the pole", () => {
  const unwrapped = unwrapRing([[-180, -78], [-90, -72], [0, -70], [90, -66], [179.9, -77], [-180, -78]]);
  const coasts = coastOf(unwrapped);
  assert.ok(coasts.length >= 1);
  for (const line of coasts) for (const [, lat] of line) assert.ok(lat > -89, "no coast point at the pole");
  assert.deepEqual(coasts[0].slice(0, 2), [[-180, -78], [-90, -72]]);
});

test("rings that never cross the antimeridian are left as they are, in every geometry type", () => {
  const square = [[10, 10], [20, 10], [20, 20], [10, 20], [10, 10]];
  assert.deepEqual(unwrapGeometry({type: "Polygon", coordinates: [square]}).coordinates, [square]);
  assert.deepEqual(unwrapGeometry({type: "MultiLineString", coordinates: [[[170, 60], [-170, 61]]]}).coordinates,
                   [[[170, 60], [190, 61]]]);
  assert.deepEqual(unwrapGeometry({type: "Point", coordinates: [5, 6]}), {type: "Point", coordinates: [5, 6]});
});

test("the world copies a view needs: one in a narrow view, three at zoom 2 on a wide screen", () => {
  assert.deepEqual(worldOffsets(20, 60, [-180, 191]), [0]);
  assert.deepEqual(worldOffsets(-250, 230, [-180, 191]), [-360, 0, 360]);
  // Panned east past the date line: the copy to the east is drawn, the first one still shows.
  assert.deepEqual(worldOffsets(170, 260, [-180, 191]), [0, 360]);
});

test("a copy of a geometry a turn east, and the longitudes a layer spans", () => {
  const line = {type: "LineString", coordinates: [[170, 1], [190, 2]]};
  assert.deepEqual(shiftGeometry(line, 360).coordinates, [[530, 1], [550, 2]]);
  assert.deepEqual(geometryExtent([line, {type: "Point", coordinates: [-20, 0]}]), [-20, 190]);
  assert.deepEqual(geometryExtent([]), [-180, 180]);
});

test("a country's name goes on its largest landmass, not on the box around its far islands", () => {
  const mainland = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
  const island = [[50, 50], [51, 50], [51, 51], [50, 50]];
  const country = {type: "MultiPolygon", coordinates: [[island], [mainland]]};
  assert.deepEqual(largestRingBox(country), {west: 0, south: 0, east: 10, north: 10});
  assert.equal(largestRingBox({type: "Point", coordinates: [1, 2]}), null);
  const polygons = polygonsOf({type: "FeatureCollection", features: [{type: "Feature", geometry: country},
                                                                      {type: "Feature", geometry: null}]});
  assert.deepEqual(polygons.map((p) => p.type), ["Polygon", "Polygon"]);
});

test("the base map follows the system's dark theme", () => {
  const scheme = (dark) => (query) => ({matches: dark && query.includes("dark")});
  assert.equal(basemapColours(scheme(true)), BASEMAP_COLOURS.dark);
  assert.equal(basemapColours(scheme(false)), BASEMAP_COLOURS.light);
  assert.equal(basemapColours(undefined), BASEMAP_COLOURS.light, "no matchMedia (old browser): the light map");
});

test("Web Mercator pixels at zoom 0 agree with Leaflet's, and a line keeps its box", () => {
  assert.deepEqual(worldPixel(-180, 0), [0, WORLD_PX / 2]);
  assert.deepEqual(worldPixel(0, 0), [WORLD_PX / 2, WORLD_PX / 2]);
  const [, north] = worldPixel(0, 89.9);  // clamped at 85.05 as Leaflet does: the top edge
  assert.ok(Math.abs(north) < 1e-6);
  // Baghdad, against Mercator's textbook form y = ln(tan(pi/4 + lat/2)), scaled to 256 px a world.
  const [x, y] = worldPixel(44.4, 33.3);
  const mercator = Math.log(Math.tan(Math.PI / 4 + (33.3 * Math.PI) / 360));
  assert.ok(Math.abs(x - ((44.4 + 180) / 360) * 256) < 1e-9);
  assert.ok(Math.abs(y - (128 - (mercator / (2 * Math.PI)) * 256)) < 1e-9, `${y}`);
  const line = projectLine([[0, 0], [90, 10], [180, -10]]);
  assert.equal(line.coords.length, 6);
  assert.equal(line.minX, 128);
  assert.equal(line.maxX, 256);
});

test("points closer than a pixel are dropped from a line, its ends kept", () => {
  const coords = [0, 0, 0.2, 0.1, 0.4, 0.3, 2, 2, 2.1, 2.1, 2.2, 2.2];
  assert.deepEqual([...decimate(coords, 1)], [0, 0, 2, 2, 2.2, 2.2]);
  assert.deepEqual([...decimate(coords, 0.01)], coords, "at a fine step every point stays");
  assert.deepEqual([...decimate([1, 1, 1.1, 1.1], 1)], [1, 1, 1.1, 1.1]);
});
