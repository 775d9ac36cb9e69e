"""Forms of the indexers app: Settings → Indexers "Options", and one indexer's settings
(IndexerForm, whose fields follow the kind) used by the settings pages and the admin."""

from __future__ import annotations

import copy
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MaxValueValidator

from indexers.clients import KINDS, protocol_of
from indexers.clients.options import HDBITS_CODECS, HDBITS_MEDIUMS
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
# Each kind's usual address and categories, offered when adding one.
KIND_DEFAULTS: dict[str, dict] = {
    "hdbits": {"base_url": "https://hdbits.org", "categories": [1]},
    "prowlarr": {"base_url": "http://localhost:9696"},
    "jackett": {"base_url": "http://localhost:9117"},
}
# What each kind's URL field asks for (its help text).
KIND_URL_HINTS: dict[str, str] = {
    "torznab": "The indexer's API URL without /api, e.g. https://indexer.example",
    "newznab": "The indexer's API URL without /api, e.g. https://indexer.example",
    "jackett": "Jackett's address, e.g. http://localhost:9117",
    "prowlarr": "Prowlarr's address, e.g. http://localhost:9696",
    "hdbits": "HDBits' address: https://hdbits.org",
}
# HDBits numbers its own categories (not Newznab's 2000…).
HDBITS_CATEGORIES_HELP = (
    "Comma-separated HDBits category ids: 1 Movie, 2 TV, 3 Documentary, 4 Music, 5 Sport, "
    "6 Audio Track, 7 XXX, 8 Misc/Demo (movies: 1, 3)"
)
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
        if self.kind in KIND_URL_HINTS:
            self.fields["base_url"].help_text = KIND_URL_HINTS[self.kind]
        if self.kind == "hdbits":
            self.fields["categories"].help_text = HDBITS_CATEGORIES_HELP
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

    # Only parsing and tidying here: what the values must satisfy is Indexer.clean()'s
    # (indexers.clients.options), which the admin's ModelForm runs too.

    def clean_base_url(self) -> str:
        return self.cleaned_data["base_url"].strip().rstrip("/")

    def clean_api_path(self) -> str:
        path = (self.cleaned_data.get("api_path") or "").strip() or "/api"
        return path.rstrip("/") or "/api"

    def clean_categories(self) -> list[int]:
        return _int_list(self.cleaned_data.get("categories") or "", "category id")

    def clean_indexer(self) -> str:
        return (self.cleaned_data.get("indexer") or "").strip() or "all"

    def clean_indexer_ids(self) -> list[int]:
        return _int_list(self.cleaned_data.get("indexer_ids") or "", "Prowlarr indexer id")

    def _update_errors(self, errors: forms.ValidationError) -> None:
        # The model's errors land on this form's fields: an error about `options` on the
        # kind's option fields, one about a field this kind does not show on the form as a
        # whole; a field that already failed its own parsing is reported once.
        if hasattr(errors, "error_dict"):
            fresh: dict[str, list] = {}
            for name, messages in errors.error_dict.items():
                if name == "options":
                    fields = [k for k in KIND_OPTIONS.get(self.kind, {}) if k in self.fields]
                    if any(k in self._errors for k in fields):
                        continue  # the option field's own parsing already said what is wrong
                    target = fields[0] if len(fields) == 1 else NON_FIELD_ERRORS
                elif name in self.fields:
                    target = name
                else:
                    target = NON_FIELD_ERRORS
                if target != NON_FIELD_ERRORS and target in self._errors:
                    continue
                fresh.setdefault(target, []).extend(messages)
            if not fresh:
                return
            errors = forms.ValidationError(fresh)
        super()._update_errors(errors)

    def _post_clean(self) -> None:
        # The instance is tidied before the model's clean() sees it (super()._post_clean).
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
        super()._post_clean()
