/* Control observations on the control editor: find a place in the gazetteer (/api/places?q=), list its
 * observations (/api/places/<id>/control) with its control today, and add (POST /api/observations),
 * fix (PATCH with the version read, 409 when someone saved in between) or delete one. Names and
 * evidence are untrusted text: textContent only. */

import {api, el, say} from "./api.js";

const $ = (id) => document.getElementById(id);

export function setupObservations(root, map) {
  const search = $("obs-place-search");
  const results = $("obs-place-results");
  const chosen = $("obs-place-chosen");
  const form = $("obs-form");
  const message = $("obs-message");
  const list = $("obs-list");
  const current = $("obs-current");
  const saveButton = $("obs-save");
  const cancelButton = $("obs-cancel");
  let place = null;
  let marker = null;
  let timer = null;
  let inflight = null;

  const placeControlUrl = (id) => root.dataset.apiPlaceControl.replace(/\/0\/control$/, `/${id}/control`);
  const observationApi = (id) => `${root.dataset.apiObservations}/${id}`;
  const pageUrl = (template, id) => template.replace(/\/0\/$/, `/${id}/`);

  function describe(p) {
    const bits = [p.feature_code, p.admin1, p.country_code].filter(Boolean).join(", ");
    return bits ? `${p.name} (${bits})` : String(p.name);
  }

  async function runSearch() {
    const q = search.value.trim();
    if (q.length < 2) { results.replaceChildren(); return; }
    if (inflight) inflight.abort();
    inflight = new AbortController();
    try {
      const response = await fetch(`${root.dataset.apiPlaces}?q=${encodeURIComponent(q)}`,
        {signal: inflight.signal, headers: {Accept: "application/json"}});
      const places = response.ok ? await response.json() : [];
      results.replaceChildren(...places.map((p) => el("li", {},
        el("button", {type: "button", "data-place-id": p.id, text: describe(p)}))));
      results.querySelectorAll("button").forEach((button, i) => {
        button.addEventListener("click", () => choose(places[i]));
      });
      if (!places.length) results.replaceChildren(el("li", {class: "muted", text: "No place of that name."}));
    } catch (error) {
      if (error.name !== "AbortError") results.replaceChildren(el("li", {class: "error", text: error.message}));
    }
  }

  function choose(p) {
    place = p;
    results.replaceChildren();
    search.value = p.name;
    chosen.textContent = `Chosen: ${describe(p)}`;
    if (marker) marker.remove();
    marker = L.circleMarker([p.lat, p.lon], {radius: 7, color: "#1d4e89", weight: 2, fillOpacity: 0.4})
      .addTo(map).bindTooltip(String(p.name));
    map.setView([p.lat, p.lon], Math.max(map.getZoom(), 9));
    loadObservations();
  }

  async function loadObservations() {
    if (!place) return;
    const data = await api("GET", placeControlUrl(place.id));
    const now = data.current;
    current.textContent = now
      ? `Today: ${now.controller ? now.controller.name : "no known incumbent"} (${now.status}${now.claimed ? ", claimed" : ""}) since ${now.since}`
      : "No known control today.";
    list.replaceChildren(...(data.observations.length ? data.observations.map(observationItem)
      : [el("li", {class: "muted", text: "No observation of this place yet."})]));
  }

  function observationItem(obs) {
    const item = el("li", {class: `obs-item${obs.rejected ? " rejected" : ""}`, "data-observation-id": obs.id},
      el("div", {class: "obs-line"},
        el("strong", {text: obs.date}),
        ` ${obs.actor ? obs.actor.name : "?"} · ${obs.status} · ${obs.kind}`,
        obs.date_precision !== "day" ? ` · ${obs.date_precision}` : "",
        obs.claimed ? el("span", {class: "tag claimed", text: "claimed"}) : null,
        obs.rejected ? el("span", {class: "tag", text: "event rejected: not counted"}) : null,
        obs.edited ? el("span", {class: "tag", text: "edited"}) : null),
      obs.evidence ? el("blockquote", {class: "evidence", text: obs.evidence}) : null,
      el("div", {class: "obs-actions"},
        el("button", {type: "button", class: "button small secondary obs-edit", text: "Edit"}),
        el("button", {type: "button", class: "button small danger obs-delete", text: "Delete"}),
        el("a", {href: pageUrl(root.dataset.observationUrl, obs.id), text: "History"}),
        obs.event_id ? el("a", {href: pageUrl(root.dataset.eventUrl, obs.event_id), text: `event #${obs.event_id}`}) : null));
    item.querySelector(".obs-edit").addEventListener("click", () => startEdit(obs.id));
    item.querySelector(".obs-delete").addEventListener("click", () => remove(obs.id));
    return item;
  }

  async function startEdit(id) {
    const obs = await api("GET", observationApi(id));
    $("obs-id").value = obs.id;
    $("obs-version").value = obs.version;
    $("obs-actor").value = obs.actor.id;
    $("obs-status").value = obs.status;
    $("obs-kind").value = obs.kind;
    $("obs-date").value = obs.date;
    $("obs-precision").value = obs.date_precision;
    $("obs-claimed").checked = obs.claimed;
    $("obs-evidence").value = obs.evidence || "";
    $("obs-source").value = obs.source_id || "";
    saveButton.textContent = `Save observation #${obs.id}`;
    cancelButton.hidden = false;
    say(message, `Editing observation #${obs.id} (version ${obs.version}).`);
    $("obs-actor").focus();
  }

  function stopEdit() {
    $("obs-id").value = "";
    $("obs-version").value = "";
    saveButton.textContent = "Add observation";
    cancelButton.hidden = true;
  }

  async function remove(id) {
    if (!window.confirm(`Delete observation #${id}? Its history is kept.`)) return;
    try {
      await api("DELETE", observationApi(id));
      say(message, `Observation #${id} deleted.`);
      if ($("obs-id").value === String(id)) stopEdit();
      await loadObservations();
    } catch (error) {
      say(message, `Not deleted: ${error.message}`, true);
    }
  }

  function values() {
    const body = {
      actor_id: Number($("obs-actor").value) || null, status: $("obs-status").value, kind: $("obs-kind").value,
      date: $("obs-date").value, date_precision: $("obs-precision").value, claimed: $("obs-claimed").checked,
      evidence: $("obs-evidence").value,
    };
    const sourceId = $("obs-source").value.trim();
    body.source_id = sourceId ? Number(sourceId) : null;
    return body;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!place) { say(message, "Choose a place first.", true); search.focus(); return; }
    const body = values();
    if (!body.actor_id) { say(message, "Choose the actor.", true); $("obs-actor").focus(); return; }
    if (!body.date) { say(message, "Give the date.", true); $("obs-date").focus(); return; }
    const id = $("obs-id").value;
    saveButton.disabled = true;
    try {
      let saved;
      if (id) {
        saved = await api("PATCH", observationApi(id), {...body, place_id: place.id, version: Number($("obs-version").value)});
        say(message, `Observation #${saved.id} saved (version ${saved.version}).`);
      } else {
        saved = await api("POST", root.dataset.apiObservations, {...body, place_id: place.id});
        say(message, `Observation #${saved.id} added.`);
      }
      stopEdit();
      await loadObservations();
    } catch (error) {
      say(message, error.status === 409 ? `Someone saved it in between: ${error.message}` : `Not saved: ${error.message}`, true);
    } finally {
      saveButton.disabled = false;
    }
  });
  cancelButton.addEventListener("click", () => { stopEdit(); say(message, ""); });
  search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(runSearch, 200); });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); runSearch(); }
  });
}
