"""Radarr's API paths are case-insensitive (/api/v3/qualityProfile works), and every API
response carries X-Application-Version (Prowlarr reads it to check the version)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from radarr_site.api.core import API_PREFIX, RADARR_COMPAT_VERSION


class ApiPathMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.lower().startswith(API_PREFIX):
            return self.get_response(request)
        original = request.path_info
        lowered = original.lower()
        if lowered.rstrip("/") != API_PREFIX.rstrip("/") and lowered.endswith("/"):
            lowered = lowered.rstrip("/")  # pyarr and others add a trailing slash at times
        request.path_info = lowered
        request.path = request.path[: len(request.path) - len(original)] + lowered
        response = self.get_response(request)
        response["X-Application-Version"] = RADARR_COMPAT_VERSION
        return response
