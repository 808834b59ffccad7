"""Geoparser throughput benchmark: docs/s in one process, cold start (index load) and peak RSS.

    python bench/extract.py [IN.jsonl ...] [--index var/gazetteer-sources.idx] [--repeat 3]

Input lines are {"id", "text"}; without arguments the seed article and the ../shared data sets
are used when present. Prints figures; asserts nothing (timings belong here, not in tests).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from bench.geoparse_eval import DEFAULT_INDEX, _read_gold, load_or_build  # noqa: E402
from events.extraction.gazetteer import Gazetteer  # noqa: E402
from events.extraction.geoparse import geoparse  # noqa: E402


def _documents(paths: list[Path]) -> list[str]:
    if not paths:
        paths = sorted((SHARED / "datasets").glob("*.jsonl"))
    seed = SHARED / "seed" / "gold.json"
    if seed.exists():
        paths = [*paths, seed]
    return [doc["text"] for path in paths for doc in _read_gold(path)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if not args.index.exists():
        load_or_build(args.index)  # build the compiled index once; its load is timed below
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    gazetteer = Gazetteer.load(args.index)
    cold_start = time.perf_counter() - started
    texts = _documents(args.inputs)
    if not texts:
        sys.exit("no input documents (give a JSONL file)")
    geoparse(texts[0], gazetteer)  # warm-up
    best = 0.0
    mentions = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        mentions = sum(len(geoparse(text, gazetteer)) for text in texts)
        best = max(best, len(texts) / (time.perf_counter() - started))
    chars = sum(len(t) for t in texts) / len(texts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents      {len(texts)} (mean {chars:.0f} chars), {mentions} mentions")
    print(f"docs/s         {best:.0f}  (best of {args.repeat}, one process)")
    print(f"cold start     {cold_start:.2f} s  (index load, {len(gazetteer)} places)")
    print(f"peak RSS       {peak:.0f} MB  (before load {rss_before / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
