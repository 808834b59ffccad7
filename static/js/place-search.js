/* Editor helpers: gazetteer place search that fills the place id and moves the point, and the offline
 * basemap under django-leaflet's form widget (which has no tiles when no online base map is set).
 * Results come from the gazetteer (partly user-edited), so they are written with textContent only.
 * An ES module: it runs before the page's load event, when django-leaflet builds its widget map. */

import {addOfflineBasemap} from "./base/basemap.js";

(function () {
  const script = document.getElementById("place-search-script");
  const countriesUrl = script && script.dataset.countriesUrl;
  const root = document.querySelector("[data-place-search]");
  const locationId = root ? root.dataset.locationInput : "id_location";
  let geometryField = null;  // django-leaflet's L.GeometryField for the location widget
  let widgetMap = null;

  // django-leaflet fires map:init on window before it adds the geometry field, which then fires
  // map:loadfield on the map: listening here gives us both the map and the field.
  window.addEventListener("map:init", (event) => {
    const map = event.detail.map;
    map.on("map:loadfield", (e) => {
      if (e.fieldid === locationId) {
        geometryField = e.field;
        widgetMap = map;
      }
    });
    if (countriesUrl) {
      addOfflineBasemap(map, countriesUrl)
        .then(({layer, labels}) => { layer.addTo(map); if (labels) labels.addTo(map); })
        .catch(() => { /* the widget still works on a blank background */ });
    }
  });

  if (!root) return;

  const input = document.getElementById("place-search-input");
  const results = document.getElementById("place-search-results");
  const chosen = document.getElementById("place-chosen");
  const placeInput = document.getElementById(root.dataset.placeInput);
  const locationInput = document.getElementById(locationId);
  let inflight = null;
  let timer = null;
  let lastResults = [];

  function describe(place) {
    const bits = [place.feature_code, place.admin1, place.country_code].filter(Boolean).join(", ");
    return bits ? `${place.name} (${bits})` : String(place.name || "unnamed place");
  }

  function render(places) {
    lastResults = places;
    results.replaceChildren(...places.map((place) => {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.placeId = String(place.id);
      const name = document.createElement("strong");
      name.textContent = place.name || "unnamed place";
      const meta = document.createElement("small");
      const population = place.population ? ` · pop. ${Number(place.population).toLocaleString("en")}` : "";
      meta.textContent = ` ${[place.feature_code, place.admin1, place.country_code].filter(Boolean).join(" · ")}${population}`;
      button.append(name, meta);
      button.addEventListener("click", () => choose(place));
      const item = document.createElement("li");
      item.append(button);
      return item;
    }));
    if (!places.length && input.value.trim()) {
      const item = document.createElement("li");
      item.className = "muted";
      item.textContent = "No place found.";
      results.replaceChildren(item);
    }
  }

  async function search(query) {
    if (inflight) inflight.abort();
    if (!query) { render([]); return; }
    inflight = new AbortController();
    try {
      const response = await fetch(`${root.dataset.url}?${new URLSearchParams({q: query})}`,
                                   {signal: inflight.signal, headers: {Accept: "application/json"}});
      const data = await response.json();
      render(Array.isArray(data) ? data : []);
    } catch (error) {
      if (error.name !== "AbortError") render([]);
    }
  }

  /** Fill the place id, store the point as GeoJSON in the widget's field and redraw it on the map. */
  function choose(place) {
    if (placeInput) placeInput.value = String(place.id);
    const lon = Number(place.lon);
    const lat = Number(place.lat);
    if (Number.isFinite(lon) && Number.isFinite(lat) && locationInput) {
      locationInput.value = JSON.stringify({type: "Point", coordinates: [lon, lat]});
      movePoint(lat, lon);
    }
    chosen.textContent = `Chosen: ${describe(place)} — ${lat.toFixed(4)}, ${lon.toFixed(4)}`;
    results.replaceChildren();
    input.value = "";
  }

  function movePoint(lat, lon) {
    if (geometryField) {
      // load() reads the textarea we just wrote, so the marker and the stored value agree.
      geometryField.drawnItems.clearLayers();
      geometryField.load();
    }
    if (widgetMap) widgetMap.setView([lat, lon], Math.max(widgetMap.getZoom(), 8));
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value.trim()), 250);
  });
  input.addEventListener("keydown", (event) => {
    // Enter picks the first match instead of submitting the whole form.
    if (event.key === "Enter") {
      event.preventDefault();
      if (lastResults.length) choose(lastResults[0]);
    } else if (event.key === "ArrowDown") {
      const first = results.querySelector("button");
      if (first) { event.preventDefault(); first.focus(); }
    } else if (event.key === "Escape") {
      results.replaceChildren();
    }
  });
})();
