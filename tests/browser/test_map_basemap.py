"""The analyst map's base map at low zoom and across the antimeridian (issue 10): no stray line crosses
the world at zoom 2-3, and land, events and control are drawn in every copy of the world the view shows,
after real drags and zoom clicks. Screenshots go to $MAP_SCREENSHOTS (default /tmp/conflictmap-screenshots)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.test_map import map_data  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser]

SHOTS = Path(os.environ.get("MAP_SCREENSHOTS", "/tmp/conflictmap-screenshots"))

# In the page: the base map's canvas renderer and what it has drawn.
BASEMAP_JS = """
() => {
  const map = window.conflictmap.map;
  const renderers = Object.values(map._layers).filter((l) => l instanceof L.Canvas && l.options.pane === "basemap");
  return renderers[0];
}
"""

LONGEST_STROKE_JS = """
() => {
  // The longest step across the screen of any stroked base-map line in the last paint, in pixels,
  // and the world's width at this zoom (js/base/basemap.js records what it painted).
  const renderer = (FIND_BASEMAP_RENDERER)();
  const {longest, paths} = renderer.painted;
  return {longest, paths, world: window.conflictmap.map.getPixelWorldBounds().getSize().x};
}
""".replace("FIND_BASEMAP_RENDERER", BASEMAP_JS)

PIXEL_JS = """
([lat, lon]) => {
  // What the base map's canvas holds at a longitude (not wrapped: 210 is the copy east of 180).
  const map = window.conflictmap.map;
  const renderer = (FIND_BASEMAP_RENDERER)();
  const ratio = L.Browser.retina ? 2 : 1;
  const p = map.latLngToLayerPoint([lat, lon]).subtract(renderer._bounds.min).multiplyBy(ratio);
  const [r, g, b, a] = renderer._ctx.getImageData(Math.round(p.x), Math.round(p.y), 1, 1).data;
  const c = map.latLngToContainerPoint([lat, lon]);
  const size = map.getSize();
  return {r, g, b, a, onScreen: c.x >= 0 && c.y >= 0 && c.x < size.x && c.y < size.y};
}
""".replace("FIND_BASEMAP_RENDERER", BASEMAP_JS)

SETTLED_JS = "() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))"


def open_at(page, lat: float, lon: float, zoom: int, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/?lat={lat}&lon={lon}&z={zoom}&date=2017-11-20")
    page.wait_for_selector('#event-counter[data-count="3"]')
    page.wait_for_selector('#map[data-basemap="drawn"]')
    page.wait_for_load_state("networkidle")
    page.evaluate(SETTLED_JS)


def view_change(page, action) -> None:
    """Run a real mouse action and wait for the map to stop moving and repaint."""
    page.evaluate("() => { window.__moved = new Promise((r) => window.conflictmap.map.once('moveend', r)); }")
    action()
    page.evaluate("() => window.__moved.then(() => true)")
    page.evaluate(SETTLED_JS)


def drag(page, dx: int) -> None:
    box = page.locator("#map").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + dx * step / 10, y)
    page.mouse.up()


def assert_no_stray_lines(page) -> None:
    drawn = page.evaluate(LONGEST_STROKE_JS)
    assert drawn["paths"] > 0
    assert drawn["longest"] < drawn["world"] / 2, drawn


def is_land(pixel) -> bool:
    return pixel["a"] > 200 and (pixel["r"], pixel["g"], pixel["b"]) == (0xF4, 0xF1, 0xEA)


def land_at(page, lat: float, lon: float) -> dict:
    return page.evaluate(PIXEL_JS, [lat, lon])


@pytest.mark.parametrize("width,height", [(1400, 900), (400, 800)])
def test_no_line_crosses_the_world_at_zoom_2_and_3(page, map_data, width, height):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    open_at(page, 60, 170, 2, width, height)
    assert_no_stray_lines(page)
    page.screenshot(path=str(SHOTS / f"basemap-z2-{width}x{height}.png"))

    view_change(page, lambda: page.click(".leaflet-control-zoom-in"))
    assert page.evaluate("window.conflictmap.map.getZoom()") == 3
    assert_no_stray_lines(page)
    page.screenshot(path=str(SHOTS / f"basemap-z3-{width}x{height}.png"))
    # Chukotka runs on east of 180 and Alaska follows: land on both sides of the date line.
    assert is_land(land_at(page, 66.5, 175)) and is_land(land_at(page, 65, 360 - 155))

    view_change(page, lambda: drag(page, -width // 3))  # east, across the date line
    assert_no_stray_lines(page)
    page.screenshot(path=str(SHOTS / f"basemap-z3-panned-{width}x{height}.png"))
    view_change(page, lambda: page.click(".leaflet-control-zoom-out"))
    assert_no_stray_lines(page)
    page.screenshot(path=str(SHOTS / f"basemap-z2-panned-{width}x{height}.png"))
    # Down to Antarctica, which goes round the pole: filled to the map's edge, with no line along it.
    view_change(page, lambda: drag_vertically(page, -height // 2))
    assert_no_stray_lines(page)
    page.screenshot(path=str(SHOTS / f"basemap-z2-south-{width}x{height}.png"))
    assert page.log.errors == [] and page.log.foreign_requests() == []


def drag_vertically(page, dy: int) -> None:
    box = page.locator("#map").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x, y + dy * step / 10)
    page.mouse.up()


def test_land_is_drawn_east_of_180_after_panning_and_no_fill_crosses_the_ocean(page, map_data):  # noqa: F811
    open_at(page, 20, 150, 3, 1400, 900)
    view_change(page, lambda: drag(page, -150))  # a real drag east: the centre stays west of 180
    east = page.evaluate("window.conflictmap.map.getBounds().getEast()")
    assert east > 250
    alaska, mexico, pacific = land_at(page, 64, 360 - 150), land_at(page, 24, 360 - 103), land_at(page, 0, 360 - 150)
    assert alaska["onScreen"] and mexico["onScreen"] and pacific["onScreen"]
    assert is_land(alaska) and is_land(mexico)
    assert pacific["a"] == 0  # open ocean east of the date line stays empty: no polygon smeared across it

    # Further east the map re-centres on the first copy (worldCopyJump) and the west is drawn too.
    view_change(page, lambda: drag(page, -700))
    assert -180 <= page.evaluate("window.conflictmap.map.getCenter().lng") <= 180
    bounds = page.evaluate("(() => { const b = window.conflictmap.map.getBounds(); return [b.getWest(), b.getEast()]; })()")
    west = bounds[0]
    if west < -180:
        # Japan's copy west of -180 (137.7 - 360): the view's west edge is land, not blank.
        assert is_land(land_at(page, 36, 138 - 360))
    assert page.log.errors == [] and page.log.foreign_requests() == []


def test_events_and_control_are_drawn_and_clickable_in_the_world_copy(page, map_data):  # noqa: F811
    # At zoom 2 and 1400 px the view holds 490 degrees: Iraq (lon 42) is in sight twice, at 42 and 402.
    open_at(page, 30, 180, 2, 1400, 900)
    page.click(".legend > summary")  # the copy is at the right edge, where the legend is open
    point = page.evaluate("window.conflictmap.eventScreenPoint(0)")
    world = page.evaluate("window.conflictmap.map.getPixelWorldBounds().getSize().x")
    copy = {"x": point["x"] + world, "y": point["y"]}
    box = page.locator("#map").bounding_box()
    assert box["x"] <= copy["x"] < box["x"] + box["width"]
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('.leaflet-control') === null",
                         [copy["x"], copy["y"]])

    # The events' canvas holds the copy's circle where the copy is.
    painted = page.evaluate("""([x, y]) => {
      const renderer = window.conflictmap.map._layers[Object.keys(window.conflictmap.map._layers)
        .find((id) => window.conflictmap.map._layers[id] instanceof L.Canvas
                      && window.conflictmap.map._layers[id].options.pane === "events")];
      const box = window.conflictmap.map.getContainer().getBoundingClientRect();
      const layerPoint = window.conflictmap.map.containerPointToLayerPoint([x - box.left, y - box.top]);
      const p = layerPoint.subtract(renderer._bounds.min);
      return renderer._ctx.getImageData(Math.round(p.x), Math.round(p.y), 1, 1).data[3];
    }""", [copy["x"], copy["y"]])
    assert painted > 0

    page.mouse.click(copy["x"], copy["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    page.screenshot(path=str(SHOTS / "basemap-copy-popup-1400x900.png"))
    # The copy holds the control place and the three events: a list, each item opening its popup.
    items = popup.locator("button[data-kind='event']")
    assert items.count() == 3
    items.first.click()
    links = popup.locator("a[href^='/events/']")
    links.first.wait_for()  # the item's popup replaces the list
    assert links.count() >= 1
    assert page.log.errors == [] and page.log.foreign_requests() == []
