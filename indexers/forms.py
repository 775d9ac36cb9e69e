"""Forms of the indexers app: for now, Settings → Indexers "Options"."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator

from indexers.models import IndexerOptions

# Generous ceilings that only keep typos (an extra zero or three) out.
MAX_MINIMUM_AGE_MINUTES = 7 * 24 * 60
MAX_RETENTION_DAYS = 100 * 365
MAX_MAXIMUM_SIZE_MB = 10_000_000


class IndexerOptionsForm(forms.ModelForm):
    """The indexer options singleton; the model's own clean() checks the RSS interval."""

    class Meta:
        model = IndexerOptions
        fields = [
            "minimum_age_minutes",
            "retention_days",
            "maximum_size_mb",
            "propers_and_repacks",
            "preferred_protocol",
            "rss_sync_interval_minutes",
        ]
        labels = {
            "minimum_age_minutes": "Minimum age (minutes)",
            "retention_days": "Retention (days)",
            "maximum_size_mb": "Maximum size (MB)",
            "propers_and_repacks": "Propers and repacks",
            "preferred_protocol": "Preferred protocol",
            "rss_sync_interval_minutes": "RSS sync interval (minutes)",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ceilings = {
            "minimum_age_minutes": MAX_MINIMUM_AGE_MINUTES,
            "retention_days": MAX_RETENTION_DAYS,
            "maximum_size_mb": MAX_MAXIMUM_SIZE_MB,
        }
        for name, ceiling in ceilings.items():
            self.fields[name].validators.append(MaxValueValidator(ceiling))
            self.fields[name].widget.attrs.update({"min": 0, "max": ceiling})
