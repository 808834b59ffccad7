/* The article page (/sources/<id>/): the text with each place mention highlighted, and for the chosen
 * mention its place, confidence and candidates. Editors correct a mention in one or two clicks through
 * the editor API (POST /api/mentions/<id>/place): another candidate, a gazetteer search result
 * (/api/places?q=), a point clicked on the map (a new place), or "not a place". Words the geoparser did
 * not take for a place (a village the gazetteer lacks) are selected with the mouse and marked with "Mark as
 * place" (POST /api/sources/<id>/mentions): the new mention is highlighted and its picker opens; once it is
 * pinned the server codes the article again, and the page shows the events that came of it.
 *
 * The article text and every name come from untrusted sources: they reach the page through
 * textContent only, never as HTML. An ES module, no build step; Leaflet is loaded by the page before
 * it, the offline basemap comes from js/base/basemap.js. */

import {addOfflineBasemap} from "./base/basemap.js";

const root = document.getElementById("source-page");
const source = JSON.parse(document.getElementById("source-data").textContent);
const canEdit = root.dataset.canEdit === "true";
const textBox = document.getElementById("article-text");
const panel = document.getElementById("mention-panel");
const message = document.getElementById("mention-message");
const mapHint = document.getElementById("map-hint");
const markButton = document.getElementById("mark-as-place");

let selectedId = null;
let pinning = false;
let map = null;
let markers = null;
let marked = null;  // {start, end} of the words selected in the text, while a selection is there

// ------------------------------------------------------------------ small helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "value") node.value = value;
    else node.setAttribute(key, String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function describePlace(place) {
  const bits = [place.feature_code, place.admin1, place.country_code].filter(Boolean).join(", ");
  return bits ? `${place.name} (${bits})` : String(place.name || "unnamed place");
}

function percent(value) {
  return `${Math.round(Number(value || 0) * 100)}%`;
}

/** Why the resolver scored a candidate so: its three largest feature shares ("features" of the
 * Extraction JSON, weight x value), as plain text. */
function why(candidate) {
  const parts = Object.entries(candidate.features || {}).slice(0, 3)
    .map(([name, value]) => `${name.replaceAll("_", " ")} ${Number(value) > 0 ? "+" : ""}${Number(value).toFixed(2)}`);
  return parts.length ? ` · why: ${parts.join(", ")}` : "";
}

function say(text, isError = false) {
  message.textContent = text;
  message.classList.toggle("error", isError);
}

async function api(url, body) {
  const response = await fetch(url, {
    method: body === undefined ? "GET" : "POST",
    headers: {"Accept": "application/json", "Content-Type": "application/json",
              "X-CSRFToken": root.dataset.csrfToken},
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({error: `HTTP ${response.status}`}));
  if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
  return data;
}

function mentionById(id) {
  return source.mentions.find((m) => m.id === id);
}

// ------------------------------------------------------------------ the text

/** The text as text nodes and one <mark> per mention (mentions never overlap; any that would is skipped). */
function renderText() {
  const parts = [];
  let at = 0;
  for (const mention of [...source.mentions].sort((a, b) => a.start - b.start)) {
    if (mention.start < at) continue;
    parts.push(document.createTextNode(source.text.slice(at, mention.start)));
    const mark = el("mark", {
      "class": `mention status-${mention.status}${mention.place ? "" : " no-place"}${mention.id === selectedId ? " selected" : ""}`,
      "data-mention-id": String(mention.id), "tabindex": 0, "role": "button",
      "title": mention.place ? `${describePlace(mention.place)} · confidence ${percent(mention.confidence)}`
        : "no place",
      "text": source.text.slice(mention.start, mention.end),
    });
    mark.addEventListener("click", () => select(mention.id));
    mark.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(mention.id); }
    });
    parts.push(mark);
    at = mention.end;
  }
  parts.push(document.createTextNode(source.text.slice(at)));
  textBox.replaceChildren(...parts);
}

// ------------------------------------------------------------------ the panel of one mention

function select(id) {
  selectedId = id;
  setPinning(false);
  say("");
  for (const mark of textBox.querySelectorAll("mark.mention")) {
    mark.classList.toggle("selected", Number(mark.dataset.mentionId) === id);
  }
  renderPanel();
  drawMap();
}

function placeButton(place, label) {
  const button = el("button", {"type": "button", "class": "button small", "data-place-id": String(place.id),
                               "text": label});
  button.addEventListener("click", () => setPlace({place_id: place.id}, `Placed at ${place.name}.`));
  return button;
}

function renderPanel() {
  const mention = mentionById(selectedId);
  if (!mention) return;
  const current = mention.place;
  const head = el("p", {"class": "mention-head"},
    el("strong", {"text": `“${mention.text}”`}),
    el("span", {"class": "meta", "text": ` characters ${mention.start}–${mention.end} · ${mention.status}`}));
  const placeLine = el("p", {"id": "mention-place"},
    el("span", {"class": "meta", "text": "Place: "}),
    el("strong", {"id": "mention-place-name", "text": current ? describePlace(current)
      : mention.status === "corrected" ? "none yet: search the gazetteer or pin it on the map"
        : "none (not a place)"}),
    el("span", {"class": "meta", "text": ` · machine's confidence ${percent(mention.confidence)}`}));

  const candidates = el("ol", {"id": "candidates", "class": "candidates"});
  for (const candidate of mention.candidates || []) {
    const isCurrent = current && candidate.id === current.id;
    const item = el("li", {"class": isCurrent ? "current" : "", "data-place-id": String(candidate.id)},
      el("span", {"text": describePlace(candidate)}),
      el("span", {"class": "meta", "text": ` · score ${percent(candidate.score)}`}),
      el("span", {"class": "meta why", "text": why(candidate)}));
    if (canEdit && !isCurrent) item.append(" ", placeButton(candidate, "Use"));
    if (isCurrent) item.append(el("span", {"class": "tag", "text": "current"}));
    candidates.append(item);
  }
  if (!(mention.candidates || []).length) candidates.append(el("li", {"class": "muted", "text": "No candidate."}));

  const events = el("p", {"class": "meta", "id": "mention-events"},
    (mention.events || []).length ? `Events coded from it: ${mention.events.map((e) => `#${e}`).join(", ")}`
      : "No event was coded from this mention.");

  const parts = [head, placeLine, el("h3", {"text": "Candidates"}), candidates, events];
  if (canEdit) parts.push(editTools(mention));
  panel.replaceChildren(...parts);
}

function editTools(mention) {
  const search = el("input", {"id": "place-search", "type": "search", "placeholder": "Search the gazetteer…",
                              "autocomplete": "off", "aria-controls": "place-results"});
  const results = el("ul", {"id": "place-results", "class": "place-search-results", "aria-label": "Matching places"});
  let timer = null;
  let inflight = null;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = search.value.trim();
      if (inflight) inflight.abort();
      if (!q) { results.replaceChildren(); return; }
      inflight = new AbortController();
      try {
        const response = await fetch(`${root.dataset.apiPlaces}?${new URLSearchParams({q})}`,
                                     {signal: inflight.signal, headers: {Accept: "application/json"}});
        const places = response.ok ? await response.json() : [];
        results.replaceChildren(...(places.length ? places.map((place) => el("li", {},
          el("span", {"text": describePlace(place)}), " ", placeButton(place, "Use")))
          : [el("li", {"class": "muted", "text": "No place found."})]));
      } catch (error) {
        if (error.name !== "AbortError") results.replaceChildren();
      }
    }, 250);
  });

  const pinName = el("input", {"id": "pin-name", "type": "text", "value": mention.text,
                               "aria-label": "Name of the new place"});
  const pin = el("button", {"id": "pin-on-map", "type": "button", "class": "button small secondary",
                            "text": "Pin a new place on the map"});
  pin.addEventListener("click", () => setPinning(!pinning));
  const notPlace = el("button", {"id": "not-a-place", "type": "button", "class": "button small danger",
                                 "text": "Not a place"});
  notPlace.addEventListener("click", () => setPlace({place_id: null}, "Marked as no place."));

  return el("div", {"class": "edit-tools"},
    el("h3", {"text": "Another place"}),
    el("label", {"class": "visually-hidden", "for": "place-search", "text": "Search the gazetteer"}),
    search, results,
    el("div", {"class": "pin-row"}, pinName, pin),
    notPlace);
}

function setPinning(on) {
  pinning = on && canEdit;
  mapHint.hidden = !pinning;
  const button = document.getElementById("pin-on-map");
  if (button) button.setAttribute("aria-pressed", String(pinning));
  if (map) map.getContainer().classList.toggle("pinning", pinning);
}

/** POST the correction; on success the mention (and what the page shows of it) takes the answer. */
async function setPlace(body, done) {
  const mention = mentionById(selectedId);
  if (!mention || !canEdit) return;
  say("Saving…");
  try {
    const updated = await api(`/api/mentions/${mention.id}/place`, body);
    Object.assign(mention, updated);
    setPinning(false);
    renderText();
    renderPanel();
    drawMap();
    say(done);
    await refreshSource();
  } catch (error) {
    say(`Not saved: ${error.message}`, true);
  }
}

/** Read the article again after a correction: pinning a newly marked name codes the article anew on the
 * server, so mentions and events may have come (or gone); the list of events follows. */
async function refreshSource() {
  try {
    const fresh = await api(root.dataset.apiSource);
    source.mentions = fresh.mentions;
    source.events = fresh.events;
  } catch (error) {
    return;  // the correction is saved; the page keeps what it knew
  }
  renderText();
  renderPanel();
  drawMap();
  renderEventList();
  await renderEvents(source.events);
}

// ------------------------------------------------------------------ marking words as a place

/** Character offsets of the current selection in the article text, or null when it is not inside it.
 * The text box holds the article as text nodes and <mark>s in order, so the length of the text before
 * a boundary is its offset. */
function selectedSpan() {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!textBox.contains(range.startContainer) || !textBox.contains(range.endContainer)) return null;
  const offset = (node, at) => {
    const before = document.createRange();
    before.setStart(textBox, 0);
    before.setEnd(node, at);
    return before.toString().length;
  };
  let start = offset(range.startContainer, range.startOffset);
  let end = offset(range.endContainer, range.endOffset);
  while (start < end && /\s/.test(source.text[start])) start += 1;
  while (end > start && /\s/.test(source.text[end - 1])) end -= 1;
  return end > start ? {start, end} : null;
}

function onSelectionChange() {
  if (!markButton) return;
  marked = selectedSpan();
  markButton.disabled = marked === null;
  markButton.title = marked ? `Mark “${source.text.slice(marked.start, marked.end)}” as a place` : "Select words in the text first";
}

async function markAsPlace() {
  const span = marked;
  if (!span || !canEdit) return;
  try {
    const mention = await api(`/api/sources/${source.id}/mentions`, span);
    source.mentions.push(mention);
    window.getSelection().removeAllRanges();
    onSelectionChange();
    renderText();
    select(mention.id);
    setPinning(true);
    const search = document.getElementById("place-search");
    if (search) {
      search.value = mention.text;
      search.dispatchEvent(new Event("input"));
    }
    say(`Marked “${mention.text}” as a place: use a search result, or click the map where it is.`);
  } catch (error) {
    say(`Not marked: ${error.message}`, true);
  }
}

if (markButton && canEdit) {
  document.addEventListener("selectionchange", onSelectionChange);
  // Keep the selection: a click on the button must not clear it before the click is handled.
  markButton.addEventListener("mousedown", (event) => event.preventDefault());
  markButton.addEventListener("click", markAsPlace);
  onSelectionChange();
}

// ------------------------------------------------------------------ the events coded from the article

/** One list item per event of the article (a pin may have brought new ones), in id order. */
function renderEventList() {
  const list = document.getElementById("source-events");
  if (!list) return;
  if (!source.events.length) {
    list.replaceChildren(el("li", {"class": "muted", "text": "No event was coded from this article."}));
    return;
  }
  list.replaceChildren(...source.events.map((id) => {
    const existing = document.getElementById(`source-event-${id}`);
    if (existing) return existing;
    return el("li", {"id": `source-event-${id}`},
      el("a", {"href": `/events/${id}/`, "text": `Event #${id}`}),
      el("span", {"class": "event-facts"}), el("strong", {"class": "event-place"}),
      el("span", {"class": "event-status meta"}));
  }));
}


/** Each event's date, type, place and status from /api/events/<id> (after a correction: where it went). */
async function renderEvents(ids) {
  await Promise.all(ids.map(async (id) => {
    const item = document.getElementById(`source-event-${id}`);
    if (!item) return;
    try {
      const event = await api(`/api/events/${id}`);
      const place = event.place ? describePlace(event.place) : "no place";
      item.querySelector(".event-facts").textContent =
        ` · ${event.date} · ${event.event_type}${event.sub_event_type ? ` (${event.sub_event_type})` : ""} · `;
      item.querySelector(".event-place").textContent = place;
      item.querySelector(".event-status").textContent = event.status === "extracted" ? "" : ` · ${event.status}`;
    } catch (error) {
      item.querySelector(".event-facts").textContent = " · could not be read";
    }
  }));
}

// ------------------------------------------------------------------ the map

function initMap() {
  if (!window.L) return;
  map = L.map("source-map", {worldCopyJump: true}).setView([33, 40], 3);
  markers = L.layerGroup().addTo(map);
  if (root.dataset.countriesUrl) {
    addOfflineBasemap(map, root.dataset.countriesUrl, {labels: false})
      .then(({layer}) => layer.addTo(map)).catch(() => { /* markers still show on a blank sea */ });
  }
  map.on("click", (event) => {
    if (!pinning) return;
    const name = (document.getElementById("pin-name") || {}).value || mentionById(selectedId).text;
    const {lat, lng} = event.latlng.wrap();
    setPlace({name: name.trim(), lat: Number(lat.toFixed(6)), lon: Number(lng.toFixed(6))},
             `Pinned ${name.trim()} at ${lat.toFixed(4)}, ${lng.toFixed(4)}.`);
  });
  drawMap();
}

/** Every mention's place (blue); the chosen mention's candidates (grey) and its place (red). */
function drawMap() {
  if (!map) return;
  markers.clearLayers();
  const points = [];
  const selected = mentionById(selectedId);
  for (const mention of source.mentions) {
    if (!mention.place || mention === selected) continue;
    markers.addLayer(L.circleMarker([mention.place.lat, mention.place.lon],
      {radius: 5, color: "#1c7ed6", weight: 1, fillOpacity: 0.7}).bindTooltip(mention.place.name));
    points.push([mention.place.lat, mention.place.lon]);
  }
  if (selected) {
    const focus = [];
    for (const candidate of selected.candidates || []) {
      const marker = L.circleMarker([candidate.lat, candidate.lon],
        {radius: 6, color: "#495057", weight: 1, fillOpacity: 0.5}).bindTooltip(describePlace(candidate));
      if (canEdit) marker.on("click", () => { if (!pinning) setPlace({place_id: candidate.id}, `Placed at ${candidate.name}.`); });
      markers.addLayer(marker);
      focus.push([candidate.lat, candidate.lon]);
    }
    if (selected.place) {
      markers.addLayer(L.circleMarker([selected.place.lat, selected.place.lon],
        {radius: 8, color: "#d7301f", weight: 2, fillOpacity: 0.8}).bindTooltip(selected.place.name));
      focus.push([selected.place.lat, selected.place.lon]);
    }
    if (focus.length) { fit(focus); return; }
  }
  if (points.length) fit(points);
}

function fit(points) {
  map.fitBounds(L.latLngBounds(points).pad(0.3), {maxZoom: 9, animate: false});
}

renderText();
initMap();
renderEvents(source.events);
