"""Article body from HTML pages: the text a reader sees, without menus, scripts or markup."""

from __future__ import annotations

import re

_TAG = re.compile(r"<\s*(html|body|div|p|article|head|br|span|section)\b", re.IGNORECASE)


def looks_like_html(raw: str) -> bool:
    """True for markup (a page or a fragment), False for plain text that merely contains a '<'."""
    return bool(_TAG.search(raw[:5000]))


def article_text(raw: str) -> str:
    """Main text of an HTML page; falls back to all visible text when the page has no clear article.

    Malformed markup is tolerated (lxml repairs it); an empty page gives an empty string.
    """
    import trafilatura  # imported lazily: only HTML input pays for it

    text = trafilatura.extract(raw, include_comments=False, include_tables=False, favor_recall=True)
    if text:
        return text
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(raw)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for element in tree.xpath("//script|//style|//noscript"):
        element.drop_tree()
    return re.sub(r"[ \t]+", " ", tree.text_content()).strip()
