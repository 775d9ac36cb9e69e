"""The indexers app's public face: the decision engine, search, RSS sync, indexer checks.

`decide_for_movie` reads what the rules need from the database in a handful of queries
(whatever the number of releases), then hands plain data to `indexers.decisions.decide`.
The other public functions live in their own modules and are reached through here
(imported on first use, so this module stays light for the apps that only decide):

- search: `search_movie`, `automatic_search`, `search_wanted`, `queue_movie_search`,
  `queue_wanted_search`, `wanted_search_running`,
  `SearchResult` (indexers.search)
- grabbing: `grab_release`, `judge`, `IndexerFacts` (indexers.grabbing)
- RSS sync: `rss_sync`, `last_sync_reports` (indexers.rss)
- checks: `test_indexer`, `refresh_capabilities`, `indexer_switches`, `indexer_for_key`
  (indexers.checks)
- Prowlarr: `import_from_prowlarr` (indexers.prowlarr_import)

`hdbits_client` hands the scene-group analysis its HDBits client.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from downloads.services import blocklist_entries
from indexers.decisions import (
    Decision,
    DecisionContext,
    ExistingFile,
    MovieFacts,
    ProfileFacts,
    QueuedRelease,
    SizeLimit,
    decide,
)
from indexers.decisions.compare import revision_key
from indexers.models import IndexerOptions
from indexers.release import Release
from movies import services as movie_services

if TYPE_CHECKING:
    from movies.services import Movie, QualityProfile


def movie_facts(movie: Movie, today: date | None = None) -> MovieFacts:
    """The movie as the rules see it: its titles (original and alternative), ids, runtime,
    and whether it is available on `today` (the local date when not given)."""
    return MovieFacts.of(
        movie.pk,
        movie.title,
        alternative_titles=[movie.original_title, *(movie.alternative_titles or [])],
        year=movie.year,
        tmdb_id=movie.tmdb_id,
        imdb_id=movie.imdb_id,
        runtime=movie.runtime,
        available=movie.is_available(today),
        minimum_availability=movie.get_minimum_availability_display(),
    )


def profile_facts(profile: QualityProfile) -> ProfileFacts:
    return ProfileFacts.from_items(
        profile.name,
        profile.items,
        profile.cutoff,
        upgrade_allowed=profile.upgrade_allowed,
        min_format_score=profile.min_format_score,
        cutoff_format_score=profile.cutoff_format_score,
        min_upgrade_format_score=profile.min_upgrade_format_score,
        minimum_reputation=profile.minimum_reputation,
        id=profile.pk,
    )


def size_limits() -> dict[int, SizeLimit]:
    """Every quality definition's size range, in one query."""
    return {
        qid: SizeLimit(row.min_size, row.max_size, row.preferred_size)
        for qid, row in movie_services.quality_size_limits().items()
    }


def _scorer(matcher: Any, profile_id: int, original_language: str | None):
    """Format matching and scoring for one batch, done once per distinct input: a title's
    formats depend on its size and indexer flags only when some format asks about them."""
    by_size, by_flags = matcher.uses_size, matcher.uses_indexer_flags
    seen: dict[tuple, tuple[list, int]] = {}

    def score(parsed, release: Release) -> tuple[list, int]:
        key = (
            parsed.original,
            release.size if by_size else None,
            release.indexer_flags if by_flags else None,
        )
        found = seen.get(key)
        if found is None:
            matched = matcher.matching(
                parsed,
                size=release.size,
                indexer_flags=release.indexer_flags,
                original_language=original_language,
            )
            found = seen[key] = (matched, matcher.score(profile_id, matched))
        return found

    return score


def best_existing_file(
    files: Iterable[Any],
    profile: ProfileFacts,
    matcher: Any,
    propers: str,
    original_language: str | None = None,
) -> ExistingFile | None:
    """The movie's best file as the rules compare against it: its stored quality and
    version, the REAL count and format score from its scene name (else its file name)."""
    best: tuple | None = None
    for file in files:
        parsed = movie_services.parse_release(file.scene_name or file.relative_path)
        matched = matcher.matching(parsed, size=file.size, original_language=original_language)
        candidate = ExistingFile(
            quality_id=file.quality_id,
            version=file.quality_version,
            real=parsed.quality.real,
            format_score=matcher.score(profile.id, matched),
            release_group=file.release_group or parsed.release_group or "",
            date_added=file.date_added,
        )
        key = (
            profile.place(candidate.quality_id),
            revision_key(candidate.version, candidate.real, propers),
            candidate.format_score,
        )
        if best is None or key > best[0]:
            best = (key, candidate)
    return best[1] if best else None


def decision_context(
    movie: Movie,
    *,
    queue: Sequence[QueuedRelease] = (),
    disabled_indexer_ids: Iterable[int] = (),
    indexer_minimum_seeders: Mapping[int, int] | None = None,
    now: datetime | None = None,
    rss: bool = False,
) -> DecisionContext:
    """What the rules need about this movie's library state and the settings."""
    # Imported here: scenegroups is a later app; the lookup is one query for the batch.
    from scenegroups.services import verdict_lookup

    options = IndexerOptions.load()
    profile = profile_facts(movie.quality_profile)
    matcher = movie_services.custom_format_matcher()
    propers = options.propers_and_repacks
    # The matcher takes TMDB's ISO 639-1 code ("fr") as it is.
    language = movie.original_language or None
    files = movie_services.movie_files(movie)
    return DecisionContext(
        profile=profile,
        sizes=size_limits(),
        existing_file=best_existing_file(files, profile, matcher, propers, language),
        blocklist=blocklist_entries(movie.pk),
        queue=list(queue),
        disabled_indexer_ids=frozenset(disabled_indexer_ids),
        indexer_minimum_seeders=dict(indexer_minimum_seeders or {}),
        retention_days=options.retention_days,
        minimum_age_minutes=options.minimum_age_minutes,
        maximum_size_mb=options.maximum_size_mb,
        propers_and_repacks=propers,
        preferred_protocol=options.preferred_protocol,
        now=now or timezone.now(),
        rss=rss,
        parse=movie_services.parse_release,
        score_formats=_scorer(matcher, profile.id, language),
        group_verdict=verdict_lookup(),
    )


def decide_for_movie(
    movie: Movie,
    releases: Sequence[Release],
    *,
    queue: Sequence[QueuedRelease] = (),
    disabled_indexer_ids: Iterable[int] = (),
    indexer_minimum_seeders: Mapping[int, int] | None = None,
    now: datetime | None = None,
    rss: bool = False,
) -> list[Decision]:
    """Every release judged for the movie: accepted ones ranked best first, then rejected.

    `queue` (the movie's queued releases), the disabled indexers and their minimum seeders
    come from the callers until the downloads and indexers issues store them. `now` pins
    every date the rules read: release ages and the movie's availability. `rss` marks an
    RSS sync (Radarr is stricter there: no propers for files older than a week).
    """
    now = now or timezone.now()
    context = decision_context(
        movie,
        queue=queue,
        disabled_indexer_ids=disabled_indexer_ids,
        indexer_minimum_seeders=indexer_minimum_seeders,
        now=now,
        rss=rss,
    )
    return decide(movie_facts(movie, timezone.localdate(now)), releases, context)


def hdbits_client() -> Any:
    """The client (indexers.clients.hdbits.HDBits) of the most preferred HDBits indexer with
    any switch on, or None: the scene-group analysis reads HDBits through it."""
    from django.db.models import Q

    from indexers.models import Indexer

    switched_on = (
        Q(enable_rss=True) | Q(enable_automatic_search=True) | Q(enable_interactive_search=True)
    )
    row = Indexer.objects.filter(switched_on, kind="hdbits").order_by("priority", "name").first()
    return row.client() if row else None


def hdbits_indexer() -> dict[str, Any] | None:
    """{"id", "name"} of the indexer hdbits_client() reads HDBits through (so a page naming
    it names the one the scene-group analysis uses), or None when there is none."""
    client = hdbits_client()
    return {"id": client.config.id, "name": client.config.name} if client else None


_ELSEWHERE = {
    "search_movie": "indexers.search",
    "automatic_search": "indexers.search",
    "search_wanted": "indexers.search",
    "queue_movie_search": "indexers.search",
    "queue_wanted_search": "indexers.search",
    "wanted_search_running": "indexers.search",
    "SearchResult": "indexers.search",
    "grab_release": "indexers.grabbing",
    "judge": "indexers.grabbing",
    "IndexerFacts": "indexers.grabbing",
    "rss_sync": "indexers.rss",
    "last_sync_reports": "indexers.rss",
    "test_indexer": "indexers.checks",
    "refresh_capabilities": "indexers.checks",
    "indexer_switches": "indexers.checks",
    "indexer_for_key": "indexers.checks",
    "import_from_prowlarr": "indexers.prowlarr_import",
    "last_search": "indexers.search.outcomes",
    "wanted_progress": "indexers.search.outcomes",
    "remember_wanted_kind": "indexers.search.outcomes",
}


def __getattr__(name: str) -> Any:
    """The public functions that live in their own modules, imported on first use."""
    module = _ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)


# --- issue 8: indexers through the API (Prowlarr's application sync) ---
# The API saves an indexer as the settings page does: the same form validates it, the same
# Test runs before it is stored, and "force" is the page's "Save anyway" (Radarr's
# forceSave, which skips the Test).


class ApiIndexerSave:
    """An API save or test: `errors` (the form's field → messages) or the Test's
    `problems` mean nothing was stored; `row` is the saved indexer otherwise."""

    def __init__(
        self,
        row: Any = None,
        errors: dict[str, list[str]] | None = None,
        problems: list[str] | None = None,
        kind: str = "",
    ) -> None:
        self.row = row
        self.errors: dict[str, list[str]] = errors or {}
        self.problems: list[str] = list(problems or [])
        self.error_kind: str = kind


def indexer_kinds() -> list[tuple[str, str, str | None]]:
    """Every registered kind: (kind, label, protocol or None for both)."""
    from indexers.clients import KINDS

    return [(kind, label, protocol) for kind, (label, protocol, _) in KINDS.items()]


def new_indexer(kind: str) -> Any:
    """An unsaved Indexer of `kind` with the defaults the settings page offers."""
    from indexers.forms import KIND_DEFAULTS
    from indexers.models import Indexer

    return Indexer(kind=kind, **KIND_DEFAULTS.get(kind, {}))


def indexer_list() -> list[Any]:
    from indexers.models import Indexer

    return list(Indexer.objects.all())


def indexer_by_id(pk: int) -> Any:
    from indexers.models import Indexer

    return Indexer.objects.filter(pk=pk).first()


def delete_indexer(pk: int) -> bool:
    """Delete the indexer and its System → Health row; False when there is none."""
    from indexers.checks import forget_provider_status

    row = indexer_by_id(pk)
    if row is None:
        return False
    forget_provider_status(row)
    row.delete()
    return True


def _form_value(name: str, value: Any) -> Any:
    if name in ("categories", "indexer_ids"):
        return ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else value
    if name in ("codecs", "mediums"):
        return [str(v) for v in value] if isinstance(value, list | tuple) else value
    return "" if value is None else value


def _connection(row: Any) -> tuple:
    from indexers.forms import CONNECTION_FIELDS

    options = {k: v for k, v in (row.options or {}).items() if v not in ("", [], None)}
    return (*(getattr(row, name) for name in CONNECTION_FIELDS), options)


def save_indexer_from_api(
    data: Mapping[str, Any], *, pk: int | None = None, force: bool = False, dry_run: bool = False
) -> ApiIndexerSave:
    """Validate `data` (Indexer field names, "kind" for a new one, the kind's own settings
    under "options"; no "api_key" keeps the stored key) with the settings form, run the
    settings page's Test (network) and save when it passes, or at once when `force` is
    set. `dry_run` validates and tests, storing nothing. Fields left out keep their
    stored (or default) values. Raises LookupError for an unknown pk, ValueError for an
    unknown kind."""
    from indexers.checks import (
        IndexerTestReport,
        check_indexer,
        keep_test_result,
        reset_provider_status,
        sync_provider_status,
    )
    from indexers.clients import KINDS
    from indexers.forms import COMMON_FIELDS, KIND_OPTIONS, IndexerForm

    row = indexer_by_id(pk) if pk else None
    if pk and row is None:
        raise LookupError(f"Indexer {pk} does not exist.")
    kind = row.kind if row is not None else str(data.get("kind") or "")
    if kind not in KINDS:
        raise ValueError(f"Unknown indexer kind {kind!r}.")
    source = row if row is not None else new_indexer(kind)
    values: dict[str, Any] = {name: getattr(source, name) for name in COMMON_FIELDS}
    values["api_key"] = ""  # empty keeps the stored key (the form's write-only rule)
    options = dict(source.options or {})
    options.update(data.get("options") or {})
    values.update({k: v for k, v in data.items() if k in COMMON_FIELDS})
    for key in KIND_OPTIONS.get(kind, {}):
        if key in options:
            values[key] = options[key]
    before = _connection(row) if row is not None else None
    source.options = options  # keys the form has no field for survive its save
    form = IndexerForm(
        {name: _form_value(name, value) for name, value in values.items()},
        instance=source,
        kind=kind,
    )
    if not form.is_valid():
        return ApiIndexerSave(errors={name: list(errs) for name, errs in form.errors.items()})
    if force and not dry_run:
        report = IndexerTestReport()  # as Radarr's forceSave: stored without a Test
    else:
        report = check_indexer(form.instance, store=False)
        if not report.ok or dry_run:
            return ApiIndexerSave(problems=report.problems, kind=report.error_kind)
    saved = form.save()
    if before != _connection(saved):
        reset_provider_status(saved)  # new settings: the old ones' failures and hold go
    else:
        sync_provider_status(saved)
    keep_test_result(saved, report)
    return ApiIndexerSave(row=saved)
