/* ConflictMap analyst map: events, territorial control, filters, timeline and exports.
 *
 * An ES module with no build step; Leaflet (window.L) and topojson-client are classic scripts loaded
 * before it, the shared base map and helpers are the modules of js/base/. Every string from the API
 * comes from untrusted article text: it reaches the page through el() (textContent) only, never innerHTML.
 *
 * Clicks: the data layers are drawn on canvases that take no pointer events; one map click handler
 * finds everything under the pointer (events, control places, areas) and opens one popup, or a list
 * when several things overlap. A stack of canvases would otherwise give every click to the top one.
 */

import {bufferCache, isAbort, latestFetcher} from "./base/api.js";
import {addOfflineBasemap} from "./base/basemap.js";
import {debounce, el, jsonScript, sourceLink} from "./base/dom.js";
import {WrappingCanvas, nearestCopyX} from "./base/layers.js";
import {pointsNear, geometryContains} from "./analyst/hit.js";
import {
  DAY_MS, EVENT_COLOURS, GEO_PRECISION, OTHER_COLOUR, UNKNOWN_CONTROLLER_COLOUR, areaStyle, controlStyle,
  daysBetween, eventColour, eventStyle, formatDay, freshness, makeControllerPalette, parseDay,
} from "./analyst/styles.js";
import {decodeTile} from "./analyst/mvt.js";
import {bucketCounts, bucketUnit, stepDate} from "./analyst/timeline.js";
import {
  FILTER_NAMES, LAYER_NAMES, eventPeriod, eventsQuery, exportName, hasFilters, parseView,
  viewQuery,
} from "./analyst/view-state.js";

const L = window.L;
const SVG_NS = "http://www.w3.org/2000/svg";

const mapNode = document.getElementById("map");

const urls = {
  events: mapNode.dataset.eventsUrl,
  days: mapNode.dataset.daysUrl,
  control: mapNode.dataset.controlUrl,
  places: mapNode.dataset.placesUrl,
  placeControl: (id) => mapNode.dataset.placeControlUrl.replace(/\/0\/control$/, `/${encodeURIComponent(id)}/control`),
  event: (id) => mapNode.dataset.eventUrl.replace(/\/0\/$/, `/${encodeURIComponent(id)}/`),
  countries: mapNode.dataset.countriesUrl,
  exportOf: (extension) => mapNode.dataset.eventsUrl.replace(/\.geojson$/, `.${extension}`),
  tiles: (mapNode.dataset.tilesUrl || "").replace(/\/0\/0\/0\.pbf$/, "/{z}/{x}/{y}.pbf"),
};
// Past this many events in the window the map draws the server's vector tiles (cells counted in
// PostGIS) instead of one canvas circle per event; a test may lower it before the page loads.
const TILE_THRESHOLD = Number(window.CONFLICTMAP_TILE_THRESHOLD) || Number(mapNode.dataset.tileThreshold) || 20000;
const controllerColour = makeControllerPalette(jsonScript("actor-styles", {}));
const onlineBasemapUrl = jsonScript("online-basemap-url", "");

// ---------------------------------------------------------------- the map and its layers

const initialView = parseView(window.location.search);
// No tile fade: Leaflet's fade sets the opacity of every tile of the view on every frame until the
// last one is in, which on a zoom recomposites some thirty event tiles per frame while they load.
const map = L.map(mapNode, {preferCanvas: true, minZoom: 2, maxZoom: 16, worldCopyJump: true, zoomControl: true,
                            keyboard: true, fadeAnimation: false});
map.setView([initialView.lat ?? 33.5, initialView.lon ?? 40], initialView.z ?? 5);
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution("Borders: Natural Earth via world-atlas");
// Control places sit above events: they are few, and hidden under a dense event cluster they would be lost.
for (const [name, z] of [["areas", 380], ["events", 430], ["control", 440]]) {
  const pane = map.createPane(name);
  pane.style.zIndex = z;
  pane.style.pointerEvents = "none";  // the map's own click handler hit-tests all of them (see top)
}
// Each data canvas paints its markers in every world copy the view shows (js/map.js).
const renderers = {
  areas: new WrappingCanvas({pane: "areas"}),
  control: new WrappingCanvas({pane: "control"}),
  events: new WrappingCanvas({pane: "events"}),
};

// Control places are diamonds so they never read as events (circles).
function drawDiamond(renderer, layer) {
  if (!renderer._drawing || layer._empty()) return;
  const p = layer._point;
  const r = Math.max(Math.round(layer._radius), 1);
  const ctx = renderer._ctx;
  ctx.beginPath();
  ctx.moveTo(p.x, p.y - r);
  ctx.lineTo(p.x + r, p.y);
  ctx.lineTo(p.x, p.y + r);
  ctx.lineTo(p.x - r, p.y);
  ctx.closePath();
  renderer._fillStroke(ctx, layer);
}
L.Canvas.include({
  _updateDiamond(layer) { drawDiamond(this, layer); },
});
WrappingCanvas.include({
  _updateDiamond(layer) { this._inCopies(layer, () => drawDiamond(this, layer)); },
});
const DiamondMarker = L.CircleMarker.extend({
  _updatePath() {
    if (this._renderer._updateDiamond) this._renderer._updateDiamond(this);
    else this._renderer._updateCircle(this);
  },
});

const eventsLayer = L.layerGroup();
const controlPlacesLayer = L.layerGroup();
const controlAreasLayer = L.layerGroup();
const labelsLayer = L.layerGroup();
const overlays = {events: eventsLayer, places: controlPlacesLayer, areas: controlAreasLayer, labels: labelsLayer};
const overlayTitles = {events: "Events", places: "Control places", areas: "Control areas", labels: "Country names"};
const shownLayers = initialView.layers ?? LAYER_NAMES;
for (const name of LAYER_NAMES) if (shownLayers.includes(name)) overlays[name].addTo(map);

const offlineBase = L.layerGroup().addTo(map);
const baseLayers = {"Offline borders": offlineBase};
if (onlineBasemapUrl) {
  baseLayers["Online base map"] = L.tileLayer(onlineBasemapUrl, {maxZoom: 19, attribution: "configured base map"});
}
L.control.layers(baseLayers, Object.fromEntries(LAYER_NAMES.map((n) => [overlayTitles[n], overlays[n]])),
                 {collapsed: window.innerWidth < 700, position: "topright"}).addTo(map);

addOfflineBasemap(map, urls.countries).then(({layer, labels}) => {
  offlineBase.addLayer(layer);
  if (labels) labelsLayer.addLayer(labels);
  mapNode.dataset.basemap = "drawn";
}).catch((error) => setStatus(`Base map unavailable: ${error.message}`));

// ---------------------------------------------------------------- state

const slider = document.getElementById("date-slider");
const dateLabel = document.getElementById("date-label");
const dateInput = document.getElementById("date-input");
const windowSelect = document.getElementById("window-select");
const counter = document.getElementById("event-counter");
const statusNode = document.getElementById("map-status");
const emptyNode = document.getElementById("empty-state");
const panel = document.getElementById("control-panel");
const panelBody = document.getElementById("control-panel-body");
const filtersForm = document.getElementById("filters");

const state = {
  spanStart: null,          // ms of the first day of the slider
  spanEnd: null,
  selectedDay: null,        // ms of the selected day
  filters: {...initialView.filters},
  eventCount: 0,
  controlCount: 0,
  areaCount: 0,
  controllers: new Map(),   // name -> colour, for the legend
  lastEventsUrl: null,
  lastControlUrl: null,
  lastDaysUrl: null,
  loadedDaysUrl: null,      // the days URL whose counts are in dayCounts
  eventItems: [],           // {latlng, feature, r} of drawn events, for hit-testing
  placeItems: [],
  areaItems: [],
  dayCounts: [],
  controlChanges: [],
  spanMax: null,            // the last day with events: a window reaching it needs no end bound
  mode: "points",           // "points": GeoJSON drawn one by one; "tiles": vector tiles
  tileLayer: null,
  tileUrl: null,
};

if (initialView.window !== null) {
  if (![...windowSelect.options].some((o) => o.value === String(initialView.window))) {
    windowSelect.append(el("option", {value: String(initialView.window)}, `${initialView.window} days`));
  }
  windowSelect.value = String(initialView.window);
}

function setStatus(text) {
  statusNode.textContent = text || "";
}

function selectedDate() {
  return state.selectedDay === null ? null : formatDay(state.selectedDay);
}

function windowDays() {
  return Number(windowSelect.value) || 0;
}

function period() {
  return eventPeriod(selectedDate(), windowDays());
}

function currentView() {
  const centre = map.getCenter().wrap();
  return {
    filters: state.filters, date: selectedDate(), window: windowDays(),
    lat: centre.lat, lon: centre.lng, z: map.getZoom(),
    layers: LAYER_NAMES.filter((name) => map.hasLayer(overlays[name])),
  };
}

function rememberView() {
  const query = viewQuery(currentView());
  const next = `${window.location.pathname}?${query}`;
  if (next !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", next);
  updateExports();
}

function showDate() {
  const date = selectedDate();
  dateLabel.textContent = date || "no events yet";
  if (date) dateInput.value = date;
  const days = windowDays();
  slider.setAttribute("aria-valuetext", date || "");
  slider.title = days ? `events from ${days} days up to ${date}; control on ${date}` : `all events up to ${date}`;
}

function setCounter(count) {
  state.eventCount = count;
  counter.dataset.count = String(count);
  counter.textContent = `${count.toLocaleString("en")} event${count === 1 ? "" : "s"}`;
  showEmptyState();
}

/** Say why the map is empty, and offer the way out. */
function showEmptyState() {
  if (state.eventCount > 0 || state.selectedDay === null) {
    emptyNode.hidden = true;
    emptyNode.replaceChildren();
    return;
  }
  const days = windowDays();
  const filtered = hasFilters(state.filters);
  const where = days ? `in these ${days} days (up to ${selectedDate()})` : `up to ${selectedDate()}`;
  const parts = [`No events ${where}${filtered ? " with these filters" : ""}: `];
  const actions = [];
  if (days) {
    actions.push(el("button", {type: "button", class: "link-action", onclick: () => setWindow(0)},
      "widen the window to all time"));
  }
  if (filtered) {
    actions.push(el("button", {type: "button", class: "link-action", onclick: () => applyFilters({})},
      "clear the filters"));
  }
  if (!actions.length) parts.push("the database holds no events yet; ingest articles to fill it.");
  emptyNode.replaceChildren(...parts, ...actions.flatMap((a, i) => (i ? [" or ", a] : [a])));
  emptyNode.hidden = false;
}

/** The visible bbox, clamped to valid WGS84 (Leaflet reports longitudes beyond ±180 when panned). */
function bboxParam() {
  const b = map.getBounds();
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  if (b.getEast() - b.getWest() >= 360) return "-180,-90,180,90";
  return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180),
          clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(4)).join(",");
}

/** Fetch JSON, cancelling the previous request of the same kind: only the newest answer is drawn.
 * data-loading on #map says whether any request is out. */
const fetchLatest = latestFetcher((busy) => { mapNode.dataset.loading = String(busy); });

// ---------------------------------------------------------------- drawing

function drawEvents(collection) {
  const features = (collection && Array.isArray(collection.features)) ? collection.features : [];
  eventsLayer.clearLayers();
  const items = [];
  for (const feature of features) {
    if (!feature || !feature.geometry || feature.geometry.type !== "Point") continue;
    const [lon, lat] = feature.geometry.coordinates;
    const latlng = L.latLng(lat, lon);
    const style = eventStyle(feature.properties || {});
    eventsLayer.addLayer(L.circleMarker(latlng, {renderer: renderers.events, interactive: false, ...style}));
    items.push({latlng, feature, r: style.radius});
  }
  state.eventItems = items;
  setCounter(items.length);
  mapNode.dataset.drawn = "true";
}

function drawControl(collection, dayMs) {
  const features = (collection && Array.isArray(collection.features)) ? collection.features : [];
  controlPlacesLayer.clearLayers();
  controlAreasLayer.clearLayers();
  state.controllers = new Map();
  state.placeItems = [];
  state.areaItems = [];
  for (const feature of features) {
    if (!feature || !feature.geometry) continue;
    const props = feature.properties || {};
    const controller = props.controller;
    state.controllers.set(controller && controller.name ? controller.name : "unknown", controllerColour(controller));
    if (props.layer === "area" || feature.geometry.type.endsWith("Polygon")) {
      controlAreasLayer.addLayer(L.geoJSON(feature, {renderer: renderers.areas, interactive: false,
                                                     style: areaStyle(props, controllerColour)}));
      state.areaItems.push({feature});
    } else if (feature.geometry.type === "Point") {
      const [lon, lat] = feature.geometry.coordinates;
      const latlng = L.latLng(lat, lon);
      const style = controlStyle(props, dayMs, controllerColour);
      if (props.status === "besieged") {
        // The ring around the diamond says "besieged" without relying on colour.
        controlPlacesLayer.addLayer(L.circleMarker(latlng, {renderer: renderers.control, radius: style.radius + 5,
          fill: false, color: "#b3261e", weight: 2.5, opacity: style.opacity, interactive: false}));
      }
      controlPlacesLayer.addLayer(new DiamondMarker(latlng, {renderer: renderers.control, interactive: false,
                                                             ...style}));
      state.placeItems.push({latlng, feature, r: style.radius});
    }
  }
  state.controlCount = state.placeItems.length;
  state.areaCount = state.areaItems.length;
  renderControllerLegend();
}

// ---------------------------------------------------------------- clicks: what lies under the pointer

/** Everything at a container point: control places, then events; areas only when no point is hit
 * (an area is the background of every point inside it, and would turn each click into a list). */
function thingsAt(point, latlng) {
  // Things are projected in the first world copy; the click may be in another one.
  const project = (items) => items.map((item) => {
    const p = map.latLngToContainerPoint(item.latlng);
    return {x: nearestCopyX(map, p.x, point.x), y: p.y, r: item.r, source: item};
  });
  const found = [];
  if (map.hasLayer(controlPlacesLayer)) {
    for (const hit of pointsNear(project(state.placeItems), point.x, point.y, 4)) {
      found.push({kind: "place", feature: hit.source.feature});
    }
  }
  if (map.hasLayer(eventsLayer)) {
    for (const hit of pointsNear(project(state.eventItems), point.x, point.y, 4)) {
      found.push({kind: "event", feature: hit.source.feature});
    }
  }
  if (!found.length && map.hasLayer(controlAreasLayer)) {
    const lon = latlng.wrap().lng;
    for (const item of state.areaItems) {
      if (geometryContains(item.feature.geometry, lon, latlng.lat)) found.push({kind: "area", feature: item.feature});
    }
  }
  return found;
}

function popupFor(thing) {
  if (thing.kind === "cluster") {
    return el("article", {class: "popup"}, el("h3", {}, `${thing.count.toLocaleString("en")} events here`),
      el("button", {type: "button", class: "button small",
                    onclick: () => { map.closePopup(); map.setView(thing.latlng, Math.min(map.getZoom() + 3, 16)); }},
        "Zoom in to see them one by one"));
  }
  if (thing.kind === "event") return eventPopup(thing.feature);
  if (thing.kind === "place") return controlPopup(thing.feature, state.selectedDay);
  return areaPopup(thing.feature);
}

function listLabel(thing) {
  if (thing.kind === "cluster") return `${thing.count} events: zoom in`;
  const props = thing.feature.properties || {};
  if (thing.kind === "event") {
    return `${props.date || "undated"} · ${props.event_type || "event"} · ${props.place || "unknown place"}`;
  }
  if (thing.kind === "place") {
    return `${props.place || "Place"}: ${(props.controller && props.controller.name) || "unknown"} (${props.status || "control"})`;
  }
  return `${(props.controller && props.controller.name) || "Unknown"}: ${props.method === "estimated" ? "estimated" : "drawn"} area`;
}

const popup = L.popup({maxWidth: 340, autoPanPaddingTopLeft: [10, 60]});

/** A click handler inside the popup that replaces the popup's content: the click must stop there.
 * Leaflet tells a click inside a popup from a map click by walking up from the clicked element; once
 * the content is replaced that element is detached, so the map took the click for its own and closed
 * the popup it had just filled. */
const inPopup = (action) => (event) => {
  L.DomEvent.stopPropagation(event);
  action();
};

function openThings(things, latlng, {focus = false} = {}) {
  if (!things.length) return false;
  const showList = () => {
    const list = el("article", {class: "popup popup-list"},
      el("h3", {tabindex: "-1"}, `${things.length} things here`),
      el("ul", {}, things.map((thing) => el("li", {},
        el("button", {type: "button", class: "list-item", "data-kind": thing.kind,
                      onclick: inPopup(() => show(popupFor(thing), true))},
          el("span", {class: `swatch${thing.kind === "event" ? "" : " diamond"}`,
                      style: `background:${swatchColour(thing)}`}),
          listLabel(thing))))));
    show(list, false);
  };
  const show = (content, withBack) => {
    if (withBack) {
      content.prepend(el("button", {type: "button", class: "link-action back", onclick: inPopup(showList)}, "← all things here"));
    }
    popup.setLatLng(latlng).setContent(content);
    if (!map.hasLayer(popup)) popup.openOn(map);
    else popup.update();
    if (focus) {
      const target = content.querySelector("h3");
      if (target) { target.setAttribute("tabindex", "-1"); target.focus(); }
    }
  };
  if (things.length === 1) show(popupFor(things[0]), false);
  else showList();
  return true;
}

function swatchColour(thing) {
  if (thing.kind === "cluster") return OTHER_COLOUR;
  const props = thing.feature.properties || {};
  return thing.kind === "event" ? eventColour(props.event_type) : controllerColour(props.controller);
}

map.on("click", async (event) => {
  const things = thingsAt(event.containerPoint, event.latlng);
  if (state.mode === "tiles" && map.hasLayer(eventsLayer)) {
    const near = await eventsNear(event.containerPoint);
    if (near.tooMany) {
      things.push({kind: "cluster", count: near.tooMany, latlng: event.latlng});
    } else {
      const places = things.filter((t) => t.kind === "place");
      const areas = places.length || near.features.length ? [] : things.filter((t) => t.kind === "area");
      things.length = 0;
      things.push(...places, ...near.features.map((feature) => ({kind: "event", feature})), ...areas);
    }
  }
  openThings(things, event.latlng);
});

/** In tiles mode the page holds no events: ask the API for those within a few pixels of the click. */
async function eventsNear(point) {
  const reach = 8;
  const sw = map.containerPointToLatLng([point.x - reach, point.y + reach]).wrap();
  const ne = map.containerPointToLatLng([point.x + reach, point.y - reach]).wrap();
  const params = new URLSearchParams(eventsQuery(state.filters, period()));
  params.set("bbox", [sw.lng, sw.lat, ne.lng, ne.lat].map((v) => v.toFixed(6)).join(","));
  try {
    const collection = await fetchLatest("near", `${urls.events}?${params}`);
    const features = Array.isArray(collection.features) ? collection.features : [];
    return features.length > 40 ? {tooMany: features.length, features: []} : {features};
  } catch (error) {
    return {features: []};
  }
}

// A pointer cursor over something clickable (skipped for very many events: a scan per mouse move).
let hoverFrame = null;
map.on("mousemove", (event) => {
  if (hoverFrame || state.eventItems.length > 20000) return;
  hoverFrame = window.requestAnimationFrame(() => {
    hoverFrame = null;
    const hit = thingsAt(event.containerPoint, event.latlng).some((t) => t.kind !== "area");
    mapNode.classList.toggle("over-feature", hit);
  });
});

// Keyboard: Enter on the focused map opens what lies at its centre (arrow keys pan, +/- zoom).
mapNode.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || event.target !== mapNode) return;
  const size = map.getSize();
  const point = L.point(size.x / 2, size.y / 2);
  const latlng = map.getCenter();
  const things = thingsAt(point, latlng);
  if (!openThings(things, latlng, {focus: true})) setStatus("Nothing at the centre of the map: move it with the arrow keys.");
  else setStatus("");
});

// ---------------------------------------------------------------- popups

function row(label, value) {
  if (value === null || value === undefined || value === "") return null;
  return el("div", {class: "popup-row"}, el("dt", {}, label), el("dd", {}, value));
}

function eventPopup(feature) {
  const props = feature.properties || {};
  const type = props.event_type || "Event";
  const actors = [props.actor1, props.actor2].filter(Boolean).join(" vs ");
  const where = [props.place, props.admin1, props.country].filter(Boolean).join(", ");
  const precision = GEO_PRECISION[props.geo_precision];
  const confidence = typeof props.confidence === "number" ? `${Math.round(props.confidence * 100)}%` : null;
  const sources = Array.isArray(props.sources) ? props.sources : [];
  const datePrecision = props.date_precision && props.date_precision !== "day" ? ` (${props.date_precision} precision)` : "";
  return el("article", {class: "popup"},
    el("header", {class: "popup-head"},
      el("span", {class: "swatch", style: `background:${eventColour(props.event_type)}`}),
      el("h3", {}, props.sub_event_type ? `${type} · ${props.sub_event_type}` : type)),
    el("dl", {class: "popup-fields"},
      row("Date", props.date ? props.date + datePrecision : null),
      row("Actors", actors),
      row("Place", where),
      row("Precision", precision),
      row("Fatalities", props.fatalities ?? null),
      row("Confidence", confidence ? `${confidence}${props.status ? ` · ${props.status}` : ""}` : props.status)),
    props.summary ? el("p", {class: "popup-summary"}, props.summary) : null,
    sources.length ? el("div", {class: "popup-sources"}, el("h4", {}, "Sources"),
      el("ul", {}, sources.map((s) => el("li", {}, sourceLink(s))))) : null,
    feature.id !== undefined && feature.id !== null
      ? el("a", {class: "popup-more", href: urls.event(feature.id)}, "Event details and history →")
      : null);
}

function controlPopup(feature, dayMs) {
  const props = feature.properties || {};
  const controller = props.controller || {};
  const {age} = freshness(props, dayMs);
  const ageText = age === null ? null : age === 0 ? "on this date" : `${age} days before the selected date`;
  return el("article", {class: "popup"},
    el("header", {class: "popup-head"},
      el("span", {class: "swatch diamond", style: `background:${controllerColour(props.controller)}`}),
      el("h3", {}, props.place || "Place")),
    el("dl", {class: "popup-fields"},
      row("Controller", controller.name || "unknown"),
      row("Status", `${props.status || "controlled"}${props.claimed ? " (claimed, not confirmed)" : ""}`),
      row("Challenger", props.challenger && props.challenger.name),
      row("Since", props.since),
      row("Last confirmed", props.last_confirmed ? `${props.last_confirmed}${ageText ? ` (${ageText})` : ""}` : null),
      row("Location", props.approximate ? "approximate: the place's point is estimated" : null)),
    props.event_id !== undefined && props.event_id !== null
      ? el("p", {}, el("a", {href: urls.event(props.event_id)}, `Event #${props.event_id}`)) : null,
    props.place_id !== undefined && props.place_id !== null
      ? el("button", {type: "button", class: "button small", onclick: () => openPlacePanel(props)},
        "Why is this place this colour?")
      : null);
}

function areaPopup(feature) {
  const props = feature.properties || {};
  const controller = props.controller || {};
  const estimated = props.method === "estimated";
  return el("article", {class: "popup"},
    el("header", {class: "popup-head"},
      el("span", {class: "swatch", style: `background:${controllerColour(props.controller)}`}),
      el("h3", {}, `${controller.name || "Unknown"} — ${estimated ? "estimated area" : "drawn area"}`)),
    el("dl", {class: "popup-fields"},
      row("Valid", `${props.valid_from || "?"} → ${props.valid_to || "open"}`),
      row("Method", estimated
        ? "estimated: computed from the controlled places around it, not observed"
        : "drawn by an analyst")));
}

// ---------------------------------------------------------------- loading

function eventsUrl() {
  return `${urls.events}?${eventsQuery(state.filters, period())}`;
}

function controlUrl() {
  const params = new URLSearchParams();
  params.set("date", selectedDate() || formatDay(Date.now()));
  params.set("bbox", bboxParam());
  return `${urls.control}?${params}`;
}

let eventsGeneration = 0;  // a reload that waited for a count gives way to any later reload

/** Events of the filters and the window, wherever they are: the counter then equals what
 * /api/events.geojson returns for the same filters, and panning needs no new request. A window
 * holding more than TILE_THRESHOLD events is drawn from the vector tiles instead (EventTiles), which
 * take the same filters. */
async function reloadEvents() {
  if (state.selectedDay === null) return;
  const generation = ++eventsGeneration;
  const total = await windowTotalSoon();
  if (generation !== eventsGeneration) return;
  if (total > TILE_THRESHOLD) {
    drawTiles(total);
    return;
  }
  const url = eventsUrl();
  if (url === state.lastEventsUrl && state.mode === "points") return;
  state.lastEventsUrl = url;
  try {
    const collection = await fetchLatest("events", url);
    removeTiles();
    drawEvents(collection);
    setStatus("");
  } catch (error) {
    if (isAbort(error)) return;
    state.lastEventsUrl = null;
    setStatus(`Events could not be loaded: ${error.message}`);
  }
}

/** The window's number of events, to choose between points and tiles: from the timeline's day counts
 * once they are in; before (the first draw), from the window's world tile, one small request served
 * from counted cells, instead of waiting for the day counts of the whole span (the slowest request
 * of the page at 100,000 events). */
async function windowTotalSoon() {
  if (state.loadedDaysUrl === daysUrl() || !urls.tiles) {
    await daysReady();
    return windowTotal();
  }
  try {
    const worldTile = tileBuffers(tileUrl().replace("{z}", 0).replace("{x}", 0).replace("{y}", 0));
    prefetchTiles();  // asked after the world tile: the browser sends six requests at a time
    const buffer = await worldTile;
    const layer = decodeTile(new Uint8Array(buffer)).events;
    return layer ? layer.features.reduce((sum, feature) => sum + (Number(feature.properties.count) || 1), 0) : 0;
  } catch (error) {
    await daysReady();
    return windowTotal();
  }
}

/** The number of events of the filters in the current window, from the timeline's day counts. */
function windowTotal() {
  const {start, end} = period();
  let total = 0;
  for (const [date, count] of state.dayCounts) {
    if ((!start || date >= start) && (!end || date <= end)) total += count;
  }
  return total;
}

function tileUrl() {
  const {start, end} = period();
  // The filters of /api/events.geojson; a window reaching the last event needs no end (the server
  // then reads the counted cells).
  const reachesLast = end && state.spanMax !== null && parseDay(end) >= state.spanMax;
  const query = eventsQuery(state.filters, {start, end: reachesLast ? null : end});
  return `${urls.tiles}${query ? `?${query}` : ""}`;
}

/** Cells (low zooms, `count` events each) and points (zoom 9 on) from /api/tiles/events. */
function drawTiles(total) {
  const url = tileUrl();
  state.mode = "tiles";
  state.eventItems = [];
  state.lastEventsUrl = null;
  fetchLatest.abort("events");
  eventsLayer.clearLayers();
  if (!state.tileLayer || state.tileUrl !== url) {
    if (state.tileLayer) state.tileLayer.remove();
    state.tileUrl = url;
    state.tileLayer = new EventTiles({url, pane: "events", maxNativeZoom: 16});
    mapNode.dataset.drawn = "false";
    state.tileLayer.on("load", () => { mapNode.dataset.drawn = "true"; });
  }
  eventsLayer.addLayer(state.tileLayer);
  setCounter(total);
  setStatus("");
}

function removeTiles() {
  state.mode = "points";
  if (state.tileLayer) {
    state.tileLayer.remove();
    state.tileLayer = null;
    state.tileUrl = null;
  }
}

/** The tiles' bytes by URL: a tile shown in several world copies, prefetched (prefetchTiles) or seen
 * before a zoom back out is asked once. */
const tileBuffers = bufferCache(512);

/** Ask for the view's tiles while the count that chooses between points and tiles is on its way
 * (the first draw would otherwise wait for one request, then the other). A view drawn as points
 * leaves a few small tiles unused. */
function prefetchTiles() {
  if (!urls.tiles || state.selectedDay === null) return;
  const url = tileUrl();
  const zoom = Math.round(map.getZoom());
  const n = 2 ** zoom;
  const size = 256;
  const pixels = map.getPixelBounds();
  const wanted = new Set();
  for (let x = Math.floor(pixels.min.x / size); x <= Math.floor((pixels.max.x - 1) / size); x += 1) {
    for (let y = Math.max(0, Math.floor(pixels.min.y / size)); y <= Math.min(n - 1, Math.floor((pixels.max.y - 1) / size)); y += 1) {
      wanted.add(url.replace("{z}", zoom).replace("{x}", ((x % n) + n) % n).replace("{y}", y));
    }
  }
  for (const tile of wanted) tileBuffers(tile).catch(() => { /* EventTiles asks again and reports it */ });
}

/** Event tiles drawn as plain canvas circles: one canvas per tile, no object per feature, so a world
 * view of 60,000 counted cells paints in milliseconds once its tiles are in. */
const EventTiles = L.GridLayer.extend({
  createTile(coords, done) {
    const tile = document.createElement("canvas");
    const size = this.getTileSize();
    tile.width = size.x;
    tile.height = size.y;
    const n = 2 ** coords.z;
    if (coords.y < 0 || coords.y >= n) {
      window.setTimeout(() => done(null, tile), 0);
      return tile;
    }
    const x = ((coords.x % n) + n) % n;  // world copies east and west use the same tiles
    const url = this.options.url.replace("{z}", coords.z).replace("{x}", x).replace("{y}", coords.y);
    tileBuffers(url)
      .then((buffer) => {
        paintTile(tile, decodeTile(new Uint8Array(buffer)).events, size);
        done(null, tile);
      })
      .catch((error) => done(error, tile));
    return tile;
  },
});

function paintTile(canvas, layer, size) {
  if (!layer) return;
  const ctx = canvas.getContext("2d");
  const scale = size.x / (layer.extent || 4096);
  // Big cells first, so small ones stay visible on top.
  const features = layer.features.slice().sort((a, b) => (Number(b.properties.count) || 1) - (Number(a.properties.count) || 1));
  for (const feature of features) {
    const {sprite, half} = circleSprite(tileStyle(feature.properties));
    for (const [px, py] of feature.points) {
      ctx.drawImage(sprite, Math.round(px * scale) - half, Math.round(py * scale) - half);
    }
  }
}

/** Each circle style painted once on a small canvas and copied where its circles go: copying pixels
 * costs about two thirds of filling and stroking an anti-aliased arc per circle (60 against 90 ms for
 * the 13,000 circles of a zoom-3 view at 100,000 events, a step's largest piece of work). The styles
 * are few (a colour per event type; a radius per count up to the largest circle, per precision for
 * single events), so the sprites are kept; a circle's centre is rounded to the pixel. */
const circleSprites = new Map();

function circleSprite(style) {
  const key = [style.radius, style.fillColor, style.fillOpacity, style.color, style.weight, style.dashArray].join("|");
  let entry = circleSprites.get(key);
  if (!entry) {
    const half = Math.ceil(style.radius + style.weight) + 1;
    const canvas = new OffscreenCanvas(2 * half, 2 * half);
    const ctx = canvas.getContext("2d");
    ctx.setLineDash(style.dashArray ? style.dashArray.split(" ").map(Number) : []);
    ctx.lineWidth = style.weight;
    ctx.strokeStyle = style.color;
    ctx.fillStyle = style.fillColor;
    ctx.beginPath();
    ctx.arc(half, half, style.radius, 0, 2 * Math.PI);
    ctx.globalAlpha = style.fillOpacity;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.stroke();
    // An ImageBitmap, not the canvas: drawing from a canvas snapshots it first.
    entry = {sprite: canvas.transferToImageBitmap(), half};
    circleSprites.set(key, entry);
  }
  return entry;
}

/** A cell's circle grows with the square root of its count; single events look as in points mode. */
function tileStyle(props) {
  const count = Number(props.count) || 1;
  if (count <= 1) return eventStyle(props);
  const colour = eventColour(props.event_type);
  return {radius: Math.min(22, 3 + 2.2 * Math.sqrt(count)), fill: true, fillColor: colour, fillOpacity: 0.55,
          color: "#ffffff", weight: 1};
}

let daysPromise = Promise.resolve();
const daysReady = () => daysPromise;

async function reloadControl() {
  const url = controlUrl();
  if (url === state.lastControlUrl) return;
  state.lastControlUrl = url;
  const dayMs = state.selectedDay;
  try {
    drawControl(await fetchLatest("control", url), dayMs);
  } catch (error) {
    if (isAbort(error)) return;
    state.lastControlUrl = null;
    setStatus(`Control could not be loaded: ${error.message}`);
  }
}

function daysUrl() {
  return `${urls.days}?${eventsQuery(state.filters, null)}`;
}

function reloadTimeline() {
  const url = daysUrl();
  if (url === state.lastDaysUrl) return daysPromise;
  state.lastDaysUrl = url;
  daysPromise = loadDays(url);
  return daysPromise;
}

async function loadDays(url) {
  try {
    const data = await fetchLatest("days", url);
    state.dayCounts = Array.isArray(data.days) ? data.days : [];
    state.loadedDaysUrl = url;
    state.controlChanges = Array.isArray(data.control_changes) ? data.control_changes : [];
    drawTimeline();
  } catch (error) {
    if (!isAbort(error)) state.lastDaysUrl = null;
  }
}

function reloadAll() {
  reloadTimeline();
  reloadEvents();
  reloadControl();
}
const reloadSoon = debounce(reloadAll, 200);

// ---------------------------------------------------------------- filters, search, exports

function fillFilterForm() {
  for (const name of FILTER_NAMES) {
    const input = filtersForm.elements.namedItem(name);
    if (!input) continue;
    const value = state.filters[name] || "";
    if (input.tagName === "SELECT" && value && ![...input.options].some((o) => o.value === value)) {
      input.append(el("option", {value}, value));
    }
    input.value = value;
  }
  document.getElementById("tools-panel").classList.toggle("has-filters", hasFilters(state.filters));
}

function applyFilters(filters) {
  state.filters = filters;
  fillFilterForm();
  rememberView();
  reloadAll();
}

filtersForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const filters = {};
  for (const name of FILTER_NAMES) {
    const input = filtersForm.elements.namedItem(name);
    const value = input ? input.value.trim() : "";
    if (value) filters[name] = value;
  }
  applyFilters(filters);
});
filtersForm.addEventListener("change", (event) => {
  if (event.target.tagName === "SELECT") filtersForm.requestSubmit();
});
document.getElementById("filters-clear").addEventListener("click", () => applyFilters({}));

function updateExports() {
  const filters = state.filters;
  const current = period();
  const query = eventsQuery(filters, current);
  for (const [id, extension] of [["export-csv", "csv"], ["export-geojson", "geojson"], ["export-gpkg", "gpkg"]]) {
    const link = document.getElementById(id);
    link.href = `${urls.exportOf(extension)}${query ? `?${query}` : ""}`;
    link.setAttribute("download", exportName("events", filters, current, extension));
  }
  const control = document.getElementById("export-control");
  const date = selectedDate() || formatDay(Date.now());
  control.href = `${urls.control}?${new URLSearchParams({date})}`;
  control.setAttribute("download", exportName("control", {}, {start: null, end: date}, "geojson"));
}

const searchInput = document.getElementById("place-search-input");
const searchResults = document.getElementById("place-search-results");
let searchPlaces = [];

async function searchPlacesNow() {
  const q = searchInput.value.trim();
  if (q.length < 2) { searchResults.replaceChildren(); return; }
  try {
    const places = await fetchLatest("places", `${urls.places}?${new URLSearchParams({q})}`);
    searchPlaces = Array.isArray(places) ? places : [];
    searchResults.replaceChildren(...searchPlaces.slice(0, 8).map((place) => el("li", {},
      el("button", {type: "button", onclick: () => flyToPlace(place)},
        el("strong", {}, place.name || "unnamed place"),
        el("small", {}, ` ${[place.feature_code, place.admin1, place.country_code].filter(Boolean).join(" · ")}`)))));
    if (!searchPlaces.length) searchResults.replaceChildren(el("li", {class: "muted"}, "No place of that name"));
  } catch (error) {
    if (!isAbort(error)) searchResults.replaceChildren(el("li", {class: "error"}, `Search failed: ${error.message}`));
  }
}

function flyToPlace(place) {
  const lat = Number(place.lat);
  const lon = Number(place.lon);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
  const zoom = place.feature_code === "PCLI" ? 6 : /^ADM1/.test(place.feature_code || "") ? 7 : 10;
  map.flyTo([lat, lon], zoom, {duration: 0.8});
  searchResults.replaceChildren();
  searchInput.value = place.name || "";
  mapNode.focus({preventScroll: true});
}

searchInput.addEventListener("input", debounce(searchPlacesNow, 250));
document.getElementById("place-search").addEventListener("submit", async (event) => {
  event.preventDefault();
  await searchPlacesNow();
  if (searchPlaces.length) flyToPlace(searchPlaces[0]);
});

// ---------------------------------------------------------------- the "why this colour" panel

async function openPlacePanel(props) {
  panel.hidden = false;
  panelBody.replaceChildren(el("p", {class: "muted"}, `Loading the control history of ${props.place || "this place"}…`));
  let data;
  try {
    data = await fetchLatest("panel", urls.placeControl(props.place_id));
  } catch (error) {
    if (!isAbort(error)) panelBody.replaceChildren(el("p", {class: "error"}, `Could not load: ${error.message}`));
    return;
  }
  renderPlacePanel(props, data || {});
}

function renderPlacePanel(props, data) {
  const place = data.place || {};
  const observations = Array.isArray(data.observations) ? data.observations : [];
  const controller = props.controller || {};
  const placeName = place.name || props.place || "This place";
  const facts = [place.feature_code, place.country_code, place.admin1].filter(Boolean).join(" · ");
  const intro = el("p", {},
    `${placeName} is drawn in the colour of `,
    el("strong", {}, controller.name || "its controller"),
    ` (${props.status || "controlled"}) on ${selectedDate() || "the selected date"}: the latest observation on or before that date wins.`);
  const list = observations.length
    ? el("ol", {class: "observations"}, observations.map(observationItem))
    : el("p", {class: "muted"}, "No observations are recorded for this place yet.");
  panelBody.replaceChildren(
    el("h3", {class: "panel-place"}, placeName, facts ? el("small", {}, ` ${facts}`) : null),
    intro, list);
  panel.focus();
}

function observationItem(obs) {
  const actor = (obs && obs.actor) || {};
  const sources = Array.isArray(obs.sources) ? obs.sources : [];
  const selected = state.selectedDay;
  const later = selected !== null && parseDay(obs.date) !== null && parseDay(obs.date) > selected;
  return el("li", {class: `observation${later ? " later" : ""}`},
    el("div", {class: "obs-head"},
      el("span", {class: "swatch", style: `background:${controllerColour(actor)}`}),
      el("strong", {}, obs.date || "undated"), " ",
      el("span", {}, `${actor.name || "unknown actor"} — ${obs.status || "?"}`),
      obs.kind ? el("span", {class: "tag"}, obs.kind) : null,
      obs.claimed ? el("span", {class: "tag claimed"}, "claimed") : el("span", {class: "tag"}, "assessed"),
      later ? el("span", {class: "tag"}, "after selected date") : null),
    obs.evidence ? el("blockquote", {class: "evidence"}, obs.evidence) : null,
    sources.length ? el("ul", {class: "obs-sources"}, sources.map((s) => el("li", {}, sourceLink(s)))) : null,
    obs.event_id !== undefined && obs.event_id !== null
      ? el("a", {href: urls.event(obs.event_id)}, `Event #${obs.event_id}`) : null);
}

document.getElementById("control-panel-close").addEventListener("click", () => { panel.hidden = true; });
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !panel.hidden) panel.hidden = true;
});

// ---------------------------------------------------------------- legend (collapsible at every width)

let controllerLegendNode = null;

const Legend = L.Control.extend({
  options: {position: "bottomright"},
  onAdd() {
    const box = el("details", {class: "legend", "aria-label": "Legend"});
    if (window.innerWidth >= 700) box.open = true;
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    box.append(el("summary", {}, "Legend"));
    box.append(el("h2", {}, "Events"));
    box.append(el("ul", {class: "legend-list"},
      Object.entries(EVENT_COLOURS).concat([["Other", OTHER_COLOUR]]).map(([type, colour]) =>
        el("li", {}, el("span", {class: "swatch", style: `background:${colour}`}), type))));
    box.append(el("p", {class: "legend-note"},
      el("span", {class: "dot small"}), " exact  ",
      el("span", {class: "dot medium"}), " near  ",
      el("span", {class: "dot large"}), " region"));
    box.append(el("h2", {}, "Control"));
    box.append(el("ul", {class: "legend-list two-col"},
      el("li", {}, el("span", {class: "swatch diamond"}), "controlled"),
      el("li", {}, el("span", {class: "swatch diamond contested"}), "contested"),
      el("li", {}, el("span", {class: "swatch diamond besieged"}), "besieged"),
      el("li", {}, el("span", {class: "swatch diamond presence"}), "presence"),
      el("li", {}, el("span", {class: "swatch diamond claimed"}), "claimed only"),
      el("li", {}, el("span", {class: "swatch diamond approximate"}), "approximate place"),
      el("li", {}, el("span", {class: "swatch area-drawn"}), "drawn area"),
      el("li", {}, el("span", {class: "swatch area-estimated"}), "estimated area"),
      el("li", {}, el("span", {class: "swatch faded"}), "faded: not confirmed lately"),
      el("li", {}, el("span", {class: "swatch diamond", style: `background:${UNKNOWN_CONTROLLER_COLOUR}`}),
        "unknown controller")));
    controllerLegendNode = el("ul", {class: "legend-list controllers"});
    box.append(controllerLegendNode);
    return box;
  },
});
new Legend().addTo(map);

function renderControllerLegend() {
  if (!controllerLegendNode) return;
  const items = [...state.controllers.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  controllerLegendNode.replaceChildren(...items.map(([name, colour]) =>
    el("li", {}, el("span", {class: "swatch diamond", style: `background:${colour}`}), name)));
}

// ---------------------------------------------------------------- time: slider, timeline, playback

const timeline = document.getElementById("timeline");

function svg(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

/** Bars of events per day (or week) over the slider's span, control changes as ticks, the window shaded. */
function drawTimeline() {
  if (state.spanStart === null) return;
  const width = 1000;
  const height = 40;
  const unit = bucketUnit(state.spanStart, state.spanEnd, 250);
  const buckets = bucketCounts(state.dayCounts, state.spanStart, state.spanEnd, unit);
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const total = Math.max(1, daysBetween(state.spanStart, state.spanEnd) + 1);
  const xOf = (ms) => (daysBetween(state.spanStart, ms) / total) * width;
  const nodes = [];
  const selected = state.selectedDay;
  const days = windowDays();
  if (selected !== null) {
    const start = days ? selected - (days - 1) * DAY_MS : state.spanStart;
    nodes.push(svg("rect", {class: "tl-window", x: xOf(Math.max(start, state.spanStart)), y: 0,
                            width: Math.max(2, xOf(selected + DAY_MS) - xOf(Math.max(start, state.spanStart))), height}));
  }
  const barWidth = Math.max(0.8, (unit / total) * width - 0.3);
  for (const bucket of buckets) {
    if (!bucket.count) continue;
    const h = Math.max(1.5, (bucket.count / max) * (height - 8));
    const bar = svg("rect", {class: "tl-bar", x: xOf(bucket.start), y: height - h, width: barWidth, height: h});
    const title = svg("title", {});
    title.textContent = `${formatDay(bucket.start)}${unit > 1 ? ` (${unit} days)` : ""}: ${bucket.count} events`;
    bar.append(title);
    nodes.push(bar);
  }
  for (const [date, count] of state.controlChanges) {
    const day = parseDay(date);
    if (day === null || day < state.spanStart || day > state.spanEnd) continue;
    const tick = svg("path", {class: "tl-change", d: `M${xOf(day) + barWidth / 2} 0 l-3 -0 l3 6 l3 -6 z`});
    const title = svg("title", {});
    title.textContent = `${date}: control changed at ${count} place${count === 1 ? "" : "s"}`;
    tick.append(title);
    nodes.push(tick);
  }
  if (selected !== null) nodes.push(svg("rect", {class: "tl-now", x: xOf(selected), y: 0, width: 2, height}));
  timeline.setAttribute("viewBox", `0 0 ${width} ${height}`);
  timeline.setAttribute("aria-label", `Events per ${unit === 1 ? "day" : unit === 7 ? "week" : `${unit} days`}`
    + ` for the current filters; marks on top: control changes`);
  timeline.replaceChildren(...nodes);
}

function setSpan(minMs, maxMs, wanted) {
  state.spanMax = maxMs;
  if (wanted !== null) {
    minMs = Math.min(minMs, wanted);
    maxMs = Math.max(maxMs, wanted);
  }
  state.spanStart = minMs;
  state.spanEnd = maxMs;
  slider.min = "0";
  slider.max = String(Math.max(0, daysBetween(minMs, maxMs)));
  dateInput.min = formatDay(minMs);
  dateInput.max = formatDay(maxMs);
  slider.disabled = false;
  setDay(wanted ?? maxMs, {reload: false});
}

/** Select a day (clamped to the span) and redraw what depends on it. */
function setDay(dayMs, {reload = true} = {}) {
  const clamped = Math.min(state.spanEnd, Math.max(state.spanStart, dayMs));
  state.selectedDay = clamped;
  slider.value = String(daysBetween(state.spanStart, clamped));
  showDate();
  drawTimeline();
  if (reload) {
    rememberView();
    reloadSoon();
  }
}

function setWindow(days) {
  if (![...windowSelect.options].some((o) => o.value === String(days))) {
    windowSelect.append(el("option", {value: String(days)}, `${days} days`));
  }
  windowSelect.value = String(days);
  showDate();
  drawTimeline();
  rememberView();
  reloadSoon();
}

slider.addEventListener("input", () => {
  if (state.spanStart === null) return;
  setDay(state.spanStart + Number(slider.value) * DAY_MS);
});
dateInput.addEventListener("change", () => {
  const day = parseDay(dateInput.value);
  if (day !== null && state.spanStart !== null) setDay(day);
});
windowSelect.addEventListener("change", () => setWindow(windowDays()));
timeline.addEventListener("click", (event) => {
  if (state.spanStart === null) return;
  const box = timeline.getBoundingClientRect();
  const fraction = (event.clientX - box.left) / box.width;
  setDay(state.spanStart + Math.round(fraction * daysBetween(state.spanStart, state.spanEnd)) * DAY_MS);
});
// data-drawn on #map: "true" once the events of the view are painted (bench/map_draw.py waits for it).
map.on("zoomstart", () => { if (state.mode === "tiles") mapNode.dataset.drawn = "false"; });
map.on("moveend", debounce(() => { rememberView(); reloadControl(); }, 150));
map.on("overlayadd overlayremove", rememberView);

const playButton = document.getElementById("play");
const stepSelect = document.getElementById("step-select");
const speedSelect = document.getElementById("speed-select");
let playTimer = null;

function step(direction) {
  if (state.selectedDay === null) return false;
  const next = stepDate(state.selectedDay, stepSelect.value, direction);
  if (next > state.spanEnd || next < state.spanStart) return false;
  setDay(next);
  return true;
}

function setPlaying(playing) {
  clearInterval(playTimer);
  playTimer = null;
  playButton.setAttribute("aria-pressed", String(playing));
  playButton.setAttribute("aria-label", playing ? "Pause" : "Play");
  playButton.textContent = playing ? "▮▮" : "▶";
  if (playing) {
    if (state.selectedDay !== null && state.selectedDay >= state.spanEnd) setDay(state.spanStart);
    playTimer = setInterval(() => { if (!step(1)) setPlaying(false); }, Number(speedSelect.value) || 700);
  }
}

playButton.addEventListener("click", () => setPlaying(playTimer === null));
speedSelect.addEventListener("change", () => { if (playTimer !== null) setPlaying(true); });
document.getElementById("step-back").addEventListener("click", () => step(-1));
document.getElementById("step-forward").addEventListener("click", () => step(1));

// ---------------------------------------------------------------- start

async function start() {
  fillFilterForm();
  const span = jsonScript("date-span", null);
  const min = span && parseDay(span.min);
  const max = span && parseDay(span.max);
  const wanted = parseDay(initialView.date || "");
  if (min !== null && min !== undefined && max !== null && max !== undefined) {
    setSpan(min, max, wanted);
  } else {
    const today = parseDay(new Date().toISOString());
    setSpan(today, today, wanted);
  }
  if (!window.innerWidth || window.innerWidth >= 700) {
    document.getElementById("tools-panel").open = hasFilters(state.filters);
  }
  rememberView();
  reloadAll();
}

window.conflictmap = {
  map, state, urls,
  get eventCount() { return state.eventCount; },
  get controlCount() { return state.controlCount; },
  get selectedDate() { return selectedDate(); },
  /** Screen position (page pixels) of the n-th drawn event, for tests that click it. */
  eventScreenPoint(index = 0) {
    const item = state.eventItems[index];
    if (!item) return null;
    const p = map.latLngToContainerPoint(item.latlng);
    const box = mapNode.getBoundingClientRect();
    return {x: box.left + p.x, y: box.top + p.y, id: item.feature.id};
  },
  placeScreenPoint(index = 0) {
    const item = state.placeItems[index];
    if (!item) return null;
    const p = map.latLngToContainerPoint(item.latlng);
    const box = mapNode.getBoundingClientRect();
    return {x: box.left + p.x, y: box.top + p.y};
  },
  reload: reloadAll,
};
start();
