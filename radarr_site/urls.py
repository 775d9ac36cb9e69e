"""Top-level URLs: each app's pages under its own prefix, the Django admin, accounts."""

from django.contrib import admin
from django.urls import include, path

from radarr_site.api.urls import api_urls

admin.site.site_header = "Radarr Site administration"
admin.site.site_title = "Radarr Site admin"

urlpatterns = [
    path("", include("movies.urls")),
    path("settings/", include("movies.settings_urls")),
    path("system/", include("radarr_site.system.urls")),
    path("activity/", include("downloads.urls")),
    path("scene-groups/", include("scenegroups.urls")),
    path("accounts/", include("radarr_site.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v3/", api_urls),
]
