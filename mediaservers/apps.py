"""The mediaservers app: connections to media servers and webhooks, and their outbox."""

from django.apps import AppConfig


class MediaServersConfig(AppConfig):
    name = "mediaservers"
    verbose_name = "Media servers"

    def ready(self) -> None:
        from mediaservers import events

        events.connect()  # the events other apps send become deliveries
