"""View guards for the two roles."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from radarr_site.accounts.roles import is_admin


def admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only household admins: members get 403 (they are signed in, just not allowed)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_admin(request.user):
            raise PermissionDenied("Only an admin can do this.")
        return view(request, *args, **kwargs)

    return wrapped
