"""Forms for Settings → Connect (and the admin): one connection form whose fields follow
the kind, a media server's path mappings, and the webhook's write-only custom headers.

Secrets are write-only: the token or key and the webhook password keep their stored value
when left empty; a stored header's value shows as a mask and a line left masked keeps it.
"""

from __future__ import annotations

import re

from django import forms

from mediaservers.clients import KINDS
from mediaservers.clients.base import MEDIA_SERVER, WEBHOOK
from mediaservers.models import EVENT_FIELDS, Connection, PathMapping
from radarr_site.forms_secret import SecretField, WriteOnlySecretsMixin, clear_field

# Radarr's words for its Connect switches.
EVENT_LABELS = {
    "on_grab": "On Grab",
    "on_import": "On File Import",
    "on_upgrade": "On File Upgrade",
    "on_rename": "On Rename",
    "on_movie_delete": "On Movie Delete",
    "on_movie_file_delete": "On Movie File Delete",
    "on_health_issue": "On Health Issue",
    "include_health_warnings": "Include Health Warnings",
    "on_health_restored": "On Health Restored",
    "on_request_available": "On Request Available",
    "on_request_failed": "On Request Failed",
}
ALL_EVENTS = [name for name, _ in EVENT_FIELDS]
# A media server only cares when files appear, change or go: it is told to rescan.
EVENTS_BY_ROLE = {
    MEDIA_SERVER: [
        "on_import",
        "on_upgrade",
        "on_rename",
        "on_movie_delete",
        "on_movie_file_delete",
    ],
    WEBHOOK: [*ALL_EVENTS[:7], "include_health_warnings", *ALL_EVENTS[7:]],
}
# Switched on when a connection is added: a webhook hears everything but health.
DEFAULT_EVENTS = {
    MEDIA_SERVER: set(EVENTS_BY_ROLE[MEDIA_SERVER]),
    WEBHOOK: {
        "on_grab",
        *EVENTS_BY_ROLE[MEDIA_SERVER],
        "on_request_available",
        "on_request_failed",
    },
}
DEFAULT_URLS = {
    "plex": "http://127.0.0.1:32400",
    "jellyfin": "http://127.0.0.1:8096",
    "emby": "http://127.0.0.1:8096",
}
URL_HINTS = {
    "plex": "Plex's address, e.g. http://host:32400",
    "jellyfin": "Jellyfin's address, e.g. http://host:8096",
    "emby": "Emby's address, e.g. http://host:8096",
    "webhook": "The full URL the events are sent to, e.g. https://host/hooks/radarr",
}
ROLE_URL_HINTS = {
    MEDIA_SERVER: "The server's address, e.g. http://host:port",
    WEBHOOK: URL_HINTS["webhook"],
}
KEY_LABELS = {"plex": "X-Plex-Token", "jellyfin": "API key", "emby": "API key"}
KEY_HINTS = {
    "plex": "Plex's X-Plex-Token for an account that manages this server",
    "jellyfin": "Jellyfin → Dashboard → API Keys",
    "emby": "Emby → Settings → API Keys",
}
METHODS = [("POST", "POST"), ("PUT", "PUT")]

# Header values are secrets (tokens): a stored one shows as this mask; a line left masked
# keeps the stored value.
HEADER_MASK = "••••"
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an HTTP token (RFC 9110)
# Headers the HTTP library writes itself; a typed one would break the request.
RESERVED_HEADERS = {"host", "content-length", "transfer-encoding", "connection"}
WINDOWS_PATH = re.compile(r"^(?:[A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)")  # D:\ or \\server\share


class MaskedHeadersTextarea(forms.Textarea):
    """Renders header lines with every value masked, also when a refused form comes back
    with what was typed (a typed token is as secret as a stored one)."""

    def format_value(self, value):
        text = super().format_value(value) or ""
        lines = []
        for line in text.splitlines():
            name, sep, rest = line.partition(":")
            lines.append(f"{name.strip()}: {HEADER_MASK}" if sep and rest.strip() else line)
        return "\n".join(lines)


def headers_text(headers: dict[str, str]) -> str:
    """The stored headers as the form's lines, every value masked."""
    return "\n".join(f"{name}: {HEADER_MASK}" for name in headers)


def parse_headers(text: str, stored: dict[str, str]) -> dict[str, str]:
    """Form lines ("Name: value") → headers; a masked value keeps the stored one.

    Raises ValidationError naming each bad line."""
    headers: dict[str, str] = {}
    errors = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, sep, value = (part.strip() for part in line.partition(":"))
        if not sep or not name:
            errors.append(f"Line {number}: write it as “Name: value”.")
        elif not HEADER_NAME.match(name):
            errors.append(f"Line {number}: “{name}” is not a valid header name.")
        elif name.lower() in RESERVED_HEADERS:
            errors.append(f"Line {number}: {name} is set by the app itself.")
        elif name.lower() in (n.lower() for n in headers):
            errors.append(f"Line {number}: {name} is given twice.")
        elif value == HEADER_MASK:
            if name in stored:
                headers[name] = stored[name]
            else:
                errors.append(f"Line {number}: no value is stored for {name}; type it.")
        elif not value:
            errors.append(f"Line {number}: {name} has no value.")
        elif any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            errors.append(f"Line {number}: the value of {name} has control characters.")
        else:
            headers[name] = value
    if errors:
        raise forms.ValidationError(errors)
    return headers


def clean_url(url: str) -> str:
    """A connection's address: absolute http(s), no credentials in it (they would show)."""
    url = url.strip()
    if not re.match(r"^https?://[^/\s]+", url):
        raise forms.ValidationError("Give the full address, starting http:// or https://.")
    if "@" in url.split("/", 3)[2]:
        raise forms.ValidationError(
            "Put the user name and password in their own fields, not in the URL."
        )
    return url


class ConnectionForm(WriteOnlySecretsMixin, forms.ModelForm):
    """A connection's settings; the kind is fixed (chosen before the form) and its fields
    follow it: a token or key for a media server; method, basic auth and headers for a
    webhook; the events each role can act on."""

    api_key = SecretField(label="API key")
    clear_api_key = clear_field("Clear the stored key")
    password = SecretField(label="Password")
    clear_password = clear_field("Clear the stored password")
    method = forms.ChoiceField(choices=METHODS, initial="POST", label="Method")
    headers_text = forms.CharField(
        required=False,
        label="Headers",
        help_text="One per line, “Name: value”. Stored values show as ••••; leave one so to "
        "keep it, delete the line to drop the header.",
        widget=MaskedHeadersTextarea(attrs={"rows": 3, "autocomplete": "off"}),
    )

    class Meta:
        model = Connection
        fields = ["name", "enabled", "base_url", "api_key", "username", "password", *EVENT_LABELS]
        labels = {"base_url": "URL", "username": "Username", **EVENT_LABELS}
        help_texts = {
            "username": "Optional basic auth",
            "include_health_warnings": "With On Health Issue: warnings too, not only errors",
        }

    def __init__(self, *args, kind: str | None = None, **kwargs) -> None:
        instance = kwargs.get("instance")
        self.kind = (instance.kind if instance and instance.pk else None) or kind or ""
        if self.kind not in KINDS:
            raise ValueError(f"Unknown connection kind {self.kind!r}")
        self.role = KINDS[self.kind][1]
        self.secret_fields = ("api_key",) if self.role == MEDIA_SERVER else ("password",)
        super().__init__(*args, **kwargs)
        self.instance.kind = self.kind
        self._stored_headers = dict(self.instance.headers or {})
        hidden = (
            ("username", "password", "clear_password", "method", "headers_text")
            if self.role == MEDIA_SERVER
            else ("api_key", "clear_api_key")
        )
        events = EVENTS_BY_ROLE[self.role]
        hidden += tuple(name for name in EVENT_LABELS if name not in events)
        for name in hidden:
            self.fields.pop(name)
        for name in self.secret_fields:
            if not self._stored_secrets.get(name):
                self.fields.pop(f"clear_{name}")
        self.fields["base_url"].help_text = URL_HINTS.get(self.kind, ROLE_URL_HINTS[self.role])
        if "api_key" in self.fields:
            self.fields["api_key"].label = KEY_LABELS.get(self.kind, "API key")
            self.fields["api_key"].help_text = KEY_HINTS.get(self.kind, "")
        if self.role == WEBHOOK:
            self.fields["method"].initial = (self.instance.options or {}).get("method", "POST")
            self.fields["headers_text"].initial = headers_text(self._stored_headers)
        if not self.instance.pk:
            self.fields["base_url"].initial = DEFAULT_URLS.get(self.kind, "")
            for name in events:
                self.fields[name].initial = name in DEFAULT_EVENTS[self.role]

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0]

    @property
    def event_fields(self) -> list[forms.BoundField]:
        """The event switches, for the template's own fieldset."""
        return [self[name] for name in EVENT_LABELS if name in self.fields]

    @property
    def setting_fields(self) -> list[forms.BoundField]:
        """Every field that is not an event switch, in order."""
        return [self[name] for name in self.fields if name not in EVENT_LABELS]

    def clean_base_url(self) -> str:
        url = clean_url(self.cleaned_data["base_url"])
        # A media server's address is a base the client appends paths to.
        return url.rstrip("/") if self.role == MEDIA_SERVER else url

    def clean_headers_text(self) -> dict[str, str]:
        return parse_headers(self.cleaned_data.get("headers_text") or "", self._stored_headers)

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.role == MEDIA_SERVER and "api_key" in cleaned and not cleaned["api_key"]:
            self.add_error("api_key", f"{self.kind_label} needs its {self['api_key'].label}.")
        if self.role == WEBHOOK and cleaned.get("password") and not cleaned.get("username"):
            self.add_error("username", "A password needs a username for basic auth.")
        return cleaned

    def _update_errors(self, errors: forms.ValidationError) -> None:
        # The model's clean() repeats the URL check: a field refused here is not told twice.
        if hasattr(errors, "error_dict"):
            fresh = {f: e for f, e in errors.error_dict.items() if f not in self._errors}
            if not fresh:
                return
            errors = forms.ValidationError(fresh)
        super()._update_errors(errors)

    def _post_clean(self) -> None:
        options = dict(self.instance.options or {})
        if self.role == WEBHOOK:
            if "headers_text" in self.cleaned_data:
                self.instance.headers = self.cleaned_data["headers_text"]
            if "method" in self.cleaned_data:
                options["method"] = self.cleaned_data["method"]
            self.instance.api_key = ""
        else:
            # Fields this kind does not show keep no value from another kind.
            self.instance.username = self.instance.password = ""
            self.instance.headers = {}
            options.pop("method", None)
        self.instance.options = options
        for name in EVENT_LABELS:
            if name not in self.fields:
                setattr(self.instance, name, False)
        super()._post_clean()


def clean_folder(path: str, *, windows: bool = False) -> str:
    """An absolute folder written one way (no trailing slash, no '..'), or ValidationError."""
    path = path.strip()
    if windows and WINDOWS_PATH.match(path):
        if any(part == ".." for part in re.split(r"[/\\]", path)):
            raise forms.ValidationError("The path may not climb with '..'.")
        return path.rstrip("\\") if len(path) > 3 else path
    if not path.startswith("/"):
        example = "/media/movies or D:\\Movies" if windows else "/data/movies"
        raise forms.ValidationError(f"Give the full path, e.g. {example}.")
    if any(part == ".." for part in path.split("/")):
        raise forms.ValidationError("The path may not climb with '..'.")
    return re.sub(r"/+", "/", path).rstrip("/") or "/"


class PathMappingForm(forms.ModelForm):
    """Our folder → the same folder as the media server sees it."""

    class Meta:
        model = PathMapping
        fields = ["local_path", "remote_path"]
        labels = {"local_path": "Our folder", "remote_path": "Server's folder"}
        help_texts = {
            "local_path": "A root folder (or a folder in it) as this app sees it",
            "remote_path": "The same folder as the media server sees it",
        }

    def __init__(self, *args, connection: Connection, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.connection = connection

    def clean_local_path(self) -> str:
        return clean_folder(self.cleaned_data["local_path"])

    def clean_remote_path(self) -> str:
        return clean_folder(self.cleaned_data["remote_path"], windows=True)

    def validate_unique(self) -> None:
        local = self.cleaned_data.get("local_path")
        taken = PathMapping.objects.filter(connection=self.instance.connection, local_path=local)
        if local and taken.exclude(pk=self.instance.pk).exists():
            self.add_error("local_path", "This connection already maps that folder.")
            return
        super().validate_unique()
