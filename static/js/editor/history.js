/* History on the event, observation and area pages: "Revert to this" makes the row what that save
 * recorded, through POST /api/history/<model>/<id>/revert (one correction: control follows, and the
 * revert is a new history record with its user), then shows the page again with the new state. A
 * deleted observation or area comes back with a new id: its page opens. */

import {api, say} from "./api.js";

const panel = document.getElementById("history-panel");
const message = document.getElementById("history-message");

async function revert(button, historyId) {
  button.disabled = true;
  say(message, "Reverting…");
  try {
    const row = await api("POST", panel.dataset.revertUrl, {history_id: historyId});
    const id = Number(row.id);
    say(message, `Reverted to save #${historyId}; showing the new state…`);
    const template = {observation: panel.dataset.observationUrl, area: panel.dataset.areaUrl}[panel.dataset.model];
    if (template && id !== Number(panel.dataset.objectId)) {
      window.location.assign(template.replace(/\/0\/$/, `/${id}/`));
    } else {
      window.location.reload();
    }
  } catch (error) {
    button.disabled = false;
    say(message, error.status === 409 ? `Someone saved in between: ${error.message}; reload the page.`
      : `Not reverted: ${error.message}`, true);
  }
}

if (panel) {
  for (const row of panel.querySelectorAll("tr.history-record")) {
    const button = row.querySelector(".history-revert");
    if (button) button.addEventListener("click", () => revert(button, Number(row.dataset.historyId)));
  }
}
