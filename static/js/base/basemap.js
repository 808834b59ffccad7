/* The offline base map of every map page: land, coasts, country borders and names from world-atlas
 * TopoJSON served by this server (the offline rule: no tile server needed), below every data layer,
 * unwrapped at the antimeridian and repeated in each world copy in view. Leaflet and topojson-client
 * are the page's classic scripts (window.L, window.topojson).
 *
 * Why a renderer of its own rather than L.geoJSON: at 1:50m the land and borders hold ~100,000
 * points; as Leaflet paths each becomes an L.LatLng and an L.Point per world copy and zoom, and the
 * first draw of the analyst map spent about a second (and as long again in garbage collection) on
 * them before any event could be painted. Here each ring is projected once into a flat array and
 * painted straight onto one canvas, points closer than a pixel skipped. */

import {
  WORLD_PX, coastOf, decimate, geometryExtent, goesRoundPole, largestRingBox, polygonsOf, projectLine, unwrapGeometry,
  worldOffsets,
} from "./geometry.js";
import {WorldCopies} from "./layers.js";
import {basemapColours, basemapStyles} from "./styles.js";

const L = window.L;

/** Add the base map's panes (once) and fetch and decode `url`. Resolves to {layer, labels} (labels
 * null when options.labels is false); the caller adds them to the map. */
export async function addOfflineBasemap(map, url, options) {
  const opts = Object.assign({labels: true}, options);
  if (!map.getPane("basemap")) {
    map.createPane("basemap").style.zIndex = 200;
    map.createPane("basemap-labels").style.zIndex = 250;
    map.getPane("basemap-labels").style.pointerEvents = "none";
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`basemap: HTTP ${response.status}`);
  const topo = await response.json();
  const topojson = window.topojson;
  // One polygon per landmass: each is skipped when out of view.
  const landPolygons = polygonsOf(topojson.feature(topo, topo.objects.land)).map(unwrapGeometry);
  // Shared arcs only: each border is stroked once and coastlines are not doubled.
  const borders = unwrapGeometry(topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b));
  const extent = geometryExtent([...landPolygons, borders]);
  const polar = landPolygons.filter((polygon) => polygon.coordinates.some(goesRoundPole));
  const plain = landPolygons.filter((polygon) => !polar.includes(polygon));
  const rings = (polygons) => polygons.flatMap((polygon) => polygon.coordinates).map(projectLine);
  const styles = basemapStyles(basemapColours());
  const parts = [
    {lines: rings(plain), style: styles.land},
    {lines: rings(polar), style: styles.polarLand},
    {lines: polar.flatMap((polygon) => polygon.coordinates.flatMap(coastOf)).map(projectLine), style: styles.polarCoast},
    {lines: borders.coordinates.map(projectLine), style: styles.border},
  ];
  // A quarter of the view each side is painted ahead, for panning; a larger canvas costs its
  // pixels at every repaint.
  const layer = new BasemapCanvas(parts, extent, {pane: "basemap", padding: 0.25});
  let labels = null;
  if (opts.labels) {
    // The names wait for an idle moment: placing them decodes every country's outline again (as much
    // work as the land itself), which the first paint of land and events need not wait for.
    labels = L.layerGroup();
    whenIdle(() => {
      const countries = topojson.feature(topo, topo.objects.countries).features
        .map((feature) => ({name: feature.properties && feature.properties.name,
                            box: largestRingBox(unwrapGeometry(feature.geometry))}))
        .filter((country) => country.name && country.box);
      labels.addLayer(new WorldCopies((dx) => countryLabels(map, countries, dx), extent));
    });
  }
  return {layer, labels};
}

function whenIdle(work) {
  if (typeof window.requestIdleCallback === "function") window.requestIdleCallback(work, {timeout: 1500});
  else window.setTimeout(work, 300);
}

/** A canvas (Leaflet's renderer: its size, padding, panning and zoom animation) that paints the base
 * map's parts in every world copy it shows, after each of its updates. `painted` tells what the last
 * paint stroked: {paths, longest} (the longest stroked step across the screen, in pixels). */
const BasemapCanvas = L.Canvas.extend({
  initialize(parts, extent, options) {
    L.Canvas.prototype.initialize.call(this, options);
    this._parts = parts;
    this._extent = extent;
    this.painted = {paths: 0, longest: 0};
  },

  // Leaflet calls this after each update of the canvas (moved, zoomed, resized) to redraw its paths;
  // this canvas has none of Leaflet's paths, only the base map (Leaflet's own would clear it).
  _updatePaths() {
    this._paint();
  },

  // Leaflet updates a renderer on both the view reset and the move end of one zoom: the second time
  // the view is the same and the canvas already holds it (a repaint is ~100 ms at 1:50m).
  _update() {
    const map = this._map;
    if (map._animatingZoom && this._bounds) return;
    const size = map.getSize();
    const min = map.containerPointToLayerPoint(size.multiplyBy(-this.options.padding)).round();
    const origin = map.getPixelOrigin();
    const view = [map.getZoom(), origin.x, origin.y, min.x, min.y, size.x, size.y].join();
    if (view === this._paintedView) return;
    this._paintedView = view;
    L.Canvas.prototype._update.call(this);
  },

  onAdd(map) {
    this._paintedView = null;
    L.Canvas.prototype.onAdd.call(this, map);
    this._paint();  // its first update ran before Leaflet listened for updates
  },

  _paint() {
    const map = this._map;
    const bounds = this._bounds;
    if (!map || !bounds) return;
    const zoom = map.getZoom();
    const scale = 2 ** zoom;
    const origin = map.getPixelOrigin();
    const world = WORLD_PX * scale;
    const toLon = (layerX) => ((layerX + origin.x) / world) * 360 - 180;
    const view = {minX: bounds.min.x, minY: bounds.min.y, maxX: bounds.max.x, maxY: bounds.max.y};
    const ctx = this._ctx;
    const painted = {paths: 0, longest: 0};
    ctx.save();
    ctx.lineJoin = "round";
    ctx.lineCap = "round";
    for (const part of this._parts) {
      const {style} = part;
      ctx.beginPath();
      for (const dx of worldOffsets(toLon(view.minX), toLon(view.maxX), this._extent)) {
        const offsetX = (dx / 360) * world - origin.x;
        traceLines(ctx, part.lines, zoom, offsetX, -origin.y, view, style.stroke ? painted : null);
      }
      if (style.fill) {
        ctx.fillStyle = style.fill;
        ctx.fill("evenodd");
      }
      if (style.stroke) {
        ctx.setLineDash(style.dash || []);
        ctx.lineWidth = style.width;
        ctx.strokeStyle = style.stroke;
        ctx.stroke();
      }
    }
    ctx.restore();
    this.painted = painted;
  },
});

/** Below this zoom a line is painted from a copy without the points less than a pixel apart, made at
 * its first paint at that zoom (the world's 100,000 points are some 10,000 pixels at zoom 2). */
const DECIMATED_BELOW_ZOOM = 8;

/** The line's points at least one pixel apart at `zoom`, made once per zoom. */
function decimated(line, zoom) {
  if (!line.byZoom) line.byZoom = new Map();
  if (!line.byZoom.has(zoom)) line.byZoom.set(zoom, decimate(line.coords, 1 / 2 ** zoom));
  return line.byZoom.get(zoom);
}

/** Add the lines in view to the canvas path, in layer pixels (x·2^zoom + offset), skipping points
 * less than a pixel from the last one drawn (a line's last point is always drawn). */
function traceLines(ctx, lines, zoom, offsetX, offsetY, view, painted) {
  const scale = 2 ** zoom;
  for (const line of lines) {
    if (line.maxX * scale + offsetX < view.minX || line.minX * scale + offsetX > view.maxX
        || line.maxY * scale + offsetY < view.minY || line.minY * scale + offsetY > view.maxY) continue;
    const c = Number.isInteger(zoom) && zoom < DECIMATED_BELOW_ZOOM ? decimated(line, zoom) : line.coords;
    const n = c.length / 2;
    if (n < 2) continue;
    let lastX = c[0] * scale + offsetX;
    let lastY = c[1] * scale + offsetY;
    ctx.moveTo(lastX, lastY);
    for (let i = 1; i < n; i += 1) {
      const x = c[2 * i] * scale + offsetX;
      const y = c[2 * i + 1] * scale + offsetY;
      if (Math.abs(x - lastX) < 1 && Math.abs(y - lastY) < 1 && i < n - 1) continue;
      if (painted && Math.abs(x - lastX) > painted.longest) painted.longest = Math.abs(x - lastX);
      ctx.lineTo(x, y);
      lastX = x;
      lastY = y;
    }
    // No closePath(): GeoJSON rings end on their first point already, fill() closes every subpath,
    // and Chromium's closePath() walks the whole path built so far (200 ms a paint for the world's
    // 3,400 rings, against 10 ms without).
    if (painted) painted.paths += 1;
  }
}

/** Country names at the middle of each country's largest ring, shown only where they fit. */
function countryLabels(map, countries, dx) {
  const group = L.layerGroup();
  const items = countries.map(({name, box}) => {
    const bounds = L.latLngBounds([box.south, box.west + dx], [box.north, box.east + dx]);
    const marker = L.marker(bounds.getCenter(), {
      pane: "basemap-labels", interactive: false, keyboard: false,
      icon: L.divIcon({className: "country-label", html: "", iconSize: null}),
    });
    return {marker, bounds, name};
  });
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
