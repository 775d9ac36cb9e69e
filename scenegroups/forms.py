"""The analysis settings form (Scene Groups → Settings)."""

from __future__ import annotations

from django import forms

from scenegroups.models import AnalysisSettings

# The HDBits categories the analysis may read (type_category ids); the others (music,
# sport, XXX...) say nothing about a movie release group.
CATEGORIES = [(1, "Movie"), (2, "TV"), (3, "Documentary")]
CATEGORY_NAMES = dict(CATEGORIES)
MINIMUM_PAUSE_SECONDS = 10  # below this HDBits may see the account as an abusive scraper


class AnalysisSettingsForm(forms.ModelForm):
    """Every analysis setting, the categories as checkboxes and a floor on the pause."""

    categories = forms.TypedMultipleChoiceField(
        choices=CATEGORIES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="HDBits categories whose newest torrents are read",
        error_messages={"required": "Choose at least one category."},
    )
    pause_seconds = forms.IntegerField(
        min_value=MINIMUM_PAUSE_SECONDS,
        max_value=3600,
        label="Pause seconds",
        help_text="Pause between pages and between categories (HDBits asks 35 s; at least 10)",
    )

    class Meta:
        model = AnalysisSettings
        fields = [
            "enabled",
            "interval_days",
            "categories",
            "pages_per_category",
            "pause_seconds",
            "minimum_releases_medium",
            "minimum_releases_high",
        ]
        labels = {
            "interval_days": "Every (days)",
            "pages_per_category": "Pages per category",
            "minimum_releases_medium": "Releases for medium confidence",
            "minimum_releases_high": "Releases for high confidence",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pages_per_category"].help_text = "100 torrents a page"
        self.fields["minimum_releases_medium"].widget.attrs["min"] = 1

    def clean_categories(self) -> list[int]:
        # Stored in the order HDBits numbers them, so a run's order does not depend on clicks.
        return sorted(set(self.cleaned_data["categories"]))

    def clean_minimum_releases_medium(self) -> int:
        value = self.cleaned_data["minimum_releases_medium"]
        if value < 1:
            raise forms.ValidationError("At least 1 release.")
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        medium = cleaned.get("minimum_releases_medium")
        high = cleaned.get("minimum_releases_high")
        if medium is not None and high is not None and high < medium:
            self.add_error(
                "minimum_releases_high",
                f"High confidence needs at least as many releases as medium ({medium}).",
            )
        return cleaned
