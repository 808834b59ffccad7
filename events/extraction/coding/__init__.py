"""The event coder's internals; ``events.extraction.coder`` is the entry point.

Modules by concern, in the order a sentence meets them:

* ``triggers``  the trigger lexicon (control families, ACLED event types) and the per-article scan
* ``cues``      modality in the words before a trigger: negated, intended, claimed
* ``features``  what kind of place a mention is (town, controllable) by its feature code
* ``layout``    the page around the story: datelines, headline, links and other chrome
* ``article``   per-article state: country focus, main actors, sentences, placed mentions, caches
* ``sentence``  ``SentenceContext``: one sentence with its places, actors and dates
* ``places``    which place(s) a trigger governs (object, passive subject, anaphor, list)
* ``subjects``  who did it and who lost it (subject, "by X", "from X", the likely opponent)
* ``control``   territorial changes and holds ("retook X", "X fell to", "Y-held X"): the sides
* ``families``  one rule per control trigger family: where its place and actors stand
* ``other``     the other ACLED events (strikes, clashes, arrests, protests...)
* ``dating``    the date of a trigger (its clause's date, the paragraph's, the publication day)
* ``records``   the event dicts, their one-line summaries, and the per-article reconciliation
"""
