import assert from "node:assert/strict";
import {test} from "node:test";

import {geometryContains, pointsNear} from "../../static/js/analyst/hit.js";
import {parseDay} from "../../static/js/analyst/styles.js";
import {bucketCounts, bucketUnit, stepDate} from "../../static/js/analyst/timeline.js";

test("a click finds every point within reach, nearest first", () => {
  const items = [{x: 10, y: 10, r: 5, id: "a"}, {x: 14, y: 10, r: 5, id: "b"}, {x: 100, y: 100, r: 5, id: "c"}];
  assert.deepEqual(pointsNear(items, 13, 10).map((i) => i.id), ["b", "a"]);
  assert.deepEqual(pointsNear(items, 50, 50), []);
});

test("areas hold a point inside their ring and not inside a hole", () => {
  const square = {type: "Polygon", coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
                                                [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]};
  assert.ok(geometryContains(square, 2, 2));
  assert.ok(!geometryContains(square, 5, 5));
  assert.ok(!geometryContains(square, 11, 5));
  assert.ok(geometryContains({type: "MultiPolygon", coordinates: [square.coordinates]}, 8, 8));
});

test("counts per day or week over a span", () => {
  const start = parseDay("2017-11-01");
  const end = parseDay("2017-11-20");
  const days = bucketCounts([["2017-11-01", 1], ["2017-11-15", 2], ["2017-11-20", 3], ["2018-01-01", 9]], start, end, 1);
  assert.equal(days.length, 20);
  assert.deepEqual(days.filter((b) => b.count).map((b) => b.count), [1, 2, 3]);
  const weeks = bucketCounts([["2017-11-01", 1], ["2017-11-07", 1], ["2017-11-08", 4]], start, end, 7);
  assert.deepEqual(weeks.map((b) => b.count), [2, 4, 0]);
  assert.equal(bucketUnit(start, end, 250), 1);
  assert.equal(bucketUnit(parseDay("2010-01-01"), parseDay("2021-12-31"), 250), 21);
});

test("playback steps by day, week and calendar month", () => {
  const day = parseDay("2017-01-31");
  assert.equal(new Date(stepDate(day, "day")).toISOString().slice(0, 10), "2017-02-01");
  assert.equal(new Date(stepDate(day, "week")).toISOString().slice(0, 10), "2017-02-07");
  assert.equal(new Date(stepDate(day, "month")).toISOString().slice(0, 10), "2017-02-28");
  assert.equal(new Date(stepDate(day, "month", -1)).toISOString().slice(0, 10), "2016-12-31");
});
