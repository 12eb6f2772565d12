from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "tandem.transfer"
    label = "transfer"
