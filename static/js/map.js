/* ConflictMap analyst map: offline basemap, events, territorial control and a time slider.
 *
 * Plain browser JavaScript, no build step. Every string that comes from the API is derived from
 * untrusted article text, so it reaches the page through textContent only (see el()).
 * Also exposes window.ConflictMapBase (offline basemap, DOM helpers) for the editor's map widget.
 */
(function () {
  "use strict";

  const DAY_MS = 86400000;

  // ACLED event types; anything else is drawn grey as "Other".
  const EVENT_COLOURS = {
    "Battles": "#d7301f",
    "Explosions/Remote violence": "#f08c00",
    "Violence against civilians": "#8e44ad",
    "Protests": "#1c7ed6",
    "Riots": "#0f9fa8",
    "Strategic developments": "#2b8a3e",
  };
  const OTHER_COLOUR = "#6c757d";

  // Distinct, print-safe colours for controllers; a controller keeps its colour across reloads
  // because the index is a hash of its name, not its position in the response.
  const CONTROLLER_PALETTE = [
    "#1f78b4", "#e31a1c", "#33a02c", "#ff7f00", "#6a3d9a", "#b15928",
    "#a6761d", "#e7298a", "#1b9e77", "#386cb0", "#d95f02", "#666666",
  ];

  const GEO_PRECISION = {1: "exact place", 2: "near or part of place", 3: "region centroid"};

  // ---------------------------------------------------------------- DOM helpers

  /** Create an element; text children become text nodes, so data is never parsed as HTML. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Only http(s) links from articles: a javascript: URL in a source would run on click. */
  function safeUrl(value) {
    if (typeof value !== "string" || !value) return null;
    try {
      const url = new URL(value, window.location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function sourceLink(source) {
    const title = (source && (source.title || source.url)) || "untitled source";
    const href = safeUrl(source && source.url);
    const label = source && source.published ? `${title} (${source.published})` : title;
    return href
      ? el("a", {href, target: "_blank", rel: "noopener noreferrer"}, label)
      : el("span", {}, label);
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  // ---------------------------------------------------------------- dates (UTC days, no time zones)

  function parseDay(text) {
    if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
    const ms = Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10));
    return Number.isNaN(ms) ? null : ms;
  }
  const formatDay = (ms) => new Date(ms).toISOString().slice(0, 10);
  const daysBetween = (a, b) => Math.round((b - a) / DAY_MS);

  // ---------------------------------------------------------------- offline basemap

  /** Draw land, coastlines and country borders from world-atlas TopoJSON on their own canvas pane,
   * below every data layer. Returns {layer, labels} once the file is decoded. */
  async function addOfflineBasemap(map, url, options) {
    const opts = Object.assign({labels: true}, options);
    if (!map.getPane("basemap")) {
      map.createPane("basemap").style.zIndex = 200;
      map.createPane("basemap-labels").style.zIndex = 250;
      map.getPane("basemap-labels").style.pointerEvents = "none";
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`basemap: HTTP ${response.status}`);
    const topo = await response.json();
    const renderer = L.canvas({pane: "basemap", padding: 0.5});
    const land = topojson.feature(topo, topo.objects.land);
    // Shared arcs only: each border is stroked once and coastlines are not doubled.
    const borders = topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b);
    const group = L.layerGroup([
      L.geoJSON(land, {renderer, interactive: false,
        style: {fillColor: "#f4f1ea", fillOpacity: 1, color: "#9fb3c8", weight: 0.8}}),
      L.geoJSON(borders, {renderer, interactive: false,
        style: {color: "#a39d92", weight: 0.7, dashArray: "3 2", fill: false}}),
    ]);
    const labels = opts.labels ? countryLabels(map, topojson.feature(topo, topo.objects.countries)) : null;
    return {layer: group, labels};
  }

  /** Country names at the middle of each country's largest ring, shown only where they fit. */
  function countryLabels(map, countries) {
    const group = L.layerGroup();
    const items = [];
    for (const feature of countries.features) {
      const name = feature.properties && feature.properties.name;
      const bounds = largestRingBounds(feature.geometry);
      if (!name || !bounds) continue;
      const marker = L.marker(bounds.getCenter(), {
        pane: "basemap-labels", interactive: false, keyboard: false,
        icon: L.divIcon({className: "country-label", html: "", iconSize: null}),
      });
      items.push({marker, bounds, name});
    }
    function refresh() {
      const zoom = map.getZoom();
      for (const item of items) {
        const nw = map.project(item.bounds.getNorthWest(), zoom);
        const se = map.project(item.bounds.getSouthEast(), zoom);
        const fits = se.x - nw.x > item.name.length * 6.5 && se.y - nw.y > 14;
        if (fits && !group.hasLayer(item.marker)) {
          group.addLayer(item.marker);
          // The div icon is created on add; its label goes in as text.
          item.marker.getElement().textContent = item.name;
        } else if (!fits && group.hasLayer(item.marker)) {
          group.removeLayer(item.marker);
        }
      }
    }
    group.on("add", refresh);
    map.on("zoomend", () => { if (map.hasLayer(group)) refresh(); });
    return group;
  }

  function largestRingBounds(geometry) {
    if (!geometry) return null;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    let best = null;
    let bestArea = 0;
    for (const polygon of polygons) {
      const bounds = L.latLngBounds(polygon[0].map(([lon, lat]) => [lat, lon]));
      const area = (bounds.getEast() - bounds.getWest()) * (bounds.getNorth() - bounds.getSouth());
      if (area > bestArea) { best = bounds; bestArea = area; }
    }
    return best;
  }

  window.ConflictMapBase = {el, safeUrl, addOfflineBasemap};

  const mapNode = document.getElementById("map");
  if (!mapNode || !mapNode.classList.contains("analyst-map")) return;

  // ---------------------------------------------------------------- diamond markers for control

  // Control places are diamonds so they never read as events (circles). Drawn by the canvas renderer;
  // hit-testing reuses CircleMarker's radius test, which is close enough for a small diamond.
  L.Canvas.include({
    _updateDiamond(layer) {
      if (!this._drawing || layer._empty()) return;
      const p = layer._point;
      const r = Math.max(Math.round(layer._radius), 1);
      const ctx = this._ctx;
      ctx.beginPath();
      ctx.moveTo(p.x, p.y - r);
      ctx.lineTo(p.x + r, p.y);
      ctx.lineTo(p.x, p.y + r);
      ctx.lineTo(p.x - r, p.y);
      ctx.closePath();
      this._fillStroke(ctx, layer);
    },
  });
  const DiamondMarker = L.CircleMarker.extend({
    _updatePath() {
      if (this._renderer._updateDiamond) this._renderer._updateDiamond(this);
      else this._renderer._updateCircle(this);
    },
  });

  // ---------------------------------------------------------------- styling

  function eventColour(type) {
    return EVENT_COLOURS[type] || OTHER_COLOUR;
  }

  /** Bigger, paler circles for less precise locations: the circle hints at the uncertainty. */
  function eventStyle(props) {
    const precision = Number(props.geo_precision) || 1;
    const colour = eventColour(props.event_type);
    return {
      radius: precision >= 3 ? 11 : precision === 2 ? 8 : 5.5,
      fillColor: colour,
      fillOpacity: precision >= 3 ? 0.28 : precision === 2 ? 0.5 : 0.85,
      color: precision >= 3 ? colour : "#ffffff",
      weight: precision >= 3 ? 1.2 : 1,
      dashArray: precision >= 3 ? "3 3" : null,
    };
  }

  function hashString(text) {
    let hash = 2166136261;
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 16777619);
    }
    return hash >>> 0;
  }

  function controllerKey(controller) {
    if (!controller) return "unknown";
    return String(controller.name || controller.id || "unknown");
  }

  function controllerColour(controller) {
    return CONTROLLER_PALETTE[hashString(controllerKey(controller)) % CONTROLLER_PALETTE.length];
  }

  /** 1 while fresh, fading to 0.3 as the last confirmation ages towards a year. */
  function freshness(props, dayMs) {
    const confirmed = parseDay(props.last_confirmed) ?? parseDay(props.since);
    if (confirmed === null || dayMs === null) return {opacity: 1, age: null};
    const age = Math.max(0, daysBetween(confirmed, dayMs));
    const opacity = age <= 30 ? 1 : Math.max(0.3, 1 - (0.7 * (age - 30)) / 335);
    return {opacity, age};
  }

  function controlStyle(props, dayMs) {
    const colour = controllerColour(props.controller);
    const {opacity} = freshness(props, dayMs);
    const base = {radius: 8, color: "#1f2933", weight: 1.2, fillColor: colour,
                  fillOpacity: 0.9 * opacity, opacity};
    switch (props.status) {
      case "contested":
        return Object.assign(base, {fillOpacity: 0.35 * opacity, color: colour, weight: 2, dashArray: "3 2"});
      case "presence":
        return Object.assign(base, {radius: 5, fill: false, color: colour, weight: 2});
      case "besieged":
        return Object.assign(base, {color: "#ffffff", weight: 1.5});
      default:
        return base;
    }
  }

  // ---------------------------------------------------------------- popups

  function datePrecisionText(props) {
    const precision = props.date_precision;
    return precision && precision !== "day" ? ` (${precision} precision)` : "";
  }

  function row(label, value) {
    if (value === null || value === undefined || value === "") return null;
    return el("div", {class: "popup-row"}, el("dt", {}, label), el("dd", {}, value));
  }

  function eventPopup(feature, urls) {
    const props = feature.properties || {};
    const type = props.event_type || "Event";
    const actors = [props.actor1, props.actor2].filter(Boolean).join(" vs ");
    const where = [props.place, props.admin1, props.country].filter(Boolean).join(", ");
    const precision = GEO_PRECISION[props.geo_precision];
    const confidence = typeof props.confidence === "number" ? `${Math.round(props.confidence * 100)}%` : null;
    const sources = Array.isArray(props.sources) ? props.sources : [];
    return el("article", {class: "popup"},
      el("header", {class: "popup-head"},
        el("span", {class: "swatch", style: `background:${eventColour(props.event_type)}`}),
        el("h3", {}, props.sub_event_type ? `${type} · ${props.sub_event_type}` : type)),
      el("dl", {class: "popup-fields"},
        row("Date", props.date ? props.date + datePrecisionText(props) : null),
        row("Actors", actors),
        row("Place", where ? (precision ? `${where} — ${precision}` : where) : precision),
        row("Fatalities", props.fatalities ?? null),
        row("Confidence", confidence ? `${confidence}${props.status ? ` · ${props.status}` : ""}` : props.status)),
      props.summary ? el("p", {class: "popup-summary"}, props.summary) : null,
      sources.length ? el("div", {class: "popup-sources"}, el("h4", {}, "Sources"),
        el("ul", {}, sources.map((s) => el("li", {}, sourceLink(s))))) : null,
      feature.id !== undefined && feature.id !== null
        ? el("a", {class: "popup-more", href: urls.event(feature.id)}, "Event details and history →")
        : null);
  }

  function controlPopup(feature, dayMs, onWhy) {
    const props = feature.properties || {};
    const controller = props.controller || {};
    const {age} = freshness(props, dayMs);
    const ageText = age === null ? null : age === 0 ? "on this date" : `${age} days before the selected date`;
    return el("article", {class: "popup"},
      el("header", {class: "popup-head"},
        el("span", {class: "swatch diamond", style: `background:${controllerColour(controller)}`}),
        el("h3", {}, props.place || "Place")),
      el("dl", {class: "popup-fields"},
        row("Controller", controller.name || "unknown"),
        row("Status", props.status),
        row("Since", props.since),
        row("Last confirmed", props.last_confirmed ? `${props.last_confirmed}${ageText ? ` (${ageText})` : ""}` : null)),
      props.place_id !== undefined && props.place_id !== null
        ? el("button", {type: "button", class: "button small", onclick: () => onWhy(props)},
          "Why is this place this colour?")
        : null);
  }

  function areaPopup(feature) {
    const props = feature.properties || {};
    const controller = props.controller || {};
    const estimated = props.method === "estimated";
    return el("article", {class: "popup"},
      el("header", {class: "popup-head"},
        el("span", {class: "swatch", style: `background:${controllerColour(controller)}`}),
        el("h3", {}, `${controller.name || "Unknown"} — ${estimated ? "estimated area" : "drawn area"}`)),
      el("dl", {class: "popup-fields"},
        row("Valid", `${props.valid_from || "?"} → ${props.valid_to || "open"}`),
        row("Method", estimated
          ? "estimated: computed from the controlled places around it, not observed"
          : "drawn by an analyst")));
  }

  // ---------------------------------------------------------------- the map

  const urls = {
    events: mapNode.dataset.eventsUrl,
    control: mapNode.dataset.controlUrl,
    placeControl: (id) => mapNode.dataset.placeControlUrl.replace(/\/0\/control$/, `/${encodeURIComponent(id)}/control`),
    event: (id) => mapNode.dataset.eventUrl.replace(/\/0\/$/, `/${encodeURIComponent(id)}/`),
    countries: mapNode.dataset.countriesUrl,
  };
  const onlineNode = document.getElementById("online-basemap-url");
  const onlineBasemapUrl = onlineNode ? JSON.parse(onlineNode.textContent || '""') : "";

  const map = L.map(mapNode, {preferCanvas: true, minZoom: 2, maxZoom: 16, worldCopyJump: true,
                              zoomControl: true}).setView([33.5, 40], 5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth via world-atlas");
  // Control places sit above events: they are few, and hidden under a dense event cluster they would be lost.
  for (const [name, z] of [["areas", 380], ["events", 430], ["control", 440]]) {
    map.createPane(name).style.zIndex = z;
  }
  const renderers = {
    areas: L.canvas({pane: "areas"}),
    control: L.canvas({pane: "control", tolerance: 3}),
    events: L.canvas({pane: "events", tolerance: 3}),
  };

  const eventsLayer = L.layerGroup().addTo(map);
  const controlPlacesLayer = L.layerGroup().addTo(map);
  const controlAreasLayer = L.layerGroup().addTo(map);
  const offlineBase = L.layerGroup().addTo(map);
  const baseLayers = {"Offline borders": offlineBase};
  if (onlineBasemapUrl) {
    baseLayers["Online base map"] = L.tileLayer(onlineBasemapUrl, {maxZoom: 19, attribution: "configured base map"});
  }
  const layerControl = L.control.layers(baseLayers, {
    "Events": eventsLayer,
    "Control places": controlPlacesLayer,
    "Control areas": controlAreasLayer,
  }, {collapsed: false, position: "topright"}).addTo(map);

  addOfflineBasemap(map, urls.countries).then(({layer, labels}) => {
    offlineBase.addLayer(layer);
    if (labels) {
      labels.addTo(map);
      layerControl.addOverlay(labels, "Country names");
    }
  }).catch((error) => setStatus(`Base map unavailable: ${error.message}`));

  // ---------------------------------------------------------------- state and UI

  const slider = document.getElementById("date-slider");
  const dateLabel = document.getElementById("date-label");
  const windowSelect = document.getElementById("window-select");
  const counter = document.getElementById("event-counter");
  const statusNode = document.getElementById("map-status");
  const panel = document.getElementById("control-panel");
  const panelBody = document.getElementById("control-panel-body");

  const state = {
    spanStart: null,          // ms of the first event day
    selectedDay: null,        // ms of the selected day
    eventCount: 0,
    controlCount: 0,
    areaCount: 0,
    controllers: new Map(),   // name -> colour, for the legend
    lastEventsUrl: null,
    lastControlUrl: null,
    loading: 0,
  };
  const inflight = {events: null, control: null};

  function setStatus(text) {
    statusNode.textContent = text || "";
  }

  function selectedDate() {
    return state.selectedDay === null ? null : formatDay(state.selectedDay);
  }

  function windowDays() {
    return Number(windowSelect.value) || 0;
  }

  function showDate() {
    const date = selectedDate();
    dateLabel.textContent = date || "no events yet";
    const days = windowDays();
    slider.setAttribute("aria-valuetext", date || "");
    slider.title = days ? `events from ${days} days up to ${date}; control on ${date}` : `all events up to ${date}`;
  }

  function setCounter(count) {
    state.eventCount = count;
    counter.dataset.count = String(count);
    counter.textContent = `${count.toLocaleString("en")} event${count === 1 ? "" : "s"}`;
  }

  /** The visible bbox, clamped to valid WGS84 (Leaflet reports longitudes beyond ±180 when panned). */
  function bboxParam() {
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    const west = clamp(b.getWest(), -180, 180);
    const east = clamp(b.getEast(), -180, 180);
    const south = clamp(b.getSouth(), -90, 90);
    const north = clamp(b.getNorth(), -90, 90);
    if (b.getEast() - b.getWest() >= 360) return "-180,-90,180,90";
    return [west, south, east, north].map((v) => v.toFixed(4)).join(",");
  }

  /** Fetch JSON, cancelling the previous request of the same kind: only the newest answer is drawn. */
  async function fetchLatest(kind, url) {
    if (inflight[kind]) inflight[kind].abort();
    const controller = new AbortController();
    inflight[kind] = controller;
    state.loading += 1;
    mapNode.dataset.loading = "true";
    try {
      const response = await fetch(url, {signal: controller.signal, headers: {Accept: "application/json"}});
      if (!response.ok) {
        let message = `HTTP ${response.status}`;
        try { message = (await response.json()).error || message; } catch (ignored) { /* not JSON */ }
        throw new Error(message);
      }
      return await response.json();
    } finally {
      state.loading -= 1;
      if (inflight[kind] === controller) inflight[kind] = null;
      if (state.loading === 0) mapNode.dataset.loading = "false";
    }
  }

  function isAbort(error) {
    return error && error.name === "AbortError";
  }

  // ---------------------------------------------------------------- layers

  function drawEvents(collection) {
    const features = (collection && Array.isArray(collection.features)) ? collection.features : [];
    eventsLayer.clearLayers();
    const layer = L.geoJSON(null, {
      pointToLayer: (feature, latlng) =>
        L.circleMarker(latlng, Object.assign({renderer: renderers.events}, eventStyle(feature.properties || {}))),
    });
    layer.addData(features.filter((f) => f && f.geometry && f.geometry.type === "Point"));
    // Popups are built on open, so 10k events cost nothing until clicked.
    layer.eachLayer((marker) => marker.bindPopup(() => eventPopup(marker.feature, urls), {maxWidth: 340}));
    eventsLayer.addLayer(layer);
    setCounter(layer.getLayers().length);
  }

  function drawControl(collection, dayMs) {
    const features = (collection && Array.isArray(collection.features)) ? collection.features : [];
    controlPlacesLayer.clearLayers();
    controlAreasLayer.clearLayers();
    state.controllers = new Map();
    let places = 0;
    let areas = 0;
    for (const feature of features) {
      if (!feature || !feature.geometry) continue;
      const props = feature.properties || {};
      const controller = props.controller || {};
      state.controllers.set(controllerKey(controller), controllerColour(controller));
      if (props.layer === "area" || feature.geometry.type.endsWith("Polygon")) {
        controlAreasLayer.addLayer(areaLayer(feature));
        areas += 1;
      } else if (feature.geometry.type === "Point") {
        for (const marker of placeMarkers(feature, dayMs)) controlPlacesLayer.addLayer(marker);
        places += 1;
      }
    }
    state.controlCount = places;
    state.areaCount = areas;
    renderControllerLegend();
  }

  function areaLayer(feature) {
    const props = feature.properties || {};
    const colour = controllerColour(props.controller);
    const estimated = props.method === "estimated";
    return L.geoJSON(feature, {
      renderer: renderers.areas,
      style: {color: colour, fillColor: colour, weight: estimated ? 1.5 : 2,
              fillOpacity: estimated ? 0.14 : 0.26, dashArray: estimated ? "6 5" : null},
    }).bindPopup(() => areaPopup(feature));
  }

  function placeMarkers(feature, dayMs) {
    const props = feature.properties || {};
    const [lon, lat] = feature.geometry.coordinates;
    const latlng = L.latLng(lat, lon);
    const style = controlStyle(props, dayMs);
    const markers = [];
    if (props.status === "besieged") {
      // The ring around the diamond says "besieged" without relying on colour.
      markers.push(L.circleMarker(latlng, {renderer: renderers.control, radius: style.radius + 5, fill: false,
                                           color: "#b3261e", weight: 2.5, opacity: style.opacity,
                                           interactive: false}));
    }
    const marker = new DiamondMarker(latlng, Object.assign({renderer: renderers.control}, style));
    marker.feature = feature;
    marker.bindPopup(() => controlPopup(feature, dayMs, openPlacePanel), {maxWidth: 320});
    markers.push(marker);
    return markers;
  }

  function eventsUrl() {
    const params = new URLSearchParams();
    const end = state.selectedDay;
    const days = windowDays();
    if (end !== null) {
      params.set("end", formatDay(end));
      if (days) params.set("start", formatDay(end - (days - 1) * DAY_MS));
    }
    params.set("bbox", bboxParam());
    return `${urls.events}?${params}`;
  }

  function controlUrl() {
    const params = new URLSearchParams();
    params.set("date", selectedDate() || formatDay(Date.now()));
    params.set("bbox", bboxParam());
    return `${urls.control}?${params}`;
  }

  async function reloadEvents() {
    const url = eventsUrl();
    if (url === state.lastEventsUrl) return;
    state.lastEventsUrl = url;
    try {
      drawEvents(await fetchLatest("events", url));
      setStatus("");
    } catch (error) {
      if (isAbort(error)) return;
      state.lastEventsUrl = null;
      setStatus(`Events could not be loaded: ${error.message}`);
    }
  }

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

  function reloadAll() {
    reloadEvents();
    reloadControl();
  }
  const reloadSoon = debounce(reloadAll, 200);

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
    // Move focus to the panel so keyboard and screen-reader users land on the explanation.
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

  // ---------------------------------------------------------------- legend

  let controllerLegendNode = null;

  const Legend = L.Control.extend({
    options: {position: "bottomright"},
    onAdd() {
      const box = el("section", {class: "legend", "aria-label": "Legend"});
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      box.append(el("h2", {}, "Events"));
      const types = el("ul", {class: "legend-list"});
      for (const [type, colour] of Object.entries(EVENT_COLOURS).concat([["Other", OTHER_COLOUR]])) {
        types.append(el("li", {}, el("span", {class: "swatch", style: `background:${colour}`}), type));
      }
      box.append(types);
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
        el("li", {}, el("span", {class: "swatch area-estimated"}), "estimated area"),
        el("li", {}, el("span", {class: "swatch faded"}), "faded: stale")));
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

  // ---------------------------------------------------------------- time slider

  /** ?date=YYYY-MM-DD&window=N in the address makes a view shareable; clamped into the span. */
  function setSpan(minMs, maxMs) {
    const params = new URLSearchParams(window.location.search);
    const wanted = parseDay(params.get("date") || "");
    if (wanted !== null) {
      minMs = Math.min(minMs, wanted);
      maxMs = Math.max(maxMs, wanted);
    }
    if ([...windowSelect.options].some((o) => o.value === params.get("window"))) windowSelect.value = params.get("window");
    state.spanStart = minMs;
    slider.min = "0";
    slider.max = String(Math.max(0, daysBetween(minMs, maxMs)));
    slider.value = String(daysBetween(minMs, wanted ?? maxMs));
    slider.disabled = false;
    state.selectedDay = wanted ?? maxMs;
    showDate();
  }

  function rememberView() {
    const params = new URLSearchParams(window.location.search);
    params.set("date", selectedDate());
    params.set("window", windowSelect.value);
    window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
  }

  slider.addEventListener("input", () => {
    if (state.spanStart === null) return;
    state.selectedDay = state.spanStart + Number(slider.value) * DAY_MS;
    showDate();
    rememberView();
    reloadSoon();
  });
  windowSelect.addEventListener("change", () => { showDate(); rememberView(); reloadSoon(); });
  map.on("moveend", debounce(reloadAll, 150));

  /** The date span of the events, for the slider. Preferred: `date_span` {min, max} rendered by the
   * view (one indexed aggregate). Otherwise read the unfiltered events stream, which the API orders by
   * date: small databases come whole (span and view from the data); past SPAN_PROBE_BYTES we stop
   * reading, keep the first (earliest) date and end the span today, so a 1M-event database never
   * ships 100+ MB to the browser. */
  const SPAN_PROBE_BYTES = 4 * 1024 * 1024;

  function renderedSpan() {
    const node = document.getElementById("date-span");
    if (!node) return null;
    let span = null;
    try { span = JSON.parse(node.textContent || "null"); } catch (error) { return null; }
    if (Array.isArray(span)) span = {min: span[0], max: span[1]};
    const min = span && parseDay(span.min);
    const max = span && parseDay(span.max);
    return min !== null && min !== undefined && max !== null && max !== undefined ? {min, max} : null;
  }

  async function probeSpan() {
    const controller = new AbortController();
    const response = await fetch(urls.events, {signal: controller.signal, headers: {Accept: "application/json"}});
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      text += decoder.decode(value, {stream: true});
      if (text.length > SPAN_PROBE_BYTES) {
        controller.abort();
        const first = /"date"\s*:\s*"(\d{4}-\d{2}-\d{2})"/.exec(text);
        const today = parseDay(new Date().toISOString());
        return {min: first ? parseDay(first[1]) : today, max: today, features: null};
      }
    }
    const features = (JSON.parse(text + decoder.decode()).features || []).filter((f) => f && f.geometry);
    const days = features.map((f) => parseDay(f.properties && f.properties.date)).filter((d) => d !== null);
    if (!days.length) return null;
    return {min: days.reduce((a, b) => Math.min(a, b)), max: days.reduce((a, b) => Math.max(a, b)), features};
  }

  async function start() {
    let span = renderedSpan();
    if (!span) {
      setStatus("Loading events…");
      try {
        span = await probeSpan();
      } catch (error) {
        setStatus(`Events could not be loaded: ${error.message}`);
        return;
      }
    }
    if (span) {
      setSpan(span.min, span.max);
      const points = (span.features || []).filter((f) => f.geometry.type === "Point")
        .map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
      if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.15), {maxZoom: 8, animate: false});
    } else {
      const today = parseDay(new Date().toISOString());
      setSpan(today, today);
      slider.disabled = true;
    }
    setStatus("");
    reloadAll();
  }

  window.conflictmap = {
    map, state, urls,
    get eventCount() { return state.eventCount; },
    get controlCount() { return state.controlCount; },
    get selectedDate() { return selectedDate(); },
    reload: reloadAll,
  };
  start();
})();
