// node --test tests/js/: the shared helpers that need no DOM: links (static/js/base/dom.js) and the
// API readers (static/js/base/api.js) against a real local HTTP server.
import assert from "node:assert/strict";
import http from "node:http";
import {after, before, test} from "node:test";

import {bufferCache, errorMessage, fetchJson, isAbort, latestFetcher} from "../../static/js/base/api.js";
import {debounce, safeUrl, sourceLabel} from "../../static/js/base/dom.js";

test("only http(s) links from sources are kept: javascript: and data: URLs would run or load on click", () => {
  const page = "http://127.0.0.1:8000/events/1/";
  assert.equal(safeUrl("https://example.org/a?b=1", page), "https://example.org/a?b=1");
  assert.equal(safeUrl("/sources/3/", page), "http://127.0.0.1:8000/sources/3/");
  assert.equal(safeUrl("javascript:alert(1)", page), null);
  assert.equal(safeUrl(" JavaScript:alert(1)", page), null);
  assert.equal(safeUrl("data:text/html,<b>x</b>", page), null);
  assert.equal(safeUrl("", page), null);
  assert.equal(safeUrl(null, page), null);
  assert.equal(safeUrl("http://[bad", page), null);
});

test("a source is labelled by its title and date, else its URL", () => {
  assert.equal(sourceLabel({title: "Town retaken", url: "https://x.org", published: "2024-01-02"}), "Town retaken (2024-01-02)");
  assert.equal(sourceLabel({url: "https://x.org/a"}), "https://x.org/a");
  assert.equal(sourceLabel(null), "untitled source");
});

test("debounce calls once, with the last arguments", async () => {
  const calls = [];
  const later = debounce((value) => calls.push(value), 5);
  later(1); later(2); later(3);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(calls, [3]);
});

let server;
let base;
const hits = new Map();

before(async () => {
  server = http.createServer((request, response) => {
    hits.set(request.url, (hits.get(request.url) || 0) + 1);
    if (request.url.startsWith("/slow")) {
      setTimeout(() => { response.setHeader("Content-Type", "application/json"); response.end('{"n": 1}'); }, 300);
    } else if (request.url === "/bad") {
      response.statusCode = 400;
      response.setHeader("Content-Type", "application/json");
      response.end('{"error": "unknown filter: colour"}');
    } else if (request.url.startsWith("/broken")) {
      response.statusCode = 502;
      response.end("<html>gateway</html>");
    } else if (request.url.startsWith("/tile")) {
      response.end(Buffer.from([1, 2, 3]));
    } else {
      response.setHeader("Content-Type", "application/json");
      response.end(JSON.stringify({url: request.url}));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

test("an API error shows the API's own message, or the HTTP status when it sent none", async () => {
  await assert.rejects(fetchJson(`${base}/bad`), {message: "unknown filter: colour", status: 400});
  assert.equal(await errorMessage(await fetch(`${base}/broken`)), "HTTP 502");
  assert.deepEqual(await fetchJson(`${base}/ok?a=1`), {url: "/ok?a=1"});
});

test("a newer request of the same kind cancels the older one; other kinds run on", async () => {
  const busy = [];
  const fetchLatest = latestFetcher((value) => busy.push(value));
  const first = fetchLatest("events", `${base}/slow?1`);
  const other = fetchLatest("control", `${base}/ok?control`);
  const second = fetchLatest("events", `${base}/ok?2`);
  await assert.rejects(first, (error) => isAbort(error));
  assert.deepEqual(await second, {url: "/ok?2"});
  assert.deepEqual(await other, {url: "/ok?control"});
  assert.deepEqual(busy, [true, false], "busy from the first request to the last answer");
});

test("a tile is asked once however many world copies show it, and a failed one is asked again", async () => {
  const tiles = bufferCache(2);
  const [a, b] = await Promise.all([tiles(`${base}/tile/1`), tiles(`${base}/tile/1`)]);
  assert.equal(hits.get("/tile/1"), 1);
  assert.deepEqual([...new Uint8Array(a)], [1, 2, 3]);
  assert.equal(a, b);
  await tiles(`${base}/tile/2`);
  await tiles(`${base}/tile/3`);
  assert.ok(!tiles.has(`${base}/tile/1`), "the least recently used tile is dropped past the size");
  await assert.rejects(tiles(`${base}/broken-tile`), {status: 502});
  assert.ok(!tiles.has(`${base}/broken-tile`));
  await assert.rejects(tiles(`${base}/broken-tile`));
  assert.equal(hits.get("/broken-tile"), 2);
});
