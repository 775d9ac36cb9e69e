from django.urls import path

from movies.views import library

app_name = "movies"

urlpatterns = [
    path("", library.library, name="library"),
    path("movies/add/", library.add, name="add"),
]
