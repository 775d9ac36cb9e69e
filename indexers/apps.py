from django.apps import AppConfig


class IndexersConfig(AppConfig):
    name = "indexers"
    verbose_name = "Indexers"

    def ready(self) -> None:
        from indexers import signals  # noqa: F401  (connects the capabilities refresh)
