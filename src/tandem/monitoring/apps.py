from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "tandem.monitoring"
    label = "monitoring"
