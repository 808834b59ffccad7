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

  // ---------------------------------------------------------------- the antimeridian

  /** One ring with continuous longitudes: each point is moved by whole turns to within 180° of the one
   * before, so a ring that crosses ±180 (Russia, Fiji) runs on past 180 instead of jumping back across
   * the whole world, which Leaflet would draw as a line from one edge to the other. A ring that goes
   * round a pole (Antarctica) ends a turn away from its start: it is closed along that pole. */
  function unwrapRing(ring) {
    if (!ring.length) return ring;
    const out = [[ring[0][0], ring[0][1]]];
    let shift = 0;
    let latSum = ring[0][1];
    for (let i = 1; i < ring.length; i += 1) {
      const [lon, lat] = ring[i];
      const previous = ring[i - 1][0] + shift;
      shift += 360 * Math.round((previous - (lon + shift)) / 360);
      out.push([lon + shift, lat]);
      latSum += lat;
    }
    if (shift !== 0) {
      const pole = latSum < 0 ? -90 : 90;
      const last = out[out.length - 1];
      out.push([last[0], pole], [out[0][0], pole], [out[0][0], out[0][1]]);
    }
    return out;
  }

  /** Unwrapped lines are cut nowhere: a line has no pole to close on, only its jumps to remove. */
  function unwrapLine(line) {
    const out = [];
    let shift = 0;
    for (let i = 0; i < line.length; i += 1) {
      const [lon, lat] = line[i];
      if (i) shift += 360 * Math.round((out[i - 1][0] - (lon + shift)) / 360);
      out.push([lon + shift, lat]);
    }
    return out;
  }

  /** A GeoJSON geometry with no segment across the antimeridian (see unwrapRing). */
  function unwrapGeometry(geometry) {
    if (!geometry) return geometry;
    const c = geometry.coordinates;
    switch (geometry.type) {
      case "Polygon": return {type: "Polygon", coordinates: c.map(unwrapRing)};
      case "MultiPolygon": return {type: "MultiPolygon", coordinates: c.map((p) => p.map(unwrapRing))};
      case "LineString": return {type: "LineString", coordinates: unwrapLine(c)};
      case "MultiLineString": return {type: "MultiLineString", coordinates: c.map(unwrapLine)};
      default: return geometry;
    }
  }

  /** The same geometry a whole number of turns east (dx = 360 k) or west. */
  function shiftGeometry(geometry, dx) {
    const move = (coords) => (typeof coords[0] === "number" ? [coords[0] + dx, coords[1]] : coords.map(move));
    return {type: geometry.type, coordinates: move(geometry.coordinates)};
  }

  /** Copies of a layer in every copy of the world the view shows: the map wraps east and west (and
   * worldCopyJump only re-centres once the centre crosses ±180), so at low zoom or after panning the
   * view holds longitudes past ±180 that one copy leaves blank. `make(dx)` builds the copy `dx`
   * degrees east; `extent` is the [west, east] longitudes the unshifted layer covers. Copies are built
   * once, when first seen. */
  const WorldCopies = L.LayerGroup.extend({
    initialize(make, extent) {
      L.LayerGroup.prototype.initialize.call(this, []);
      this._make = make;
      this._extent = extent;
      this._copies = new Map();
    },
    onAdd(map) {
      L.LayerGroup.prototype.onAdd.call(this, map);
      map.on("moveend", this._sync, this);
      this._sync();
    },
    onRemove(map) {
      map.off("moveend", this._sync, this);
      L.LayerGroup.prototype.onRemove.call(this, map);
    },
    _sync() {
      if (!this._map) return;
      const view = this._map.getBounds();
      const wanted = worldOffsets(view.getWest(), view.getEast(), this._extent);
      for (const [dx, layer] of this._copies) if (!wanted.includes(dx) && this.hasLayer(layer)) this.removeLayer(layer);
      for (const dx of wanted) {
        if (!this._copies.has(dx)) this._copies.set(dx, this._make(dx));
        const layer = this._copies.get(dx);
        if (!this.hasLayer(layer)) this.addLayer(layer);
      }
    },
  });

  /** The shifts (multiples of 360°) that bring a layer spanning `extent` into view [west, east]. */
  function worldOffsets(west, east, extent) {
    const [minLon, maxLon] = extent;
    const offsets = [];
    for (let k = Math.ceil((west - maxLon) / 360); k <= Math.floor((east - minLon) / 360); k += 1) offsets.push(k * 360);
    return offsets.length ? offsets : [0];
  }

  function geometryExtent(geometries) {
    let west = Infinity;
    let east = -Infinity;
    const visit = (coords) => {
      if (typeof coords[0] === "number") { west = Math.min(west, coords[0]); east = Math.max(east, coords[0]); }
      else for (const c of coords) visit(c);
    };
    for (const geometry of geometries) visit(geometry.coordinates);
    return Number.isFinite(west) ? [west, east] : [-180, 180];
  }

  /** A canvas renderer that paints each of its paths in every world copy the canvas shows, for data
   * layers (events, control) that hold one marker per thing: their copies cost no objects. Polygons
   * are painted unclipped in the copies, so use it for small areas, not for the base map. */
  const WrappingCanvas = L.Canvas.extend({
    // A change redraws the whole canvas: a partial redraw would clear the original's rectangle only.
    _extendRedrawBounds() {},
    /** Pixel shifts (whole world widths) at which a path with these pixel bounds shows on the canvas. */
    _copyShifts(box) {
      const world = this._map && this._map.getPixelWorldBounds();
      if (!box || !world || !this._bounds) return [0];
      const width = world.getSize().x;
      const shifts = [];
      const first = Math.ceil((this._bounds.min.x - box.max.x) / width);
      const last = Math.floor((this._bounds.max.x - box.min.x) / width);
      for (let k = first; k <= last; k += 1) shifts.push(k * width);
      return shifts;
    },
    /** Draw a point-like path (circle, or a subclass's marker) once per visible copy. */
    _inCopies(layer, draw) {
      if (!this._drawing) return;
      const point = layer._point;
      const box = layer._pxBounds;
      try {
        for (const dx of this._copyShifts(box)) {
          if (point) layer._point = point.add([dx, 0]);
          if (box) layer._pxBounds = L.bounds(box.min.add([dx, 0]), box.max.add([dx, 0]));
          draw();
        }
      } finally {
        layer._point = point;
        layer._pxBounds = box;
      }
    },
    _updateCircle(layer) {
      this._inCopies(layer, () => L.Canvas.prototype._updateCircle.call(this, layer));
    },
    _updatePoly(layer, closed) {
      if (!this._drawing) return;
      const parts = layer._parts;
      try {
        for (const dx of this._copyShifts(layer._pxBounds)) {
          layer._parts = dx === 0 ? parts : layer._rings;
          this._ctx.save();
          this._ctx.translate(dx, 0);
          L.Canvas.prototype._updatePoly.call(this, layer, closed);
          this._ctx.restore();
        }
      } finally {
        layer._parts = parts;
      }
    },
  });

  /** Shift a container point by whole world widths to the copy nearest `x` (for hit-testing a click
   * in a world copy against things projected in the first one). */
  function nearestCopyX(map, pointX, x) {
    const world = map.getPixelWorldBounds();
    if (!world) return pointX;
    const width = world.getSize().x;
    return pointX + Math.round((x - pointX) / width) * width;
  }

  // ---------------------------------------------------------------- offline basemap

  /** Draw land, coastlines and country borders from world-atlas TopoJSON on their own canvas pane,
   * below every data layer, unwrapped at the antimeridian and repeated in each world copy in view.
   * Returns {layer, labels} once the file is decoded. */
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
    // One polygon per landmass, so Leaflet skips (and never clips) those out of view.
    const landPolygons = polygonsOf(topojson.feature(topo, topo.objects.land)).map(unwrapGeometry);
    // Shared arcs only: each border is stroked once and coastlines are not doubled.
    const borders = unwrapGeometry(topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b));
    const extent = geometryExtent([...landPolygons, borders]);
    const asFeatures = (geometries, dx) => ({type: "FeatureCollection", features: geometries.map((geometry) => (
      {type: "Feature", properties: {}, geometry: dx ? shiftGeometry(geometry, dx) : geometry}))});
    // A ring round a pole is filled, but its coast is stroked apart: its closing edge along the pole
    // (the map's bottom edge) is no coast.
    const polar = landPolygons.filter((polygon) => polygon.coordinates.some(goesRoundPole));
    const plain = landPolygons.filter((polygon) => !polar.includes(polygon));
    const polarCoasts = {type: "MultiLineString",
                         coordinates: polar.flatMap((polygon) => polygon.coordinates.flatMap(coastOf))};
    const group = new WorldCopies((dx) => L.layerGroup([
      L.geoJSON(asFeatures(plain, dx), {renderer, interactive: false,
        style: {fillColor: colours.land, fillOpacity: 1, color: colours.coast, weight: 0.8}}),
      L.geoJSON(asFeatures(polar, dx), {renderer, interactive: false,
        style: {fillColor: colours.land, fillOpacity: 1, stroke: false}}),
      L.geoJSON(asFeatures([polarCoasts], dx), {renderer, interactive: false,
        style: {color: colours.coast, weight: 0.8, fill: false}}),
      L.geoJSON(asFeatures([borders], dx), {renderer, interactive: false,
        style: {color: colours.border, weight: 0.7, dashArray: "3 2", fill: false}}),
    ]), extent);
    let labels = null;
    if (opts.labels) {
      const countries = topojson.feature(topo, topo.objects.countries).features
        .map((feature) => ({name: feature.properties && feature.properties.name, geometry: unwrapGeometry(feature.geometry)}));
      labels = new WorldCopies((dx) => countryLabels(map, countries, dx), extent);
    }
    return {layer: group, labels};
  }

  const atPole = (point) => Math.abs(point[1]) > 89;

  /** An unwrapped ring that closes along a pole (see unwrapRing). */
  function goesRoundPole(ring) {
    return ring.some((point, i) => i > 0 && atPole(point) && atPole(ring[i - 1]));
  }

  /** The coast of a ring: its lines with the edges that reach the pole (its closure along the pole
   * and the cut down the meridian to it) left out: no coast is there. */
  function coastOf(ring) {
    const lines = [];
    let line = [];
    for (let i = 0; i < ring.length; i += 1) {
      if (i > 0 && (atPole(ring[i]) || atPole(ring[i - 1]))) {
        if (line.length > 1) lines.push(line);
        line = [ring[i]];
      } else {
        line.push(ring[i]);
      }
    }
    if (line.length > 1) lines.push(line);
    return lines;
  }

  function polygonsOf(collection) {
    const features = collection.type === "FeatureCollection" ? collection.features : [collection];
    const polygons = [];
    for (const feature of features) {
      const geometry = feature.geometry;
      if (!geometry) continue;
      if (geometry.type === "Polygon") polygons.push(geometry);
      else if (geometry.type === "MultiPolygon") {
        for (const coordinates of geometry.coordinates) polygons.push({type: "Polygon", coordinates});
      }
    }
    return polygons;
  }

  /** Country names at the middle of each country's largest ring, shown only where they fit. */
  function countryLabels(map, countries, dx) {
    const group = L.layerGroup();
    const items = [];
    for (const {name, geometry} of countries) {
      const ring = largestRingBounds(geometry);
      const bounds = ring && L.latLngBounds([ring.getSouth(), ring.getWest() + dx], [ring.getNorth(), ring.getEast() + dx]);
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

  window.ConflictMapBase = {el, safeUrl, sourceLink, addOfflineBasemap, WrappingCanvas, nearestCopyX,
                            unwrapRing, unwrapGeometry, worldOffsets};
})();
