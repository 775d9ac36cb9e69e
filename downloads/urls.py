"""Activity pages (mounted at /activity/): the queue, history and the blocklist."""

from django.urls import path

from downloads import views_manual
from downloads.views import blocklist, history, queue

app_name = "activity"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("queue/<int:pk>/<str:action>/", queue.queue_action, name="queue_action"),
    path("history/", history.history, name="history"),
    path("manual-import/", views_manual.manual_import, name="manual_import"),
    path("blocklist/", blocklist.blocklist, name="blocklist"),
    path("blocklist/remove/", blocklist.blocklist_remove, name="blocklist_remove"),
]
