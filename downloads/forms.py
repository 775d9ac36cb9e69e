"""Forms for Settings → Download Clients (and the admin): one client form whose fields
follow the kind, remote path mappings, and the download options singleton.

The client Test (`client_problems`, `client_test`) lives in downloads.client_checks and is
re-exported here for its callers.
"""

from __future__ import annotations

import copy
import logging
import os
import posixpath
import re

from django import forms

# The Test lives in downloads.client_checks; its names stay importable from here.
from downloads.client_checks import (
    CONNECTION_FIELDS,
    ClientTestReport,
    client_problems,
    client_test,
    forget_provider_status,
    provider_key,
    sync_provider_status,
)
from downloads.clients import KINDS, protocol_of
from downloads.clients.base import TORRENT
from downloads.models import DownloadClient, DownloadOptions, RemotePathMapping
from radarr_site.forms_secret import SecretField, WriteOnlySecretsMixin, clear_field

log = logging.getLogger(__name__)

# Which credentials each kind asks for; the other credential fields are not shown.
# Deluge's Web UI logs in with a password only (auth.login [password]), as in Radarr.
CREDENTIALS: dict[str, tuple[str, ...]] = {
    "qbittorrent": ("username", "password"),
    "transmission": ("username", "password"),
    "deluge": ("password",),
    "sabnzbd": ("api_key",),
    "nzbget": ("username", "password"),
}
SECRETS = ("password", "api_key")
TORRENT_ONLY = ("seed_ratio", "seed_time_minutes")
COMMON_FIELDS = [
    "name",
    "enabled",
    "priority",
    "base_url",
    "username",
    "password",
    "api_key",
    "category",
    "start_paused",
    "remove_completed",
    "remove_failed",
    "seed_ratio",
    "seed_time_minutes",
]
# Categories become folder names and URL parameters in every client: keep them plain.
CATEGORY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
WINDOWS_PATH = re.compile(r"^(?:[A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)")  # C:\ or \\server\share
# Each kind's usual address on the same machine, offered when adding one.
DEFAULT_URLS = {
    "qbittorrent": "http://127.0.0.1:8080",
    "transmission": "http://127.0.0.1:9091/transmission",
    "deluge": "http://127.0.0.1:8112",
    "sabnzbd": "http://127.0.0.1:8080",
    "nzbget": "http://127.0.0.1:6789",
}


def _download_dir_field() -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=1000,
        label="Directory",
        help_text="Where the client puts our downloads, as the client sees it; "
        "empty = the client's own download folder",
    )


# Settings only some kinds have, kept in the row's `options` JSON: kind → {key: field}.
# Every kind has a Directory: the import needs the download folder when a client does not
# report one for an item.
KIND_OPTIONS: dict[str, dict[str, forms.Field]] = {
    kind: {"download_dir": _download_dir_field()}
    for kind in ("qbittorrent", "transmission", "deluge", "sabnzbd", "nzbget")
}


MAPPINGS_HELP = (
    "One per line: tag = category. A movie with the tag is sent in that category (the "
    "first line whose tag it has wins); other movies use the category above."
)


def mappings_text(mappings: list[dict]) -> str:
    """The stored tag → category mappings as the form's lines ("tag label = category")."""
    from movies.models import Tag

    labels = dict(
        Tag.objects.filter(pk__in=[m.get("tag") for m in mappings]).values_list("pk", "label")
    )
    return "\n".join(
        f"{labels[m['tag']]} = {m['category']}" for m in mappings if m.get("tag") in labels
    )


def parse_mappings(text: str) -> list[dict]:
    """Form lines → [{"tag": id, "category": name}]; ValidationError names the bad line."""
    from movies.models import Tag

    mappings, errors = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        label, sep, category = (part.strip() for part in line.partition("="))
        tag = Tag.objects.filter(label__iexact=label).first() if label else None
        if not sep or not category:
            errors.append(f"Line {number}: write it as “tag = category”.")
        elif tag is None:
            errors.append(f"Line {number}: there is no tag “{label}”.")
        elif not CATEGORY_RE.match(category) or len(category) > 100:
            errors.append(
                f"Line {number}: the category may hold letters, digits, spaces, dots,"
                " dashes and underscores only."
            )
        else:
            mappings.append({"tag": tag.pk, "category": category})
    if errors:
        raise forms.ValidationError(errors)
    return mappings


class DownloadClientForm(WriteOnlySecretsMixin, forms.ModelForm):
    """A client's settings; the kind is fixed (chosen before the form), its fields follow it.

    Passwords and API keys are write-only: left empty they keep the stored value.
    """

    password = SecretField(label="Password")
    clear_password = clear_field("Clear the stored password")
    api_key = SecretField(label="API key")
    clear_api_key = clear_field("Clear the stored API key")
    category_mappings = forms.CharField(
        required=False,
        label="Categories by tag",
        help_text=MAPPINGS_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = DownloadClient
        fields = COMMON_FIELDS
        labels = {
            "base_url": "URL",
            "start_paused": "Add paused",
            "remove_completed": "Remove completed",
            "remove_failed": "Remove failed",
            "seed_ratio": "Seed ratio",
            "seed_time_minutes": "Seed time (minutes)",
        }
        help_texts = {
            "remove_failed": "Remove a failed download (and its data) from the client once "
            "it is recorded as failed",
        }

    def __init__(self, *args, kind: str | None = None, **kwargs) -> None:
        instance = kwargs.get("instance")
        self.kind = (instance.kind if instance and instance.pk else None) or kind or ""
        if self.kind not in KINDS:
            raise ValueError(f"Unknown download client kind {self.kind!r}")
        wanted = CREDENTIALS[self.kind]
        self.secret_fields = tuple(name for name in SECRETS if name in wanted)
        super().__init__(*args, **kwargs)
        self.instance.kind = self.kind
        for name in ("username", *SECRETS):
            if name not in wanted:
                self.fields.pop(name, None)
                self.fields.pop(f"clear_{name}", None)
        if self.protocol != TORRENT:
            for name in TORRENT_ONLY:
                self.fields.pop(name)
        stored_options = self.instance.options or {}
        for key, field in KIND_OPTIONS.get(self.kind, {}).items():
            self.fields[key] = copy.deepcopy(field)
            self.fields[key].initial = stored_options.get(key, "")
        self.fields["category_mappings"].initial = mappings_text(
            stored_options.get("category_mappings") or []
        )
        # Each "clear" box sits under its secret, and only when there is something to clear.
        order = []
        for name in self.fields:
            if not name.startswith("clear_"):
                order.append(name)
            if name in self.secret_fields and self._stored_secrets.get(name):
                order.append(f"clear_{name}")
        for name in [n for n in self.fields if n.startswith("clear_") and n not in order]:
            del self.fields[name]
        self.order_fields(order)
        if not self.instance.pk:
            self.fields["base_url"].initial = DEFAULT_URLS.get(self.kind, "")
        if self.kind == "sabnzbd":
            self.fields["api_key"].help_text = "SABnzbd → Config → General → API Key"

    @property
    def protocol(self) -> str:
        return protocol_of(self.kind)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0]

    def clean_base_url(self) -> str:
        url = self.cleaned_data["base_url"].strip()
        if not url.startswith(("http://", "https://")):
            raise forms.ValidationError("Give the full address, starting http:// or https://.")
        return url.rstrip("/")

    def clean_priority(self) -> int:
        priority = self.cleaned_data["priority"]
        if priority is None or not 1 <= priority <= 50:
            raise forms.ValidationError("Priority runs from 1 (first) to 50.")
        return priority

    def clean_category(self) -> str:
        category = (self.cleaned_data.get("category") or "").strip()
        if category and not CATEGORY_RE.match(category):
            raise forms.ValidationError(
                "Use letters, digits, spaces, dots, dashes and underscores only."
            )
        return category

    def clean_seed_ratio(self) -> float | None:
        ratio = self.cleaned_data.get("seed_ratio")
        if ratio is not None and ratio < 0:
            raise forms.ValidationError("The seed ratio cannot be negative.")
        return ratio

    def clean_category_mappings(self) -> list[dict]:
        return parse_mappings(self.cleaned_data.get("category_mappings") or "")

    def clean_download_dir(self) -> str:
        folder = self.cleaned_data.get("download_dir", "").strip()
        if folder and not (folder.startswith("/") or re.match(r"^[A-Za-z]:\\", folder)):
            raise forms.ValidationError("Give the full path, e.g. /downloads/movies.")
        return folder

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.kind == "sabnzbd" and "api_key" in cleaned and not cleaned["api_key"]:
            self.add_error("api_key", "SABnzbd needs its API key.")
        return cleaned

    def _update_errors(self, errors: forms.ValidationError) -> None:
        # The model's clean() repeats checks this form already made: a field the form
        # refused is not reported twice.
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
        if "category_mappings" in self.cleaned_data:
            options.pop("category_mappings", None)
            if self.cleaned_data["category_mappings"]:
                options["category_mappings"] = self.cleaned_data["category_mappings"]
        self.instance.options = options
        # Fields this kind does not show must not keep values from another kind.
        if self.protocol != TORRENT:
            self.instance.seed_ratio = self.instance.seed_time_minutes = None
        for name in ("username", *SECRETS):
            if name not in CREDENTIALS[self.kind]:
                setattr(self.instance, name, "")


class RemotePathMappingForm(forms.ModelForm):
    """One client path → local path pair for a client on another machine or container."""

    class Meta:
        model = RemotePathMapping
        fields = ["remote_path", "local_path"]

    def __init__(self, *args, client: DownloadClient, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.client = client

    def clean_remote_path(self) -> str:
        path = self.cleaned_data["remote_path"].strip()
        if not (path.startswith("/") or WINDOWS_PATH.match(path)):
            raise forms.ValidationError(
                "Give the full path as the client sees it: /downloads/ or C:\\Downloads\\."
            )
        if any(part == ".." for part in re.split(r"[/\\]", path)):
            raise forms.ValidationError("The path may not climb with '..'.")
        return _folder(path)

    def clean_local_path(self) -> str:
        path = self.cleaned_data["local_path"].strip()
        if not path.startswith("/"):
            raise forms.ValidationError("Give the full local path, starting with /.")
        if any(part == ".." for part in path.split("/")):
            raise forms.ValidationError("The path may not climb with '..'.")
        path = _folder(path)
        if not os.path.isdir(path):
            raise forms.ValidationError(f"{path} is not a folder on this machine.")
        return path

    def validate_unique(self) -> None:
        super().validate_unique()
        remote = self.cleaned_data.get("remote_path")
        taken = RemotePathMapping.objects.filter(client=self.instance.client, remote_path=remote)
        if remote and taken.exclude(pk=self.instance.pk).exists():
            self.add_error("remote_path", "This client already maps that path.")


def _folder(path: str) -> str:
    """A folder path written one way: trimmed, with one trailing slash (Radarr's habit), so
    "/data/" and "/data" are the same mapping. Windows paths keep their backslashes."""
    path = path.strip()
    if "\\" in path:
        return path.rstrip("\\") + "\\"
    return posixpath.normpath(path).rstrip("/") + "/" if path else path


class DownloadOptionsForm(forms.ModelForm):
    """Completed / failed download handling and how often the queue is polled."""

    class Meta:
        model = DownloadOptions
        fields = ["enable_completed_handling", "redownload_failed", "check_interval_minutes"]
        labels = {
            "enable_completed_handling": "Completed download handling",
            "redownload_failed": "Search again on failure",
            "check_interval_minutes": "Check the queue every (minutes)",
        }

    def clean_check_interval_minutes(self) -> int:
        minutes = self.cleaned_data["check_interval_minutes"]
        if minutes is None or not 1 <= minutes <= 60:
            raise forms.ValidationError("Check every 1 to 60 minutes.")
        return minutes


def default_clients() -> dict[str, DownloadClient]:
    """The default client per protocol: the enabled one with the lowest priority number
    (ties go by id, as grab chooses)."""
    defaults: dict[str, DownloadClient] = {}
    for row in DownloadClient.objects.filter(enabled=True).order_by("priority", "pk"):
        if row.kind in KINDS:
            defaults.setdefault(row.protocol, row)
    return defaults


__all__ = [
    "CONNECTION_FIELDS",
    "ClientTestReport",
    "DownloadClientForm",
    "DownloadOptionsForm",
    "RemotePathMappingForm",
    "client_problems",
    "client_test",
    "default_clients",
    "forget_provider_status",
    "provider_key",
    "sync_provider_status",
]
