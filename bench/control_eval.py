"""End-to-end control accuracy on a development set of short news articles (tests/data/control_dev.jsonl).

    .venv/bin/python bench/control_eval.py [--file tests/data/control_dev.jsonl] [--index var/gazetteer.idx]
                                           [--radius-km 15] [--only ID] [--verbose]

Two sets: tests/data/control_dev.jsonl (short wire items, the default) and tests/data/control_dev_long.jsonl
(full-length reports: background paragraphs, quotes, claims and denials, captions and page chrome).
Each line is {"id", "published", "text", "facts": [{"place", "country", "controller", "date", "kind"}]}
(the articles are our own text about publicly known events). Every article goes through the real
pipeline (geoparse -> code_events); the control observations of all articles are pooled per place, and
the control on a day is derived with the product's rules (events.control.control_on: the latest
observation on or before the day wins, change beats holds, assessed beats claimed; a coarse date is
ignored when a day-precision change by the same camp falls in its period; a contested or besieged
place stays with its incumbent, its actor being the challenger...). Actors are told apart by name and
put in one camp through their `side`, as Actor.side does in the database.

A fact is right when
* the day after its date, the place shows a controller whose name or aliases match ``controller``, and
* (changes only) two days before its date the place does not show such a controller, unless the gold
  facts themselves say that controller already held it then (an earlier change or holds fact).
"The place" is the observed place nearest to the gold place (looked up in the gazetteer by name and
country), within ``--radius-km``. Prints the score and every failure with what the map showed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._paths import default_index  # noqa: E402
from events import control as rules  # noqa: E402
from events.extraction.actors import ActorDictionary  # noqa: E402
from events.extraction.gazetteer import Gazetteer  # noqa: E402
from events.extraction.pipeline import Extractor  # noqa: E402

DEFAULT_DATA = REPO / "tests" / "data" / "control_dev.jsonl"
DEFAULT_INDEX = default_index()


@dataclass(frozen=True, slots=True)
class Observed:
    """One control observation from the pipeline, with what the report needs to explain it."""

    place_id: object
    place_name: str
    lat: float
    lon: float
    actor: str
    actor_text: str  # name and aliases: what a controller regex is matched against
    observation: rules.Observation
    article: str
    evidence: str


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), enough to match a gold place to a resolved one."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_point(gazetteer: Gazetteer, fact: dict) -> tuple[float, float] | None:
    """The gold place: its own lat/lon when given (places the gazetteer lacks), else the best
    gazetteer match of its name in its country (lookup ranks spelling first, then population)."""
    if "lat" in fact and "lon" in fact:
        return fact["lat"], fact["lon"]
    found = [p for p in gazetteer.lookup(fact["place"]) if p.country_code == fact["country"]]
    towns = [p for p in found if p.feature_code.startswith("PPL")] or found
    return (towns[0].lat, towns[0].lon) if towns else None


def observations(extractor: Extractor, articles: list[dict]) -> tuple[list[Observed], float]:
    """Run the pipeline on every article; return its control observations and seconds spent.
    Each article also gets ``_resolved``: the (lat, lon) of its resolved mentions, so a failure can
    be put down to the geoparser when the gold place was never resolved."""
    out: list[Observed] = []
    spent = 0.0
    next_id = 1
    for article in articles:
        published = dt.date.fromisoformat(article["published"]) if article.get("published") else None
        started = time.perf_counter()
        extraction = extractor.extract(article["text"], published=published)
        spent += time.perf_counter() - started
        article["_resolved"] = [(m["place"]["lat"], m["place"]["lon"]) for m in extraction["mentions"] if m.get("place")]
        for event in extraction["events"]:
            control, place = event.get("control"), event.get("place")
            if not control or not place or not control.get("gained_by"):
                continue
            gainer = control["gained_by"]
            observation = rules.Observation(
                id=next_id, date=dt.date.fromisoformat(event["date"]), actor_id=hash(gainer["name"]),
                kind=control["kind"], status=control["status"], claimed=bool(control.get("claimed")),
                confidence=event.get("confidence") or 0.0, date_precision=event["date_precision"],
                side_id=hash(gainer["side"]) if gainer.get("side") else None,
            )
            next_id += 1
            evidence = article["text"][event["evidence"]["start"] : event["evidence"]["end"]]
            out.append(Observed(
                place.get("id") or (place["name"], place["lat"], place["lon"]), place["name"],
                place["lat"], place["lon"], gainer["name"], " | ".join([gainer["name"], *gainer["aliases"]]),
                observation, article["id"], evidence,
            ))
    return out, spent


def controller_on(observed: list[Observed], day: dt.date) -> Observed | None:
    """The observation naming the controller of one place on ``day`` under the product's rules
    (events.control.control_on): the winning observation, or for a contested/besieged place the
    incumbent's latest observation; None when nothing is known or no incumbent is."""
    control = rules.control_on([o.observation for o in observed], day)
    if control is None or control.actor_id is None:
        return None
    winner = next(o for o in observed if o.observation.id == control.observation_id)
    if winner.observation.actor_id == control.actor_id:
        return winner
    named = [o for o in observed if o.observation.actor_id == control.actor_id and o.observation.date <= day]
    return max(named, key=lambda o: rules.precedence(o.observation))


def already_held(fact: dict, facts: list[dict], day: dt.date) -> bool:
    """Do the gold facts themselves say the fact's controller held the place on ``day``?"""
    earlier = [f for f in facts if f["place"] == fact["place"] and f is not fact
               and dt.date.fromisoformat(f["date"]) <= day]
    if not earlier:
        return False
    latest = max(earlier, key=lambda f: f["date"])
    return latest["controller"] == fact["controller"]


def evaluate(articles: list[dict], observed: list[Observed], gazetteer: Gazetteer, radius: float,
             verbose: bool) -> tuple[int, int]:
    by_place: dict[object, list[Observed]] = defaultdict(list)
    for o in observed:
        by_place[o.place_id].append(o)
    all_facts = [dict(f, article=a["id"]) for a in articles for f in a["facts"]]
    resolved = {a["id"]: a.get("_resolved", []) for a in articles}
    right = geoparser = 0
    for fact in all_facts:
        day = dt.date.fromisoformat(fact["date"])
        point = gold_point(gazetteer, fact)
        label = f"[{fact['article']}] {fact['place']} {fact['date']} {fact['kind']} /{fact['controller']}/"
        if point is None:
            print(f"FAIL {label}: gold place not in the gazetteer")
            continue
        near = sorted(
            ((km(point[0], point[1], obs[0].lat, obs[0].lon), pid) for pid, obs in by_place.items()),
            key=lambda x: x[0],
        )
        near = [pid for dist, pid in near if dist <= radius]
        pattern = re.compile(fact["controller"])
        after = before = None
        ok_after = ok_before = False
        for pid in near[:1]:
            after = controller_on(by_place[pid], day + dt.timedelta(days=1))
            before = controller_on(by_place[pid], day - dt.timedelta(days=2))
            ok_after = bool(after and pattern.search(after.actor_text))
            ok_before = (fact["kind"] != "change" or not (before and pattern.search(before.actor_text))
                         or already_held(fact, all_facts, day - dt.timedelta(days=2)))
        if ok_after and ok_before:
            right += 1
            if verbose:
                print(f"ok   {label}")
            continue
        reason = []
        if not any(km(point[0], point[1], lat, lon) <= radius for lat, lon in resolved[fact["article"]]):
            geoparser += 1
            reason.append("GEOPARSER: the place was not resolved in the article")
        elif not near:
            mine = [o for o in observed if o.article == fact["article"]]
            reason.append("no observation near the place; article observations: "
                          + (", ".join(f"{o.place_name}={o.actor}@{o.observation.date}" for o in mine) or "none"))
        else:
            if not ok_after:
                reason.append(f"day after shows {_show(after)}")
            if not ok_before:
                reason.append(f"two days before shows {_show(before)}")
        print(f"FAIL {label}: " + "; ".join(reason))
    print(f"\n{geoparser} failures are geoparser misses (the gold place was not resolved)")
    return right, len(all_facts)


def _show(o: Observed | None) -> str:
    if o is None:
        return "nothing"
    ob = o.observation
    return (f"{o.actor} ({ob.kind} {ob.date}{' claimed' if ob.claimed else ''}, {o.place_name}, from {o.article}: "
            f"{o.evidence[:110]!r})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", "--data", dest="data", type=Path, default=DEFAULT_DATA,
                        help="the development set (JSONL); --data is the older spelling")
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--radius-km", type=float, default=15.0)
    parser.add_argument("--only", help="evaluate one article id (its facts, its observations)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    articles = load(args.data)
    if args.only:
        articles = [a for a in articles if a["id"] == args.only]
    gazetteer = Gazetteer.load(args.index)
    extractor = Extractor(gazetteer=gazetteer, actors=ActorDictionary.load())
    observed, spent = observations(extractor, articles)
    right, total = evaluate(articles, observed, gazetteer, args.radius_km, args.verbose)
    print(f"\n{right}/{total} facts right = {100.0 * right / max(total, 1):.1f}%  "
          f"({len(articles)} articles, {len(observed)} observations, "
          f"extraction {1000 * spent / max(len(articles), 1):.2f} ms/article)")


if __name__ == "__main__":
    main()
