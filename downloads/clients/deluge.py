"""Deluge through deluge-web's JSON-RPC: a password session, a daemon to connect, labels.

Every call is a POST to `<base>/json` with `{"method", "params", "id"}`; answers carry
`result` and `error: {"message", "code"}`. The session cookie from `auth.login` expires, so a
"Not authenticated" answer signs in again once. Each operation first checks that deluge-web
is connected to a daemon (one light call) and connects it from its host list when not. Our
category is a Deluge label, kept in lower case; the Label plugin is switched on when it is
installed but off ("Unknown method" for label.*). Deluge 2.0 has no per-torrent seed time
limit, so only the seed ratio is passed on.
"""

from __future__ import annotations

import base64
import itertools
import re
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from downloads.clients.base import (
    TORRENT,
    ClientConfig,
    ClientItem,
    DownloadClient,
    DownloadRequest,
    ItemState,
)
from radarr_site.http import AuthError, BadResponse, HttpClient, IntegrationError, Unavailable

NOT_AUTHENTICATED, UNKNOWN_METHOD = 1, 2
PLUGIN_WAIT_TRIES = 30
FIELDS = [
    "hash",
    "name",
    "state",
    "progress",
    "eta",
    "total_wanted",
    "total_done",
    "save_path",
    "ratio",
    "seeding_time",
    "is_finished",
    "label",
    "message",
    "tracker_status",
    "num_peers",
    "download_payload_rate",
]
INFO_HASH = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1 (v1) or SHA-256 (v2) hex
LABEL_CHARACTERS = re.compile(r"[a-z0-9_-]+")
_ids = itertools.count(1)


class DelugeError(BadResponse):
    """Deluge answered with an error object; `code` is Deluge's own error code."""

    def __init__(self, message: str, code: int | None) -> None:
        super().__init__(message)
        self.code = code


def json_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/")
    if not path.endswith("/json"):
        path += "/json"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def error_message(raw: Any) -> str:
    """Deluge wraps daemon errors in a Twisted traceback; keep the exception's own sentence."""
    text = str(raw or "unknown error")
    found = re.search(r"<class '(?:[\w.]+\.)?(\w+)'>: (.+)", text)
    if found:
        text = f"{found.group(1)}: {found.group(2)}"
    return text.strip()[:300]


class Deluge(DownloadClient):
    """Deluge 2.x through deluge-web; torrents are known by their info hash."""

    kind = "deluge"
    protocol = TORRENT

    def __init__(self, config: ClientConfig) -> None:
        super().__init__(config)
        self.http = HttpClient(
            config.provider_key,
            json_url(config.base_url),
            label=f"Deluge '{config.name}'",
            retries=0,  # JSON-RPC calls are POSTs; an add must never be sent twice
        )
        self.download_dir = str(config.options.get("download_dir") or "")

    @property
    def _where(self) -> str:
        return f"{self.http.label} ({self.http.host})"

    # -- transport ----------------------------------------------------------------------

    def _post(self, method: str, params: list[Any]) -> Any:
        body = {"method": method, "params": params, "id": next(_ids)}
        answer = self.http.json("POST", self.http.base_url.rstrip("/"), json=body)
        if not isinstance(answer, dict) or "result" not in answer:
            raise BadResponse(f"{self._where} answered {method} with an unexpected shape")
        error = answer.get("error")
        if error:
            if not isinstance(error, dict):
                raise BadResponse(f"{self._where} answered {method} with a malformed error")
            code = error.get("code") if isinstance(error.get("code"), int) else None
            message = error_message(error.get("message"))
            raise DelugeError(f"{self._where} refused {method}: {message}", code)
        return answer["result"]

    def call(self, method: str, *params: Any) -> Any:
        """One JSON-RPC call; signs in again once when the session cookie has expired."""
        try:
            return self._post(method, list(params))
        except DelugeError as error:
            if error.code != NOT_AUTHENTICATED:
                raise
        self.login()
        return self._post(method, list(params))

    def login(self) -> None:
        if self._post("auth.login", [self.config.password]) is not True:
            raise AuthError(f"{self._where} refused the password")

    def _ready(self) -> None:
        """Make sure deluge-web is connected to a daemon before asking the daemon anything:
        while it is not, deluge-web still lists the daemon's methods, but a call to one
        never answers."""
        if self.call("web.connected") is not True:
            self._connect()

    def _connect(self) -> None:
        answer = self.call("web.get_hosts")
        hosts = (
            [h for h in answer if isinstance(h, list) and len(h) > 2]
            if isinstance(answer, list)
            else []
        )
        if not hosts:
            raise Unavailable(f"{self._where} has no Deluge daemon in its connection manager")
        for host in hosts:
            status = self.call("web.get_host_status", host[0])
            if (
                isinstance(status, list)
                and len(status) > 1
                and status[1] in ("Online", "Connected")
            ):
                self.call("web.connect", host[0])
                if self.call("web.connected") is True:
                    return
        where = ", ".join(f"{h[1]}:{h[2]}" for h in hosts)
        raise Unavailable(f"{self._where} cannot reach its Deluge daemon ({where or 'no host'})")

    # -- labels ---------------------------------------------------------------------------

    def _category(self, request: DownloadRequest | None = None) -> str:
        if request is not None and request.category is not None:
            return request.category.lower()
        return self.config.category.lower()

    def _labels(self) -> list[str]:
        """The daemon's labels, enabling the Label plugin when it is installed but off."""
        try:
            return list(self.call("label.get_labels") or [])
        except DelugeError as error:
            if error.code != UNKNOWN_METHOD:
                raise
        if "Label" not in (self.call("core.get_available_plugins") or []):
            raise BadResponse(
                f"{self._where}: the Label plugin is not available, and categories need it"
            ) from None
        self.call("core.enable_plugin", "Label")
        # deluge-web learns the plugin's methods from an event shortly after enabling it.
        for _ in range(PLUGIN_WAIT_TRIES):
            try:
                return list(self.call("label.get_labels") or [])
            except DelugeError as error:
                if error.code != UNKNOWN_METHOD:
                    raise
            time.sleep(0.1)
        raise BadResponse(f"{self._where}: the Label plugin was switched on but does not answer")

    def _ensure_label(self, category: str) -> None:
        if not LABEL_CHARACTERS.fullmatch(category):
            raise BadResponse(
                f"{self._where}: the category {category!r} is not a valid Deluge label "
                "(only a-z, 0-9, - and _)"
            )
        if category not in self._labels():
            self.call("label.add", category)

    # -- the interface --------------------------------------------------------------------

    def add(self, request: DownloadRequest) -> str:
        self._ready()
        options: dict[str, Any] = {"add_paused": self.config.start_paused}
        if self.download_dir:
            options["download_location"] = self.download_dir
        if self.config.seed_ratio is not None:
            options.update(stop_at_ratio=True, stop_ratio=self.config.seed_ratio)
        try:
            if request.content:
                name = request.file_name or f"{request.title}.torrent"
                data = base64.b64encode(request.content).decode()
                result = self.call("core.add_torrent_file", name, data, options)
            elif request.url.startswith("magnet:"):
                result = self.call("core.add_torrent_magnet", request.url, options)
            elif request.url:
                result = self.call("core.add_torrent_url", request.url, options)
            else:
                raise ValueError("a torrent request needs a magnet, a URL or the .torrent file")
        except DelugeError as error:
            # Deluge refuses a torrent it already has; that torrent is the one we wanted.
            if "already in session" not in str(error) or not request.info_hash:
                raise
            result = request.info_hash
        info_hash = str(result or request.info_hash or "").lower()
        if not info_hash:
            raise BadResponse(f"{self._where} accepted the torrent but named no hash")
        category = self._category(request)
        if category:
            self._ensure_label(category)
            self.call("label.set_torrent", info_hash, category)
        return info_hash

    def active(self) -> list[ClientItem]:
        self._ready()
        category = self._category()
        torrents = self.call("core.get_torrents_status", {"label": category} if category else {},
                             FIELDS)  # fmt: skip
        if not isinstance(torrents, dict) or not all(
            isinstance(t, dict) for t in torrents.values()
        ):
            raise BadResponse(f"{self._where} sent a torrent list of an unexpected shape")
        if (
            category
            and not torrents
            and "Label" not in (self.call("core.get_enabled_plugins") or [])
        ):
            # With the plugin off Deluge filters by label silently to nothing: our downloads
            # must not look removed because of it.
            raise BadResponse(
                f"{self._where}: the Label plugin is switched off, so the category "
                f"{category!r} cannot be read; switch it on (the Test button does)"
            )
        items = [to_item(h, t) for h, t in torrents.items()]
        return [item for item in items if item is not None]

    def status(self, download_id: str) -> ClientItem | None:
        self._ready()
        torrent = self.call("core.get_torrent_status", download_id.lower(), FIELDS)
        if not isinstance(torrent, dict):
            raise BadResponse(f"{self._where} sent a torrent of an unexpected shape")
        return to_item(download_id.lower(), torrent) if torrent else None

    def pause(self, download_id: str) -> None:
        self._ready()
        self.call("core.pause_torrent", download_id.lower())

    def resume(self, download_id: str) -> None:
        self._ready()
        self.call("core.resume_torrent", download_id.lower())

    def remove(self, download_id: str, delete_files: bool) -> None:
        self._ready()
        try:
            self.call("core.remove_torrent", download_id.lower(), delete_files)
        except DelugeError as error:
            # Already gone (removed by hand): what we asked for is true.
            if "not in session" not in str(error):
                raise

    def test(self) -> list[str]:
        try:
            self._ready()
            version = str(self.call("daemon.get_version") or "")
            if not version[:1].isdigit() or int(version.split(".")[0]) < 2:
                return [f"Deluge {version or '(unknown version)'} is too old; 2.0 or newer"]
            category = self._category()
            if category:
                self._ensure_label(category)
        except IntegrationError as error:
            return [str(error)]
        return []


def client_output_path(folder: str, name: str) -> str:
    """`folder/name` as the client sees it, or "" when either could lead elsewhere: the folder
    must be absolute without '..', the name one plain path component (a torrent names it)."""
    texts = (folder, name)
    if not folder or not name or any(ord(ch) < 32 for text in texts for ch in text):
        return ""
    if not (folder.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", folder)):
        return ""
    if ".." in re.split(r"[\\/]", folder) or re.search(r"[\\/]", name) or name in (".", ".."):
        return ""
    separator = "\\" if "\\" in folder and not folder.startswith("/") else "/"
    return folder.rstrip("\\/") + separator + name


def _number(value: Any, default: float = 0) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else default


def to_item(info_hash: str, torrent: dict[str, Any]) -> ClientItem | None:
    """One get_torrents_status entry as a queue item; None when it has no usable info hash."""
    info_hash = str(torrent.get("hash") or info_hash).lower()
    if not INFO_HASH.fullmatch(info_hash):
        return None
    state_word = str(torrent.get("state") or "")
    wanted = int(_number(torrent.get("total_wanted")))
    done_bytes = int(_number(torrent.get("total_done")))
    progress = _number(torrent.get("progress")) / 100
    done = progress >= 1.0 or (wanted > 0 and done_bytes >= wanted)
    message = str(torrent.get("message") or "")
    warnings: list[str] = []
    if state_word == "Error":
        state = ItemState.FAILED
    elif state_word in ("Seeding",) or (state_word in ("Paused", "Queued") and done):
        state = ItemState.COMPLETED
    elif state_word == "Paused":
        state = ItemState.PAUSED
    elif state_word == "Downloading":
        state = ItemState.DOWNLOADING
        if wanted == 0:
            warnings.append("Downloading metadata")
        elif not torrent.get("num_peers") and not torrent.get("download_payload_rate"):
            warnings.append("No peers: the download is stalled")
    elif state_word == "Moving":
        state = ItemState.DOWNLOADING
        warnings.append("Deluge is moving the files")
    else:  # Queued, Checking, Allocating and anything newer
        state = ItemState.QUEUED
    tracker = str(torrent.get("tracker_status") or "")
    if "error" in tracker.lower():
        warnings.append(tracker)
    eta = int(_number(torrent.get("eta")))
    ratio = _number(torrent.get("ratio"), -1)
    name = str(torrent.get("name") or "")
    folder = str(torrent.get("save_path") or "")
    output = client_output_path(folder, name)
    if folder and name and not output:
        warnings.append("Deluge reported an unsafe download path; it will not be imported")
    return ClientItem(
        download_id=info_hash,
        title=name,
        state=state,
        category=str(torrent.get("label") or ""),
        size=wanted,
        size_left=max(wanted - done_bytes, 0),
        progress=max(0.0, min(progress, 1.0)),
        eta_seconds=eta if eta > 0 and state == ItemState.DOWNLOADING else None,
        speed=int(_number(torrent.get("download_payload_rate"))),
        output_path=output,
        message=message if message != "OK" else "",
        warnings=warnings,
        ratio=ratio if ratio >= 0 else None,
        seeding_seconds=int(_number(torrent.get("seeding_time"))) if done else None,
        seeding=state_word == "Seeding",
        raw_state=state_word,
    )
