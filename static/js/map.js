/* ConflictMap base map and DOM helpers, shared by every page with a map (window.ConflictMapBase):
 * the offline basemap drawn from world-atlas, el() and safeUrl(). A classic script because the editor
 * pages' scripts read it as a global; the analyst map itself is the ES module js/analyst-map.js.
 *
 * Every string that comes from the API is derived from untrusted article text, so it reaches the page
 * through textContent only (see el()).
 */
(function () {
  "use strict";

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
    // Follow the system's dark theme (the page's CSS does the same through prefers-color-scheme).
    const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    const colours = dark ? {land: "#2b2f36", coast: "#4a5a6a", border: "#6b7280"}
      : {land: "#f4f1ea", coast: "#9fb3c8", border: "#a39d92"};
    const land = topojson.feature(topo, topo.objects.land);
    // Shared arcs only: each border is stroked once and coastlines are not doubled.
    const borders = topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b);
    const group = L.layerGroup([
      L.geoJSON(land, {renderer, interactive: false,
        style: {fillColor: colours.land, fillOpacity: 1, color: colours.coast, weight: 0.8}}),
      L.geoJSON(borders, {renderer, interactive: false,
        style: {color: colours.border, weight: 0.7, dashArray: "3 2", fill: false}}),
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

  window.ConflictMapBase = {el, safeUrl, sourceLink, addOfflineBasemap};
})();
