"""The derived control intervals (events.models.ControlInterval) and the snapshot cache stamp, filled
from the observations already stored by the rules of events.control.rules (plain Python, no Django)."""

import secrets
from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    """The stamp row, and the intervals of every place with observations (the same computation as
    events.services.control.control_rebuild, on the models of this migration)."""
    from events.control import rules

    observation = apps.get_model("events", "ControlObservation")
    interval = apps.get_model("events", "ControlInterval")
    # random from the start: snapshots are cached in files shared by every database of the machine
    # (keyed by database name and stamp), and a new database must not start where an old one did
    apps.get_model("events", "ControlVersion").objects.create(pk=1, stamp=secrets.randbits(62))
    by_place = defaultdict(list)
    rows = observation.objects.values_list("place_id", "pk", "date", "actor_id", "kind", "status", "claimed",
                                           "confidence", "date_precision", "event_id", "actor__side_id")
    for place_id, pk, day, actor_id, kind, status, claimed, confidence, precision, event_id, side_id in (
            rows.iterator(chunk_size=10_000)):
        by_place[place_id].append(rules.Observation(
            id=pk, date=day, actor_id=actor_id, kind=kind, status=status, claimed=claimed,
            confidence=confidence, date_precision=precision, event_id=event_id, side_id=side_id))
    interval.objects.bulk_create(
        [interval(place_id=place_id, valid_from=i.valid_from, valid_to=i.valid_to, actor_id=i.control.actor_id,
                  challenger_id=i.control.challenger_id, status=i.control.status, since=i.control.since,
                  last_confirmed=i.control.last_confirmed, claimed=i.control.claimed, kind=i.control.kind,
                  date_precision=i.control.date_precision, observation_id=i.control.observation_id,
                  event_id=i.control.event_id)
         for place_id, observations in by_place.items() for i in rules.intervals(observations)],
        batch_size=5000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_tilecell'),
    ]

    operations = [
        migrations.CreateModel(
            name='ControlVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stamp', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='ControlInterval',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField()),
                ('valid_to', models.DateField(blank=True, null=True)),
                ('status', models.CharField(choices=[('controlled', 'Controlled'), ('contested', 'Contested'), ('besieged', 'Besieged'), ('presence', 'Presence')], max_length=10)),
                ('since', models.DateField()),
                ('last_confirmed', models.DateField()),
                ('claimed', models.BooleanField()),
                ('kind', models.CharField(choices=[('change', 'Change'), ('holds', 'Holds')], max_length=6)),
                ('date_precision', models.CharField(choices=[('day', 'Day'), ('week', 'Week'), ('month', 'Month'), ('year', 'Year')], max_length=5)),
                ('actor', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.actor')),
                ('challenger', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.actor')),
                ('event', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.event')),
                ('observation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.controlobservation')),
                ('place', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.place')),
            ],
            options={
                'indexes': [models.Index(fields=['valid_from', 'valid_to'], name='controlinterval_valid')],
                'constraints': [models.UniqueConstraint(fields=('place', 'valid_from'), name='controlinterval_place_from')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
