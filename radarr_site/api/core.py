"""The NinjaAPI instance every router joins, its key authentication and Radarr's error shapes.

Errors look like Radarr's so the tools that parse them keep working:
- 400 validation: a list of {propertyName, errorMessage, attemptedValue, severity}
  (Prowlarr retries a rejected indexer with ?forceSave=true after one of these);
- 401: wrong or missing key (header X-Api-Key or query apikey), body {"message": "Unauthorized"};
- 404: {"message": "NotFound", "description": ...}.
Routers raise `invalid(...)` and `not_found(...)` rather than building responses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyHeader, APIKeyQuery

from radarr_site.api.keys import key_matches

log = logging.getLogger(__name__)

API_PREFIX = "/api/v3/"
# What we answer as our version in X-Application-Version and system/status: Prowlarr and
# Overseerr check the major version (Radarr v5's API is what we speak).
RADARR_COMPAT_VERSION = "5.14.0.9383"

# Where ninja says a value came from: the first element of a pydantic error location.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class HeaderKey(APIKeyHeader):
    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> bool | None:
        return True if key_matches(key) else None


class QueryKey(APIKeyQuery):
    param_name = "apikey"

    def authenticate(self, request: HttpRequest, key: str | None) -> bool | None:
        return True if key_matches(key) else None


def docs_guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI document: for a caller with the key, or anyone signed in to the
    household. Its browsable page (/api/v3/docs) fetches the document with the browser's
    session, so it is for signed-in users; with only a key it says so."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return view(request, *args, **kwargs)
        key = request.headers.get("X-Api-Key") or request.GET.get("apikey")
        if not key_matches(key):
            return JsonResponse({"message": "Unauthorized"}, status=401)
        if request.path_info.rstrip("/").endswith("/docs"):
            message = "Sign in to browse the API docs; with the key, read /api/v3/openapi.json."
            return JsonResponse({"message": message}, status=401)
        return view(request, *args, **kwargs)

    return guarded


class RadarrNinjaAPI(NinjaAPI):
    """NinjaAPI that keeps the value a client sent beside each schema error, so the 400
    says it back as Radarr's attemptedValue (ninja drops pydantic's input)."""

    def validation_error_from_error_contexts(self, error_contexts: list) -> ValidationError:
        errors: list[dict[str, Any]] = []
        for context in error_contexts:
            model = context.model
            for error in context.pydantic_validation_error.errors(include_url=False):
                value = error.pop("input", None)
                where = model.__ninja_flatten_map_reverse__.get(error["loc"], error["loc"])
                error["loc"] = (model.__ninja_param_source__, *where)
                if isinstance(value, str | int | float | bool):
                    error["attempted"] = value
                if isinstance(error.get("ctx", {}).get("error"), Exception):
                    error["ctx"]["error"] = str(error["ctx"]["error"])
                errors.append(error)
        return ValidationError(errors)


api = RadarrNinjaAPI(
    title="Radarr Site API",
    version="3",
    description="The subset of Radarr's API v3 that Overseerr, Prowlarr and pyarr call.",
    urls_namespace="api_v3",
    auth=[HeaderKey(), QueryKey()],
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=docs_guard,
)


class ApiValidationError(Exception):
    """400 with Radarr's list of field failures: {field name: message}."""

    def __init__(self, errors: dict[str, str], attempted: dict[str, Any] | None = None) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
        self.attempted = attempted or {}


def invalid(errors: dict[str, str], attempted: dict[str, Any] | None = None) -> ApiValidationError:
    """`raise invalid({"qualityProfileId": "Quality profile 9 does not exist."})`"""
    return ApiValidationError(errors, attempted)


class ApiNotFound(Exception):
    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


def not_found(description: str) -> ApiNotFound:
    """`raise not_found("Movie 12 does not exist.")` → 404."""
    return ApiNotFound(description)


def failures(errors: dict[str, str], attempted: dict[str, Any] | None = None) -> list[dict]:
    attempted = attempted or {}
    return [
        {
            "propertyName": name,
            "errorMessage": message,
            "attemptedValue": attempted.get(name),
            "severity": "error",
        }
        for name, message in errors.items()
    ]


@api.exception_handler(ApiValidationError)
def _on_invalid(request: HttpRequest, exc: ApiValidationError) -> HttpResponse:
    return api.create_response(request, failures(exc.errors, exc.attempted), status=400)


@api.exception_handler(ValidationError)
def _on_schema_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, str] = {}
    attempted: dict[str, Any] = {}
    for error in exc.errors:
        name = _field_name([str(p) for p in error.get("loc", ())])
        errors.setdefault(name, str(error.get("msg", "Invalid value.")))
        if "attempted" in error:
            attempted.setdefault(name, error["attempted"])
    return api.create_response(request, failures(errors, attempted), status=400)


def _field_name(loc: list[str]) -> str:
    """The client's field name in a ninja error location: ("body", "payload", "title") →
    "title", ("query", "pageSize") → "pageSize"; the whole body → "body"."""
    if loc and loc[0] in _SOURCES:
        source = loc.pop(0)
        if source == "body" and len(loc) > 1:
            loc.pop(0)  # the view's parameter name, not the client's
    return ".".join(loc) or "body"


@api.exception_handler(ApiNotFound)
def _on_not_found(request: HttpRequest, exc: ApiNotFound) -> HttpResponse:
    return api.create_response(
        request, {"message": "NotFound", "description": exc.description}, status=404
    )


@api.exception_handler(AuthenticationError)
def _on_unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"message": "Unauthorized"}, status=401)


@api.exception_handler(HttpError)
def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # e.g. a body that is not JSON at all
        return api.create_response(request, failures({"body": str(exc)}), status=400)
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)
