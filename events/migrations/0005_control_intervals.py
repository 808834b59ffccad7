"""The derived control intervals (events.models.ControlInterval) and the snapshot cache stamp.

The intervals are computed by the rules of events.control.rules, which change with the product, and
read columns later migrations add; a migration must do the same whenever it runs, so it does not import
them (it did until issue 13). On a new database there is nothing to compute: `make setup` migrates an
empty database and the services build the intervals as data is loaded. A database that had observations
before this migration gets the table empty and is told to run `manage.py derived_rebuild control` (as
after any change of the rules)."""

import secrets
import sys

import django.db.models.deletion
from django.db import migrations, models


def stamp(apps, schema_editor):
    """The stamp row, random from the start: snapshots are cached in files shared by every database of
    the machine (keyed by database name and stamp), and a new database must not start where an old one
    did. Intervals are left to `manage.py derived_rebuild control` (see the module docstring)."""
    apps.get_model("events", "ControlVersion").objects.create(pk=1, stamp=secrets.randbits(62))
    if apps.get_model("events", "ControlObservation").objects.exists():
        sys.stdout.write("\n  control observations are stored: run `manage.py derived_rebuild control` "
                         "after migrating to fill their control intervals\n")


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
        migrations.RunPython(stamp, migrations.RunPython.noop),
    ]
