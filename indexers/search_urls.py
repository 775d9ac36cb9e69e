"""A movie's search routes, included by movies/urls.py under movies/<pk>/search/ (so they
sit in the "movies" namespace: movies:search_interactive, search_automatic, search_grab)."""

from django.urls import path

from indexers import views_search

urlpatterns = [
    path("interactive/", views_search.interactive, name="search_interactive"),
    path("automatic/", views_search.automatic, name="search_automatic"),
    path("grab/", views_search.grab, name="search_grab"),
]
