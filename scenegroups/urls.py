"""Scene Groups pages (mounted at /scene-groups/)."""

from django.urls import path

from scenegroups.views import analysis, groups

app_name = "scenegroups"

urlpatterns = [
    path("", groups.group_list, name="list"),
    path("<int:pk>/", groups.group_detail, name="group"),
    path("export.json", groups.export_json, name="export_json"),
    path("export.csv", groups.export_csv, name="export_csv"),
    path("analysis/run/", analysis.run_now, name="run_now"),
    path("analysis/status/", analysis.run_status, name="run_status"),
    path("analysis/cancel/", analysis.cancel, name="cancel"),
    path("analysis/recompute/", analysis.recompute, name="recompute"),
    path("settings/", analysis.analysis_settings, name="settings"),
]
