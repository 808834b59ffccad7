/* The view as a URL query (CONTRACT §3): filters, date, window, position, layers. Pure functions. */

import {DAY_MS, formatDay, parseDay} from "./styles.js";

export const FILTER_NAMES = Object.freeze(["actor", "event_type", "sub_event_type", "country", "geo_precision",
  "min_confidence", "status", "source"]);
export const LAYER_NAMES = Object.freeze(["events", "places", "areas", "labels"]);
export const WINDOWS = Object.freeze([7, 30, 90, 365, 0]);
export const DEFAULT_WINDOW = 30;

/** The view a query string describes; anything malformed is left out (the page then uses defaults). */
export function parseView(search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const name of FILTER_NAMES) {
    const value = (params.get(name) || "").trim();
    if (value) filters[name] = value;
  }
  const number = (name) => {
    const text = params.get(name);
    if (text === null || text.trim() === "") return null;
    const value = Number(text);
    return Number.isFinite(value) ? value : null;
  };
  const windowValue = number("window");
  const lat = number("lat");
  const lon = number("lon");
  const z = number("z");
  const layersText = params.get("layers");
  return {
    filters,
    date: parseDay(params.get("date") || "") !== null ? params.get("date").slice(0, 10) : null,
    window: windowValue !== null && windowValue >= 0 ? Math.round(windowValue) : null,
    lat: lat !== null && Math.abs(lat) <= 90 ? lat : null,
    lon: lon !== null && Math.abs(lon) <= 540 ? lon : null,
    z: z !== null && z >= 0 && z <= 22 ? Math.round(z) : null,
    layers: layersText === null ? null
      : layersText.split(",").map((s) => s.trim()).filter((s) => LAYER_NAMES.includes(s)),
  };
}

/** The query string of a view, in a fixed order so equal views give equal URLs. */
export function viewQuery(view) {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    if (view.filters && view.filters[name]) params.set(name, view.filters[name]);
  }
  if (view.date) params.set("date", view.date);
  if (view.window !== null && view.window !== undefined) params.set("window", String(view.window));
  if (view.lat !== null && view.lat !== undefined) params.set("lat", view.lat.toFixed(4));
  if (view.lon !== null && view.lon !== undefined) params.set("lon", view.lon.toFixed(4));
  if (view.z !== null && view.z !== undefined) params.set("z", String(view.z));
  if (view.layers) params.set("layers", view.layers.join(","));
  return params.toString();
}

/** The event period of a date and a window in days (0: all time up to the date). */
export function eventPeriod(date, windowDays) {
  const end = parseDay(date || "");
  if (end === null) return {start: null, end: null};
  return {start: windowDays ? formatDay(end - (windowDays - 1) * DAY_MS) : null, end: formatDay(end)};
}

/** The query of the events endpoints (geojson, csv, gpkg) for filters and a period. */
export function eventsQuery(filters, period) {
  const params = new URLSearchParams();
  if (period && period.start) params.set("start", period.start);
  if (period && period.end) params.set("end", period.end);
  for (const name of FILTER_NAMES) {
    if (filters && filters[name]) params.set(name, filters[name]);
  }
  return params.toString();
}

/** A download's file name saying what it holds: filters and period, in characters every system keeps. */
export function exportName(kind, filters, period, extension) {
  const parts = ["conflictmap", kind];
  for (const name of FILTER_NAMES) {
    if (filters && filters[name]) parts.push(`${name}-${filters[name]}`);
  }
  if (period && (period.start || period.end)) parts.push(`${period.start || "start"}_${period.end || "today"}`);
  const base = parts.join("_").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/-+/g, "-").slice(0, 150);
  return `${base}.${extension}`;
}

/** Whether any filter is set (for the empty-state message). */
export function hasFilters(filters) {
  return FILTER_NAMES.some((name) => filters && filters[name]);
}
