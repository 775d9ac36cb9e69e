"""System → Parse: how titles parse, which quality they map to, which custom formats match.

One title per line (at most MAX_TITLES). The form posts normally without JavaScript and
swaps only the result with HTMX; a GET with `titles` (and `profile`) works too, so a
parse can be linked. The formats are compiled once per request for all the titles.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from movies.formats.matcher import MatchedFormat
from movies.models import QualityProfile
from movies.services import custom_format_matcher, parse_release
from radarr_site.accounts.decorators import admin_required

MAX_TITLES = 50
MAX_TITLE_CHARS = 1000


class ParseForm(forms.Form):
    """Titles, one per line, and the profile whose custom format scores to show."""

    titles = forms.CharField(
        label="Release titles or file names",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 100, "spellcheck": "false"}),
        help_text=f"One per line, up to {MAX_TITLES}.",
        max_length=MAX_TITLES * (MAX_TITLE_CHARS + 2),
    )
    profile = forms.ModelChoiceField(
        QualityProfile.objects.all(),
        required=False,
        empty_label="(no profile: no score)",
        label="Score for profile",
    )

    def clean_titles(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["titles"].splitlines()]
        titles = [line for line in lines if line]
        if not titles:
            raise forms.ValidationError("Enter at least one title.")
        if len(titles) > MAX_TITLES:
            raise forms.ValidationError(
                f"At most {MAX_TITLES} titles at once; you entered {len(titles)}."
            )
        too_long = [n for n, title in enumerate(titles, 1) if len(title) > MAX_TITLE_CHARS]
        if too_long:
            raise forms.ValidationError(
                f"Line {too_long[0]} is longer than {MAX_TITLE_CHARS} characters."
            )
        return titles


@dataclass
class TitleParse:
    """What the page shows for one title."""

    title: str
    fields: list[tuple[str, str]]  # (corpus field name, shown value)
    quality: str
    formats: list[MatchedFormat]
    score: int | None


def shown(value: object) -> str:
    """A parsed value as the page writes it: lists joined, nothing as a dash."""
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def parse_titles(titles: list[str], profile: QualityProfile | None) -> list[TitleParse]:
    """Parse each title and match the custom formats (two queries for the whole batch)."""
    matcher = custom_format_matcher()
    results = []
    for title in titles:
        parsed = parse_release(title)
        matched = matcher.matching(parsed)
        results.append(
            TitleParse(
                title=title,
                fields=[(name, shown(value)) for name, value in parsed.as_dict().items()],
                quality=parsed.quality.quality.name,
                formats=matched,
                score=matcher.score(profile.pk, matched) if profile else None,
            )
        )
    return results


@admin_required
def parse(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    form = ParseForm(data if "titles" in data else None)
    results: list[TitleParse] = []
    if form.is_bound and form.is_valid():
        results = parse_titles(form.cleaned_data["titles"], form.cleaned_data["profile"])
    context = {"form": form, "results": results}
    # HTMX does not swap a 4xx answer, so the errors reach it with a 200.
    status = 400 if form.is_bound and form.errors and not request.htmx else 200
    template = "system/partials/parse_result.html" if request.htmx else "system/parse.html"
    return render(request, template, context, status=status)
