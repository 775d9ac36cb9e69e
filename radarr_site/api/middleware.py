"""Radarr's API is forgiving about case: /api/v3/qualityProfile is /api/v3/qualityprofile
and ?tmdbid= is ?tmdbId= (pyarr sends both spellings). Paths are lower-cased and query
parameter names are put in the spelling our routes declare. Every API response carries
X-Application-Version (Prowlarr reads it), and a path or method we do not serve answers
in JSON like every other API error (401 without the key), not with an HTML page."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from urllib.parse import parse_qsl, urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse

from radarr_site.api.core import API_PREFIX, RADARR_COMPAT_VERSION, api
from radarr_site.api.keys import key_matches


@cache
def query_names() -> dict[str, str]:
    """Every query parameter name the routes declare, by its lower-case spelling."""
    names = {"apikey": "apikey"}
    for operations in api.get_openapi_schema()["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", ()):
                if parameter.get("in") == "query":
                    names[parameter["name"].lower()] = parameter["name"]
    return names


def _declared_spelling(query_string: str) -> str | None:
    """The query string with its names spelled as declared and empty values left out (as
    Radarr, `?pageSize=` means the default); None when nothing changes."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    names = query_names()
    renamed = [(names.get(key.lower(), key), value) for key, value in pairs if value != ""]
    return urlencode(renamed) if renamed != pairs else None


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
        query = request.META.get("QUERY_STRING", "")
        if query:
            spelled = _declared_spelling(query)
            if spelled is not None:
                request.META["QUERY_STRING"] = spelled
                request.__dict__.pop("GET", None)  # parsed again from the new string
        response = self.get_response(request)
        if response.status_code in (404, 405) and not _is_json(response):
            response = _json_error(request, response)
        response["X-Application-Version"] = RADARR_COMPAT_VERSION
        return response


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def _json_error(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    key = request.headers.get("X-Api-Key") or request.GET.get("apikey")
    if not key_matches(key):
        # As Radarr: without the key every path is 401, so nobody maps our routes.
        return JsonResponse({"message": "Unauthorized"}, status=401)
    if response.status_code == 404:
        body = {"message": "NotFound", "description": f"No API resource at {request.path}."}
        return JsonResponse(body, status=404)
    replaced = JsonResponse(
        {"message": f"Method {request.method} is not allowed on {request.path}."}, status=405
    )
    if response.has_header("Allow"):
        replaced["Allow"] = response["Allow"]
    return replaced
