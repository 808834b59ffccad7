/* Suggested duplicates on the review page: one click merges a group (reviewers) through
 * POST /api/events/merge; the kept event (lowest id) then holds every source, which the page lists. */

import {api, el, say} from "./api.js";

const root = document.getElementById("review-queue");

async function merge(group, button) {
  const ids = group.dataset.eventIds.split(",").map(Number);
  const result = group.querySelector(".merge-result");
  button.disabled = true;
  try {
    const kept = await api("POST", root.dataset.mergeUrl, {ids});
    const url = root.dataset.eventUrl.replace(/\/0\/$/, `/${kept.id}/`);
    const sources = (kept.sources || []).map((s) => s.title || s.url || "untitled").join("; ");
    say(result, "");
    result.append(
      "Merged into ", el("a", {href: url, text: `event #${kept.id}`}),
      ` with ${kept.source_ids.length} source${kept.source_ids.length === 1 ? "" : "s"}${sources ? `: ${sources}` : ""}.`,
    );
    group.classList.add("merged");
    button.remove();
  } catch (error) {
    button.disabled = false;
    say(result, `Not merged: ${error.message}`, true);
  }
}

if (root) {
  for (const group of root.querySelectorAll(".merge-group")) {
    const button = group.querySelector(".merge-button");
    if (button) button.addEventListener("click", () => merge(group, button));
  }
}
