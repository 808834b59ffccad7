/* Leaflet layers for a map that wraps east and west: WorldCopies repeats a layer in each copy of the
 * world in view, WrappingCanvas paints point-like data in each copy, nearestCopyX maps a click back
 * to the first copy. Leaflet is the page's classic script (window.L); the arithmetic is in geometry.js. */

import {worldOffsets} from "./geometry.js";

const L = window.L;

/** Copies of a layer in every copy of the world the view shows: the map wraps east and west (and
 * worldCopyJump only re-centres once the centre crosses ±180), so at low zoom or after panning the
 * view holds longitudes past ±180 that one copy leaves blank. `make(dx)` builds the copy `dx`
 * degrees east; `extent` is the [west, east] longitudes the unshifted layer covers. Copies are built
 * once, when first seen. */
export const WorldCopies = L.LayerGroup.extend({
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

/** A canvas renderer that paints each of its paths in every world copy the canvas shows, for data
 * layers (events, control) that hold one marker per thing: their copies cost no objects. Polygons
 * are painted unclipped in the copies, so use it for small areas, not for the base map. */
export const WrappingCanvas = L.Canvas.extend({
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
export function nearestCopyX(map, pointX, x) {
  const world = map.getPixelWorldBounds();
  if (!world) return pointX;
  const width = world.getSize().x;
  return pointX + Math.round((x - pointX) / width) * width;
}
