/* The review queue (/review/): reviewers accept (status "reviewed") or reject events one row at a time
 * or in bulk through POST /api/events/<id>/status, and see each row's new status without a reload.
 * Keyboard: j/k or arrows move between rows (the row has the focus, drawn visibly), a accepts,
 * r rejects, x selects, Enter opens the event. Viewers get the same list without these actions. */

import {api, say} from "./api.js";

const root = document.getElementById("review-queue");
const canReview = root && root.dataset.canReview === "true";
const message = document.getElementById("review-message");
const rows = root ? [...root.querySelectorAll("tr.review-row")] : [];
let current = -1;

function eventId(row) {
  return Number(row.dataset.eventId);
}

function statusUrl(id) {
  return root.dataset.statusUrl.replace(/\/0\/status$/, `/${id}/status`);
}

function focusRow(index) {
  if (!rows.length) return;
  current = Math.max(0, Math.min(rows.length - 1, index));
  rows.forEach((row, i) => row.classList.toggle("current", i === current));
  rows[current].focus();
  rows[current].scrollIntoView({block: "nearest"});
}

function showStatus(row, status, text) {
  const cell = row.querySelector(".row-status");
  const badge = document.createElement("span");
  badge.className = `badge status-${status}`;
  badge.textContent = text || status;
  cell.replaceChildren(badge);
  row.classList.remove("status-reviewed", "status-rejected", "status-extracted", "status-error");
  row.classList.add(`status-${status}`);
  row.dataset.status = status;
}

/** Set one row's status through the API; resolves to true when it was written. */
async function setStatus(row, status) {
  const id = eventId(row);
  row.setAttribute("aria-busy", "true");
  try {
    const event = await api("POST", statusUrl(id), {status});
    showStatus(row, event.status);
    const box = row.querySelector(".row-select");
    if (box) box.checked = false;
    return true;
  } catch (error) {
    showStatus(row, "error", "not saved");
    say(message, `Event ${id}: ${error.message}`, true);
    return false;
  } finally {
    row.removeAttribute("aria-busy");
  }
}

const VERB = {reviewed: "accepted", rejected: "rejected"};

async function actOnRow(row, status) {
  if (await setStatus(row, status)) {
    say(message, `Event ${eventId(row)} ${VERB[status]}.`);
    const index = rows.indexOf(row);
    if (index === current && index < rows.length - 1) focusRow(index + 1);
  }
}

async function actOnSelected(status) {
  const chosen = rows.filter((row) => row.querySelector(".row-select")?.checked);
  if (!chosen.length) {
    say(message, "Select events first (x or the checkboxes).", true);
    return;
  }
  let done = 0;
  for (const row of chosen) {  // one at a time: each is its own transaction, and errors stay per row
    if (await setStatus(row, status)) done += 1;
  }
  const failed = chosen.length - done;
  say(message, `${done} event${done === 1 ? "" : "s"} ${VERB[status]}${failed ? `, ${failed} failed` : ""}.`,
    failed > 0);
  const all = document.getElementById("select-all");
  if (all) all.checked = false;
}

function toggleSelect(row) {
  const box = row.querySelector(".row-select");
  if (box) box.checked = !box.checked;
}

function onKey(event) {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (target.closest && target.closest("input, select, textarea, button, a") && !target.classList.contains("row-select")) {
    return;
  }
  const row = rows[current];
  switch (event.key) {
    case "j": case "ArrowDown":
      focusRow(current + 1); break;
    case "k": case "ArrowUp":
      focusRow(current < 0 ? 0 : current - 1); break;
    case "a":
      if (canReview && row) actOnRow(row, "reviewed"); break;
    case "r":
      if (canReview && row) actOnRow(row, "rejected"); break;
    case "x": case " ":
      if (canReview && row) toggleSelect(row); break;
    case "Enter":
      if (row) window.location.assign(root.dataset.eventUrl.replace(/\/0\/$/, `/${eventId(row)}/`)); break;
    default:
      return;
  }
  event.preventDefault();
}

if (root && rows.length) {
  rows.forEach((row, index) => {
    row.addEventListener("focus", () => {
      current = index;
      rows.forEach((r, i) => r.classList.toggle("current", i === index));
    });
    row.addEventListener("click", (event) => {
      if (!event.target.closest("button, a, input")) row.focus();
    });
    row.querySelector(".row-accept")?.addEventListener("click", () => { current = index; actOnRow(row, "reviewed"); });
    row.querySelector(".row-reject")?.addEventListener("click", () => { current = index; actOnRow(row, "rejected"); });
  });
  document.addEventListener("keydown", onKey);
  document.getElementById("bulk-accept")?.addEventListener("click", () => actOnSelected("reviewed"));
  document.getElementById("bulk-reject")?.addEventListener("click", () => actOnSelected("rejected"));
  document.getElementById("select-all")?.addEventListener("change", (event) => {
    for (const row of rows) {
      const box = row.querySelector(".row-select");
      if (box && row.dataset.status === undefined) box.checked = event.target.checked;
    }
  });
}
