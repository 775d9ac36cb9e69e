"""TMDB API v3 client: search, details in one call, find by IMDb id, image configuration.

Talks through the shared HTTP toolkit, so failures arrive as AuthError / RateLimited /
Unavailable / BadResponse / NotFound, and maps TMDB's JSON to frozen dataclasses with our
field names. A body with missing fields or wrong types is a BadResponse, never a KeyError.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

import requests

from radarr_site.http import BadResponse, HttpClient, IntegrationError

DEFAULT_IMAGE_BASE = "https://image.tmdb.org/t/p/"
APPEND = "credits,release_dates,external_ids,alternative_titles"
IMDB_ID = re.compile(r"^tt\d{7,9}$")
IMAGE_BASE_TTL = 24 * 60 * 60
IMAGE_FALLBACK_TTL = 5 * 60
THEATRICAL, DIGITAL, PHYSICAL = (2, 3), (4,), (5,)


def is_read_token(key: str) -> bool:
    """A v4 read access token is a JWT (three dot-separated parts, 'eyJ...'); v3 keys are hex."""
    return key.startswith("eyJ") and key.count(".") == 2 and len(key) > 80


def tmdb_error_detail(response: requests.Response) -> str | None:
    """TMDB's own explanation from `{"status_code": 7, "status_message": "..."}` bodies."""
    doc = json.loads(response.content)
    message = doc.get("status_message") if isinstance(doc, dict) else None
    return str(message)[:300] if message else None


@dataclass(frozen=True)
class SearchResult:
    """One movie in a TMDB search or find answer."""

    tmdb_id: int
    title: str
    original_title: str
    original_language: str
    year: int | None
    release_date: dt.date | None
    overview: str
    poster_path: str
    backdrop_path: str
    rating: float | None
    votes: int
    popularity: float


@dataclass(frozen=True)
class SearchPage:
    """One page of search results with TMDB's paging figures."""

    results: list[SearchResult]
    page: int
    total_pages: int
    total_results: int


@dataclass(frozen=True)
class CastMember:
    """An actor in the top billed cast."""

    name: str
    character: str
    profile_path: str


@dataclass(frozen=True)
class MovieDetails:
    """Everything we keep about a movie, from one /movie/{id} call with appended parts."""

    tmdb_id: int
    imdb_id: str
    title: str
    original_title: str
    original_language: str
    year: int | None
    overview: str
    runtime: int
    genres: tuple[str, ...]
    certification: str
    studio: str
    status: str
    in_cinemas: dt.date | None
    digital_release: dt.date | None
    physical_release: dt.date | None
    poster_path: str
    backdrop_path: str
    collection_tmdb_id: int | None
    collection_name: str
    rating: float | None
    votes: int
    popularity: float
    top_cast: tuple[CastMember, ...]
    alternative_titles: tuple[str, ...]
    website: str


class _Doc:
    """Typed access to one JSON object, raising BadResponse that names the bad field."""

    def __init__(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            kind = type(value).__name__
            raise BadResponse(f"TMDB answered with {kind} for {where}, not an object")
        self.value, self.where = value, where

    def _fail(self, key: str, expected: str) -> BadResponse:
        got = type(self.value.get(key)).__name__ if key in self.value else "nothing"
        return BadResponse(f"TMDB sent {got} for '{key}' in {self.where}, expected {expected}")

    def int(self, key: str, *, required: bool = False) -> int | None:
        value = self.value.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(key, "a whole number")
        return value

    def num(self, key: str) -> float | None:
        value = self.value.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(key, "a number")
        return float(value)

    def str(self, key: str, *, required: bool = False) -> str:
        value = self.value.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise self._fail(key, "text")
        return value

    def list(self, key: str) -> list[_Doc]:
        value = self.value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._fail(key, "a list")
        return [_Doc(item, f"{self.where}.{key}") for item in value]

    def obj(self, key: str) -> _Doc | None:
        value = self.value.get(key)
        return None if value is None else _Doc(value, f"{self.where}.{key}")


def parse_date(text: str) -> dt.date | None:
    """'2021-09-15' or '2021-09-15T00:00:00.000Z'; TMDB sends '' when unknown."""
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _search_result(doc: _Doc) -> SearchResult:
    released = parse_date(doc.str("release_date"))
    return SearchResult(
        tmdb_id=doc.int("id", required=True),
        title=doc.str("title", required=True),
        original_title=doc.str("original_title"),
        original_language=doc.str("original_language"),
        year=released.year if released else None,
        release_date=released,
        overview=doc.str("overview"),
        poster_path=doc.str("poster_path"),
        backdrop_path=doc.str("backdrop_path"),
        rating=doc.num("vote_average"),
        votes=doc.int("vote_count") or 0,
        popularity=doc.num("popularity") or 0.0,
    )


def _release_dates(doc: _Doc) -> tuple[str, dict[int, list[dt.date]]]:
    """The US certification and every release date by type, across all countries."""
    by_type: dict[int, list[dt.date]] = {}
    us_certs: list[tuple[int, str]] = []
    holder = doc.obj("release_dates")
    for country in holder.list("results") if holder else []:
        for release in country.list("release_dates"):
            kind = release.int("type") or 0
            date = parse_date(release.str("release_date"))
            if date:
                by_type.setdefault(kind, []).append(date)
            cert = release.str("certification").strip()
            if country.str("iso_3166_1") == "US" and cert:
                us_certs.append((0 if kind == 3 else kind, cert))
    return (min(us_certs)[1] if us_certs else ""), by_type


def _earliest(by_type: dict[int, list[dt.date]], kinds: tuple[int, ...]) -> dt.date | None:
    dates = [d for kind in kinds for d in by_type.get(kind, [])]
    return min(dates) if dates else None


def movie_details(raw: Any) -> MovieDetails:
    """Map a /movie/{id} answer (with appended parts) to MovieDetails."""
    doc = _Doc(raw, "the movie")
    certification, by_type = _release_dates(doc)
    released = parse_date(doc.str("release_date"))
    in_cinemas = _earliest(by_type, THEATRICAL) or released
    external = doc.obj("external_ids")
    imdb_id = doc.str("imdb_id") or (external.str("imdb_id") if external else "")
    companies = doc.list("production_companies")
    collection = doc.obj("belongs_to_collection")
    credits = doc.obj("credits")
    cast = sorted(credits.list("cast") if credits else [], key=lambda c: c.int("order") or 0)
    alt_holder = doc.obj("alternative_titles")
    alt_titles = [t.str("title") for t in (alt_holder.list("titles") if alt_holder else [])]
    return MovieDetails(
        tmdb_id=doc.int("id", required=True),
        imdb_id=imdb_id,
        title=doc.str("title", required=True),
        original_title=doc.str("original_title"),
        original_language=doc.str("original_language"),
        year=released.year if released else (in_cinemas.year if in_cinemas else None),
        overview=doc.str("overview"),
        runtime=doc.int("runtime") or 0,
        genres=tuple(g.str("name") for g in doc.list("genres")),
        certification=certification,
        studio=companies[0].str("name") if companies else "",
        status=doc.str("status"),
        in_cinemas=in_cinemas,
        digital_release=_earliest(by_type, DIGITAL),
        physical_release=_earliest(by_type, PHYSICAL),
        poster_path=doc.str("poster_path"),
        backdrop_path=doc.str("backdrop_path"),
        collection_tmdb_id=collection.int("id") if collection else None,
        collection_name=collection.str("name") if collection else "",
        rating=doc.num("vote_average"),
        votes=doc.int("vote_count") or 0,
        popularity=doc.num("popularity") or 0.0,
        top_cast=tuple(
            CastMember(c.str("name"), c.str("character"), c.str("profile_path")) for c in cast[:10]
        ),
        alternative_titles=tuple(dict.fromkeys(t for t in alt_titles if t)),
        website=doc.str("homepage"),
    )


class TmdbClient:
    """TMDB API v3 with a v3 API key (query parameter) or a v4 read token (Bearer header)."""

    def __init__(
        self, api_key: str, base_url: str, language: str = "en-US", **http_options: Any
    ) -> None:
        if is_read_token(api_key):
            auth = {"headers": {"Authorization": f"Bearer {api_key}"}, "params": {}}
        else:
            auth = {"headers": {}, "params": {"api_key": api_key}}
        self.language = language
        self.http = HttpClient(
            "tmdb",
            base_url,
            label="TMDB",
            headers={"Accept": "application/json", **auth["headers"]},
            params=auth["params"],
            rate_per_second=http_options.pop("rate_per_second", 40),
            error_detail=tmdb_error_detail,
            **http_options,
        )

    def _get(self, path: str, **params: Any) -> Any:
        return self.http.json("GET", path, params={"language": self.language, **params})

    def search(self, query: str, year: int | None = None, page: int = 1) -> SearchPage:
        """One page of TMDB's title search, optionally limited to a release year."""
        if not query.strip():
            raise ValueError("Enter a title to search for.")
        if not 1 <= page <= 500:  # TMDB refuses pages past 500
            raise ValueError("The page must be between 1 and 500.")
        params: dict[str, Any] = {"query": query.strip(), "page": page, "include_adult": "false"}
        if year:
            params["primary_release_year"] = year
        doc = _Doc(self._get("search/movie", **params), "the search answer")
        return SearchPage(
            results=[_search_result(item) for item in doc.list("results")],
            page=doc.int("page") or page,
            total_pages=doc.int("total_pages") or 0,
            total_results=doc.int("total_results") or 0,
        )

    def movie(self, tmdb_id: int) -> MovieDetails:
        """Details, credits, release dates, external ids and alternative titles in one call."""
        if isinstance(tmdb_id, bool) or not isinstance(tmdb_id, int) or tmdb_id <= 0:
            raise ValueError(f"{tmdb_id!r} is not a TMDB id (a positive whole number).")
        return movie_details(self._get(f"movie/{tmdb_id}", append_to_response=APPEND))

    def find_imdb(self, imdb_id: str) -> list[SearchResult]:
        """Movies TMDB knows under an IMDb id (usually one, or none)."""
        if not IMDB_ID.match(imdb_id or ""):
            raise ValueError(f"{imdb_id!r} is not an IMDb id (like tt0133093).")
        doc = _Doc(self._get(f"find/{imdb_id}", external_source="imdb_id"), "the find answer")
        return [_search_result(item) for item in doc.list("movie_results")]

    def configuration(self) -> dict[str, Any]:
        """TMDB's /configuration answer, checked for the image base URL we need."""
        doc = _Doc(self._get("configuration"), "the configuration")
        images = doc.obj("images")
        if images is None:
            raise BadResponse("TMDB's configuration has no 'images' section")
        base = images.str("secure_base_url") or images.str("base_url")
        if not base.startswith(("https://", "http://")):
            raise BadResponse("TMDB's configuration has no usable image base URL")
        return {"image_base_url": base if base.endswith("/") else base + "/"}

    @staticmethod
    def image_cache_key(base_url: str) -> str:
        """The cache key of the image base URL TMDB at `base_url` gave (movies.metadata)."""
        return "tmdb:image-base:" + base_url.rstrip("/")

    def test(self) -> list[str]:
        """Readable problems with the key or the service; empty when TMDB answers properly."""
        try:
            self.configuration()
        except IntegrationError as exc:
            return [str(exc)]
        return []
