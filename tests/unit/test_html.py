"""Article text from HTML: what a reader sees, robust to broken markup, never the page's code."""

from events.extraction.html import article_text, looks_like_html


def test_plain_text_with_angle_brackets_is_not_html():
    assert not looks_like_html("Casualties rose to < 10 after the strike on Kharkiv.")
    assert looks_like_html("<p>Fighting in Sirte</p>")


def test_article_body_without_scripts_or_menus():
    page = ("<html><head><title>t</title><script>var city = 'Paris';</script><style>p{}</style></head><body>"
            "<nav><a href='/'>Home</a></nav><article><h1>Battle for Sirte</h1>"
            "<p>Forces loyal to the Government of National Accord entered Sirte on Tuesday after weeks of"
            " fighting with Islamic State, officials said.</p></article></body></html>")
    text = article_text(page)
    assert "entered Sirte on Tuesday" in text
    assert "Paris" not in text and "p{}" not in text


def test_malformed_markup_still_gives_its_text():
    text = article_text("<div><p>Unclosed <b>Russian forces captured Avdiivka <i>in Donetsk oblast")
    assert "captured Avdiivka" in text


def test_empty_page_gives_empty_text():
    assert article_text("<html><body></body></html>") == ""
