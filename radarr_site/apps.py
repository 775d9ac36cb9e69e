"""App config: after migrate, the household roles and the task schedules are upserted."""

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class RadarrSiteConfig(AppConfig):
    name = "radarr_site"
    verbose_name = "System"

    def ready(self) -> None:
        from radarr_site.accounts.roles import ensure_roles
        from radarr_site.schedules import upsert_schedules

        # Every app's post_migrate creates that app's permissions; the roles are built after
        # the last one (a Member's permissions belong to the movies app, which comes later).
        post_migrate.connect(_after_migrate, dispatch_uid="radarr_site_after_migrate")
        self._ensure_roles = ensure_roles
        self._upsert_schedules = upsert_schedules


def _after_migrate(sender: AppConfig, **kwargs) -> None:
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    using = kwargs.get("using", "default")
    ours = apps.get_app_config("radarr_site")
    ours._ensure_roles(using=using)
    ours._upsert_schedules(using=using)
