"""App config: after migrate, the household roles and the task schedules are upserted."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RadarrSiteConfig(AppConfig):
    name = "radarr_site"
    verbose_name = "System"

    def ready(self) -> None:
        from radarr_site.accounts.roles import ensure_roles
        from radarr_site.schedules import upsert_schedules

        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="radarr_site_after_migrate")
        self._ensure_roles = ensure_roles
        self._upsert_schedules = upsert_schedules


def _after_migrate(sender: RadarrSiteConfig, **kwargs) -> None:
    using = kwargs.get("using", "default")
    sender._ensure_roles(using=using)
    sender._upsert_schedules(using=using)
