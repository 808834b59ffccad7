"""The data model: sources, the gazetteer, mentions, actors, events and territorial control.

Raw article text is kept on Source so that everything derived (mentions, events, observations) can be
rebuilt by re-extraction; rows an editor has touched carry `edited=True` and survive a rebuild.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
from django.db import transaction
from simple_history.models import HistoricalRecords

from events.signals import control_observations_written


class Source(models.Model):
    """One article, stored once per distinct text (content_hash)."""

    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=10, blank=True)
    text = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True)
    ingested_at = models.DateTimeField(auto_now_add=True)
    extractor_version = models.CharField(max_length=40, blank=True)
    is_synthetic = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.title or self.url or f"source {self.pk}"

    @property
    def link(self) -> str:
        """The URL as a link target, only when it is http(s): rows stored before URLs were checked
        (or written by hand) must never render a live `javascript:` link."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""


class Place(models.Model):
    """A gazetteer entry: GeoNames, Natural Earth boundaries, our curated file, or an editor."""

    class Origin(models.TextChoices):
        GEONAMES = "geonames"
        CURATED = "curated"
        BOUNDARY = "boundary"
        USER = "user"
        # A place the text names below the gazetteer (an airport, a base, a village it lacks), placed
        # at the container the text gives ("the airport of X", "20 km south of X"): its point is estimated.
        DERIVED = "derived"
        # A place an ACLED import named that no gazetteer place near its coordinates matched.
        ACLED = "acled"

    key = models.CharField(max_length=100, unique=True, help_text="natural key of the data set row")
    geonames_id = models.BigIntegerField(null=True, blank=True, unique=True)
    name = models.CharField(max_length=200)
    ascii_name = models.CharField(max_length=200, blank=True)
    feature_class = models.CharField(max_length=1, blank=True)
    feature_code = models.CharField(max_length=10, blank=True, db_index=True)
    country_code = models.CharField(max_length=2, blank=True, db_index=True)
    admin1_code = models.CharField(max_length=20, blank=True)
    admin1_name = models.CharField(max_length=200, blank=True)
    population = models.BigIntegerField(default=0)
    point = models.PointField(srid=4326)
    area = models.MultiPolygonField(srid=4326, null=True, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.GEONAMES)
    note = models.TextField(blank=True, help_text="for curated rows: the public fact the row rests on")
    approximate = models.BooleanField(default=False, db_default=False,
                                      help_text="the point is estimated (e.g. at a container)")
    container = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  help_text="for derived places: the gazetteer place the text puts it in")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.name} ({self.feature_code}, {self.country_code})"


class PlaceName(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=400)
    key = models.CharField(max_length=400, help_text="normalised name used for matching")
    language = models.CharField(max_length=10, blank=True)
    is_preferred = models.BooleanField(default=False)
    source = models.CharField(max_length=100, blank=True, db_index=True,
                              help_text="key of the data-set record that contributed this name")

    class Meta:
        indexes = [
            models.Index(fields=["key"], name="placename_key_prefix", opclasses=["text_pattern_ops"]),
            GinIndex(fields=["key"], name="placename_key_trgm", opclasses=["gin_trgm_ops"]),
        ]
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="placename_unique")]

    def __str__(self) -> str:
        return self.name


class Actor(models.Model):
    class Kind(models.TextChoices):
        STATE = "state"
        NON_STATE = "non_state"

    name = models.CharField(max_length=200, unique=True)
    aliases = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    country = models.CharField(max_length=2, blank=True)
    side = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="allies")
    colour = models.CharField(max_length=20, blank=True)
    # ACLED's actor category (inter code 1-8) when known: given by an ACLED import or an editor. Left
    # empty, exports derive it from `kind` (events.acled.inter_code).
    inter = models.PositiveSmallIntegerField(null=True, blank=True, choices=[
        (1, "State forces"), (2, "Rebel group"), (3, "Political militia"), (4, "Identity militia"),
        (5, "Rioters"), (6, "Protesters"), (7, "Civilians"), (8, "External/Other forces")])
    imported = models.BooleanField(default=False, db_default=False,
                                   help_text="first named by an ACLED import, not by our actor dictionary")

    def __str__(self) -> str:
        return self.name

    def as_json(self) -> dict:
        return {"id": self.pk, "name": self.name, "aliases": self.aliases, "kind": self.kind,
                "country": self.country or None}


class Mention(models.Model):
    class Status(models.TextChoices):
        AUTO = "auto"
        CONFIRMED = "confirmed"
        CORRECTED = "corrected"
        REJECTED = "rejected"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="mentions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=400)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions")
    confidence = models.FloatField(default=0.0)
    candidates = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AUTO)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["candidates"])

    class Meta:
        ordering = ["source", "start"]

    def __str__(self) -> str:
        return self.text


class Event(models.Model):
    class Precision(models.TextChoices):
        DAY = "day"
        WEEK = "week"
        MONTH = "month"
        YEAR = "year"

    class GeoPrecision(models.IntegerChoices):
        EXACT = 1, "exact place"
        NEAR = 2, "near or part of"
        REGION = 3, "region centroid"

    class Status(models.TextChoices):
        EXTRACTED = "extracted"
        REVIEWED = "reviewed"
        REJECTED = "rejected"

    class Origin(models.TextChoices):
        EXTRACTED = "extracted"  # coded by our extractor from an article
        IMPORTED = "imported"  # read from an ACLED export (manage.py import_acled)

    date = models.DateField(db_index=True)
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    event_type = models.CharField(max_length=60)
    sub_event_type = models.CharField(max_length=80, blank=True)
    actor1 = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor2 = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    location = models.PointField(srid=4326)
    geo_precision = models.PositiveSmallIntegerField(choices=GeoPrecision.choices, default=GeoPrecision.EXACT)
    country = models.CharField(max_length=2, blank=True, db_index=True)
    admin1 = models.CharField(max_length=200, blank=True)
    fatalities = models.PositiveIntegerField(null=True, blank=True)
    summary = models.TextField(blank=True)
    evidence = models.JSONField(default=list, blank=True, help_text="[{source, start, end, text}]")
    sources = models.ManyToManyField(Source, related_name="events", blank=True)
    mention = models.ForeignKey(Mention, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    confidence = models.FloatField(default=0.0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.EXTRACTED, db_index=True)
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock: bumped on every edit")
    edited = models.BooleanField(default=False, help_text="touched by an editor: kept by re-extraction")
    is_synthetic = models.BooleanField(default=False)
    # The stable public id (ACLED's event_id_cnty): ACLED's own for imported events, ISO3 + our id for
    # ours (events.acled.public_id), stored once so that moving the event never changes it.
    event_id_cnty = models.CharField(max_length=40, null=True, blank=True, unique=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EXTRACTED,
                              db_default=Origin.EXTRACTED, db_index=True)
    # ACLED's associated actors: those acting with actor1 (assoc_actor_1) and with actor2 (assoc_actor_2).
    assoc_actors1 = models.ManyToManyField(Actor, blank=True, related_name="assoc1_events+")
    assoc_actors2 = models.ManyToManyField(Actor, blank=True, related_name="assoc2_events+")
    # The columns of an imported ACLED row we have no field for, kept as they came (source, notes,
    # source_scale, admin2, admin3, tags, timestamp), so an export gives them back.
    acled = models.JSONField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["evidence", "acled"])

    class Meta:
        ordering = ["-date", "pk"]
        indexes = [models.Index(fields=["date", "event_type"])]
        # Review status and merges belong to reviewers (CONTRACT §3b); change_event is every editor's.
        permissions = [("review_event", "Can set the review status of events and merge them")]

    def __str__(self) -> str:
        return f"{self.date} {self.event_type} at {self.place or self.location}"


class EventFeature(models.Model):
    """The GeoJSON Feature text of one event (CONTRACT.md, /api/events.geojson), stored so that an export
    is a COPY of stored text in (date, id) order instead of building every feature on every request.

    PostgreSQL triggers write these rows (events/db/sql/event_feature.sql), so every write path keeps them
    current whatever it goes through (the ORM, the admin, bulk COPY in synth_events, the gazetteer's
    merge statement): inserts, updates and deletes of events, added or removed source links, and
    renames of an actor, a place or a source an event names. Never write them from Python; rebuild
    them with `manage.py derived_rebuild features` after loading rows with triggers disabled.
    """

    event = models.OneToOneField(Event, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                 related_name="+")
    date = models.DateField(help_text="the event's date, for the export order (date, id)")
    feature = models.TextField(help_text="the GeoJSON Feature, as served")

    class Meta:
        indexes = [models.Index(fields=["date", "event"], name="eventfeature_date_event")]

    def __str__(self) -> str:
        return f"feature of event {self.event_id}"


class TileCell(models.Model):
    """Events of one type in one grid cell of one low-zoom tile (zoom 0-8), counted ahead, so a tile over
    a million events reads a few thousand rows instead of aggregating every event on every request.

    A cell is a node (cell_x, cell_y) of the grid the event tiles snap events to at that zoom (64 x 64
    cells a tile, ST_SnapToGrid in web mercator: events.selectors.tiles); an event counts in every tile
    whose envelope its location touches, as in the query over the events. PostgreSQL triggers keep the
    rows current (events/db/sql/tile_cell.sql): each statement writing events queues its changes in
    TileCellChange, and at commit one statement per transaction merges them in key order.
    """

    pk = models.CompositePrimaryKey("zoom", "tile_x", "tile_y", "cell_x", "cell_y", "event_type")
    zoom = models.SmallIntegerField()
    tile_x = models.IntegerField()
    tile_y = models.IntegerField()
    cell_x = models.IntegerField(help_text="x of the grid node in cells of 40075016.68557849 / 2^zoom / 64 m")
    cell_y = models.IntegerField(help_text="y of the grid node in the same cells")
    event_type = models.CharField(max_length=60)
    count = models.IntegerField()
    date_min = models.DateField(null=True, help_text="null only while a merge is under way")
    date_max = models.DateField(null=True)

    def __str__(self) -> str:
        return f"{self.count} {self.event_type} at {self.zoom}/{self.tile_x}/{self.tile_y} ({self.cell_x}, {self.cell_y})"


class TileCellChange(models.Model):
    """A change to TileCell queued by a statement of a transaction that has not committed yet (events
    added: count > 0, removed: count < 0, with the least and greatest date); rows with zoom -1 mark a
    statement that queued some. A transaction sees only its own rows and deletes them when it merges
    them at commit, so the table is empty between transactions. Written only by triggers."""

    zoom = models.SmallIntegerField()
    tile_x = models.IntegerField()
    tile_y = models.IntegerField()
    cell_x = models.IntegerField()
    cell_y = models.IntegerField()
    event_type = models.CharField(max_length=60)
    count = models.IntegerField()
    date_min = models.DateField(null=True)
    date_max = models.DateField(null=True)

    def __str__(self) -> str:
        return f"{self.count:+d} {self.event_type} at {self.zoom}/{self.tile_x}/{self.tile_y}"


class ControlObservationQuerySet(models.QuerySet["ControlObservation"]):
    """Bulk writes that keep the derived control right: update(), bulk_create() and bulk_update() send
    no per-row signal, so they send events.signals.control_observations_written with the places they
    touched, in their own transaction; the control service (services/control.py) receives it and
    rebuilds those places' ControlIntervals and invalidates cached snapshots before the transaction
    commits. Without this, `.filter(...).update(date=...)` would leave the map showing the old control.
    (delete() of a queryset sends post_delete per row, which the same service receives.)"""

    def update(self, **kwargs) -> int:
        with transaction.atomic():
            rows = list(self.values_list("pk", "place_id"))
            count = super().update(**kwargs)
            places = {place_id for _, place_id in rows}
            if "place" in kwargs or "place_id" in kwargs:  # the new places too
                moved = ControlObservation.objects.filter(pk__in=[pk for pk, _ in rows])
                places |= set(moved.values_list("place_id", flat=True))
            control_observations_written.send(sender=ControlObservation, place_ids=places)
        return count

    # Django's marker of a method templates must not call; a function attribute, which mypy does not model
    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic():
            created = super().bulk_create(objs, *args, **kwargs)
            control_observations_written.send(sender=ControlObservation, place_ids={o.place_id for o in created})
        return created

    def bulk_update(self, objs, fields, *args, **kwargs) -> int:
        objs = list(objs)
        with transaction.atomic():
            before = set(ControlObservation.objects.filter(pk__in=[o.pk for o in objs])
                         .values_list("place_id", flat=True))
            count = super().bulk_update(objs, fields, *args, **kwargs)
            control_observations_written.send(sender=ControlObservation,
                                              place_ids=before | {o.place_id for o in objs})
        return count


class ControlObservation(models.Model):
    """One statement of who controls a place: a change on a date, or that an actor holds it."""

    class Status(models.TextChoices):
        CONTROLLED = "controlled"
        CONTESTED = "contested"
        BESIEGED = "besieged"
        PRESENCE = "presence"

    class Kind(models.TextChoices):
        CHANGE = "change"
        HOLDS = "holds"

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="control_observations")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="control_observations")
    lost_by = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONTROLLED)
    date = models.DateField(db_index=True)
    date_precision = models.CharField(max_length=5, choices=Event.Precision.choices, default=Event.Precision.DAY)
    kind = models.CharField(max_length=6, choices=Kind.choices, default=Kind.CHANGE)
    claimed = models.BooleanField(default=False, help_text="claimed by a party, not confirmed")
    confidence = models.FloatField(default=0.0)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="control_observations")
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="control_observations")
    evidence = models.TextField(blank=True)
    edited = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock: bumped on every edit")
    history = HistoricalRecords()

    objects = ControlObservationQuerySet.as_manager()

    class Meta:
        ordering = ["place", "date", "pk"]
        indexes = [models.Index(fields=["place", "date"])]

    def __str__(self) -> str:
        return f"{self.place} {self.status} by {self.actor} on {self.date}"


class ControlInterval(models.Model):
    """Derived, never edited by hand: the control of a place from `valid_from` (inclusive) to `valid_to`
    (exclusive; null while it lasts), as events.control.intervals() computes it from all the place's
    observations. The control service (services/control.py) rebuilds a place's intervals in the same
    transaction as any write to its observations (or to the side of one of their actors), so the control
    snapshot on a date is an indexed range lookup (`valid_from <= date < valid_to`) instead of the rules
    run over every observation per request. The fields are those of events.control.Control, with `actor`
    the controller (null: a contested/besieged place with no known incumbent)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+", db_index=False)  # (unique below)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    actor = models.ForeignKey(Actor, null=True, on_delete=models.CASCADE, related_name="+", db_index=False)
    challenger = models.ForeignKey(Actor, null=True, on_delete=models.CASCADE, related_name="+", db_index=False)
    status = models.CharField(max_length=10, choices=ControlObservation.Status.choices)
    since = models.DateField()
    last_confirmed = models.DateField()
    claimed = models.BooleanField()
    kind = models.CharField(max_length=6, choices=ControlObservation.Kind.choices)
    date_precision = models.CharField(max_length=5, choices=Event.Precision.choices)
    observation = models.ForeignKey(ControlObservation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, null=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "valid_from"], name="controlinterval_place_from")]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="controlinterval_valid")]

    def __str__(self) -> str:
        return f"{self.place_id} {self.status} by {self.actor_id} from {self.valid_from} to {self.valid_to or '...'}"


class ControlVersion(models.Model):
    """One row: a stamp that the control service (control_cache_invalidate) replaces with a new random
    number in the transaction of every write that changes control (observations and their intervals,
    actor sides, drawn areas, places). Cached snapshots are keyed by it, so a cache hit costs one
    primary-key read and the cache (per process by default) never serves a snapshot older than the last
    committed write, whichever process made it. Random rather than counted: a rolled-back transaction
    may have cached a snapshot under its own stamp, and a counter would give that number out again."""

    stamp = models.BigIntegerField(default=0)


class ControlArea(models.Model):
    class Method(models.TextChoices):
        DRAWN = "drawn"
        ESTIMATED = "estimated"

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="control_areas")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    geometry = models.MultiPolygonField(srid=4326)
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.DRAWN)
    parameters = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock: bumped on every edit")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.actor} area from {self.valid_from}"


class DatasetLoad(models.Model):
    """Which data set was loaded when, so set-up can skip what is done and users can see provenance."""

    name = models.CharField(max_length=100, unique=True)
    signature = models.CharField(max_length=200, help_text="what was loaded: versions and options")
    rows = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.rows} rows)"
