"""Forms of the Settings pages: root folders, tags, general settings and quality sizes
(the profile forms are in movies/profile_forms.py)."""

from __future__ import annotations

import os

from django import forms
from django.core.exceptions import ValidationError

from movies.models import QualityDefinition, RootFolder, Tag
from movies.models.library import normalise_tag_label
from radarr_site.forms_secret import SecretField, WriteOnlySecretsMixin, clear_field
from radarr_site.models import SiteSettings


class RootFolderForm(forms.Form):
    """A new root folder: RootFolder.clean's safety rules, then an existing, writable folder."""

    path = forms.CharField(max_length=500, label="Path", help_text="For example /data/movies")

    def clean_path(self) -> str:
        raw = self.cleaned_data["path"].strip()
        if not os.path.isabs(raw):
            raise ValidationError("Enter an absolute path, such as /data/movies.")
        candidate = RootFolder(path=raw)
        try:
            candidate.clean()
        except ValidationError as error:
            raise ValidationError(error.message_dict["path"]) from error
        path = candidate.path
        if os.path.exists(path) and not os.path.isdir(path):
            raise ValidationError("This is a file, not a folder.")
        if not os.path.isdir(path):
            raise ValidationError("This folder does not exist.")
        if not os.access(path, os.W_OK | os.X_OK):
            raise ValidationError("This folder is not writable by the app.")
        return path


class TagForm(forms.ModelForm):
    """Create or rename a tag: a to z, 0 to 9 and "-" (spaces become "-"), unique, as in Radarr."""

    class Meta:
        model = Tag
        fields = ["label"]

    def clean_label(self) -> str:
        label = normalise_tag_label(self.cleaned_data["label"])
        if Tag.objects.filter(label=label).exclude(pk=self.instance.pk).exists():
            raise ValidationError("A tag with this label already exists.")
        return label


class GeneralSettingsForm(WriteOnlySecretsMixin, forms.ModelForm):
    """TMDB key (write-only), language and metadata refresh batch size."""

    secret_fields = ("tmdb_api_key",)

    tmdb_api_key = SecretField(
        label="TMDB API key",
        help_text="A v3 API key or a v4 read access token. Leave empty to keep the current one.",
    )
    clear_tmdb_api_key = clear_field(
        "Clear the key stored here (the environment's key then applies)"
    )
    tmdb_language = forms.RegexField(
        regex=r"^[a-z]{2}(-[A-Z]{2})?$",
        max_length=10,
        label="TMDB language",
        help_text="ISO 639-1 code with an optional region, such as en-US or fr.",
        error_messages={"invalid": "Use a code such as en-US or fr."},
    )
    metadata_refresh_batch = forms.IntegerField(
        min_value=1,
        max_value=1000,
        label="Metadata refresh batch",
        help_text="How many movies one metadata refresh run updates, stalest first.",
    )

    field_order = ["tmdb_api_key", "clear_tmdb_api_key", "tmdb_language", "metadata_refresh_batch"]

    class Meta:
        model = SiteSettings
        fields = ["tmdb_api_key", "tmdb_language", "metadata_refresh_batch"]


# Radarr's size sliders run from 0 to 2000 MB per minute for the maximum and stop one
# short of it for the preferred size; anything above is a typo, not a wish.
MAX_SIZE_LIMIT = 2000
PREFERRED_SIZE_LIMIT = 1999


def size_field(label: str, limit: int, *, required: bool) -> forms.FloatField:
    """A MB-per-minute size between 0 and `limit`, with errors that name the column."""
    return forms.FloatField(
        label=label,
        required=required,
        min_value=0,
        max_value=limit,
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0", "max": str(limit)}),
        error_messages={
            "min_value": f"{label} must not be negative.",
            "max_value": f"{label} must be at most %(limit_value)s MB per minute.",
            "invalid": f"{label}: enter a number.",
            "required": f"{label}: enter a number.",
        },
    )


class QualityDefinitionForm(forms.ModelForm):
    """Size limits of one quality in MB per minute; QualityDefinition.clean orders them."""

    min_size = size_field("Min", PREFERRED_SIZE_LIMIT, required=True)
    preferred_size = size_field("Preferred", PREFERRED_SIZE_LIMIT, required=False)
    max_size = size_field("Max", MAX_SIZE_LIMIT, required=False)

    class Meta:
        model = QualityDefinition
        fields = ["title", "min_size", "preferred_size", "max_size"]
        widgets = {"title": forms.TextInput(attrs={"size": 14})}


# edit_only: the qualities are Radarr's fixed list; a forged TOTAL_FORMS must not add rows.
QualityDefinitionFormSet = forms.modelformset_factory(
    QualityDefinition, form=QualityDefinitionForm, extra=0, can_delete=False, edit_only=True
)
