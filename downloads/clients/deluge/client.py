"""The Deluge download client (2.x through deluge-web), and how a torrent status becomes a
queue item.

Our category is a Deluge label, kept in lower case; the Label plugin is switched on when it
is installed but off ("Unknown method" for label.*). Deluge 2.0 has no per-torrent seed time
limit, so only the seed ratio (the indexer's, else the client's) is passed on; the queue
poller compares the seed time with the torrent's seeding time. A torrent in Deluge's Error
state (disk full, missing data) is paused by Deluge: it shows paused with the message as a
warning, not failed.
"""

from __future__ import annotations

import base64
import re
import time
from typing import Any

from downloads.clients.base import (
    TORRENT,
    ClientConfig,
    ClientItem,
    DownloadClient,
    DownloadRequest,
    ItemState,
)
from downloads.clients.deluge.api import UNKNOWN_METHOD, DelugeApi, DelugeError
from downloads.clients.paths import UNSAFE_WARNING, client_output_path, safe_client_path
from radarr_site.http import BadResponse, IntegrationError

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


class Deluge(DownloadClient):
    """Deluge 2.x through deluge-web; torrents are known by their info hash."""

    kind = "deluge"
    protocol = TORRENT

    def __init__(self, config: ClientConfig) -> None:
        super().__init__(config)
        self.api = DelugeApi(config)
        self.http = self.api.http
        self.download_dir = str(config.options.get("download_dir") or "")

    def call(self, method: str, *params: Any) -> Any:
        """One JSON-RPC call (see DelugeApi.call)."""
        return self.api.call(method, *params)

    @property
    def _where(self) -> str:
        return self.api.where

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
        self.api.ready()
        options: dict[str, Any] = {"add_paused": self.config.start_paused}
        if self.download_dir:
            options["download_location"] = self.download_dir
        ratio = self.seed_goals(request)[0]
        if ratio is not None:
            options.update(stop_at_ratio=True, stop_ratio=ratio)
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
        self.api.ready()
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
        self.api.ready()
        torrent = self.call("core.get_torrent_status", download_id.lower(), FIELDS)
        if not isinstance(torrent, dict):
            raise BadResponse(f"{self._where} sent a torrent of an unexpected shape")
        return to_item(download_id.lower(), torrent) if torrent else None

    def pause(self, download_id: str) -> None:
        self.api.ready()
        self.call("core.pause_torrent", download_id.lower())

    def resume(self, download_id: str) -> None:
        self.api.ready()
        self.call("core.resume_torrent", download_id.lower())

    def remove(self, download_id: str, delete_files: bool) -> None:
        self.api.ready()
        try:
            self.call("core.remove_torrent", download_id.lower(), delete_files)
        except DelugeError as error:
            # Already gone (removed by hand): what we asked for is true.
            if "not in session" not in str(error):
                raise

    def test(self) -> list[str]:
        try:
            self.api.ready()
            version = str(self.call("daemon.get_version") or "")
            if not version[:1].isdigit() or int(version.split(".")[0]) < 2:
                return [f"Deluge {version or '(unknown version)'} is too old; 2.0 or newer"]
            category = self._category()
            if category:
                self._ensure_label(category)
        except IntegrationError as error:
            return [str(error)]
        return []


def _number(value: Any, default: float = 0) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else default


def _state(state_word: str, done: bool, torrent: dict[str, Any], warnings: list[str]) -> ItemState:
    if state_word == "Error":
        # Deluge paused it; fixed (space freed, data back) it can be resumed.
        warnings.append(str(torrent.get("message") or "Deluge reports an error"))
        return ItemState.PAUSED
    if state_word in ("Seeding",) or (state_word in ("Paused", "Queued") and done):
        return ItemState.COMPLETED
    if state_word == "Paused":
        return ItemState.PAUSED
    if state_word == "Downloading":
        if int(_number(torrent.get("total_wanted"))) == 0:
            warnings.append("Downloading metadata")
        elif not torrent.get("num_peers") and not torrent.get("download_payload_rate"):
            warnings.append("No peers: the download is stalled")
        return ItemState.DOWNLOADING
    if state_word == "Moving":
        warnings.append("Deluge is moving the files")
        return ItemState.DOWNLOADING
    return ItemState.QUEUED  # Queued, Checking, Allocating and anything newer


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
    warnings: list[str] = []
    state = _state(state_word, done, torrent, warnings)
    tracker = str(torrent.get("tracker_status") or "")
    if "error" in tracker.lower():
        warnings.append(tracker)
    eta = int(_number(torrent.get("eta")))
    ratio = _number(torrent.get("ratio"), -1)
    name = str(torrent.get("name") or "")
    folder = str(torrent.get("save_path") or "")
    output = client_output_path(folder, name)
    if folder and name and not output:
        warnings.append(UNSAFE_WARNING.format(client="Deluge"))
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
        save_path=safe_client_path(folder),
        warnings=warnings,
        ratio=ratio if ratio >= 0 else None,
        seeding_seconds=int(_number(torrent.get("seeding_time"))) if done else None,
        seeding=state_word == "Seeding",
        raw_state=state_word,
    )
