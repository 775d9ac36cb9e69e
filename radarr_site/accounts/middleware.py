"""Nothing is reachable without signing in, except sign-in, first run and static files.

While no account exists at all, every URL leads to the first-run page that creates the
first admin (there is no default password anywhere).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse

OPEN_URL_NAMES = {"accounts:sign_in", "accounts:first_run"}


class SignInRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            return None
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
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
            # An expired session inside an HTMX swap: send the whole page to sign-in.
            response = redirect("accounts:sign_in")
            response["HX-Redirect"] = reverse("accounts:sign_in")
            return response
        return redirect(f"{reverse('accounts:sign_in')}?next={request.get_full_path()}")
