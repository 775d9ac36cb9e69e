"""The request switches: on for webhooks (they tell people), off for media servers."""

from django.db import migrations, models


def media_servers_off(apps, schema_editor):
    Connection = apps.get_model("mediaservers", "Connection")
    # Webhook is the only kind that notifies people when this migration was written.
    Connection.objects.exclude(kind="webhook").update(
        on_request_available=False, on_request_failed=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mediaservers", "0001_connections"),
    ]

    operations = [
        migrations.AddField(
            model_name="connection",
            name="on_request_available",
            field=models.BooleanField(
                default=True, help_text="Webhook: a household request's movie became available"
            ),
        ),
        migrations.AddField(
            model_name="connection",
            name="on_request_failed",
            field=models.BooleanField(
                default=True, help_text="Webhook: a household request could not be added"
            ),
        ),
        migrations.RunPython(media_servers_off, migrations.RunPython.noop),
    ]
