from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "tandem.coordination"
    label = "coordination"

    def ready(self) -> None:
        from tandem.core import status_changes

        from .informed import status_changed

        status_changes.listen(status_changed)
