from django.apps import AppConfig


class MediaServersConfig(AppConfig):
    name = "mediaservers"
    verbose_name = "Media servers"
