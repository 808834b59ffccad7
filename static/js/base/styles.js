/* Styles shared by every map page: the base map's colours in the light and the dark theme (the
 * page's CSS follows the same system setting through prefers-color-scheme). Pure data. */

export const BASEMAP_COLOURS = Object.freeze({
  light: Object.freeze({land: "#f4f1ea", coast: "#9fb3c8", border: "#a39d92"}),
  dark: Object.freeze({land: "#2b2f36", coast: "#4a5a6a", border: "#6b7280"}),
});

/** The base map's colours for the system's colour scheme (`matchMedia` is window.matchMedia). */
export function basemapColours(matchMedia = globalThis.matchMedia) {
  const dark = typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
  return dark ? BASEMAP_COLOURS.dark : BASEMAP_COLOURS.light;
}

/** How each part of the base map is painted (canvas fill and stroke; width in CSS pixels). Land
 * round a pole gets no stroke: its closing edge along the pole (the map's bottom edge) is no coast,
 * its real coast is stroked apart as polarCoast. */
export function basemapStyles(colours) {
  return {
    land: {fill: colours.land, stroke: colours.coast, width: 0.8},
    polarLand: {fill: colours.land},
    polarCoast: {stroke: colours.coast, width: 0.8},
    border: {stroke: colours.border, width: 0.7, dash: [3, 2]},
  };
}
