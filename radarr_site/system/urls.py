"""System pages: status, tasks, health, logs and parse (admins only)."""

from django.urls import path

from radarr_site.system import health, logs, parse, status, tasks

app_name = "system"

urlpatterns = [
    path("", status.status, name="index"),
    path("status/", status.status, name="status"),
    path("tasks/", tasks.tasks, name="tasks"),
    path("tasks/table/", tasks.tasks_table, name="tasks_table"),
    path("tasks/run/", tasks.run_now, name="task_run"),
    path("health/", health.health, name="health"),
    path("health/check/", health.check_now, name="health_check"),
    path("health/test/<int:pk>/", health.test_provider, name="provider_test"),
    path("logs/", logs.logs, name="logs"),
    path("logs/download/", logs.download, name="logs_download"),
    path("parse/", parse.parse, name="parse"),
    path("parse/movies/", parse.movie_options, name="parse_movies"),
]
