"""System → Health: each integration's circuit state and the current health problems."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timesince import timeuntil
from django.views.decorators.http import require_POST

from radarr_site import tasks
from radarr_site.accounts.decorators import admin_required
from radarr_site.health import run_checks
from radarr_site.models import ProviderStatus


def _test_tmdb() -> list[str]:
    from movies import services  # the movies app's public face; imported late, it is optional

    return services.check_tmdb()


def _test_download_client(key: str) -> list[str]:
    from downloads import services  # the downloads app's public face; optional here too

    pk = key.removeprefix("downloadclient:")
    if not pk.isdigit():
        return ["This download client no longer exists."]
    return services.test_client(int(pk))


def _test_indexer(key: str) -> list[str]:
    from indexers import services  # the indexers app's public face; optional here too

    row = services.indexer_for_key(key)
    if row is None:
        return ["This indexer no longer exists."]
    return services.test_indexer(row)


# Provider keys whose "Test again" makes a real call; later integrations add a line here.
PROVIDER_TESTS = {"tmdb": _test_tmdb}
# Integrations configured many times have one key per row ("downloadclient:3"): key prefix →
# a test taking the key. Keys of unsaved test runs ("downloadclient:qbittorrent:test") have
# no row to test.
PROVIDER_TEST_PREFIXES = {
    "downloadclient:": _test_download_client,
    "indexer:": _test_indexer,
}


def _indexer_exists(key: str) -> bool:
    from indexers import services

    return services.indexer_for_key(key) is not None


# Prefixes whose "Test again" is offered only while the row still exists: a status left
# by a deleted indexer has nothing to test.
PROVIDER_ROW_EXISTS = {"indexer:": _indexer_exists}


def provider_test(key: str) -> Callable[[], list[str]] | None:
    """The test behind a provider's "Test again" button, or None when it has none."""
    if key in PROVIDER_TESTS:
        return PROVIDER_TESTS[key]
    for prefix, test in PROVIDER_TEST_PREFIXES.items():
        if key.startswith(prefix) and key.removeprefix(prefix).isdigit():
            exists = PROVIDER_ROW_EXISTS.get(prefix)
            if exists is not None and not exists(key):
                return None
            return partial(test, key)
    return None


def retry_wording(status: ProviderStatus) -> str:
    """The "Retry in" cell: a minute-rounded wait reads "0 minutes" under a minute, so a
    short hold is given in seconds, one about to end as "Retrying now"."""
    if status.state == ProviderStatus.HALF_OPEN:
        return "On the next call"  # the hold has passed: the next call goes through
    wait = status.retry_in
    if wait is None:
        return ""
    if wait < timedelta(seconds=1):
        return "Retrying now"
    if wait < timedelta(minutes=1):
        seconds = int(wait.total_seconds())
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return timeuntil(status.disabled_until)


@admin_required
def health(request: HttpRequest) -> HttpResponse:
    providers = list(ProviderStatus.objects.all())
    for status in providers:
        status.retry_text = retry_wording(status)
    context = {
        "issues": run_checks(),
        "providers": providers,
        "testable": {status.key for status in providers if provider_test(status.key)},
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
    test = provider_test(status.key)
    if test is None:
        messages.error(request, f"{status.label} has no test.")
        return redirect("system:health")
    problems = test()
    if problems:
        messages.error(request, f"{status.label}: " + "; ".join(problems))
    else:
        messages.success(request, f"{status.label} works.")
    return redirect("system:health")
