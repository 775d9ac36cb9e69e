"""The qBittorrent download client: add, list, pause/resume, remove and test over Web API v2.

`active()` is one `torrents/info?category=` call. States map to ours as Radarr reads them;
a path qBittorrent reports is passed on only when it is absolute, climbs nowhere and lies
in the torrent's save path (the importer still checks it stays inside the download folder).
An errored torrent or one missing its files is not a failed release: qBittorrent stopped it,
so it shows paused with a warning (as Radarr shows a warning) and is neither imported nor
blocklisted until the user fixes it and resumes.
"""

from __future__ import annotations

import re
from typing import Any

from downloads.clients.base import (
    TORRENT,
    ClientConfig,
    ClientItem,
    DownloadClient,
    DownloadRequest,
    ItemState,
)
from downloads.clients.paths import UNSAFE_WARNING, inside_folder, safe_client_path
from downloads.clients.qbittorrent.api import LABEL, QbtApi
from downloads.clients.torrents import magnet_info_hash, torrent_hash
from radarr_site.http.errors import BadResponse, IntegrationError, NotFound

ETA_UNKNOWN = 8640000  # qBittorrent's "infinity"
MIN_APP, MIN_API = (4, 1, 0), (2, 0, 0)

_QUEUED = {"queuedDL", "checkingDL", "checkingUP", "checkingResumeData", "allocating", "moving"}
_DOWNLOADING = {"downloading", "forcedDL", "stalledDL", "metaDL", "forcedMetaDL"}
_PAUSED = {"pausedDL", "stoppedDL"}
_SEEDING = {"uploading", "stalledUP", "queuedUP", "forcedUP"}
_DONE = {"pausedUP", "stoppedUP"}
# Stopped by qBittorrent itself: the user can fix the cause (disk, moved files) and resume.
_STOPPED_BY_CLIENT = {"error", "missingFiles"}
_WARNINGS = {
    "stalledDL": "Stalled: no connection to peers",
    "metaDL": "Waiting for the torrent's metadata from peers",
    "forcedMetaDL": "Waiting for the torrent's metadata from peers",
    "missingFiles": "The torrent's files are missing from disk",
    "error": "qBittorrent reports an error for this torrent (see its log)",
}


def _num(value: Any, kind: type = float, default: Any = 0) -> Any:
    try:
        return kind(value)
    except (TypeError, ValueError):
        return default


def map_state(raw: str) -> ItemState:
    """Our state for one of qBittorrent's state words (unknown words: still downloading)."""
    if raw in _QUEUED:
        return ItemState.QUEUED
    if raw in _PAUSED or raw in _STOPPED_BY_CLIENT:
        return ItemState.PAUSED
    if raw in _SEEDING or raw in _DONE:
        return ItemState.COMPLETED
    return ItemState.DOWNLOADING


def to_item(torrent: dict[str, Any]) -> ClientItem | None:
    """One `torrents/info` entry as a ClientItem; None when it has no usable hash."""
    info_hash = str(torrent.get("hash") or "").lower()
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", info_hash):
        return None
    raw = str(torrent.get("state") or "unknown")
    state = map_state(raw)
    warnings = [_WARNINGS[raw]] if raw in _WARNINGS else []
    if raw not in (_QUEUED | _DOWNLOADING | _PAUSED | _SEEDING | _DONE | _STOPPED_BY_CLIENT):
        warnings.append(f"qBittorrent reports an unknown state {raw[:40]!r}")
    name = "".join(ch for ch in str(torrent.get("name") or "") if ch.isprintable())
    save_path = safe_client_path(str(torrent.get("save_path") or ""))
    reported = str(torrent.get("content_path") or "")
    output = safe_client_path(reported)
    if output and save_path and not inside_folder(output, save_path):
        output = ""
    if reported and not output:
        warnings.append(UNSAFE_WARNING.format(client=LABEL))
    eta = _num(torrent.get("eta"), int, None)
    size = max(_num(torrent.get("size"), int), 0)
    return ClientItem(
        download_id=info_hash,
        title=name,
        state=state,
        category=str(torrent.get("category") or ""),
        size=size,
        size_left=max(_num(torrent.get("amount_left"), int), 0),
        progress=min(max(_num(torrent.get("progress")), 0.0), 1.0),
        eta_seconds=None if eta is None or eta < 0 or eta >= ETA_UNKNOWN else eta,
        speed=max(_num(torrent.get("dlspeed"), int), 0),
        output_path=output,
        save_path=save_path,
        warnings=warnings,
        ratio=_num(torrent.get("ratio"), float, None),
        seeding_seconds=_num(torrent.get("seeding_time"), int, None),
        seeding=raw in _SEEDING,
        raw_state=raw,
    )


class QBittorrent(DownloadClient):
    """qBittorrent 4.1+ (Web API 2.x), including 5.x's stop/start names."""

    kind = "qbittorrent"
    protocol = TORRENT

    def __init__(self, config: ClientConfig) -> None:
        super().__init__(config)
        self.api = QbtApi(config.base_url, config.username, config.password)

    # -- adding --------------------------------------------------------------------------
    def ensure_category(self, category: str) -> None:
        """Create `category` in qBittorrent when it is missing (a race to create is fine)."""
        if not category:
            return
        existing = self.api.json("torrents/categories")
        if isinstance(existing, dict) and category in existing:
            return
        self.api.call(
            "POST",
            "torrents/createCategory",
            data={"category": category, "savePath": ""},
            ok_statuses=(409,),
        )

    def add(self, request: DownloadRequest) -> str:
        """Send a magnet, URL or .torrent file; the info hash is known before sending."""
        info_hash = (
            request.info_hash.lower()
            or (torrent_hash(request.content) if request.content else "")
            or magnet_info_hash(request.url)
        )
        if not info_hash:
            raise ValueError(
                "the release's info hash is unknown: send the .torrent file itself or a magnet"
            )
        category = self.config.category if request.category is None else request.category
        self.ensure_category(category)
        paused = "true" if self.config.start_paused else "false"
        fields: dict[str, Any] = {"category": category, "paused": paused, "stopped": paused}
        ratio, minutes = self.seed_goals(request)
        if ratio is not None:
            fields["ratioLimit"] = f"{ratio:g}"
        if minutes is not None:
            fields["seedingTimeLimit"] = str(minutes)
        # Always multipart: qBittorrent takes files and URLs the same way.
        parts: dict[str, Any] = {key: (None, value) for key, value in fields.items()}
        if request.content:
            name = request.file_name or f"{info_hash}.torrent"
            parts["torrents"] = (name, request.content, "application/x-bittorrent")
        else:
            parts["urls"] = (None, request.url)
        answer = self.api.text("POST", "torrents/add", files=parts)
        if answer != "Ok." and not self._has(info_hash):
            # "Fails." also means "already there"; only refuse when it truly is not.
            raise BadResponse(
                f"{LABEL} ({self.api.http.host}) refused the torrent ({answer[:80]!r})"
            )
        return info_hash

    def _has(self, info_hash: str) -> bool:
        found = self.api.json("torrents/info", params={"hashes": info_hash})
        return isinstance(found, list) and any(
            isinstance(t, dict) and str(t.get("hash", "")).lower() == info_hash for t in found
        )

    # -- the queue -----------------------------------------------------------------------
    def active(self) -> list[ClientItem]:
        params = {"category": self.config.category} if self.config.category else {}
        torrents = self.api.json("torrents/info", params=params)
        if not isinstance(torrents, list):
            raise BadResponse(
                f"{LABEL} ({self.api.http.host}) answered the torrent list with something else"
            )
        items = (to_item(t) for t in torrents if isinstance(t, dict))
        return [item for item in items if item is not None]

    def status(self, download_id: str) -> ClientItem | None:
        torrents = self.api.json("torrents/info", params={"hashes": download_id.lower()})
        if not isinstance(torrents, list):
            raise BadResponse(
                f"{LABEL} ({self.api.http.host}) answered the torrent list with something else"
            )
        items = [to_item(t) for t in torrents if isinstance(t, dict)]
        return next((i for i in items if i and i.download_id == download_id.lower()), None)

    def pause(self, download_id: str) -> None:
        verb = "stop" if self.api.uses_stop_start() else "pause"
        self.api.call("POST", f"torrents/{verb}", data={"hashes": download_id.lower()})

    def resume(self, download_id: str) -> None:
        verb = "start" if self.api.uses_stop_start() else "resume"
        self.api.call("POST", f"torrents/{verb}", data={"hashes": download_id.lower()})

    def remove(self, download_id: str, delete_files: bool) -> None:
        data = {"hashes": download_id.lower(), "deleteFiles": "true" if delete_files else "false"}
        self.api.call("POST", "torrents/delete", data=data)

    # -- settings page -------------------------------------------------------------------
    def test(self) -> list[str]:
        """What stops this client working as configured, in words; [] when all is well."""
        try:
            self.api.login()
            try:
                api = self.api.api_version()
            except NotFound:
                return [
                    f"{LABEL} is too old: it has no Web API v2 (version 4.1 or newer is needed)"
                ]
            app = self.api.app_version()
            if app < MIN_APP or api < MIN_API:
                shown = ".".join(map(str, app))
                return [f"{LABEL} {shown} is too old: version 4.1 or newer is needed"]
            category = self.config.category
            if category:
                existing = self.api.json("torrents/categories")
                if not isinstance(existing, dict):
                    raise BadResponse(
                        f"{LABEL} ({self.api.http.host}) answered the category list "
                        "with something else"
                    )
                if category not in existing:
                    return [
                        f"Category {category!r} does not exist in {LABEL}; create it there "
                        "(the first grab would also create it)"
                    ]
        except IntegrationError as error:  # unreachable, refused, banned, not qBittorrent
            return [str(error)]
        return []
