"""Activity pages (mounted at /activity/): the queue, history and the blocklist."""

from django.urls import path

from downloads.views import blocklist, history, queue

app_name = "activity"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("queue/<int:pk>/<str:action>/", queue.queue_action, name="queue_action"),
    path("history/", history.history, name="history"),
    path("blocklist/", blocklist.blocklist, name="blocklist"),
    path("blocklist/remove/", blocklist.blocklist_remove, name="blocklist_remove"),
]
