"""The editor story of issue 9 over real HTTP, against a running server (`make run`), as a person would
do it: session login with CSRF; an editor adds an article naming a village no gazetteer holds, marks the
words as a place and pins it; the event and the control map move; a stale PATCH gets 409; a date fix moves
the control change; viewers and anonymous users change nothing; a reviewer rejects the event and it
leaves the map; a hand-made observation and a drawn area show on the control map; the next article naming
the village resolves to the pin. Prints PASS/FAIL per step.

    .venv/bin/python manage.py shell -c "from django.contrib.auth.models import User; [User.objects.create_user(
        u, password='story-pass-phrase-42') for u in ('story_editor', 'story_reviewer', 'story_viewer')]"
    .venv/bin/python manage.py grant_role story_editor editors
    .venv/bin/python manage.py grant_role story_reviewer reviewers
    .venv/bin/python bench/editor_story.py http://127.0.0.1:8000
"""

import datetime as dt
import http.cookiejar
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1]
NONCE = f" (ref {int(time.time())})"


class Client:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def req(self, method, path, data=None, form=False):
        headers = {"X-CSRFToken": self.csrf(), "Referer": BASE + "/"}
        body = None
        if data is not None:
            if form:
                body = urllib.parse.urlencode(data).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                body = json.dumps(data).encode()
                headers["Content-Type"] = "application/json"
        r = urllib.request.Request(BASE + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(r) as resp:
                raw = resp.read()
                return resp.status, (
                    json.loads(raw) if resp.headers.get_content_type().endswith("json") else raw
                )
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, raw[:200]

    def login(self, user, pw):
        self.req("GET", "/accounts/login/")
        s, _ = self.req(
            "POST",
            "/accounts/login/",
            {"username": user, "password": pw, "csrfmiddlewaretoken": self.csrf()},
            form=True,
        )
        return s


def check(label, cond, extra=""):
    print(("PASS " if cond else "FAIL ") + label + (f"  [{extra}]" if extra else ""))


def control_near(lat, lon, day, anon):
    s, fc = anon.req(
        "GET", f"/api/control.geojson?date={day}&bbox={lon - 0.3},{lat - 0.3},{lon + 0.3},{lat + 0.3}"
    )
    return [f for f in fc["features"] if f["properties"].get("layer") == "place"]


anon, ed, rev, viewer = Client(), Client(), Client(), Client()
pw = "story-pass-phrase-42"
check("editor logs in", ed.login("story_editor", pw) in (200, 302))
check("reviewer logs in", rev.login("story_reviewer", pw) in (200, 302))
check("viewer logs in", viewer.login("story_viewer", pw) in (200, 302))

VILLAGE, LAT, LON = "Novomykhailivka Druha", 48.47, 37.93  # a name no gazetteer of ours holds
text = (
    f"KYIV, Sept 16 (Reuters) - Ukrainian forces recaptured the village of {VILLAGE}, south of Bakhmut, from "
    f"Russian troops on Thursday, the general staff said. Moscow did not comment on the report." + NONCE
)
s, src = ed.req(
    "POST",
    "/api/sources",
    {"text": text, "published": "2023-09-16", "title": "story", "url": "https://example.org/story"},
)
check("editor adds an article (POST /api/sources)", s in (200, 201), s)
mention = next((m for m in src["mentions"] if m["text"] == VILLAGE), None)
check("the geoparser did not know the village", mention is None, [m["text"] for m in src["mentions"]])
start = text.index(VILLAGE)
s, mention = ed.req(
    "POST", f"/api/sources/{src['id']}/mentions", {"start": start, "end": start + len(VILLAGE)}
)
check("the editor marks the words as a place (POST /api/sources/<id>/mentions)", s == 201, (s, mention))
s, m2 = ed.req(
    "POST",
    f"/api/mentions/{mention['id']}/place",
    {"name": VILLAGE, "lat": LAT, "lon": LON, "country_code": "UA"},
)
check("editor pins the village", s == 200, s)
place_id = m2["place"]["id"]
event_ids = src["events"]
s, src2 = ed.req("GET", f"/api/sources/{src['id']}")
events = [ed.req("GET", f"/api/events/{i}")[1] for i in src2["events"]]
ev = next((e for e in events if (e.get("place") or {}).get("id") == place_id), None)
check("an event now sits at the pin", ev is not None, [(e.get("place") or {}).get("name") for e in events])

if ev:
    check(
        "event location is the pin",
        abs(ev["location"][0] - LON) < 1e-4 and abs(ev["location"][1] - LAT) < 1e-4,
        ev["location"],
    )
    day = dt.date.fromisoformat(ev["date"])
    feats = control_near(LAT, LON, (day + dt.timedelta(days=1)).isoformat(), anon)
    check(
        "control map shows the village after the change",
        any("Ukraine" in ((f["properties"].get("controller") or {}).get("name") or "") for f in feats),
        [(f["properties"]["place"], (f["properties"].get("controller") or {}).get("name")) for f in feats],
    )
    s, _ = ed.req(
        "PATCH",
        f"/api/events/{ev['id']}",
        {"version": ev["version"] - 1 if ev["version"] > 1 else 999, "fatalities": 3},
    )
    check("a stale PATCH gets 409", s == 409, s)
    new_day = day - dt.timedelta(days=10)
    s, ev2 = ed.req(
        "PATCH", f"/api/events/{ev['id']}", {"version": ev["version"], "date": new_day.isoformat()}
    )
    check("a date fix is accepted", s == 200, (s, ev2))
    feats = control_near(LAT, LON, (new_day + dt.timedelta(days=1)).isoformat(), anon)
    check(
        "the control change moved with the date",
        any("Ukraine" in ((f["properties"].get("controller") or {}).get("name") or "") for f in feats),
        feats[:1],
    )
    s, _ = ed.req("POST", f"/api/events/{ev['id']}/status", {"status": "rejected"})
    check("an editor cannot change review status (403)", s == 403, s)
    s, _ = viewer.req("PATCH", f"/api/events/{ev['id']}", {"version": ev2["version"], "fatalities": 1})
    check("a viewer cannot edit (403)", s == 403, s)
    s, _ = anon.req("PATCH", f"/api/events/{ev['id']}", {"version": ev2["version"], "fatalities": 1})
    check("anonymous cannot edit (401)", s == 401, s)
    s, _ = rev.req("POST", f"/api/events/{ev['id']}/status", {"status": "rejected"})
    check("a reviewer rejects the event", s == 200, s)
    s, fc = anon.req("GET", f"/api/events.geojson?bbox={LON - 0.1},{LAT - 0.1},{LON + 0.1},{LAT + 0.1}")
    check("the rejected event left /api/events.geojson", all(f["id"] != ev["id"] for f in fc["features"]))
    feats = control_near(LAT, LON, (new_day + dt.timedelta(days=1)).isoformat(), anon)
    check(
        "and the control map", not any(f["properties"].get("place_id") == place_id for f in feats), feats[:1]
    )
    s, hist = anon.req("GET", f"/api/places/{place_id}/control")
    check(
        "and the place's control timeline (its observations marked rejected, no current control)",
        hist.get("current") is None and all(o.get("rejected") for o in hist.get("observations", [])),
        hist,
    )

# a hand-made observation and a drawn area
actor_id = ev["actor1"]["id"]
s, obs = ed.req(
    "POST",
    "/api/observations",
    {
        "place_id": place_id,
        "actor_id": actor_id,
        "status": "controlled",
        "kind": "holds",
        "date": "2016-12-01",
        "evidence": "hand-made",
    },
)
check("a hand-made observation is accepted", s in (200, 201), (s, obs))
feats = control_near(LAT, LON, "2016-12-02", anon)
check(
    "it shows on /api/control.geojson",
    any(f["properties"].get("place_id") == place_id for f in feats),
    feats[:1],
)
area = {
    "type": "Feature",
    "properties": {"actor_id": actor_id, "valid_from": "2016-12-01", "valid_to": "2016-12-31"},
    "geometry": {
        "type": "Polygon",
        "coordinates": [
            [
                [LON - 0.1, LAT - 0.1],
                [LON + 0.1, LAT - 0.1],
                [LON + 0.1, LAT + 0.1],
                [LON - 0.1, LAT + 0.1],
                [LON - 0.1, LAT - 0.1],
            ]
        ],
    },
}
s, a = ed.req("POST", "/api/areas", area)
check("a drawn area is accepted", s in (200, 201), (s, a))
s, fc = anon.req("GET", f"/api/control.geojson?date=2016-12-15&bbox={LON - 1},{LAT - 1},{LON + 1},{LAT + 1}")
check(
    "it shows on /api/control.geojson",
    any(
        f["properties"].get("layer") == "area" and f["properties"].get("method") == "drawn"
        for f in fc["features"]
    ),
)
text2 = f"Shelling was reported near {VILLAGE} in Ukraine's Donetsk region on Sunday, officials said." + NONCE
s, src3 = ed.req("POST", "/api/sources", {"text": text2, "published": "2023-09-24"})
m3 = next((m for m in src3["mentions"] if m["text"] == VILLAGE), None)
check(
    "the next article naming the village resolves to the pin",
    m3 and (m3.get("place") or {}).get("id") == place_id,
    m3,
)
