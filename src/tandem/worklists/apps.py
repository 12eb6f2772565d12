from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "tandem.worklists"
    label = "worklists"
    verbose_name = "My work, boards and saved views"
