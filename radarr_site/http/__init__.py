"""The shared HTTP toolkit: one session factory, one error taxonomy, shared rate limits."""

from radarr_site.http.errors import (
    AuthError,
    BadResponse,
    IntegrationError,
    NotFound,
    RateLimited,
    Unavailable,
)
from radarr_site.http.session import HttpClient, build_session

__all__ = [
    "AuthError",
    "BadResponse",
    "HttpClient",
    "IntegrationError",
    "NotFound",
    "RateLimited",
    "Unavailable",
    "build_session",
]
