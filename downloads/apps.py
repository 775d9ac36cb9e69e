from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "downloads"
    verbose_name = "Downloads"

    def ready(self) -> None:
        from downloads import signals  # noqa: F401 (connects the History receivers)
