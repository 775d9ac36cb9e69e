"""URLs of the movie pages (app_name "movies"; the library is the site's front page)."""

from django.urls import include, path

from movies.views import add, bulk, detail, files, imports, library, requests, wanted

app_name = "movies"

urlpatterns = [
    path("", library.library, name="library"),
    path("movies/add/", add.add, name="add"),
    path("movies/add/search/", add.add_search, name="add_search"),
    path("movies/bulk/", bulk.bulk, name="bulk"),
    path("movies/import/", imports.import_page, name="import"),
    path("movies/import/scan/", imports.import_scan, name="import_scan"),
    path("movies/import/run/", imports.import_run, name="import_run"),
    path("movies/import/<int:root_id>/status/", imports.import_status, name="import_status"),
    path("movies/import/folders/<int:pk>/search/", imports.import_search, name="import_search"),
    path("movies/import/folders/<int:pk>/match/", imports.import_match, name="import_match"),
    path("movies/<int:pk>/", detail.detail, name="detail"),
    path("movies/<int:pk>/edit/", detail.edit, name="edit"),
    path("movies/<int:pk>/delete/", detail.delete, name="delete"),
    path("movies/<int:pk>/refresh/", detail.refresh, name="refresh"),
    path("movies/<int:pk>/search/", include("indexers.search_urls")),
    path("movies/<int:pk>/rename/", files.rename_preview, name="rename_preview"),
    path("movies/<int:pk>/rename/apply/", files.rename_apply, name="rename_apply"),
    path("movies/<int:pk>/files/<int:file_id>/delete/", files.file_delete, name="file_delete"),
    path("wanted/missing/", wanted.wanted, {"kind": "missing"}, name="wanted_missing"),
    path("wanted/cutoff/", wanted.wanted, {"kind": "cutoff"}, name="wanted_cutoff"),
    path("wanted/<str:kind>/search/", wanted.wanted_search, name="wanted_search"),
    path("wanted/progress/", wanted.wanted_progress, name="wanted_progress"),
    # Household requests
    path("requests/", requests.requests_page, name="requests"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/new/search/", requests.request_search, name="request_search"),
    path("requests/states/", requests.requests_poll, name="request_states"),
    path("requests/bulk/", requests.requests_bulk, name="requests_bulk"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/approve/", requests.request_approve, name="request_approve"),
    path("requests/<int:pk>/decline/", requests.request_decline, name="request_decline"),
]
