// node --test tests/js/: the base map's antimeridian geometry (static/js/map.js, a classic script run
// here in a bare context: its Leaflet classes are only declared, never used, by these functions).
import assert from "node:assert/strict";
import fs from "node:fs";
import {test} from "node:test";
import vm from "node:vm";

function loadBase() {
  const extendable = {extend: () => function Unused() {}};
  const window = {};
  vm.runInNewContext(fs.readFileSync(new URL("../../static/js/map.js", import.meta.url), "utf8"),
                     {window, L: {LayerGroup: extendable, Canvas: extendable}});
  return window.ConflictMapBase;
}

const base = loadBase();
// Arrays made in the script's own context have another prototype: compare them as plain data.
const plain = (fn) => (...args) => JSON.parse(JSON.stringify(fn(...args)));
const unwrapRing = plain(base.unwrapRing);
const unwrapGeometry = plain(base.unwrapGeometry);
const worldOffsets = plain(base.worldOffsets);

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
});

test("rings that never cross the antimeridian are left as they are, in every geometry type", () => {
  const square = [[10, 10], [20, 10], [20, 20], [10, 20], [10, 10]];
  assert.deepEqual(unwrapGeometry({type: "Polygon", coordinates: [square]}).coordinates, [square]);
  assert.deepEqual(unwrapGeometry({type: "MultiLineString", coordinates: [[[170, 60], [-170, 61]]]}).coordinates,
                   [[[170, 60], [190, 61]]]);
});

test("the world copies a view needs: one in a narrow view, three at zoom 2 on a wide screen", () => {
  assert.deepEqual(worldOffsets(20, 60, [-180, 191]), [0]);
  assert.deepEqual(worldOffsets(-250, 230, [-180, 191]), [-360, 0, 360]);
  // Panned east past the date line: the copy to the east is drawn, the first one still shows.
  assert.deepEqual(worldOffsets(170, 260, [-180, 191]), [0, 360]);
});
