"""Add an article in a real browser: pasted text (with title, URL and date) or a chosen .txt/.html
file goes to POST /api/sources and the article page opens; the same text again opens the same
article; bad input is said on the page; viewers get no form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from events.models import Source
from tests.browser.editor_helpers import log_in, make_user

pytestmark = [pytest.mark.browser]
# Text without place names: the extractor's compiled index refers to the session gazetteer, which the
# browser tests' flush removed, so these tests look at the page's path, not at the geoparser.
TEXT = "The committee met again on Tuesday and agreed <b>nothing</b>, a spokesman said."


def test_editor_pastes_an_article_and_lands_on_its_page(page, transactional_db, django_user_model):
    make_user(django_user_model, "eve", "editors")
    log_in(page, "eve")
    page.click("nav >> text=Add article")
    expect(page).to_have_url(re.compile("/sources/new/$"))
    page.fill("#source-title", "Committee report")
    page.fill("#source-url", "https://example.org/committee")
    page.fill("#source-published", "2024-02-18")
    page.fill("#source-text", TEXT)
    page.click("#source-submit")
    page.wait_for_url(re.compile(r"/sources/\d+/$"))
    source = Source.objects.get(title="Committee report")
    assert page.url.endswith(f"/sources/{source.pk}/")
    assert source.url == "https://example.org/committee" and str(source.published) == "2024-02-18"
    expect(page.locator("h1")).to_have_text("Committee report")
    assert "<b>nothing</b>" in page.text_content("#article-text")  # the text shown as text

    # The same text again is the same article (ingest is idempotent by content).
    page.goto("/sources/new/")
    page.fill("#source-text", TEXT)
    page.click("#source-submit")
    page.wait_for_url(re.compile(rf"/sources/{source.pk}/$"))
    assert Source.objects.count() == 1

    # Bad input is refused with the API's message, and nothing is stored.
    page.goto("/sources/new/")
    page.fill("#source-text", "Another text.")
    page.fill("#source-url", "javascript:alert(1)")
    page.click("#source-submit")
    expect(page.locator("#source-message")).to_contain_text("Not added: url:")
    assert Source.objects.count() == 1
    page.screenshot(path="/tmp/editor3-add-article.png", full_page=True)
    assert [e for e in page.log.errors if "HTTP 400" not in e and "400 (Bad Request)" not in e] == []
    assert page.log.foreign_requests() == []


def test_editor_uploads_a_file(page, transactional_db, django_user_model, tmp_path):
    make_user(django_user_model, "eve", "editors")
    log_in(page, "eve")
    page.goto("/sources/new/")
    html = tmp_path / "report.html"
    html.write_text("<html><head><title>x</title></head><body><article><p>" + TEXT.replace("<b>", "").replace("</b>", "")
                    + "</p><p>The meeting ended late in the evening after long talks.</p></article></body></html>",
                    encoding="utf-8")
    page.set_input_files("#source-file", str(html))
    expect(page.locator("#source-message")).to_contain_text("Read report.html")
    assert page.input_value("#source-title") == "report"
    page.click("#source-submit")
    page.wait_for_url(re.compile(r"/sources/\d+/$"))
    source = Source.objects.get(title="report")
    assert "The committee met again" in source.text and "<article>" not in source.text  # the body, reduced
    assert page.log.errors == []


def test_viewer_gets_no_form(page, transactional_db, django_user_model):
    make_user(django_user_model, "vic", None)
    log_in(page, "vic")
    page.goto("/sources/new/")
    assert page.is_visible("#read-only-note")
    assert page.query_selector("#source-new") is None
