"""Sign-in is needed everywhere but sign-in, first run and static files; the Django admin
is for admins only.

While no account exists at all, every URL leads to the first-run page that creates the
first admin (there is no default password anywhere).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from radarr_site.accounts.roles import is_admin
from radarr_site.api.core import API_PREFIX

OPEN_URL_NAMES = {"accounts:sign_in", "accounts:first_run"}


class SignInRequiredMiddleware:
    """Sends anonymous visitors to sign-in (or to first run while nobody has an account)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            if request.path.startswith(reverse("admin:index")) and not is_admin(request.user):
                # The Django admin would show a signed-in member its own second sign-in
                # form ("You are authenticated as bob..."); a plain refusal is clearer.
                raise PermissionDenied("Only an admin can open the Django admin.")
            return None
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        if request.path_info.startswith(API_PREFIX):
            return None  # the API authenticates by its key, never by a session
        match = request.resolver_match
        name = f"{match.namespace}:{match.url_name}" if match and match.namespace else None
        first_run = not get_user_model().objects.exists()
        if first_run:
            return None if name == "accounts:first_run" else redirect("accounts:first_run")
        if name in OPEN_URL_NAMES:
            return None
        if getattr(view_func, "api_key_auth", False):
            return None
        if request.htmx:
            # A 302 would be followed by the browser inside the swap and paste the sign-in
            # page into the fragment; htmx only acts on HX-Redirect in a 200. Come back to
            # the page the fragment sits on, not to the fragment's own URL.
            page = request.htmx.current_url_abs_path or request.get_full_path()
            return HttpResponseClientRedirect(sign_in_url(page))
        return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))


def sign_in_url(next_path: str) -> str:
    """The sign-in URL that leads back to `next_path` (query string kept, URL-encoded)."""
    return redirect_to_login(next_path, reverse("accounts:sign_in"))["Location"]
