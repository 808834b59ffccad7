// node --test tests/js/: the pure modules of the analyst map (no browser, no DOM).
import assert from "node:assert/strict";
import {test} from "node:test";

import {
  EVENT_COLOURS, SIDE_FAMILIES, UNKNOWN_CONTROLLER_COLOUR, controlStyle, eventColour, freshness,
  makeControllerPalette, parseDay, safeColour,
} from "../../static/js/analyst/styles.js";

test("allies share their side's hue family and sides get distinct families", () => {
  // 1 and 2 are sides; 3 is an ally of 1; 4 an ally of 2.
  const colour = makeControllerPalette({1: {side: null}, 2: {side: null}, 3: {side: 1}, 4: {side: 2}});
  const family = (c) => SIDE_FAMILIES.findIndex((f) => f.includes(c));
  assert.equal(family(colour({id: 1, name: "Iraq"})), family(colour({id: 3, name: "PMF"})));
  assert.equal(family(colour({id: 2, name: "ISIS"})), family(colour({id: 4, name: "Ally of ISIS"})));
  assert.notEqual(family(colour({id: 1})), family(colour({id: 2})));
  assert.notEqual(colour({id: 1}), colour({id: 3}), "an ally is another shade than its side");
});

test("colours are stable: the same actor always gets the same colour", () => {
  const actors = {5: {side: null}, 9: {side: null}, 12: {side: 9}};
  assert.equal(makeControllerPalette(actors)({id: 12}), makeControllerPalette(actors)({id: 12}));
  // An actor missing from the table (added after the page loaded) still gets a colour, by its name.
  assert.ok(SIDE_FAMILIES.flat().includes(makeControllerPalette(actors)({name: "Newcomers"})));
});

test("an actor's own colour wins, but only a plain hex colour", () => {
  const colour = makeControllerPalette({1: {side: null, colour: "#FF0000"}, 2: {side: null, colour: "red;background:url(x)"}});
  assert.equal(colour({id: 1}), "#ff0000");
  assert.ok(SIDE_FAMILIES.flat().includes(colour({id: 2})));
  assert.equal(safeColour("url(http://x)"), null);
});

test("unknown controllers are grey, never an event colour", () => {
  const colour = makeControllerPalette({});
  assert.equal(colour(null), UNKNOWN_CONTROLLER_COLOUR);
  assert.ok(!Object.values(EVENT_COLOURS).includes(UNKNOWN_CONTROLLER_COLOUR));
  assert.equal(eventColour("Something else"), "#8c8c8c");
});

test("claimed control is outlined, approximate places dashed, stale control faded", () => {
  const colour = () => "#0072b2";
  const confirmed = controlStyle({status: "controlled", last_confirmed: "2017-11-10"}, parseDay("2017-11-10"), colour);
  const claimed = controlStyle({status: "controlled", claimed: true, last_confirmed: "2017-11-10"}, parseDay("2017-11-10"), colour);
  const approximate = controlStyle({status: "controlled", approximate: true}, null, colour);
  assert.ok(claimed.fillOpacity < confirmed.fillOpacity / 3 && claimed.color === "#0072b2");
  assert.ok(approximate.dashArray);
  assert.equal(freshness({last_confirmed: "2017-01-01"}, parseDay("2017-01-20")).opacity, 1);
  assert.ok(freshness({last_confirmed: "2016-01-01"}, parseDay("2017-06-01")).opacity <= 0.3);
});
