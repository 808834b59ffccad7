/* Symbols of the analyst map: event colours, controller colours by side, control and event styles.
 * Pure functions (no DOM, no Leaflet), unit-tested under tests/js/. */

export const DAY_MS = 86400000;

// ACLED event types in Okabe-Ito colours: told apart with the common colour-vision deficiencies
// (the former red/green pair for Battles and Strategic developments was not).
export const EVENT_COLOURS = Object.freeze({
  "Battles": "#d55e00",
  "Explosions/Remote violence": "#e69f00",
  "Violence against civilians": "#cc79a7",
  "Protests": "#0072b2",
  "Riots": "#56b4e9",
  "Strategic developments": "#009e73",
});
export const OTHER_COLOUR = "#8c8c8c";

/** Hue families for controllers: one family per side, its members (allies) share the hue in other
 * shades. Colour-blind-safe base hues (Okabe-Ito and Paul Tol's muted set), and no grey: grey means
 * "unknown controller". */
export const SIDE_FAMILIES = Object.freeze([
  ["#0072b2", "#4a9fd6", "#93c6ea"],   // blue
  ["#e69f00", "#c07a00", "#f5c35c"],   // orange
  ["#009e73", "#00704f", "#5fc9a6"],   // bluish green
  ["#cc79a7", "#a3507f", "#e5b0cd"],   // reddish purple
  ["#d55e00", "#9e4500", "#f09a5c"],   // vermillion
  ["#332288", "#5a4bb0", "#8a7fd0"],   // indigo
  ["#999933", "#6f6f1f", "#c6c66e"],   // olive
  ["#882255", "#b2507e", "#d68bac"],   // wine
]);
export const UNKNOWN_CONTROLLER_COLOUR = "#7a7a7a";

export const GEO_PRECISION = Object.freeze({1: "exact place", 2: "near or part of place", 3: "region centroid"});

/** A colour a user typed on an actor, only when it is a plain hex colour: it ends up in a style
 * attribute, where anything else could load a URL or break out of the declaration. */
export function safeColour(value) {
  return typeof value === "string" && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value.trim())
    ? value.trim().toLowerCase() : null;
}

export function eventColour(type) {
  return EVENT_COLOURS[type] || OTHER_COLOUR;
}

export function hashString(text) {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

/** Colours of controllers from the actors' sides.
 *
 * `actors` maps an actor id to {side, colour} (the page renders it from the Actor table). Sides are
 * numbered in id order, so side n gets family n: distinct for the first eight sides and stable while
 * actors are added (ids only grow); further sides reuse families by that number. The side's own actor
 * takes the family's first shade; allies the other shades, by their id. An actor's own `colour` field
 * wins over all of this. */
export function makeControllerPalette(actors) {
  const info = new Map();
  for (const [id, value] of Object.entries(actors || {})) info.set(String(id), value || {});
  const sideOf = (id) => {
    const entry = info.get(String(id));
    return entry && entry.side !== null && entry.side !== undefined ? String(entry.side) : String(id);
  };
  const sides = [...new Set([...info.keys()].map(sideOf))].sort((a, b) => Number(a) - Number(b));
  const sideIndex = new Map(sides.map((side, index) => [side, index]));

  return function controllerColour(controller) {
    if (!controller || (controller.id === undefined && !controller.name)) return UNKNOWN_CONTROLLER_COLOUR;
    const id = controller.id !== undefined && controller.id !== null ? String(controller.id) : null;
    const own = safeColour(id !== null && info.get(id) ? info.get(id).colour : controller.colour);
    if (own) return own;
    const side = id !== null ? sideOf(id) : `name:${controller.name}`;
    const index = sideIndex.has(side) ? sideIndex.get(side) : hashString(side);
    const family = SIDE_FAMILIES[index % SIDE_FAMILIES.length];
    if (id === null || id === side) return family[0];
    return family[1 + (hashString(id) % (family.length - 1))];
  };
}

export function parseDay(text) {
  if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const ms = Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10));
  return Number.isNaN(ms) ? null : ms;
}
export const formatDay = (ms) => new Date(ms).toISOString().slice(0, 10);
export const daysBetween = (a, b) => Math.round((b - a) / DAY_MS);

/** Control fades with the age of its last confirmation: 1 for a month, then down to 0.3 at a year. */
export function freshness(props, dayMs) {
  const confirmed = parseDay(props.last_confirmed) ?? parseDay(props.since);
  if (confirmed === null || dayMs === null || dayMs === undefined) return {opacity: 1, age: null};
  const age = Math.max(0, daysBetween(confirmed, dayMs));
  const opacity = age <= 30 ? 1 : Math.max(0.3, 1 - (0.7 * (age - 30)) / 335);
  return {opacity, age};
}

/** Bigger, paler circles for less precise locations: the circle hints at the uncertainty. */
export function eventStyle(props) {
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

/** A control place's diamond: fill by controller, faded by age; claimed control is outlined only
 * (a claim is not a fact), an approximate place gets a dashed outline, an unknown controller grey. */
export function controlStyle(props, dayMs, controllerColour) {
  const colour = controllerColour(props.controller);
  const {opacity} = freshness(props, dayMs);
  const style = {radius: 8, color: "#1f2933", weight: 1.2, fillColor: colour, fillOpacity: 0.9 * opacity,
                 opacity, dashArray: null};
  switch (props.status) {
    case "contested":
      Object.assign(style, {fillOpacity: 0.35 * opacity, color: colour, weight: 2, dashArray: "3 2"});
      break;
    case "presence":
      Object.assign(style, {radius: 5, fillOpacity: 0, color: colour, weight: 2});
      break;
    case "besieged":
      Object.assign(style, {color: "#ffffff", weight: 1.5});
      break;
    default:
      break;
  }
  if (props.claimed) Object.assign(style, {fillOpacity: 0.12 * opacity, color: colour, weight: 2.5});
  if (props.approximate) Object.assign(style, {dashArray: "2 3", radius: style.radius + 2});
  return style;
}

/** Areas: drawn ones solid, estimated ones dashed and paler, so a computed guess never reads as a
 * drawn front line. */
export function areaStyle(props, controllerColour) {
  const colour = controllerColour(props.controller);
  const estimated = props.method === "estimated";
  return {color: colour, fillColor: colour, weight: estimated ? 1.5 : 2.5,
          fillOpacity: estimated ? 0.12 : 0.28, dashArray: estimated ? "6 5" : null};
}
