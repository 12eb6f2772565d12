from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "tandem.risks"
    label = "risks"
