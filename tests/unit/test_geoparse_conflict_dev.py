"""The geoparser on the hand-annotated conflict-news gold set (tests/data/geoparse_conflict_dev.jsonl).

128 texts (32 long reports, 88 short ones, 8 demo dispatches), 782 toponyms; built by
bench/geoparse_conflict_gold.py and scored with the shared scorer the acceptance test uses
(/work/shared/tools/geoscore.py, referent view). The floors are the acceptance targets; the figures
measured when the set was made were F1 0.968 and acc@161 0.986.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from events.extraction.gazetteer import Gazetteer
from events.extraction.geoparse import geoparse

from .conftest import shared_file

GOLD = Path(__file__).resolve().parents[1] / "data" / "geoparse_conflict_dev.jsonl"


def _scorer():
    spec = importlib.util.spec_from_file_location("geoscore", shared_file("tools", "geoscore.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_conflict_dev_gold_set(gazetteer: Gazetteer) -> None:
    scorer = _scorer()
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(gold) >= 120
    system = {doc["id"]: {"id": doc["id"], "mentions": geoparse(doc["text"], gazetteer)} for doc in gold}
    tot = scorer.score(gold, system)[0]
    precision = tot["sys_ok"] / tot["sys"]
    recall = tot["found"] / tot["g"]
    f1 = scorer.f1(precision, recall)
    acc161 = tot["res_ok"] / tot["res_n"]
    assert f1 >= 0.85, (precision, recall, f1)
    assert acc161 >= 0.90, acc161
