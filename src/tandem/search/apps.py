from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "tandem.search"
    label = "search"

    def ready(self) -> None:
        from tandem.core import audit

        from .listener import follow_recorded_change

        audit.add_listener(follow_recorded_change)
