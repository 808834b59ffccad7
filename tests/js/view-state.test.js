import assert from "node:assert/strict";
import {test} from "node:test";

import {eventPeriod, eventsQuery, exportName, parseView, viewQuery} from "../../static/js/analyst/view-state.js";

test("a view survives the round trip through its URL", () => {
  const view = {filters: {actor: "ISIS", geo_precision: "2"}, date: "2017-11-20", window: 30, lat: 34.5, lon: 41.9,
                z: 7, layers: ["events", "areas"]};
  const back = parseView(`?${viewQuery(view)}`);
  assert.deepEqual(back, view);
});

test("malformed values are dropped, unknown names ignored", () => {
  const view = parseView("?date=2017-02-30x&window=-3&lat=100&z=abc&layers=events,bogus&colour=red&actor=%20");
  assert.equal(view.window, null);
  assert.equal(view.lat, null);
  assert.equal(view.z, null);
  assert.deepEqual(view.layers, ["events"]);
  assert.deepEqual(view.filters, {});
});

test("the events query carries the window as start and end, and the filters", () => {
  assert.deepEqual(eventPeriod("2017-11-20", 30), {start: "2017-10-22", end: "2017-11-20"});
  assert.deepEqual(eventPeriod("2017-11-20", 0), {start: null, end: "2017-11-20"});
  assert.equal(eventsQuery({country: "IQ", actor: "ISIS"}, {start: "2017-10-22", end: "2017-11-20"}),
               "start=2017-10-22&end=2017-11-20&actor=ISIS&country=IQ");
});

test("export names say what they hold, in safe characters", () => {
  const name = exportName("events", {actor: "Islamic State/ISIS", country: "IQ"}, {start: "2017-10-22", end: "2017-11-20"}, "csv");
  assert.equal(name, "conflictmap_events_actor-Islamic-State-ISIS_country-IQ_2017-10-22_2017-11-20.csv");
});
