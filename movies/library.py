"""The library's queries: one page of movies, searched, filtered and sorted.

Bulk edit and delete live in movies.library_edit; folder rules in movies.folders.

Plain functions, no requests: the views parse the query string into a dict and call
these, so paging, filters and sorting are tested without rendering anything.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from movies import services
from movies.models import Movie, MovieFile, QualityProfile, Tag
from movies.quality import BY_ID, QUALITIES
from movies.titles import clean_title

log = logging.getLogger(__name__)

PER_PAGE = 50
VIEWS = ("grid", "table")
FILTERS = {
    "all": Q(),
    "monitored": Q(monitored=True),
    "unmonitored": Q(monitored=False),
    "missing": Q(monitored=True, has_file=False),
    "has_file": Q(has_file=True),
}
FILTER_LABELS = {
    "all": "All",
    "monitored": "Monitored",
    "unmonitored": "Unmonitored",
    "missing": "Missing",
    "has_file": "Has file",
}
# Each sort key is a column with its own index, so a page never sorts the whole table.
SORTS = {
    "title": "sort_title",
    "year": "year",
    "added": "added_at",
    "release": "in_cinemas",
    "size": "size_on_disk",
}
SORT_LABELS = {
    "title": "Title",
    "year": "Year",
    "added": "Added",
    # Only the cinema date: the earliest of three dates would need an expression no index serves.
    "release": "In cinemas",
    "size": "Size",
}
# Columns a movie may lack (no TMDB date yet): such movies come last in either direction.
NULLABLE_SORTS = {"year", "release"}
# Long text the library page never shows; not loading it keeps the page query light.
_HEAVY_FIELDS = (
    "overview",
    "top_cast",
    "alternative_titles",
    "genres",
    "quality_profile__items",
)
DEFAULTS = {"view": "grid", "q": "", "filter": "all", "sort": "title", "dir": "asc"}


@dataclass
class LibraryPage:
    """One page of the library plus the normalised parameters that produced it."""

    movies: list[Movie]
    params: dict[str, str]
    page: int
    has_next: bool
    profiles: list[QualityProfile] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_index(self) -> int:
        return (self.page - 1) * PER_PAGE + 1 if self.movies else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * PER_PAGE + len(self.movies)

    def query(self, **changes: object) -> str:
        """The query string for these parameters with some changed (defaults left out)."""
        merged = {**self.params, **{k: str(v) for k, v in changes.items()}}
        if "page" not in changes:
            merged.pop("page", None)
        kept = {k: v for k, v in merged.items() if v and DEFAULTS.get(k) != v and v != "1"}
        return urlencode(kept)

    @property
    def sort_queries(self) -> dict[str, str]:
        """For each sort key, the query string a column header links to (same key flips)."""
        current, direction = self.params["sort"], self.params["dir"]
        flipped = "desc" if direction == "asc" else "asc"
        return {
            key: self.query(sort=key, dir=flipped if key == current else "asc") for key in SORTS
        }

    def next_query(self) -> str:
        return self.query(page=self.page + 1)

    def previous_query(self) -> str:
        return self.query(page=self.page - 1)


def _int_or_none(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def normalise_params(params: Mapping[str, object]) -> dict[str, str]:
    """Known keys with valid values only; anything unknown falls back to its default."""
    out = dict(DEFAULTS)
    view, sort = str(params.get("view", "")), str(params.get("sort", ""))
    flt, direction = str(params.get("filter", "")), str(params.get("dir", ""))
    out["view"] = view if view in VIEWS else DEFAULTS["view"]
    out["sort"] = sort if sort in SORTS else DEFAULTS["sort"]
    out["filter"] = flt if flt in FILTERS else DEFAULTS["filter"]
    out["dir"] = direction if direction in ("asc", "desc") else DEFAULTS["dir"]
    out["q"] = str(params.get("q", "") or "").strip()[:200]
    for key in ("profile", "tag"):
        number = _int_or_none(params.get(key))
        out[key] = str(number) if number else ""
    out["page"] = str(_int_or_none(params.get("page")) or 1)
    return out


def search_q(term: str) -> Q:
    """Match the title, original title, clean title or any alternative title.

    Alternative titles are stored as JSON text, so its brackets, quotes and commas would
    match every movie that has any: only a term with a letter or digit searches them,
    and without JSON punctuation; a term of punctuation alone searches the titles only.
    """
    cleaned = clean_title(term)
    in_json = _json_term(term)
    exact = Q(title__icontains=term) | Q(original_title__icontains=term)
    if in_json:
        exact |= Q(alternative_titles__icontains=in_json)
    if cleaned:
        exact |= Q(clean_title__contains=cleaned)
    if connection.vendor == "sqlite" and len(term) >= TRIGRAM and len(in_json) >= TRIGRAM:
        indexed = Q(pk__in=RawSQL(_FTS_SQL, [_fts_phrases([term, in_json, cleaned])]))
        # The index holds the JSON text too: with punctuation in the term, check its
        # few candidates against the exact rule above.
        return indexed & exact if in_json != term else indexed
    return exact


_JSON_PUNCTUATION = str.maketrans("", "", '[]",\\')


def _json_term(term: str) -> str:
    """The term to look for in the alternative titles' JSON, or "" to skip them."""
    if not any(ch.isalnum() for ch in term):
        return ""
    return term.translate(_JSON_PUNCTUATION).strip()


# The trigram index (migration 0003) answers substrings of three characters or more.
TRIGRAM = 3
_FTS_SQL = "SELECT rowid FROM movies_movie_search WHERE movies_movie_search MATCH %s"


def _fts_phrases(phrases: list[str]) -> str:
    """An FTS5 query: each distinct phrase of three characters or more, quoted (quotes doubled)."""
    kept = [p for i, p in enumerate(phrases) if len(p) >= TRIGRAM and p not in phrases[:i]]
    return " OR ".join('"{}"'.format(p.replace('"', '""')) for p in kept)


def filtered_movies(params: Mapping[str, str]) -> QuerySet[Movie]:
    """The library's movies for normalised parameters, filtered and ordered, not sliced."""
    movies = Movie.objects.filter(FILTERS[params["filter"]])
    if params["q"]:
        movies = movies.filter(search_q(params["q"]))
    if params["profile"]:
        movies = movies.filter(quality_profile_id=int(params["profile"]))
    if params["tag"]:
        # EXISTS instead of a join keeps one row per movie and lets the sort index drive.
        through = Movie.tags.through.objects.filter(movie_id=OuterRef("pk"))
        movies = movies.filter(Exists(through.filter(tag_id=int(params["tag"]))))
    column = SORTS[params["sort"]]
    descending = params["dir"] == "desc"
    key = F(column)
    if params["q"] and connection.vendor == "sqlite":
        # A search finds its few movies first (title index, or a scan); walking the sort
        # index instead would cost one row lookup per movie in the whole library.
        key = _NotIndexed(key)
    nulls_last = True if params["sort"] in NULLABLE_SORTS else None
    # The pk tie-breaker keeps pages stable when many movies share a year or size.
    if descending:
        return movies.order_by(key.desc(nulls_last=nulls_last), "-pk")
    return movies.order_by(key.asc(nulls_last=nulls_last), "pk")


class _NotIndexed(Func):
    """SQLite's unary plus: same value and order, but the planner will not use an index."""

    template = "+%(expressions)s"


def library_page(params: Mapping[str, object]) -> LibraryPage:
    """One page of the library: a fixed number of queries whatever the library's size.

    No COUNT: fetching one row more than a page tells whether there is a next page, and
    the sort columns are indexed, so the first page costs the same for 100 or 20,000 movies.
    """
    clean = normalise_params(params)
    page = int(clean["page"])
    start = (page - 1) * PER_PAGE
    movies_qs = filtered_movies(clean).select_related("quality_profile").prefetch_related("tags")
    if clean["view"] == "table":
        # A subquery per shown row, not another query: the count stays fixed.
        movies_qs = movies_qs.annotate(best_quality_id=_BEST_QUALITY)
    rows = list(movies_qs.defer(*_HEAVY_FIELDS)[start : start + PER_PAGE + 1])
    movies = rows[:PER_PAGE]
    base = services.image_base()  # one cache read for the page, not one per poster
    for movie in movies:
        movie.poster_url = services.poster_url(movie.poster_path, base=base)
        best = BY_ID.get(getattr(movie, "best_quality_id", None))
        movie.quality_label = best.name if best else "Missing"
    return LibraryPage(
        movies=movies,
        params=clean,
        page=page,
        has_next=len(rows) > PER_PAGE,
        profiles=list(QualityProfile.objects.only("id", "name")),
        tags=list(Tag.objects.all()),
    )


# Radarr's quality order (weight) as SQL, to pick a movie's best file in the database.
_QUALITY_WEIGHT = Case(
    *(When(quality_id=q.id, then=Value(q.weight)) for q in QUALITIES),
    default=Value(0),
    output_field=IntegerField(),
)
_BEST_QUALITY = Subquery(
    MovieFile.objects.filter(movie_id=OuterRef("pk"))
    .annotate(weight=_QUALITY_WEIGHT)
    .order_by("-weight", "-size")
    .values("quality_id")[:1]
)
