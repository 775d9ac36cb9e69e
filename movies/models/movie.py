"""A movie in the library and the file(s) it has on disk."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from movies.titles import clean_title, sort_title


class MinimumAvailability(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    IN_CINEMAS = "inCinemas", "In cinemas"
    RELEASED = "released", "Released"


class Movie(models.Model):
    """One movie, identified by its TMDB id, with the metadata TMDB gave us."""

    tmdb_id = models.PositiveIntegerField(unique=True)
    imdb_id = models.CharField(max_length=12, blank=True, db_index=True)
    title = models.CharField(max_length=300)
    sort_title = models.CharField(max_length=300, db_index=True)
    clean_title = models.CharField(max_length=300, db_index=True)
    original_title = models.CharField(max_length=300, blank=True)
    original_language = models.CharField(max_length=10, blank=True)
    alternative_titles = models.JSONField(default=list, blank=True)
    year = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    overview = models.TextField(blank=True)
    runtime = models.PositiveIntegerField(default=0, help_text="minutes")
    genres = models.JSONField(default=list, blank=True)
    certification = models.CharField(max_length=20, blank=True)
    studio = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=30, blank=True, help_text="TMDB status")
    in_cinemas = models.DateField(null=True, blank=True, db_index=True)
    digital_release = models.DateField(null=True, blank=True)
    physical_release = models.DateField(null=True, blank=True)
    poster_path = models.CharField(max_length=200, blank=True)
    backdrop_path = models.CharField(max_length=200, blank=True)
    collection_tmdb_id = models.PositiveIntegerField(null=True, blank=True)
    collection_name = models.CharField(max_length=300, blank=True)
    rating = models.FloatField(null=True, blank=True, help_text="TMDB vote average")
    votes = models.PositiveIntegerField(default=0)
    popularity = models.FloatField(default=0)
    top_cast = models.JSONField(default=list, blank=True)
    website = models.URLField(max_length=500, blank=True)

    monitored = models.BooleanField(default=True, db_index=True)
    minimum_availability = models.CharField(
        max_length=12, choices=MinimumAvailability.choices, default=MinimumAvailability.RELEASED
    )
    quality_profile = models.ForeignKey(
        "movies.QualityProfile", on_delete=models.PROTECT, related_name="movies"
    )
    root_folder = models.ForeignKey(
        "movies.RootFolder", on_delete=models.PROTECT, related_name="movies"
    )
    path = models.CharField(max_length=1000, help_text="The movie's folder")
    tags = models.ManyToManyField("movies.Tag", blank=True, related_name="movies")
    added_at = models.DateTimeField(default=timezone.now, db_index=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    metadata_refreshed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When TMDB was last asked, whatever came of it: the refresh picks by this, so movies
    # TMDB cannot answer for go to the back of the queue instead of blocking it.
    metadata_checked_at = models.DateTimeField(null=True, blank=True, db_index=True)

    # Kept in step with MovieFile rows (movies.signals) so the library sorts and filters
    # on plain columns instead of aggregating files for every page.
    has_file = models.BooleanField(default=False, db_index=True)
    size_on_disk = models.BigIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["sort_title"]
        indexes = [models.Index(fields=["monitored", "has_file"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args, **kwargs) -> None:
        self.clean_title = clean_title(self.title)
        self.sort_title = sort_title(self.title)
        super().save(*args, **kwargs)

    @property
    def release_date(self):
        """The date the library's 'release date' sort uses: the earliest one known."""
        dates = [d for d in (self.in_cinemas, self.digital_release, self.physical_release) if d]
        return min(dates) if dates else None

    def is_available(self, today=None) -> bool:
        """Has the movie reached its minimum availability (Radarr's rule, without delay)?"""
        today = today or timezone.localdate()
        if self.minimum_availability == MinimumAvailability.ANNOUNCED:
            return True
        if self.minimum_availability == MinimumAvailability.IN_CINEMAS:
            return bool(self.in_cinemas and self.in_cinemas <= today) or self.status == "Released"
        released = [d for d in (self.digital_release, self.physical_release) if d]
        if released:
            return min(released) <= today
        return bool(self.in_cinemas and (today - self.in_cinemas).days >= 90)


class MovieFile(models.Model):
    """A video file of a movie, with the quality it was imported as."""

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="files")
    relative_path = models.CharField(max_length=500, help_text="Inside the movie folder")
    size = models.BigIntegerField(default=0)
    quality_id = models.IntegerField(default=0, help_text="Radarr's quality id")
    quality_version = models.PositiveSmallIntegerField(default=1)
    release_group = models.CharField(max_length=100, blank=True)
    scene_name = models.CharField(max_length=500, blank=True)
    edition = models.CharField(max_length=100, blank=True)
    languages = models.JSONField(default=list, blank=True)
    media_info = models.JSONField(default=dict, blank=True)
    original_path = models.CharField(max_length=1000, blank=True)
    date_added = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["relative_path"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "relative_path"], name="unique_file_per_movie")
        ]

    def __str__(self) -> str:
        return self.relative_path

    @property
    def quality_name(self) -> str:
        from movies.quality import BY_ID

        quality = BY_ID.get(self.quality_id)
        return quality.name if quality else "Unknown"
