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

Real articles (``--corpus FILE``, the format of ../shared/ANNOTATION_GUIDE.md) are scored the way
../shared/tools/controlscore.py scores a running server, with the product's rules in process: a fact is
right when the map on its date (+1 day, +7 for week precision; the date itself for ``holds``) shows,
at the place nearest the gold point within 25 km (or of the same name), a controller whose name or
aliases match ``controller_pattern``; and, for a change with no earlier fact of the set within 25 km,
the map 2 days (8 for week precision) before it does not already show that controller. Misses are
printed grouped by what went wrong. The real-article corpus was split once, by a hash of the article id
(two articles in five), into tests/data/control_real_dev.jsonl, which development looks at, and
tests/data/control_real_test.jsonl, the frozen test part, scored only when a change is done.
``--base URL`` instead runs controlscore.py itself against a server holding the ingested articles:
the real ingest -> control snapshot path (``manage.py ingest FILE`` first).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._paths import default_index  # noqa: E402
from events.control import rules  # noqa: E402
from events.extraction.actors import ActorDictionary  # noqa: E402
from events.extraction.gazetteer import Gazetteer  # noqa: E402
from events.extraction.pipeline import Extractor  # noqa: E402

DEFAULT_DATA = REPO / "tests" / "data" / "control_dev.jsonl"
CONTROLSCORE = REPO.parent / "shared" / "tools" / "controlscore.py"
NEAR_KM = 25.0  # controlscore.py's radius
BOX_DEGREES = 0.6  # controlscore.py's query box around a gold point
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
    incumbent: str = ""  # for a contested/besieged observation: the side named as attacked (name | aliases)


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
        article["_resolved"] = [(m.place.lat, m.place.lon) for m in extraction.mentions if m.place is not None]
        for event in extraction.events:
            control, place = event.control, event.place
            if control is None or control.gained_by is None:
                continue
            gainer, loser = control.gained_by, control.lost_by
            observation = rules.Observation(
                id=next_id, date=event.date, actor_id=hash(gainer.name),
                kind=control.kind, status=control.status, claimed=control.claimed,
                confidence=event.confidence, date_precision=event.date_precision,
                side_id=hash(gainer.side) if gainer.side else None,
                incumbent_id=hash(loser.name) if loser is not None and loser.name else None,
            )
            next_id += 1
            evidence = article["text"][event.evidence.start : event.evidence.end]
            out.append(Observed(
                place.id or (place.name, place.lat, place.lon), place.name,
                place.lat, place.lon, gainer.name, " | ".join([gainer.name, *gainer.aliases]),
                observation, article["id"], evidence,
                " | ".join([loser.name, *loser.aliases]) if loser is not None and loser.name else "",
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
    if not named:  # the incumbent its own report names as attacked (Observation.incumbent_id)
        return replace(winner, actor=winner.incumbent.split(" | ")[0], actor_text=winner.incumbent)
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


# --- Real-article corpora (ANNOTATION_GUIDE format), scored as controlscore.py scores a server -------


def _same_name(a: str, b: str) -> bool:
    a, b = _name_key(a), _name_key(b)
    return bool(a) and bool(b) and (a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def _name_key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.lower()).split())


def shown_at(by_place: dict[object, list[Observed]], fact: dict, day: dt.date) -> tuple[Observed | None, str | None]:
    """What the map shows for the fact's place on ``day``: the nearest place with known control within
    25 km of the gold point (or of the same name), as (its winning observation, "name | aliases") —
    the text is "" when the place shows a challenger and no controller; (None, None) when no place.
    Like controlscore.py, which asks the server for a box of +-0.6 degrees around a gold point, a place
    of the same name counts only inside that box (an approximate place put at a far container does not)."""
    lat, lon = fact.get("lat"), fact.get("lon")
    best: tuple[float, Observed | None, str] | None = None
    for observed in by_place.values():
        first = observed[0]
        if lat is not None and not (abs(first.lat - lat) <= BOX_DEGREES and abs(first.lon - lon) <= BOX_DEGREES):
            continue
        dist = km(lat, lon, first.lat, first.lon) if lat is not None else None
        if not ((dist is not None and dist <= NEAR_KM) or _same_name(first.place_name, fact["place"])):
            continue
        if rules.control_on([o.observation for o in observed], day) is None:
            continue
        if best is None or (dist or 0.0) < best[0]:
            winner = controller_on(observed, day)
            best = (dist or 0.0, winner, winner.actor_text if winner else "")
    return (best[1], best[2]) if best else (None, None)


def _near(a: dict, b: dict) -> bool:
    return (a.get("lat") is not None and b.get("lat") is not None
            and km(a["lat"], a["lon"], b["lat"], b["lon"]) <= NEAR_KM)


def corpus_observations(extractor: Extractor, articles: list[dict]) -> tuple[list[Observed], float]:
    """The pipeline's observations for corpus articles (each article gets its ``_resolved`` points)."""
    return observations(extractor, articles)


def corpus_evaluate(articles: list[dict], observed: list[Observed], verbose: bool) -> tuple[int, int]:
    """Score every control fact; print the misses grouped by what went wrong."""
    by_place: dict[object, list[Observed]] = defaultdict(list)
    for o in observed:
        by_place[o.place_id].append(o)
    facts = [dict(c, doc=a["id"]) for a in articles for c in a.get("control", [])]
    resolved = {a["id"]: a.get("_resolved", []) for a in articles}
    misses: dict[str, list[str]] = defaultdict(list)
    right = 0
    for fact in facts:
        day = dt.date.fromisoformat(fact["date"])
        slack = 7 if fact.get("date_precision") == "week" else 1
        after_day = day if fact.get("kind") == "holds" else day + dt.timedelta(days=slack)
        pattern = re.compile(fact["controller_pattern"])
        winner, text = shown_at(by_place, fact, after_day)
        family = None
        if text is None:
            family = _missing_family(fact, observed, resolved)
        elif not pattern.search(text):
            family = "wrong side shown" if text else "contested, no incumbent shown"
        elif fact.get("kind") != "holds" and not any(
                o is not fact and _near(fact, o) and o["date"] < fact["date"] for o in facts):
            _, before = shown_at(by_place, fact, day - dt.timedelta(days=slack + 1))
            if before and pattern.search(before):
                family = "shown before the change (date or background)"
        label = (f"[{fact['doc']}] {fact['place']} {fact['date']} {fact.get('kind')} "
                 f"/{fact['controller_pattern']}/")
        if family is None:
            right += 1
            if verbose:
                print(f"ok   {label}")
            continue
        shown = f"; map: {_show(winner)}" if winner else ""
        misses[family].append(f"{label}{shown}\n       evidence: {fact.get('evidence', '')[:160]!r}")
    for family, rows in sorted(misses.items(), key=lambda kv: -len(kv[1])):
        print(f"\n== {family}: {len(rows)}")
        for row in rows:
            print("  " + row)
    return right, len(facts)


def _missing_family(fact: dict, observed: list[Observed], resolved: dict[str, list]) -> str:
    """Why nothing is shown: the place was never resolved, or no control was coded for it."""
    if fact.get("lat") is None:
        return "gold place has no coordinates"
    if not any(km(fact["lat"], fact["lon"], lat, lon) <= NEAR_KM for lat, lon in resolved[fact["doc"]]):
        return "place not resolved (geoparser, or a place below the gazetteer)"
    mine = [o for o in observed if o.article == fact["doc"]]
    return "place resolved, no control coded in its article" if not mine else "place resolved, control coded elsewhere"


def corpus_over_http(articles: list[dict], base: str) -> None:
    """The real path: controlscore.py against a server that has ingested these articles."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as out:
        out.writelines(json.dumps(a, ensure_ascii=False) + "\n" for a in articles)
    subprocess.run([sys.executable, str(CONTROLSCORE), out.name, "--base", base, "--show", "1000"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", "--data", dest="data", type=Path, default=DEFAULT_DATA,
                        help="the development set (JSONL); --data is the older spelling")
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--radius-km", type=float, default=15.0)
    parser.add_argument("--only", help="evaluate one article id (its facts, its observations)")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--corpus", type=Path, help="real articles (ANNOTATION_GUIDE JSONL), e.g. tests/data/control_real_dev.jsonl")
    parser.add_argument("--base", help="with --corpus: score a running server with controlscore.py")
    args = parser.parse_args()
    if args.corpus:
        corpus_main(args)
        return
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


def corpus_main(args: argparse.Namespace) -> None:
    articles = load(args.corpus)
    if args.only:
        articles = [a for a in articles if a["id"] == args.only]
    if args.base:
        corpus_over_http(articles, args.base.rstrip("/"))
        return
    extractor = Extractor(gazetteer=Gazetteer.load(args.index), actors=ActorDictionary.load())
    observed, spent = corpus_observations(extractor, articles)
    right, total = corpus_evaluate(articles, observed, args.verbose)
    print(f"\n{args.corpus.name}: {right}/{total} control facts right = {100.0 * right / max(total, 1):.1f}%  "
          f"({len(articles)} articles, {len(observed)} observations, "
          f"extraction {1000 * spent / max(len(articles), 1):.2f} ms/article)")


if __name__ == "__main__":
    main()
