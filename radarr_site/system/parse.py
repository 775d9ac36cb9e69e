"""System → Parse: how titles parse, which quality they map to, which custom formats match.

One title per line (at most MAX_TITLES). The form posts normally without JavaScript and
swaps only the result with HTMX; a GET with `titles` (and `profile`) works too, so a
parse can be linked. The formats are compiled once per request for all the titles.

With a library movie chosen, the titles are also judged as releases for it by the decision
engine (indexers.services.decide_for_movie): accepted with a rank, or rejected with every
reason. The movie field is plain text (an id, "Title (Year) #id", or a title) so it works
without JavaScript; with HTMX it offers up to MAX_MOVIE_MATCHES library movies as you type.

The movies app is reached through movies.services (parsing, the format matcher); its
models only for plain reads (the profile list, finding the library movie the field names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from indexers.release import PROTOCOLS, TORRENT, USENET, Release
from indexers.services import decide_for_movie
from movies.models import Movie, QualityProfile
from movies.services import custom_format_matcher, parse_release
from radarr_site.accounts.decorators import admin_required

MAX_TITLES = 50
# The issue wants a 10k-character hostile name parsable; the total keeps one request bounded.
MAX_TITLE_CHARS = 10_000
MAX_TOTAL_CHARS = 100_000
MAX_MOVIE_MATCHES = 20
MAX_SIZE_GB = 1000
GIB = 1024**3
# "The Matrix (1999) #12", as the suggestions write it, or a bare id.
_MOVIE_ID = re.compile(r"(?:^|#)\s*(\d+)\s*$")
_TITLE_YEAR = re.compile(r"^(?P<title>.+?)\s*\((?P<year>\d{4})\)$")


def movie_label(movie: Movie) -> str:
    """How a suggestion names a movie; the trailing id makes the choice unambiguous."""
    return f"{movie} #{movie.pk}"


def movies_matching(term: str, limit: int = MAX_MOVIE_MATCHES) -> QuerySet[Movie]:
    """Library movies whose title (or original title) contains the term, or whose id it is."""
    term = term.strip()
    if not term:
        return Movie.objects.none()
    query = Q(title__icontains=term) | Q(original_title__icontains=term)
    found = _MOVIE_ID.search(term)
    if found:
        query |= Q(pk=int(found.group(1)))
    return Movie.objects.filter(query).order_by("sort_title", "year")[:limit]


def find_movie(term: str) -> Movie:
    """The one movie the text names: by id, else by exact title (and year), else the only
    title containing it. ValidationError saying why when none or several fit."""
    term = term.strip()
    found = _MOVIE_ID.search(term)
    if found:
        movie = Movie.objects.filter(pk=int(found.group(1))).first()
        if movie is not None:
            return movie
        # A bare number may be a title ("1917"); "… #id" names an id only.
        if not term.isdigit():
            raise forms.ValidationError(f"No library movie has the id {found.group(1)}.")
    exact = Movie.objects.filter(title__iexact=term)
    titled = _TITLE_YEAR.match(term)
    if titled:
        exact = Movie.objects.filter(title__iexact=titled["title"], year=int(titled["year"]))
    candidates = list(exact[:2]) or list(movies_matching(term, limit=2))
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise forms.ValidationError(f"No library movie matches “{term}”.")
    raise forms.ValidationError(
        f"Several library movies match “{term}”: pick one from the suggestions or enter its id."
    )


class ParseForm(forms.Form):
    """Titles, one per line, and the profile whose custom format scores to show."""

    titles = forms.CharField(
        label="Release titles or file names",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 100, "spellcheck": "false"}),
        help_text=(
            f"One per line, up to {MAX_TITLES} lines of up to {MAX_TITLE_CHARS:,} characters "
            f"each ({MAX_TOTAL_CHARS:,} in all)."
        ),
        max_length=MAX_TOTAL_CHARS,
        error_messages={
            "max_length": f"At most {MAX_TOTAL_CHARS:,} characters in all; "
            "you entered %(show_value)d."
        },
    )
    profile = forms.ModelChoiceField(
        QualityProfile.objects.all(),
        required=False,
        empty_label="(no profile: no score)",
        label="Score for profile",
    )
    movie = forms.CharField(
        required=False,
        max_length=320,
        label="Decide for movie",
        help_text="Optional: a library movie's title or id; its profile then gives the scores.",
        widget=forms.TextInput(attrs={"list": "parse-movie-options", "autocomplete": "off"}),
    )
    size_gb = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_value=MAX_SIZE_GB,
        max_digits=8,
        decimal_places=3,
        label="Size (GB)",
        help_text=f"Applies to every title, up to {MAX_SIZE_GB:,} GB; leave empty and the "
        "size is not checked.",
        error_messages={
            "max_value": f"The size can be at most {MAX_SIZE_GB:,} GB.",
            "min_value": "The size cannot be negative.",
            "max_digits": f"The size can be at most {MAX_SIZE_GB:,} GB.",
            "max_whole_digits": f"The size can be at most {MAX_SIZE_GB:,} GB.",
            "max_decimal_places": "Give the size with at most 3 decimals.",
            "invalid": "Enter the size as a number of GB, such as 4.7.",
        },
    )
    protocol = forms.ChoiceField(
        choices=[(TORRENT, "Torrent"), (USENET, "Usenet")], initial=TORRENT, required=False
    )
    seeders = forms.IntegerField(
        required=False, min_value=0, max_value=10**7, help_text="Torrents only."
    )

    def clean_movie(self) -> Movie | None:
        term = self.cleaned_data["movie"].strip()
        return find_movie(term) if term else None

    def clean_protocol(self) -> str:
        return self.cleaned_data["protocol"] or TORRENT

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
                f"Line {too_long[0]} is longer than {MAX_TITLE_CHARS:,} characters."
            )
        return titles


@dataclass
class TitleParse:
    """What the page shows for one title (and, with a movie chosen, its decision)."""

    title: str
    fields: list[tuple[str, str]]  # (corpus field name, shown value)
    quality: str
    formats: list[Any]  # the matcher's MatchedFormat: id and name
    score: int | None
    # The compact summary line: (label, shown value) of the facts people look for first.
    summary: list[tuple[str, str]] = field(default_factory=list)
    # "Custom format X: condition Y took too long and was treated as not matching."
    timeouts: list[str] = field(default_factory=list)
    judged: bool = False
    rank: int | None = None  # 1 is the best accepted release
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.judged and not self.reasons

    @property
    def first_reason(self) -> str:
        return self.reasons[0] if self.reasons else ""


def shown(value: object) -> str:
    """A parsed value as the page writes it: lists joined, nothing as a dash."""
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


SUMMARY_FIELDS = (
    ("title", "Title"),
    ("year", "Year"),
    ("release_group", "Group"),
    ("edition", "Edition"),
    ("languages", "Languages"),
)


def timeout_notes(timeouts: list[tuple[str, str]]) -> list[str]:
    """The page's sentence for each (format, condition) whose regex ran out of time."""
    return [
        f"Custom format {name}: condition {condition} took too long and was treated as "
        "not matching."
        for name, condition in timeouts
    ]


def parse_titles(
    titles: list[str], profile: QualityProfile | None
) -> tuple[list[TitleParse], bool]:
    """Parse each title and match the custom formats (two queries for the whole batch).

    Also says whether some format compares with the movie's original language, which
    without a movie cannot be judged (such conditions then match nothing)."""
    matcher = custom_format_matcher()
    matcher.take_timeouts()  # start clean: only this request's timeouts are shown
    results = []
    for title in titles:
        parsed = parse_release(title)
        matched = matcher.matching(parsed)
        values = parsed.as_dict()
        results.append(
            TitleParse(
                title=title,
                fields=[(name, shown(value)) for name, value in values.items()],
                quality=parsed.quality.quality.name,
                formats=matched,
                score=matcher.score(profile.pk, matched) if profile else None,
                summary=[(label, shown(values.get(name))) for name, label in SUMMARY_FIELDS],
                timeouts=timeout_notes(matcher.take_timeouts()),
            )
        )
    return results, matcher.uses_original_language


def as_releases(
    titles: list[str], size_gb: Decimal | None, protocol: str, seeders: int | None
) -> list[Release]:
    """The titles as releases from one made-up indexer, each with its own guid."""
    size = int((size_gb or 0) * GIB)
    return [
        Release(
            title=title,
            size=size,
            indexer="Parse page",
            protocol=protocol if protocol in PROTOCOLS else TORRENT,
            seeders=seeders if protocol == TORRENT else None,
            guid=f"parse:{number}",
        )
        for number, title in enumerate(titles)
    ]


def judge_titles(results: list[TitleParse], movie: Movie, releases: list[Release]) -> None:
    """Add the decision engine's verdict for the movie to each title's result; the formats
    and score become the movie's (its profile, size, flags and original language count)."""
    decisions = decide_for_movie(movie, releases)
    by_guid = {decision.release.guid: decision for decision in decisions}
    ranks = {d.release.guid: n for n, d in enumerate((d for d in decisions if d.accepted), 1)}
    for result, release in zip(results, releases, strict=True):
        decision = by_guid[release.guid]
        result.judged = True
        result.rank = ranks.get(release.guid)
        result.reasons = decision.reasons
        result.notes = list(decision.notes)
        result.formats = list(decision.custom_formats)
        result.score = decision.format_score


@admin_required
def parse(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    form = ParseForm(data if "titles" in data else None)
    results: list[TitleParse] = []
    movie = None
    needs_original = False
    if form.is_bound and form.is_valid():
        cleaned = form.cleaned_data
        movie = cleaned["movie"]
        profile = movie.quality_profile if movie else cleaned["profile"]
        results, needs_original = parse_titles(cleaned["titles"], profile)
        if movie:
            releases = as_releases(
                cleaned["titles"], cleaned["size_gb"], cleaned["protocol"], cleaned["seeders"]
            )
            judge_titles(results, movie, releases)
    ranked = sorted(results, key=lambda r: (not r.accepted, r.rank or 0)) if movie else []
    context = {
        "form": form,
        "results": results,
        "ranked": ranked,
        "movie": movie,
        # Without a movie its original language is unknown: say why Original never matches.
        "original_unknown": needs_original and not movie and bool(results),
    }
    # HTMX does not swap a 4xx answer, so the errors reach it with a 200.
    status = 400 if form.is_bound and form.errors and not request.htmx else 200
    template = "system/partials/parse_result.html" if request.htmx else "system/parse.html"
    return render(request, template, context, status=status)


@admin_required
def movie_options(request: HttpRequest) -> HttpResponse:
    """Up to MAX_MOVIE_MATCHES library movies for the movie field's suggestions."""
    movies = movies_matching(request.GET.get("movie", "")[:320])
    return render(
        request,
        "system/partials/parse_movie_options.html",
        {"options": [movie_label(movie) for movie in movies]},
    )
