/* Add an article (/sources/new/): pasted text, or a chosen .txt/.html file read in the browser, goes to
 * POST /api/sources (ingested like `manage.py ingest`, idempotent by content); then the article page
 * /sources/<id>/ opens, where the editor corrects what was extracted. */

import {api, say} from "./api.js";

const form = document.getElementById("source-new");
const textBox = document.getElementById("source-text");
const fileInput = document.getElementById("source-file");
const titleInput = document.getElementById("source-title");
const message = document.getElementById("source-message");
const submit = document.getElementById("source-submit");

/** A file's text: UTF-16 when it starts with a byte-order mark, else UTF-8 (the server refuses binaries). */
async function readText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let encoding = "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = "utf-16le";
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = "utf-16be";
  return new TextDecoder(encoding).decode(bytes);
}

fileInput.addEventListener("change", async () => {
  const file = fileInput.files[0];
  if (!file) return;
  if (file.size > 20 * 1024 * 1024) {
    say(message, "That file is larger than 20 MB.", true);
    return;
  }
  textBox.value = await readText(file);
  if (!titleInput.value) titleInput.value = file.name.replace(/\.(txt|html?)$/i, "");
  say(message, `Read ${file.name} (${textBox.value.length.toLocaleString()} characters).`);
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!textBox.value.trim()) {
    say(message, "Paste the article's text or choose a file first.", true);
    textBox.focus();
    return;
  }
  const body = {text: textBox.value, title: titleInput.value.trim(),
                url: document.getElementById("source-url").value.trim()};
  const published = document.getElementById("source-published").value;
  if (published) body.published = published;
  submit.disabled = true;
  say(message, "Extracting places and events…");
  try {
    const source = await api("POST", form.dataset.apiSources, body);
    say(message, `Stored as article #${source.id}; opening it…`);
    window.location.assign(form.dataset.sourceUrl.replace(/\/0\/$/, `/${source.id}/`));
  } catch (error) {
    submit.disabled = false;
    say(message, `Not added: ${error.message}`, true);
  }
});
