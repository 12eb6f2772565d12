from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "tandem.goals"
    label = "goals"
