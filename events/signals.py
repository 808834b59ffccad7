"""Signals the models send and the services receive, declared here, below both.

Why: events.models must not import a service (the service imports the models: a circle), yet a bulk write
of control observations through the ORM (`ControlObservation.objects.filter(...).update(...)`,
bulk_create, bulk_update) sends no per-row signal and would leave the derived ControlIntervals stale.
The queryset sends this signal instead, inside the writing transaction; events.services.control
receives it (connected by importing it in EventsConfig.ready) and rebuilds those places' intervals in
the same transaction. docs/decisions/0002-derived-data.md says which derived data is kept this way.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with place_ids: set[int], the places whose observations a bulk ORM write changed (before and
# after, when observations moved), inside the transaction of the write.
control_observations_written = Signal()
