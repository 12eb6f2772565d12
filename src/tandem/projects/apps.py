from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "tandem.projects"
    label = "projects"

    def ready(self) -> None:
        from tandem.core import writes

        from .policies import refuse_writes_in_archived_projects

        writes.add_guard(refuse_writes_in_archived_projects)
