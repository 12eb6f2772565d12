from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "tandem.records"
    label = "records"
