"""The browsable API documentation (/api/schema/docs): Swagger UI served from our own static files shows
every endpoint, with nothing requested from another host and nothing refused by the page's policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser]


def test_swagger_ui_shows_the_api_offline(page):
    page.goto("/api/schema/docs")
    expect(page.locator(".swagger-ui .opblock-summary-path").first).to_be_visible()
    paths = page.locator(".swagger-ui .opblock-summary-path").all_text_contents()
    joined = " ".join(paths)
    for path in ["/api/events.geojson", "/api/control.geojson", "/api/mentions/{mention_id}/place",
                 "/api/events/{event_id}/status", "/api/areas"]:
        assert path.replace("{", "").replace("}", "") in joined.replace("{", "").replace("}", ""), path
    assert page.log.errors == []
    assert page.log.foreign_requests() == []
