"""Keep Movie.has_file and Movie.size_on_disk in step with its MovieFile rows."""

from __future__ import annotations

from django.db.models import Sum
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from movies.models import Movie, MovieFile


def refresh_file_summary(movie_id: int) -> None:
    total = MovieFile.objects.filter(movie_id=movie_id).aggregate(s=Sum("size"))["s"]
    Movie.objects.filter(pk=movie_id).update(has_file=total is not None, size_on_disk=total or 0)


@receiver(post_save, sender=MovieFile, dispatch_uid="moviefile_saved")
def _file_saved(sender, instance: MovieFile, **kwargs) -> None:
    refresh_file_summary(instance.movie_id)


@receiver(post_delete, sender=MovieFile, dispatch_uid="moviefile_deleted")
def _file_deleted(sender, instance: MovieFile, **kwargs) -> None:
    refresh_file_summary(instance.movie_id)
