"""A movie's search routes, included by movies/urls.py under movies/<pk>/search/ (so they
sit in the "movies" namespace: movies:search_interactive, search_automatic, search_grab)."""

from django.urls import path

from indexers.views import search

urlpatterns = [
    path("interactive/", search.interactive, name="search_interactive"),
    path("automatic/", search.automatic, name="search_automatic"),
    path("grab/", search.grab, name="search_grab"),
]
