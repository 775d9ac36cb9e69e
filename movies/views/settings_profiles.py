"""Settings → Profiles (list, add, copy, edit order/allowed/cutoff and custom format scores,
delete) and → Quality sizes."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from movies.formats.scores import copy_profile_scores
from movies.models import QualityDefinition, QualityProfile
from movies.profile_forms import (
    NewProfileForm,
    ProfileForm,
    cutoff_name,
    item_name,
    quality_titles,
)
from movies.quality import DEFAULT_PROFILES, profile_items
from movies.settings_forms import QualityDefinitionFormSet
from radarr_site.accounts.decorators import admin_required


def profile_rows() -> list[dict]:
    titles = quality_titles()
    rows = []
    # distinct: two joined counts would otherwise multiply each other. A score of 0 is
    # never stored (movies.formats.scores), so every row counts as a scored format.
    for profile in QualityProfile.objects.annotate(
        movie_count=Count("movies", distinct=True),
        scored_formats=Count("format_scores", distinct=True),
    ):
        allowed = [item_name(item, titles) for item in reversed(profile.items) if item["allowed"]]
        rows.append(
            {"profile": profile, "allowed": allowed, "cutoff": cutoff_name(profile, titles)}
        )
    return rows


@admin_required
def profiles(request: HttpRequest) -> HttpResponse:
    context = {"rows": profile_rows(), "new_form": NewProfileForm()}
    return render(request, "settings/profiles.html", context)


def _new_profile(name: str, based_on: QualityProfile | None) -> QualityProfile:
    if based_on is not None:
        with transaction.atomic():
            profile = QualityProfile.objects.create(
                name=name,
                upgrade_allowed=based_on.upgrade_allowed,
                cutoff=based_on.cutoff,
                items=based_on.items,
                min_format_score=based_on.min_format_score,
                cutoff_format_score=based_on.cutoff_format_score,
                min_upgrade_format_score=based_on.min_upgrade_format_score,
                minimum_reputation=based_on.minimum_reputation,
            )
            copy_profile_scores(based_on, profile)
        return profile
    allowed, cutoff = DEFAULT_PROFILES["Any"]
    return QualityProfile.objects.create(name=name, cutoff=cutoff, items=profile_items(allowed))


@admin_required
@require_http_methods(["GET", "POST"])
def profile_add(request: HttpRequest) -> HttpResponse:
    """Add a profile; a GET (a reloaded or bookmarked address) goes to the list's add form."""
    if request.method != "POST":
        return redirect(reverse("settings:profiles") + "#add-profile")
    form = NewProfileForm(request.POST)
    if not form.is_valid():
        context = {"rows": profile_rows(), "new_form": form}
        return render(request, "settings/profiles.html", context)
    try:
        profile = _new_profile(form.cleaned_data["name"], form.cleaned_data["based_on"])
    except IntegrityError:  # the same name saved by someone else a moment ago
        messages.error(request, "A profile with this name already exists.")
        return redirect("settings:profiles")
    messages.success(request, f"Added profile {profile.name}; choose its qualities below.")
    return redirect("settings:profile_edit", pk=profile.pk)


def _copy_name(name: str) -> str:
    candidate, n = f"{name} (copy)", 2
    while QualityProfile.objects.filter(name=candidate).exists():
        candidate, n = f"{name} (copy {n})", n + 1
    return candidate


@admin_required
@require_POST
def profile_copy(request: HttpRequest, pk: int) -> HttpResponse:
    original = get_object_or_404(QualityProfile, pk=pk)
    copy = _new_profile(_copy_name(original.name), original)
    messages.success(request, f"Copied {original.name} to {copy.name}.")
    return redirect("settings:profile_edit", pk=copy.pk)


@admin_required
@require_POST
def profile_delete(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(QualityProfile, pk=pk)
    used = profile.movies.count()
    if used:
        messages.error(request, f"{profile.name} is used by {used} movie(s) and cannot be deleted.")
        return redirect("settings:profiles")
    try:
        profile.delete()
    except ProtectedError:  # a movie was given this profile since the count
        messages.error(request, f"{profile.name} is in use and cannot be deleted.")
        return redirect("settings:profiles")
    messages.success(request, f"Deleted profile {profile.name}.")
    return redirect("settings:profiles")


@admin_required
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A move (▲/▼) or, over HTMX, a changed checkbox re-renders the posted state unsaved;
    Save validates and stores it. Every re-render after a POST says the changes are unsaved."""
    profile = get_object_or_404(QualityProfile, pk=pk)
    if request.method != "POST":
        form = ProfileForm(profile=profile, initial=_initial(profile))
    elif "move" in request.POST or "refresh" in request.POST:
        form = ProfileForm.preview(request.POST, profile)
    else:
        form = ProfileForm(request.POST, profile=profile)
        if form.is_valid():
            form.save()
            messages.success(request, f"Saved profile {profile.name}.")
            if request.htmx:
                return HttpResponseClientRedirect(reverse("settings:profiles"))
            return redirect("settings:profiles")
    context = {"form": form, "profile": profile, "unsaved": request.method == "POST"}
    template = (
        "settings/partials/profile_form.html" if request.htmx else "settings/profile_edit.html"
    )
    return render(request, template, context)


def _initial(profile: QualityProfile) -> dict:
    return {
        "name": profile.name,
        "upgrade_allowed": profile.upgrade_allowed,
        "cutoff": profile.cutoff,
    }


@admin_required
def quality_definitions(request: HttpRequest) -> HttpResponse:
    """Settings → Quality: min / preferred / max MB per minute of every quality."""
    queryset = QualityDefinition.objects.all()
    formset = QualityDefinitionFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, "Quality sizes saved.")
        return redirect("settings:quality")
    return render(request, "settings/quality.html", {"formset": formset})
