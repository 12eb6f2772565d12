from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "tandem.coordination"
    label = "coordination"
