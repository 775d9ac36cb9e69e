"""Template context every page gets: the version and the signed-in user's role."""

from __future__ import annotations

from django.http import HttpRequest

from radarr_site import __version__
from radarr_site.accounts.roles import is_admin


def site(request: HttpRequest) -> dict:
    """`app_version` for the footer and `is_admin` to show or hide admin-only links."""
    return {"app_version": __version__, "is_admin": is_admin(getattr(request, "user", None))}
