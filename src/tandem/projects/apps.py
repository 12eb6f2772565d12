from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "tandem.projects"
    label = "projects"
