"""DVD-R is Radarr's DVD remux (modifier remux), not a disc image: correct the seeded row."""

from django.db import migrations


def forwards(apps, schema_editor):
    apps.get_model("movies", "QualityDefinition").objects.filter(quality_id=23).update(
        modifier="remux"
    )


def backwards(apps, schema_editor):
    apps.get_model("movies", "QualityDefinition").objects.filter(quality_id=23).update(
        modifier="brdisk"
    )


class Migration(migrations.Migration):
    dependencies = [("movies", "0006_library_import")]

    operations = [migrations.RunPython(forwards, backwards)]
