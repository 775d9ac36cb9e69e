"""Movie.metadata_checked_at: when TMDB was last asked about a movie, whatever it answered."""

from django.db import migrations, models
from django.db.models import F


def copy_refresh_times(apps, schema_editor):
    # Until now only successful refreshes were recorded; they are the best start we have.
    Movie = apps.get_model("movies", "Movie")
    Movie.objects.update(metadata_checked_at=F("metadata_refreshed_at"))


class Migration(migrations.Migration):
    dependencies = [("movies", "0003_movie_title_search")]

    operations = [
        migrations.AddField(
            model_name="movie",
            name="metadata_checked_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
        migrations.RunPython(copy_refresh_times, migrations.RunPython.noop),
    ]
