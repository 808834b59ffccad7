/* Drawn control areas on the control editor: the drawn areas valid on a date (from
 * /api/control.geojson), a polygon or rectangle drawn with Leaflet-Geoman and saved with its controller
 * and validity dates (POST /api/areas), or an existing area clicked, its corners dragged and its
 * properties changed (PATCH /api/areas/<id> with the version read) or deleted. */

import {api, say} from "./api.js";

const $ = (id) => document.getElementById(id);
const SELECTED = {color: "#d9480f", weight: 3, dashArray: null, fillOpacity: 0.25};

function actorColour(actorId) {
  const hue = (Number(actorId) * 137.508) % 360;  // golden angle: neighbouring ids far apart
  return `hsl(${hue.toFixed(0)}, 65%, 40%)`;
}

export function setupAreas(root, map) {
  const form = $("area-form");
  const message = $("area-message");
  const selectedText = $("area-selected");
  const saveButton = $("area-save");
  const deleteButton = $("area-delete");
  const dateInput = $("area-date");
  const areas = L.featureGroup().addTo(map);
  let selected = null;  // {layer, id (null: drawn, not saved), version}

  map.pm.addControls({
    position: "topleft", drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawCircle: false,
    drawText: false, drawRectangle: true, drawPolygon: true, editMode: false, dragMode: false,
    cutPolygon: false, removalMode: false, rotateMode: false,
  });
  map.pm.setGlobalOptions({allowSelfIntersection: false, snappable: true});

  const areaApi = (id) => `${root.dataset.apiAreas}/${id}`;

  function styleOf(props) {
    return {color: actorColour(props.controller && props.controller.id), weight: 2, dashArray: "4 3",
            fillOpacity: 0.15};
  }

  function deselect() {
    if (!selected) return;
    const {layer, id} = selected;
    if (layer.pm) layer.pm.disable();
    if (id === null) layer.remove();  // a drawing not saved is dropped
    else layer.setStyle(styleOf(layer.feature.properties));
    selected = null;
    $("area-id").value = "";
    $("area-version").value = "";
    selectedText.textContent = "No area selected.";
    saveButton.disabled = true;
    saveButton.textContent = "Save area";
    deleteButton.hidden = true;
  }

  function select(layer, id, props) {
    if (selected && selected.layer === layer) return;
    deselect();
    selected = {layer, id};
    layer.setStyle(SELECTED);
    layer.pm.enable({allowSelfIntersection: false});
    saveButton.disabled = false;
    deleteButton.hidden = id === null;
    if (id === null) {
      selectedText.textContent = "New area drawn: give its controller and dates, then save.";
      saveButton.textContent = "Save new area";
    } else {
      $("area-id").value = id;
      $("area-version").value = props.version || "";
      $("area-actor").value = props.controller ? props.controller.id : "";
      $("area-from").value = props.valid_from;
      $("area-to").value = props.valid_to || "";
      selectedText.textContent = `Area #${id} selected: drag its corners or change its properties, then save.`;
      saveButton.textContent = `Save area #${id}`;
      api("GET", areaApi(id)).then((area) => { if (selected && selected.id === id) $("area-version").value = area.properties.version; })
        .catch(() => {});
    }
    $("area-actor").focus();
  }

  async function loadAreas() {
    const date = dateInput.value;
    if (!date) return;
    const response = await fetch(`${root.dataset.apiControl}?date=${encodeURIComponent(date)}`,
      {headers: {Accept: "application/geo+json"}});
    if (!response.ok) { say(message, `Areas not loaded: HTTP ${response.status}`, true); return; }
    const collection = await response.json();
    const keep = selected && selected.id === null ? selected : null;
    if (selected && selected.id !== null) deselect();
    areas.clearLayers();
    for (const feature of collection.features) {
      const props = feature.properties;
      if (props.layer !== "area" || props.method !== "drawn") continue;
      L.geoJSON(feature, {
        style: () => styleOf(props),
        onEachFeature: (f, layer) => {
          layer.feature = f;
          layer.bindTooltip(`${props.controller ? props.controller.name : "?"}: ${props.valid_from} – ${props.valid_to || "…"}`);
          layer.on("click", () => select(layer, props.area_id, props));
          areas.addLayer(layer);
        },
      });
    }
    if (keep) selected = keep;
  }

  map.on("pm:create", ({layer}) => {
    deselect();
    select(layer, null, {});
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!selected) { say(message, "Draw an area or click one first.", true); return; }
    const actorId = Number($("area-actor").value);
    const validFrom = $("area-from").value;
    const validTo = $("area-to").value || null;
    if (!actorId) { say(message, "Choose the controller.", true); $("area-actor").focus(); return; }
    if (!validFrom) { say(message, "Give the date it is valid from.", true); $("area-from").focus(); return; }
    const geometry = selected.layer.toGeoJSON(6).geometry;
    const properties = {actor_id: actorId, valid_from: validFrom, valid_to: validTo};
    saveButton.disabled = true;
    try {
      let saved;
      if (selected.id === null) {
        saved = await api("POST", root.dataset.apiAreas, {type: "Feature", geometry, properties});
        selected.layer.pm.disable();
        selected.layer.remove();
        selected = null;
        say(message, `Area #${saved.id} saved.`);
      } else {
        const version = Number($("area-version").value) || undefined;
        saved = await api("PATCH", areaApi(selected.id), {type: "Feature", geometry, properties: {...properties, version}});
        say(message, `Area #${saved.id} saved (version ${saved.properties.version}).`);
      }
      const shown = dateInput.value;
      if (shown < saved.properties.valid_from || (saved.properties.valid_to && shown > saved.properties.valid_to)) {
        dateInput.value = saved.properties.valid_from;  // show a date on which the saved area is valid
      }
      deselect();
      await loadAreas();
    } catch (error) {
      say(message, error.status === 409 ? `Someone saved it in between: ${error.message}` : `Not saved: ${error.message}`, true);
    } finally {
      saveButton.disabled = !selected;
    }
  });

  deleteButton.addEventListener("click", async () => {
    if (!selected || selected.id === null) return;
    const id = selected.id;
    if (!window.confirm(`Delete area #${id}? Its history is kept.`)) return;
    try {
      await api("DELETE", areaApi(id));
      selected.layer.pm.disable();
      selected = null;
      deselect();
      say(message, `Area #${id} deleted.`);
      await loadAreas();
    } catch (error) {
      say(message, `Not deleted: ${error.message}`, true);
    }
  });

  dateInput.addEventListener("change", loadAreas);
  map.on("keydown", (event) => { if (event.originalEvent.key === "Escape") deselect(); });
  loadAreas();
}
