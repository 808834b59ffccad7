"""Readers of what comes into ConflictMap from outside: articles (`articles`) and the raw gazetteer data
sets (`gazetteer`). Plain Python, no Django: the same readers serve the commands, the API and the tests."""
