"""Fit the resolver's feature weights (events/extraction/data/resolver_weights.json) on annotated text.

    .venv/bin/python bench/fit_resolver.py [--dry-run] [--rounds 2] [--index var/gazetteer-sources.idx]

The model: for each distinct name of a document, P(reading) = softmax over its readings of
TEMPERATURE x score, score = weights . features (events/extraction/resolver_features.py) - a
conditional (listwise) logistic regression, whose probabilities are the resolver's own confidences.
It is fitted by maximum likelihood of the readings the gold annotation accepts (geoscore.py's rule:
the same country for a country, the same country and ADM1 or 161 km for a first-level region, 161 km
otherwise), with an L2 pull towards the hand-set weights: a feature the data rarely sees (an editor's
choice) keeps its hand-set weight. Features depend on the other names' resolution (anchors, focus), so
the fit alternates: resolve with the current weights, collect features, fit; `--rounds` times.

Data, each document split once by a hash of its set and id (never by chance):
  - tests/data/control_real_dev.jsonl (real articles; the frozen test part is never read here),
  - tests/data/geoparse_conflict_dev.jsonl (our own prose),
  - ../shared/datasets/{geowebnews,tr-news,lgl}.jsonl (GPL-3.0 evaluation data, read in place, never
    copied): half of each set ("fit" part) is used for fitting, the other half ("held-out") only for
    the figures. Within the fit part, one half trains and the other validates the L2 strength; the
    final weights are fitted on the whole fit part.
Prints precision/recall/F1, acc@161 and end-to-end (geoscore.py's figures) on the held-out part, the
fit part and the whole set, for the hand-set and the fitted weights, then writes the weights file.
Deterministic: no random numbers; the same data give the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.geoparse_eval import DEFAULT_INDEX, load_or_build  # noqa: E402
from events.extraction.gazetteer import Gazetteer  # noqa: E402
from events.extraction.geoparse import geoparse, read_names  # noqa: E402
from events.extraction.resolve import resolve_groups  # noqa: E402
from events.extraction.resolver_features import (  # noqa: E402
    FEATURE_NAMES,
    SOFTMAX_TEMPERATURE,
    WEIGHTS_PATH,
    load_weights,
)

SHARED = REPO.parent / "shared"
SETS = {
    "real-dev": REPO / "tests" / "data" / "control_real_dev.jsonl",
    "conflict": REPO / "tests" / "data" / "geoparse_conflict_dev.jsonl",
    "geowebnews": SHARED / "datasets" / "geowebnews.jsonl",
    "tr-news": SHARED / "datasets" / "tr-news.jsonl",
    "lgl": SHARED / "datasets" / "lgl.jsonl",
}
# Strength of the pull towards the hand-set weights, in names: the penalty l2 x |w - hand|^2 / 2 is
# added to the summed negative log-likelihood of the names.
L2_GRID = (3.0, 10.0, 30.0, 100.0)
STEPS, LEARNING_RATE = 1500, 0.05


def _geoscore():
    spec = importlib.util.spec_from_file_location("geoscore", SHARED / "tools" / "geoscore.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEOSCORE = _geoscore()


def part_of(set_name: str, doc_id: str) -> str:
    """'train' or 'validate' (together the fit part) or 'held-out', fixed by a hash of set and id."""
    bucket = int(hashlib.sha1(f"{set_name}:{doc_id}".encode()).hexdigest(), 16) % 4
    return "train" if bucket == 0 else "validate" if bucket == 1 else "held-out"


def load_set(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


@dataclass(slots=True)
class NameExample:
    """One name of a document: its readings' features and which readings the gold accepts."""

    rows: np.ndarray  # readings x features
    right: np.ndarray  # bool per reading


def examples(gazetteer: Gazetteer, docs: Iterable[dict], weights: Mapping[str, float]) -> list[NameExample]:
    """Resolve every document with these weights; each gold name with a right and a wrong reading
    gives one example (the features of the last round of resolution)."""
    column = {name: n for n, name in enumerate(FEATURE_NAMES)}
    out = []
    for doc in docs:
        reading = read_names(doc["text"], gazetteer)
        groups = reading.groups
        resolve_groups(gazetteer, list(groups.values()), reading.demonyms, weights)
        for gold in doc["toponyms"]:
            if gold.get("lat") is None and gold.get("kind") != "country":
                continue
            surfaces = {GEOSCORE.norm(x) for x in gold["surface"]}
            group = next((g for g in groups.values() if GEOSCORE.norm(g.spans[0].text) in surfaces), None)
            if group is None or len(group.features) < 2:
                continue
            indices = list(group.features)
            right = np.array([GEOSCORE.resolved_ok(gold, gazetteer.place(i).as_json())[0] for i in indices])
            if right.all() or not right.any():
                continue
            rows = np.zeros((len(indices), len(FEATURE_NAMES)))
            for r, index in enumerate(indices):
                for name, value in group.features[index].items():
                    rows[r, column[name]] = value
            out.append(NameExample(rows=rows, right=right))
    return out


def headroom(gazetteer: Gazetteer, docs: Iterable[dict], weights: Mapping[str, float]) -> dict[str, int]:
    """What a reweighting can win at most: of the gold toponyms with a point, how many the geoparser
    finds under that very name, how many of those have a right reading among the candidates, and how
    many of these the score ranks first."""
    counts = dict(gold=0, found=0, right_reading=0, ranked_first=0)
    for doc in docs:
        reading = read_names(doc["text"], gazetteer)
        resolve_groups(gazetteer, list(reading.groups.values()), reading.demonyms, weights)
        for gold in doc["toponyms"]:
            if gold.get("lat") is None and gold.get("kind") != "country":
                continue
            counts["gold"] += 1
            surfaces = {GEOSCORE.norm(x) for x in gold["surface"]}
            group = next((g for g in reading.groups.values() if GEOSCORE.norm(g.spans[0].text) in surfaces), None)
            if group is None or group.best is None:
                continue
            counts["found"] += 1
            right = {i for i in group.scores if GEOSCORE.resolved_ok(gold, gazetteer.place(i).as_json())[0]}
            counts["right_reading"] += bool(right)
            counts["ranked_first"] += group.best in right
    return counts


def fit(data: list[NameExample], start: np.ndarray, l2: float) -> np.ndarray:
    """Maximum likelihood of the right readings (softmax over each name's readings), L2 towards start.

    Full-batch Adam from the start weights: deterministic, and enough for ~50 weights.
    """
    rows = np.vstack([d.rows for d in data])
    right = np.concatenate([d.right for d in data]).astype(float)
    sizes = np.array([len(d.right) for d in data])
    owner = np.repeat(np.arange(len(data)), sizes)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    w = start.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, STEPS + 1):
        s = SOFTMAX_TEMPERATURE * rows @ w
        s -= np.maximum.reduceat(s, offsets)[owner]
        e = np.exp(s)
        p = e / np.add.reduceat(e, offsets)[owner]
        q = p * right
        q /= np.add.reduceat(q, offsets)[owner]  # posterior over the right readings of each name
        grad = (SOFTMAX_TEMPERATURE * rows.T @ (p - q) + l2 * (w - start)) / len(data)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def outputs(gazetteer: Gazetteer, docs: list[dict], weights: Mapping[str, float]) -> dict[str, dict]:
    """The geoparser's output with these weights, as geoscore.py reads a system file."""
    return {doc["id"]: {"mentions": geoparse(doc["text"], gazetteer, weights=weights)} for doc in docs}


def figures(docs: list[dict], system: Mapping[str, dict]) -> dict[str, float]:
    """geoscore.py's figures of a system output on these documents."""
    tot = GEOSCORE.score(docs, system)[0]
    precision = tot["sys_ok"] / tot["sys"] if tot["sys"] else 0.0
    recall = tot["found"] / tot["g"] if tot["g"] else 0.0
    return {
        "f1": GEOSCORE.f1(precision, recall),
        "acc161": tot["res_ok"] / tot["res_n"] if tot["res_n"] else 0.0,
        "end_to_end": tot["e2e_ok"] / tot["e2e_n"] if tot["e2e_n"] else 0.0,
    }


def validation_score(gazetteer: Gazetteer, validate: Mapping[str, list[dict]], weights: Mapping[str, float]) -> float:
    """Mean end-to-end accuracy over the sets' validation halves (each set counts the same)."""
    return sum(figures(docs, outputs(gazetteer, docs, weights))["end_to_end"] for docs in validate.values()) / len(validate)


def as_weights(vector: np.ndarray) -> dict[str, float]:
    return {name: round(float(value), 4) for name, value in zip(FEATURE_NAMES, vector, strict=True)}


def fit_rounds(gazetteer: Gazetteer, docs: list[dict], hand: dict[str, float], l2: float, rounds: int) -> dict[str, float]:
    start = np.array([hand.get(name, 0.0) for name in FEATURE_NAMES])
    weights = dict(hand)
    for _ in range(rounds):
        data = examples(gazetteer, docs, weights)
        weights = as_weights(fit(data, start, l2))
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--dry-run", action="store_true", help="print the figures, do not write the weights file")
    parser.add_argument("--l2", type=float, help="this L2 strength instead of choosing one on the validation halves")
    parser.add_argument("--hand", type=Path, default=WEIGHTS_PATH, help="the starting (hand-set) weights")
    args = parser.parse_args()
    started = time.perf_counter()
    gazetteer = load_or_build(args.index)
    hand = dict(json.loads(args.hand.read_text(encoding="utf-8")).get("hand_set") or load_weights(args.hand))
    sets = {name: load_set(path) for name, path in SETS.items() if path.exists()}
    parts = {
        name: {part: [d for d in docs if part_of(name, d["id"]) == part] for part in ("train", "validate", "held-out")}
        for name, docs in sets.items()
    }
    train = [d for p in parts.values() for d in p["train"]]
    validate = {name: p["validate"] for name, p in parts.items()}
    best_l2: float | None = None  # None: the hand-set weights
    best_value = validation_score(gazetteer, validate, hand)
    print(f"hand-set   : mean end-to-end on the validation halves {best_value:.4f}", file=sys.stderr)
    for l2 in (args.l2,) if args.l2 is not None else L2_GRID:
        value = validation_score(gazetteer, validate, fit_rounds(gazetteer, train, hand, l2, args.rounds))
        print(f"L2 {l2:7}: mean end-to-end on the validation halves {value:.4f}", file=sys.stderr)
        if value > best_value:
            best_l2, best_value = l2, value
    fit_docs = [d for p in parts.values() for d in (*p["train"], *p["validate"])]
    if best_l2 is None:
        fitted = dict(hand)
        print("\nno fitted weights beat the hand-set ones on the validation halves: keeping the hand-set weights\n")
    else:
        fitted = fit_rounds(gazetteer, fit_docs, hand, best_l2, args.rounds)
        print(f"\nfitted with L2 {best_l2} on {len(fit_docs)} documents ({args.rounds} rounds)\n")
    print(f"{'set':11} {'part':9} {'docs':>5}  {'F1 hand':>8} {'chosen':>7}  {'acc161 hand':>11} {'chosen':>7}"
          f"  {'e2e hand':>8} {'chosen':>7}")
    report: dict[str, dict] = {}
    for name, docs in sets.items():
        before, after = outputs(gazetteer, docs, hand), outputs(gazetteer, docs, fitted)
        fit_part = parts[name]["train"] + parts[name]["validate"]
        for part, subset in (("held-out", parts[name]["held-out"]), ("fit", fit_part), ("whole", docs)):
            old, new = figures(subset, before), figures(subset, after)
            report.setdefault(name, {})[part] = {k: round(v, 4) for k, v in new.items()}
            print(f"{name:11} {part:9} {len(subset):5}  {old['f1']:8.4f} {new['f1']:7.4f}  "
                  f"{old['acc161']:11.4f} {new['acc161']:7.4f}  {old['end_to_end']:8.4f} {new['end_to_end']:7.4f}")
    print("\nheadroom with the chosen weights (gold toponyms with a point; found under that name; with a right"
          " reading among the candidates; ranked first):")
    for name, docs in sets.items():
        print(f"  {name:11} {headroom(gazetteer, docs, fitted)}")
    if not args.dry_run:
        write(fitted, hand, best_l2, args.rounds, report)
        print(f"\nwrote {WEIGHTS_PATH.relative_to(REPO)}")
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)


def write(fitted: dict[str, float], hand: dict[str, float], l2: float | None, rounds: int, report: dict) -> None:
    chosen = "the hand-set weights (no fitted weights did better on the validation halves)" if l2 is None else (
        f"fitted (conditional logistic regression, L2 {l2} towards the hand-set weights, {rounds} rounds)"
    )
    data = {
        "about": "Weights of the resolver's features (events/extraction/resolver_features.py): a reading's score "
        "is the weighted sum of its features. Chosen by bench/fit_resolver.py on the validation halves of its "
        "data; figures (geoscore.py's) with these weights on each set's held-out part, fit part and whole.",
        "fitted_by": {"script": "bench/fit_resolver.py", "chosen": chosen, "figures": report},
        "weights": fitted,
        "hand_set": hand,
    }
    WEIGHTS_PATH.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
