/* The editor API from the editor pages: JSON in and out, the session's CSRF token in X-CSRFToken, and
 * one error shape ({"error": "..."}, CONTRACT §3b) turned into an Error whose message is that text.
 * The token comes from the page (data-csrf-token on the element given), never from a guessed cookie. */

export class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function csrfToken(root = document.querySelector("[data-csrf-token]")) {
  return root ? root.dataset.csrfToken : "";
}

/** fetch a JSON endpoint; `body` (an object) is sent as JSON. Resolves to the parsed answer (null for 204). */
export async function api(method, url, body) {
  const headers = {"Accept": "application/json"};
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const text = data && data.error ? data.error : `HTTP ${response.status}`;
    throw new ApiError(text, response.status, data);
  }
  return data;
}

// A DOM element with attributes and children, text only through textContent: the one el() of every page.
export {el} from "../base/dom.js";

/** Show a message in a status element (role="status"), marked as an error or not. */
export function say(node, text, isError = false) {
  if (!node) return;
  node.textContent = text;
  node.classList.toggle("error", Boolean(isError));
}
