"""Benchmark: how long the analyst map takes to draw N events in Chromium (issue 10: 100k events, the
whole world over all time in <= 2 s, aim 1 s; three zoom steps in <= 1.5 s, aim 0.5 s). Prints figures,
asserts nothing.

Run against a database of its own (synthetic events are added when fewer exist than asked):

    DATABASE_URL=postgis://postgres@%2Fwork%2Fmain%2Fvar%2Frun:5432/conflictmap_bench \\
        .venv/bin/python bench/map_draw.py [--events 100000] [--runs 3]

The server is `make run`'s (gunicorn, bench.api.start_server); the browser Debian's Chromium driven by
Playwright at 1400x900. "first draw" runs from navigation to the map's data-drawn="true" (the GeoJSON
drawn, or every vector tile of the view loaded and painted); "zoom" is one zoom-in step, until the new
tiles are drawn. Each is printed twice: wall-clock in this script, and "in the page" (performance.now()
from navigation start, or from the zoom call, to data-drawn="true"), which leaves out Playwright's polling. The
load average is printed with each run: these are wall-clock times on a shared machine (2 cores), quote
the runs of a quiet moment. Where the time goes: `performance.getEntriesByType('resource')` and a
PerformanceObserver of 'longtask' in the page (or a CDP CPU profile) show the requests and the main
thread's work between navigation and data-drawn.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")

import django  # noqa: E402

django.setup()

from bench.api import free_port, start_server  # noqa: E402
from bench.tiles import ensure_events  # noqa: E402
from events.models import Event  # noqa: E402

CHROMIUM = "/usr/bin/chromium"

# In the page: when #map first says data-drawn="true", in ms since navigation started (the page's time
# origin), free of Playwright's polling and round trips, which add 0.1-0.3 s a step on a loaded machine.
FIRST_DRAWN_JS = """
document.addEventListener("DOMContentLoaded", () => {
  const map = document.getElementById("map");
  const seen = () => { if (map.dataset.drawn === "true" && window.__firstDrawn === undefined) window.__firstDrawn = performance.now(); };
  new MutationObserver(seen).observe(map, {attributes: true, attributeFilter: ["data-drawn"]});
});
"""
# One zoom step, timed in the page from the call to the next data-drawn="true".
ZOOM_JS = """
() => new Promise((resolve) => {
  const map = document.getElementById("map");
  const started = performance.now();
  const observer = new MutationObserver(() => {
    if (map.dataset.drawn === "true") { observer.disconnect(); resolve(performance.now() - started); }
  });
  observer.observe(map, {attributes: true, attributeFilter: ["data-drawn"]});
  window.conflictmap.map.zoomIn(1, {animate: false});
  if (window.conflictmap.state.mode !== "tiles") { observer.disconnect(); resolve(performance.now() - started); }
})
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ensure_events(args.events)
    total = Event.objects.exclude(status=Event.Status.REJECTED).count()
    print(f"{total:,} events; {args.runs} runs; load average {os.getloadavg()[0]:.2f}", flush=True)

    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_server(port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            first, zooms, modes, first_in_page, zooms_in_page = [], [], set(), [], []
            for run in range(args.runs + 1):  # run 0 warms the server's caches and is not counted
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.add_init_script(FIRST_DRAWN_JS)
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/?window=0&lat=20&lon=20&z=2", timeout=120_000)
                page.wait_for_selector("#map[data-drawn=true]", state="attached", timeout=120_000)
                drawn = time.perf_counter() - started
                drawn_in_page = page.evaluate("window.__firstDrawn") / 1000
                modes.add(page.evaluate("window.conflictmap.state.mode"))
                steps, steps_in_page = [], []
                for _ in range(3):
                    started = time.perf_counter()
                    steps_in_page.append(page.evaluate(ZOOM_JS) / 1000)
                    steps.append(time.perf_counter() - started)
                page.close()
                if run:
                    first.append(drawn)
                    zooms.append(sum(steps))
                    first_in_page.append(drawn_in_page)
                    zooms_in_page.append(sum(steps_in_page))
                    print(f"run {run}: first draw {drawn:.2f} s (in the page {drawn_in_page:.2f} s), three zoom steps "
                          f"{sum(steps):.2f} s (in the page {sum(steps_in_page):.2f} s: "
                          f"{', '.join(f'{s:.2f}' for s in steps_in_page)}); load average {os.getloadavg()[0]:.2f}",
                          flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"in the page: first draw median {statistics.median(first_in_page):.2f} s, three zoom steps median "
          f"{statistics.median(zooms_in_page):.2f} s")
    print(f"drawn as {', '.join(sorted(modes))}; first draw median {statistics.median(first):.2f} s, "
          f"three zoom steps median {statistics.median(zooms):.2f} s; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
