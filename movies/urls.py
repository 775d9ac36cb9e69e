"""URLs of the movie pages (app_name "movies"; the library is the site's front page)."""

from django.urls import path

from movies.views import add, bulk, detail, library

app_name = "movies"

urlpatterns = [
    path("", library.library, name="library"),
    path("movies/add/", add.add, name="add"),
    path("movies/add/search/", add.add_search, name="add_search"),
    path("movies/bulk/", bulk.bulk, name="bulk"),
    path("movies/<int:pk>/", detail.detail, name="detail"),
    path("movies/<int:pk>/edit/", detail.edit, name="edit"),
    path("movies/<int:pk>/delete/", detail.delete, name="delete"),
    path("movies/<int:pk>/refresh/", detail.refresh, name="refresh"),
]
