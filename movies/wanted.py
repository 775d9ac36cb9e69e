"""Which movies are wanted: missing (no file yet, available) and cutoff unmet (a file whose
quality is below what its profile stops upgrading at).

Both are plain querysets so the Wanted pages page and sort them in the database and the
wanted search (indexers.search.search_wanted) takes the same movies.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from movies.models import Movie, MovieFile, QualityProfile
from movies.models.movie import MinimumAvailability

WantedKind = Literal["missing", "cutoff"]
KINDS: tuple[str, ...] = ("missing", "cutoff")

# Radarr's rule for "released" when only the cinema date is known: 90 days after it.
_CINEMA_TO_RELEASE = datetime.timedelta(days=90)


def available_q(today: datetime.date | None = None) -> Q:
    """Movie.is_available as a query on the release dates (same rule, no delay)."""
    today = today or timezone.localdate()
    no_home_release = Q(digital_release__isnull=True, physical_release__isnull=True)
    released = (
        Q(digital_release__lte=today)
        | Q(physical_release__lte=today)
        | (no_home_release & Q(in_cinemas__lte=today - _CINEMA_TO_RELEASE))
    )
    return (
        Q(minimum_availability=MinimumAvailability.ANNOUNCED)
        | (
            Q(minimum_availability=MinimumAvailability.IN_CINEMAS)
            & (Q(in_cinemas__lte=today) | Q(status="Released"))
        )
        | (Q(minimum_availability=MinimumAvailability.RELEASED) & released)
    )


def cutoff_met_ids(profile: QualityProfile) -> set[int]:
    """Quality ids at or above the profile's cutoff place in its items (worst first).

    A group counts as one place, so every member of the cutoff group meets it. When the
    profile allows no upgrades, any allowed quality is final (Radarr takes the first allowed
    place as the cutoff then).
    """
    places: list[tuple[int, list[int], bool]] = []
    for item in profile.items:
        if "items" in item:
            places.append((item.get("id"), list(item["items"]), bool(item.get("allowed"))))
        else:
            places.append((item["quality"], [item["quality"]], bool(item.get("allowed"))))
    if profile.upgrade_allowed:
        index = next((i for i, (pid, _, _) in enumerate(places) if pid == profile.cutoff), None)
    else:
        index = next((i for i, (_, _, allowed) in enumerate(places) if allowed), None)
    if index is None:
        # A cutoff that is not in the items (a broken profile): nothing meets it.
        return set()
    return {qid for _, members, _ in places[index:] for qid in members}


def cutoff_unmet_q() -> Q:
    """Movies with a file whose quality does not meet their profile's cutoff (one OR per
    profile; profiles are few, movies many)."""
    condition = Q(pk__in=[])
    for profile in QualityProfile.objects.all():
        below = MovieFile.objects.filter(movie=OuterRef("pk")).exclude(
            quality_id__in=cutoff_met_ids(profile)
        )
        condition |= Q(quality_profile=profile) & Exists(below)
    return condition


def wanted_movies(kind: WantedKind, today: datetime.date | None = None) -> QuerySet[Movie]:
    """Monitored movies that are missing ("missing") or below their cutoff ("cutoff")."""
    movies = Movie.objects.filter(monitored=True)
    if kind == "missing":
        return movies.filter(Q(has_file=False) & available_q(today))
    if kind == "cutoff":
        return movies.filter(Q(has_file=True) & cutoff_unmet_q())
    raise ValueError(f"Unknown wanted kind {kind!r}; expected one of {KINDS}.")
