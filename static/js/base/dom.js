/* DOM helpers shared by every page: el() builds elements whose text is only ever text, safeUrl() lets
 * through http(s) links only, sourceLink() is a source as a link. Every string that comes from the API
 * is derived from untrusted article text, so it reaches the page through textContent only: no helper
 * here parses HTML. */

/** Create an element. `attrs`: class, text (textContent), value and checked (properties), on<event>
 * (listeners), anything else an attribute; null/undefined/false are left out. Children: nodes, or
 * strings and numbers that become text nodes; arrays are flattened. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key === "value") node.value = value;
    else if (key === "checked") node.checked = Boolean(value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === "") continue;
    node.append(typeof child === "object" && "nodeType" in child ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** The link itself when it is http(s), else null: a javascript: URL in a source would run on click.
 * Relative links resolve against `base` (the page). */
export function safeUrl(value, base = globalThis.location ? globalThis.location.href : undefined) {
  if (typeof value !== "string" || !value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (error) {
    return null;
  }
}

/** The label of a source: its title (or URL), with its publication date when known. */
export function sourceLabel(source) {
  const title = (source && (source.title || source.url)) || "untitled source";
  return source && source.published ? `${title} (${source.published})` : title;
}

/** A source as a link opening in a new tab, or as plain text when its URL is not http(s). */
export function sourceLink(source) {
  const href = safeUrl(source && source.url);
  const label = sourceLabel(source);
  return href ? el("a", {href, target: "_blank", rel: "noopener noreferrer"}, label) : el("span", {}, label);
}

/** The JSON of a <script type="application/json"> block (Django's json_script), or `fallback`. */
export function jsonScript(id, fallback) {
  const node = document.getElementById(id);
  if (!node) return fallback;
  try { return JSON.parse(node.textContent || "null") ?? fallback; } catch (error) { return fallback; }
}

/** `fn` called once calls stop for `ms` milliseconds, with the last call's arguments. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
