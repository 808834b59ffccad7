/* The control editor (/control/edit/): a map with the offline basemap (js/base/basemap.js) and Leaflet-Geoman's drawing tools, beside two panels: control observations of a place
 * (control-observations.js) and drawn control areas (control-areas.js). This module builds the map
 * and hands it to both. */

import {addOfflineBasemap} from "../base/basemap.js";
import {setupAreas} from "./control-areas.js";
import {setupObservations} from "./control-observations.js";

const root = document.getElementById("control-editor");

function buildMap() {
  const map = L.map("control-map", {worldCopyJump: true, zoomControl: true}).setView([33.5, 40.5], 5);
  addOfflineBasemap(map, root.dataset.countriesUrl)
    .then(({layer, labels}) => { layer.addTo(map); if (labels) labels.addTo(map); })
    .catch(() => { /* the tools still work on a blank background */ });
  return map;
}

if (root) {
  const map = buildMap();
  setupObservations(root, map);
  if (root.dataset.canDraw === "true") setupAreas(root, map);
}
