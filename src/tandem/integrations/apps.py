from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "tandem.integrations"
    label = "integrations"
