from django.urls import path

from movies.views import library

app_name = "settings"

urlpatterns = [
    path("", library.library, name="index"),
    path("root-folders/", library.library, name="root_folders"),
]
