"""What the decision engine (indexers) reads of the movies app, as plain data, so it needs
no movies.models import; movies.services re-exports these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from movies.models import Movie


@dataclass(frozen=True)
class QualitySizes:
    """A quality definition's size range in MB (MiB) per minute of runtime."""

    min_size: float
    max_size: float | None  # None = no limit
    preferred_size: float | None


def quality_size_limits() -> dict[int, QualitySizes]:
    """Every quality definition's size range by Radarr quality id, in one query."""
    from movies.models import QualityDefinition

    rows = QualityDefinition.objects.values_list(
        "quality_id", "min_size", "max_size", "preferred_size"
    )
    return {qid: QualitySizes(low or 0.0, high, preferred) for qid, low, high, preferred in rows}


def movie_files(movie: Movie) -> list[Any]:
    """The movie's files (MovieFile rows: quality, version, group, scene name, size)."""
    return list(movie.files.all())
