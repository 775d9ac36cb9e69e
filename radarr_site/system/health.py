"""System → Health: each integration's circuit state and the current health problems."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from radarr_site import tasks
from radarr_site.accounts.decorators import admin_required
from radarr_site.health import run_checks
from radarr_site.models import ProviderStatus


def _test_tmdb() -> list[str]:
    from movies import services  # the movies app's public face; imported late, it is optional

    return services.check_tmdb()


# Provider keys whose "Test again" makes a real call; later integrations add a line here.
PROVIDER_TESTS = {"tmdb": _test_tmdb}


@admin_required
def health(request: HttpRequest) -> HttpResponse:
    context = {
        "issues": run_checks(),
        "providers": ProviderStatus.objects.all(),
        "testable": set(PROVIDER_TESTS),
    }
    return render(request, "system/health.html", context)


@admin_required
@require_POST
def check_now(request: HttpRequest) -> HttpResponse:
    summary = tasks.check_health()
    messages.success(
        request,
        f"Checked {summary['root_folders']} root folder(s): "
        f"{summary['errors']} error(s), {summary['warnings']} warning(s).",
    )
    return redirect("system:health")


@admin_required
@require_POST
def test_provider(request: HttpRequest, pk: int) -> HttpResponse:
    status = get_object_or_404(ProviderStatus, pk=pk)
    test = PROVIDER_TESTS.get(status.key)
    if test is None:
        messages.error(request, f"{status.label} has no test.")
        return redirect("system:health")
    problems = test()
    if problems:
        messages.error(request, f"{status.label}: " + "; ".join(problems))
    else:
        messages.success(request, f"{status.label} works.")
    return redirect("system:health")
