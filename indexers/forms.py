"""Forms of the indexers app: Settings → Indexers "Options", and one indexer's settings
(IndexerForm, whose fields follow the kind) used by the settings pages and the admin."""

from __future__ import annotations

import copy
import re

from django import forms
from django.core.validators import MaxValueValidator

from indexers.clients import KINDS, protocol_of
from indexers.models import Indexer, IndexerOptions
from indexers.release import USENET
from radarr_site.forms_secret import SecretField, WriteOnlySecretsMixin, clear_field

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


# HDBits' codec and medium ids (its API reference), offered as checkboxes; none = all.
HDBITS_CODECS = [(1, "H.264"), (2, "MPEG-2"), (3, "VC-1"), (4, "XviD"), (5, "HEVC")]
HDBITS_MEDIUMS = [(1, "Blu-ray/HD DVD"), (3, "Encode"), (4, "Capture"), (5, "Remux"), (6, "WEB-DL")]

# The connection fields each kind shows beyond the common ones (kinds not listed, such as
# the tests' fake kinds, show a key only).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "torznab": ("api_path", "api_key"),
    "newznab": ("api_path", "api_key"),
    "jackett": ("api_key",),
    "prowlarr": ("api_key",),
    "hdbits": ("username", "api_key"),
}
OPTIONAL_FIELDS = ("api_path", "api_key", "username")
TORRENT_FIELDS = ("minimum_seeders", "seed_ratio", "seed_time_minutes")
KEY_REQUIRED = {"jackett", "prowlarr", "hdbits"}
# Each kind's usual address and categories, offered when adding one.
KIND_DEFAULTS: dict[str, dict] = {
    "hdbits": {"base_url": "https://hdbits.org", "categories": [1]},
    "prowlarr": {"base_url": "http://localhost:9696"},
    "jackett": {"base_url": "http://localhost:9117"},
}
# What the Test and the stored capabilities depend on: a change here means the stored
# capabilities no longer describe the form's indexer.
CONNECTION_FIELDS = ("base_url", "api_path", "api_key", "username", "categories")
COMMON_FIELDS = [
    "name",
    "enable_rss",
    "enable_automatic_search",
    "enable_interactive_search",
    "priority",
    "base_url",
    "api_path",
    "api_key",
    "username",
    "categories",
    "minimum_seeders",
    "seed_ratio",
    "seed_time_minutes",
    "requests_per_minute",
]
JACKETT_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_REQUESTS_PER_MINUTE = 600


def _int_list(text: str, what: str) -> list[int]:
    """Text such as "2000, 2040" as [2000, 2040]; the error names the first bad entry."""
    values: list[int] = []
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        if not (part.isascii() and part.isdigit()) or int(part) <= 0:
            raise forms.ValidationError(f"“{part}” is not a {what}: use whole numbers, like 2000.")
        if int(part) not in values:
            values.append(int(part))
    return values


# Settings only some kinds have, kept in the row's `options` JSON: kind → {key: field}.
KIND_OPTIONS: dict[str, dict[str, forms.Field]] = {
    "jackett": {
        "indexer": forms.CharField(
            required=False,
            max_length=100,
            initial="all",
            label="Jackett indexer",
            help_text="The indexer's id in Jackett, or “all” for every configured indexer",
        )
    },
    "prowlarr": {
        "indexer_ids": forms.CharField(
            required=False,
            max_length=500,
            label="Prowlarr indexer ids",
            help_text="Comma-separated ids of Prowlarr's indexers to search; empty = all",
        )
    },
    "hdbits": {
        "codecs": forms.TypedMultipleChoiceField(
            choices=HDBITS_CODECS,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="None ticked = every codec",
        ),
        "mediums": forms.TypedMultipleChoiceField(
            choices=HDBITS_MEDIUMS,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="None ticked = every medium",
        ),
    },
}


class IndexerForm(WriteOnlySecretsMixin, forms.ModelForm):
    """An indexer's settings; the kind is fixed (chosen before the form), its fields follow it.

    The API key (HDBits: passkey) is write-only: left empty it keeps the stored value.
    Categories are typed as a comma-separated list of ids.
    """

    secret_fields = ("api_key",)
    api_key = SecretField(label="API key")
    clear_api_key = clear_field("Clear the stored API key")
    categories = forms.CharField(
        required=False,
        max_length=1000,
        help_text="Comma-separated category ids, e.g. 2000, 2040, 2045",
    )

    class Meta:
        model = Indexer
        fields = COMMON_FIELDS
        labels = {
            "enable_rss": "Enable RSS",
            "enable_automatic_search": "Enable automatic search",
            "enable_interactive_search": "Enable interactive search",
            "base_url": "URL",
            "api_path": "API path",
            "minimum_seeders": "Minimum seeders",
            "seed_ratio": "Seed ratio",
            "seed_time_minutes": "Seed time (minutes)",
            "requests_per_minute": "Requests per minute",
        }

    def __init__(self, *args, kind: str | None = None, **kwargs) -> None:
        instance = kwargs.get("instance")
        self.kind = (instance.kind if instance and instance.pk else None) or kind or ""
        if self.kind not in KINDS:
            raise ValueError(f"Unknown indexer kind {self.kind!r}")
        super().__init__(*args, **kwargs)
        self.instance.kind = self.kind
        shown = KIND_FIELDS.get(self.kind, ("api_key",))
        for name in OPTIONAL_FIELDS:
            if name not in shown:
                self.fields.pop(name)
        if self.protocol == USENET:
            for name in TORRENT_FIELDS:
                self.fields.pop(name)
        if not self._stored_secrets.get("api_key") or "api_key" not in self.fields:
            self.fields.pop("clear_api_key")
        if self.kind == "hdbits":
            self.fields["api_key"].label = "Passkey"
            if "clear_api_key" in self.fields:
                self.fields["clear_api_key"].label = "Clear the stored passkey"
            self.fields["username"].label = "User name"
        if not self.instance.pk:
            for name, value in KIND_DEFAULTS.get(self.kind, {}).items():
                self.initial[name] = value
        self.initial["categories"] = ", ".join(
            str(c) for c in self.initial.get("categories") or self.instance.categories or []
        )
        stored = self.instance.options or {}
        for key, field in KIND_OPTIONS.get(self.kind, {}).items():
            self.fields[key] = copy.deepcopy(field)
            value = stored.get(key, field.initial)
            if key == "indexer_ids":
                value = ", ".join(str(i) for i in value or [])
            self.initial[key] = value
        order = [n for n in self.fields if n != "clear_api_key"]
        if "clear_api_key" in self.fields:
            order.insert(order.index("api_key") + 1, "clear_api_key")
        self.order_fields(order)

    @property
    def protocol(self) -> str | None:
        return protocol_of(self.kind)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0]

    def clean_base_url(self) -> str:
        url = self.cleaned_data["base_url"].strip()
        if not re.match(r"^https?://[^/\s]+", url):
            raise forms.ValidationError("Give the full address, starting http:// or https://.")
        if "?" in url or "#" in url:
            # A pasted feed URL carries ?apikey=…: the key belongs in its write-only field.
            raise forms.ValidationError(
                "Give the address without ?… (put the API key in its own field)."
            )
        return url.rstrip("/")

    def clean_api_path(self) -> str:
        path = (self.cleaned_data.get("api_path") or "").strip() or "/api"
        if not path.startswith("/") or re.search(r"[\s?#]", path):
            raise forms.ValidationError("Give a path starting with /, such as /api.")
        return path.rstrip("/") or "/api"

    def clean_priority(self) -> int:
        priority = self.cleaned_data["priority"]
        if priority is None or not 1 <= priority <= 50:
            raise forms.ValidationError("Priority runs from 1 (most preferred) to 50.")
        return priority

    def clean_categories(self) -> list[int]:
        return _int_list(self.cleaned_data.get("categories") or "", "category id")

    def clean_seed_ratio(self) -> float | None:
        ratio = self.cleaned_data.get("seed_ratio")
        if ratio is not None and ratio < 0:
            raise forms.ValidationError("The seed ratio cannot be negative.")
        return ratio

    def clean_requests_per_minute(self) -> int:
        value = self.cleaned_data["requests_per_minute"]
        if value is None or value > MAX_REQUESTS_PER_MINUTE:
            raise forms.ValidationError(f"Use 0 (no limit) to {MAX_REQUESTS_PER_MINUTE}.")
        return value

    def clean_indexer(self) -> str:
        slug = (self.cleaned_data.get("indexer") or "").strip() or "all"
        if not JACKETT_SLUG.match(slug):
            raise forms.ValidationError("Use the indexer's id as Jackett shows it, or “all”.")
        return slug

    def clean_indexer_ids(self) -> list[int]:
        return _int_list(self.cleaned_data.get("indexer_ids") or "", "Prowlarr indexer id")

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.kind in KEY_REQUIRED and "api_key" in cleaned and not cleaned["api_key"]:
            what = "passkey" if self.kind == "hdbits" else "API key"
            self.add_error("api_key", f"{self.kind_label} needs its {what}.")
        if self.kind == "hdbits" and not (cleaned.get("username") or "").strip():
            self.add_error("username", "HDBits needs your user name.")
        return cleaned

    def _update_errors(self, errors: forms.ValidationError) -> None:
        # The model's clean() repeats checks this form already made: report each once.
        if hasattr(errors, "error_dict"):
            fresh = {f: e for f, e in errors.error_dict.items() if f not in self._errors}
            if not fresh:
                return
            errors = forms.ValidationError(fresh)
        super()._update_errors(errors)

    def _post_clean(self) -> None:
        super()._post_clean()
        # Keys another part of the app may keep in `options` survive; ours are replaced.
        options = dict(self.instance.options or {})
        for key in KIND_OPTIONS.get(self.kind, {}):
            if key in self.cleaned_data:
                options[key] = self.cleaned_data[key]
        self.instance.options = options
        # Fields this kind does not show must not keep values from another kind.
        shown = KIND_FIELDS.get(self.kind, ("api_key",))
        if "username" not in shown:
            self.instance.username = ""
        if "api_path" not in shown:
            self.instance.api_path = "/api"
        if self.protocol == USENET:
            self.instance.seed_ratio = self.instance.seed_time_minutes = None
