"""Event-coder speed: code_events alone, on the dev-set articles, with geoparse output precomputed.

    .venv/bin/python bench/coder_speed.py [--data tests/data/control_dev.jsonl] [--index var/gazetteer.idx]
                                          [--repeat 5] [--profile] [--published YYYY-MM-DD]

Also usable on longer real-world texts, e.g. --data ../shared/datasets/geowebnews.jsonl --published 2019-06-01.

Geoparsing runs once per article before timing; each timed pass codes every article (actor scan,
triggers, dates, events). Reports the best of ``--repeat`` passes (process CPU time, so other load on the box counts less) in ms per article and ms per 4 KB
of text (the budget: ~1.5 ms per 4 KB, so that the whole extraction reaches 200 articles/s per core).
Actor-dictionary caches are keyed by the text, so they are cleared before each article: every call
pays for its own scan as it would on a stream of new articles. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._paths import default_index  # noqa: E402
from events.extraction.actors import ActorDictionary  # noqa: E402
from events.extraction.coder import code_events  # noqa: E402
from events.extraction.gazetteer import Gazetteer  # noqa: E402
from events.extraction.geoparse import geoparse  # noqa: E402

DEFAULT_DATA = REPO / "tests" / "data" / "control_dev.jsonl"
DEFAULT_INDEX = default_index()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one pass")
    parser.add_argument("--published", type=dt.date.fromisoformat,
                        help="publication date for records without one (so relative dates are resolved)")
    args = parser.parse_args()
    gazetteer = Gazetteer.load(args.index)
    actors = ActorDictionary.load()
    docs = []
    for line in args.data.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            published = dt.date.fromisoformat(record["published"]) if record.get("published") else args.published
            docs.append((record["text"], geoparse(record["text"], gazetteer), published))
    chars = sum(len(text) for text, _, _ in docs)

    def one_pass() -> tuple[float, int]:
        spent, events = 0.0, 0
        for text, mentions, published in docs:
            started = time.process_time()
            events += len(code_events(text=text, mentions=mentions, published=published, actors=actors))
            spent += time.process_time() - started
        return spent, events

    one_pass()  # warm-up (regex compilation, lazy tables)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        one_pass()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    best, events = min(one_pass() for _ in range(args.repeat))
    per_article = 1000 * best / len(docs)
    per_4kb = 1000 * best / (chars / 4096)
    print(f"articles       {len(docs)} (mean {chars / len(docs):.0f} chars), {events} events")
    print(f"code_events    {per_article:.3f} ms/article, {per_4kb:.3f} ms per 4 KB  (best of {args.repeat})")
    print(f"coder alone    {len(docs) / best:.0f} articles/s")


if __name__ == "__main__":
    main()
