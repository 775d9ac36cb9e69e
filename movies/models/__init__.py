"""Models of the movie library."""

from movies.models.formats import CustomFormat, ProfileFormatScore
from movies.models.imports import LibraryScan, ScannedFolder
from movies.models.library import RootFolder, Tag
from movies.models.movie import Movie, MovieFile
from movies.models.naming import MediaManagement
from movies.models.quality import QualityDefinition, QualityProfile
from movies.models.requests import (
    MovieRequest,
    RequesterProfile,
    RequestSettings,
    RequestStatus,
)

__all__ = [
    "CustomFormat",
    "LibraryScan",
    "MediaManagement",
    "Movie",
    "MovieFile",
    "MovieRequest",
    "ProfileFormatScore",
    "QualityDefinition",
    "QualityProfile",
    "RequestSettings",
    "RequestStatus",
    "RequesterProfile",
    "RootFolder",
    "ScannedFolder",
    "Tag",
]
