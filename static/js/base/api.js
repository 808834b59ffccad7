/* Reading the API from the map pages: JSON with the API's one error shape ({"error": "..."},
 * CONTRACT §3b) turned into an Error carrying that text, and requests of one kind where only the newest
 * answer counts (a later view cancels the earlier request instead of racing it). */

export class HttpError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "HttpError";
    this.status = status;
  }
}

/** The API's error text of a failed response, or "HTTP <status>" when it sent none. */
export async function errorMessage(response) {
  try {
    const data = await response.json();
    if (data && typeof data.error === "string" && data.error) return data.error;
  } catch (ignored) { /* not JSON */ }
  return `HTTP ${response.status}`;
}

/** GET `url` as JSON; a failed response throws an HttpError with the API's error text. */
export async function fetchJson(url, {signal} = {}) {
  const response = await fetch(url, {signal, headers: {Accept: "application/json"}});
  if (!response.ok) throw new HttpError(await errorMessage(response), response.status);
  return response.json();
}

export const isAbort = (error) => Boolean(error) && error.name === "AbortError";

/** fetchLatest(kind, url): fetchJson that aborts the request of the same kind still in flight, so
 * only the newest answer is drawn. `onBusy(busy)` hears when the first request starts and the last ends. */
export function latestFetcher(onBusy = () => {}) {
  const inflight = new Map();
  let pending = 0;
  const fetchLatest = async (kind, url) => {
    if (inflight.has(kind)) inflight.get(kind).abort();
    const controller = new AbortController();
    inflight.set(kind, controller);
    pending += 1;
    if (pending === 1) onBusy(true);
    try {
      return await fetchJson(url, {signal: controller.signal});
    } finally {
      pending -= 1;
      if (inflight.get(kind) === controller) inflight.delete(kind);
      if (pending === 0) onBusy(false);
    }
  };
  fetchLatest.abort = (kind) => {
    if (inflight.has(kind)) inflight.get(kind).abort();
  };
  return fetchLatest;
}

/** fetch(url) as an ArrayBuffer, each URL asked once: later callers share the first answer. The
 * newest `size` answers are kept (a failed one is forgotten, so it is asked again next time). Used for
 * vector tiles: the world copies east and west show the same tiles, and zooming back out finds its
 * tiles already here. */
export function bufferCache(size = 256, fetcher = (url) => fetch(url)) {
  const cache = new Map();
  const get = (url) => {
    if (cache.has(url)) {
      const hit = cache.get(url);
      cache.delete(url);  // re-inserted: the Map's order is the order of use
      cache.set(url, hit);
      return hit;
    }
    const answer = Promise.resolve(fetcher(url))
      .then((response) => (response.ok ? response.arrayBuffer()
        : Promise.reject(new HttpError(`HTTP ${response.status}`, response.status))));
    answer.catch(() => { if (cache.get(url) === answer) cache.delete(url); });
    cache.set(url, answer);
    while (cache.size > size) cache.delete(cache.keys().next().value);
    return answer;
  };
  get.has = (url) => cache.has(url);
  get.clear = () => cache.clear();
  return get;
}
