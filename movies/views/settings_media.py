"""Settings → Media Management: naming formats (with a live preview), hardlinks, recycle bin."""

from __future__ import annotations

import os

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from movies import services
from movies.models import MediaManagement
from movies.models.library import system_folder_problem
from movies.naming import NamingChoices, brace_problems, token_examples, unknown_tokens
from radarr_site.accounts.decorators import admin_required


class MediaManagementForm(forms.ModelForm):
    """The singleton's fields; formats must use known tokens, the bin an absolute path."""

    class Meta:
        model = MediaManagement
        fields = [
            "rename_movies",
            "replace_illegal",
            "colon_replacement",
            "standard_movie_format",
            "movie_folder_format",
            "use_hardlinks",
            "recycle_bin",
            "recycle_bin_days",
        ]
        labels = {
            "standard_movie_format": "Standard movie format",
            "movie_folder_format": "Movie folder format",
        }

    def _format(self, name: str) -> str:
        value = self.cleaned_data[name].strip()
        problems = brace_problems(value)
        if unknown := unknown_tokens(value):
            problems.append(f"Unknown token(s): {', '.join(unknown)}.")
        if problems:
            raise forms.ValidationError(problems)
        if "/" in value or "\\" in value:
            raise forms.ValidationError("A format names one file or folder: no / or \\.")
        if "{" not in value:
            raise forms.ValidationError("Use at least one token, such as {Movie Title}.")
        return value

    def clean_standard_movie_format(self) -> str:
        return self._format("standard_movie_format")

    def clean_movie_folder_format(self) -> str:
        return self._format("movie_folder_format")

    def clean_recycle_bin(self) -> str:
        value = self.cleaned_data["recycle_bin"].strip()
        if not value:
            return ""
        if not os.path.isabs(value):
            raise forms.ValidationError("Enter an absolute path, such as /data/recycle.")
        value = os.path.normpath(value)
        if value == os.sep or (problem := system_folder_problem(value)):
            raise forms.ValidationError(problem or "The filesystem root cannot be the bin.")
        return value


def _preview(data) -> dict:
    """Names for the sample movie from the (possibly unsaved) form values."""
    current = MediaManagement.load()
    choices = NamingChoices(
        file_format=data.get("standard_movie_format") or current.standard_movie_format,
        folder_format=data.get("movie_folder_format") or current.movie_folder_format,
        replace_illegal=bool(data.get("replace_illegal")) if data else current.replace_illegal,
        colon_replacement=data.get("colon_replacement") or current.colon_replacement,
    )
    names = services.naming_preview(choices)
    formats = (choices.file_format, choices.folder_format)
    unknown = [token for text in formats for token in unknown_tokens(text)]
    braces = [problem for text in formats for problem in brace_problems(text)]
    return {"preview": names, "unknown": unknown, "brace_problems": braces}


@admin_required
def media_management(request: HttpRequest) -> HttpResponse:
    settings_row = MediaManagement.load()
    form = MediaManagementForm(request.POST or None, instance=settings_row)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Media management settings saved.")
        return redirect("settings:media_management")
    context = {"form": form, "token_groups": token_examples(), **_preview(request.POST or {})}
    return render(request, "settings/media_management.html", context)


@admin_required
@require_POST
def media_management_preview(request: HttpRequest) -> HttpResponse:
    """The live preview (HTMX): the sample movie named with the formats being typed."""
    return render(request, "settings/partials/naming_preview.html", _preview(request.POST))
