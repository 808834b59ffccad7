"""Run the geoparser over a gold JSONL file and write system output for shared/tools/geoscore.py.

    python bench/geoparse_eval.py GOLD.jsonl [--out var/eval/NAME.sys.jsonl] [--rebuild]
    python /work/shared/tools/geoscore.py GOLD.jsonl var/eval/NAME.sys.jsonl --show 40

The gazetteer is built straight from the source files (no database) and cached in var/.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from events.extraction.gazetteer import Gazetteer  # noqa: E402
from events.extraction.geoparse import geoparse  # noqa: E402
from events.sources.gazetteer import cached_default_gazetteer  # noqa: E402

DEFAULT_INDEX = REPO / "var" / "gazetteer-sources.idx"


def load_or_build(index_path: Path = DEFAULT_INDEX, rebuild: bool = False) -> Gazetteer:
    started = time.perf_counter()
    gazetteer = cached_default_gazetteer(index_path, rebuild)
    print(
        f"gazetteer {index_path} ({len(gazetteer)} places) ready in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    return gazetteer


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    gazetteer = load_or_build(args.index, args.rebuild)
    out = args.out or REPO / "var" / "eval" / (args.gold.stem + ".sys.jsonl")
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = _read_gold(args.gold)
    started = time.perf_counter()
    with open(out, "w", encoding="utf-8") as fh:
        for doc in lines:
            fh.write(json.dumps({"id": doc["id"], "mentions": geoparse(doc["text"], gazetteer)}) + "\n")
    elapsed = time.perf_counter() - started
    print(
        f"{len(lines)} docs in {elapsed:.2f}s ({len(lines) / max(elapsed, 1e-9):.0f} docs/s) -> {out}",
        file=sys.stderr,
    )


def _read_gold(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8").strip()
    if text.startswith("{") and "\n{" not in text:  # a single JSON document (seed/gold.json)
        return [json.loads(text)]
    return [json.loads(line) for line in text.split("\n") if line.strip()]


if __name__ == "__main__":
    main()
