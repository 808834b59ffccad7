import assert from "node:assert/strict";
import {test} from "node:test";

import {decodeTile} from "../../static/js/analyst/mvt.js";

// A minimal protobuf writer, enough to build the tiles PostGIS's ST_AsMVT makes for events.
const varint = (n) => {
  const out = [];
  while (n >= 0x80) { out.push((n % 0x80) | 0x80); n = Math.floor(n / 0x80); }
  out.push(n);
  return out;
};
const key = (field, wire) => varint(field * 8 + wire);
const bytes = (field, payload) => [...key(field, 2), ...varint(payload.length), ...payload];
const text = (field, value) => bytes(field, [...new TextEncoder().encode(value)]);
const packed = (field, values) => bytes(field, values.flatMap(varint));
const zz = (n) => (n < 0 ? -2 * n - 1 : 2 * n);

function tile() {
  const feature = (id, tags, points) => {
    let x = 0;
    let y = 0;
    const geometry = [(points.length << 3) | 1];
    for (const [px, py] of points) { geometry.push(zz(px - x), zz(py - y)); x = px; y = py; }
    return bytes(2, [...key(1, 0), ...varint(id), ...packed(2, tags), ...key(3, 0), ...varint(1), ...packed(4, geometry)]);
  };
  const double = new Uint8Array(new Float64Array([0.75]).buffer);
  const layer = [
    ...key(15, 0), ...varint(2), ...text(1, "events"),
    ...feature(7, [0, 0, 1, 1], [[64, 128]]),
    ...feature(300, [0, 2, 1, 3], [[4000, 5], [10, 4096]]),
    ...text(3, "count"), ...text(3, "confidence"),
    ...bytes(4, [...key(4, 0), ...varint(12)]),
    ...bytes(4, [...key(3, 1), ...double]),
    ...bytes(4, [...key(6, 0), ...varint(zz(-3))]),
    ...bytes(4, [...key(1, 2), ...varint(3), ...new TextEncoder().encode("é!")]),
    ...key(5, 0), ...varint(4096),
  ];
  return new Uint8Array(bytes(3, layer));
}

test("an event tile decodes to its points and properties", () => {
  const {events} = decodeTile(tile());
  assert.equal(events.extent, 4096);
  assert.equal(events.features.length, 2);
  assert.deepEqual(events.features[0], {id: 7, type: 1, properties: {count: 12, confidence: 0.75}, points: [[64, 128]]});
  assert.deepEqual(events.features[1].points, [[4000, 5], [10, 4096]]);
  assert.deepEqual(events.features[1].properties, {count: -3, confidence: "é!"});
});

test("an empty tile has no layers", () => {
  assert.deepEqual(decodeTile(new Uint8Array(0)), {});
});
