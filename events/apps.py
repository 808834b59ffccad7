from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "ConflictMap events"

    def ready(self) -> None:
        # Connects the signals that invalidate cached control snapshots when observations change.
        from events.selectors import control  # noqa: F401
