"""Models of the movie library."""

from movies.models.library import RootFolder, Tag
from movies.models.movie import Movie, MovieFile
from movies.models.quality import QualityDefinition, QualityProfile

__all__ = ["Movie", "MovieFile", "QualityDefinition", "QualityProfile", "RootFolder", "Tag"]
