"""Gazetteer integrity: the shipped data sets (GeoNames cities500, Natural Earth, our curated rows) read
whole and checked. Minutes, not seconds, so they are their own tier: `pytest tests/unit` stays fast and
`pytest -m gazetteer` (or `make test`) runs these."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/gazetteer/" in str(item.fspath):
            item.add_marker(pytest.mark.gazetteer)
