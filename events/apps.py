from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "ConflictMap events"

    def ready(self) -> None:
        # Connects the receivers that keep the derived control intervals and the snapshot cache version
        # in step with every observation, actor side, drawn area and place write.
        from events.services import control  # noqa: F401
