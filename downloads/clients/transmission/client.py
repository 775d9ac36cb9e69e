"""The Transmission download client, and how a torrent-get entry becomes a queue item.

RPC 16 (Transmission 3.00) and newer keep our category as a label; older daemons get a
download folder per category instead, as Radarr does. Seed goals: the ratio (the release's
indexer's, else the client's) is set on the torrent. Transmission has no limit on total
seeding time (its `seedIdleLimit` counts idle minutes, another thing), so the seed time is
not sent: the queue poller compares it with the torrent's `secondsSeeding`, as for every
client (downloads.queue.seed_goals_met).
A local error (disk, missing data) stops the torrent: it shows paused with the error as a
warning, not failed, since the release itself is fine.
"""

from __future__ import annotations

import base64
import re
from pathlib import PurePosixPath
from typing import Any

from downloads.clients.base import (
    TORRENT,
    ClientConfig,
    ClientItem,
    DownloadClient,
    DownloadRequest,
    ItemState,
)
from downloads.clients.paths import UNSAFE_WARNING, client_output_path, safe_client_path
from downloads.clients.transmission.api import TransmissionApi, _RpcState
from radarr_site.http import BadResponse, IntegrationError

MIN_RPC_VERSION = 14  # Transmission 2.40, the oldest Radarr supports
LABELS_RPC_VERSION = 16  # labels arrived with Transmission 3.00
FIELDS = [
    "id",
    "hashString",
    "name",
    "status",
    "percentDone",
    "eta",
    "downloadDir",
    "isFinished",
    "errorString",
    "error",
    "leftUntilDone",
    "totalSize",
    "sizeWhenDone",
    "rateDownload",
    "uploadRatio",
    "seedRatioLimit",
    "secondsSeeding",
    "labels",
    "peersConnected",
    "metadataPercentComplete",
]
# torrent-get `error`: 1 tracker warning, 2 tracker error, 3 local error (disk, missing data).
LOCAL_ERROR = 3
INFO_HASH = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1 (v1) or SHA-256 (v2) hex


class Transmission(DownloadClient):
    """Transmission RPC client; torrents are known by their info hash (`hashString`)."""

    kind = "transmission"
    protocol = TORRENT

    def __init__(self, config: ClientConfig) -> None:
        super().__init__(config)
        self.api = TransmissionApi(config)
        self.http = self.api.http
        self.download_dir = str(config.options.get("download_dir") or "")

    def rpc(self, method: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
        """Call one RPC method (see TransmissionApi.rpc)."""
        return self.api.rpc(method, arguments)

    def _session(self) -> _RpcState:
        return self.api.session()

    # -- category -------------------------------------------------------------------------

    def _category(self, request: DownloadRequest | None = None) -> str:
        if request is not None and request.category is not None:
            return request.category
        return self.config.category

    def _uses_labels(self) -> bool:
        return (self._session().rpc_version or 0) >= LABELS_RPC_VERSION

    def _add_dir(self, category: str) -> str:
        """Where a new torrent goes: our folder, plus the category folder on old daemons."""
        if category and not self._uses_labels():
            base = self.download_dir or self._session().download_dir
            return str(PurePosixPath(base) / category)
        return self.download_dir

    def _in_category(self, torrent: dict[str, Any], category: str) -> bool:
        if not category:
            return True
        if "labels" in torrent:  # RPC 16+: every torrent reports its (maybe empty) labels
            return category in (torrent.get("labels") or [])
        return PurePosixPath(str(torrent.get("downloadDir", ""))).name == category

    # -- the interface --------------------------------------------------------------------

    def add(self, request: DownloadRequest) -> str:
        category = self._category(request)
        arguments: dict[str, Any] = {"paused": self.config.start_paused}
        if request.content:
            arguments["metainfo"] = base64.b64encode(request.content).decode()
        elif request.url:
            arguments["filename"] = request.url
        else:
            raise ValueError("a torrent request needs a magnet, a URL or the .torrent file")
        folder = self._add_dir(category)
        if folder:
            arguments["download-dir"] = folder
        answer = self.rpc("torrent-add", arguments)
        added = answer.get("torrent-added") or answer.get("torrent-duplicate")
        info_hash = str((added or {}).get("hashString") or request.info_hash).lower()
        if not info_hash:
            raise BadResponse(f"{self.api.where} accepted the torrent but named no hash")
        settings = self._torrent_settings(category, self.seed_goals(request)[0])
        if settings:
            # Transmission 3.00 ignores labels given to torrent-add; set them afterwards.
            self.rpc("torrent-set", {"ids": [info_hash], **settings})
        return info_hash

    def _torrent_settings(self, category: str, ratio: float | None) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        if category and self._uses_labels():
            settings["labels"] = [category]
        if ratio is not None:
            settings["seedRatioLimit"] = ratio
            settings["seedRatioMode"] = 1  # this torrent's own limit, not the global one
        return settings

    def active(self) -> list[ClientItem]:
        torrents = self._torrents()
        category = self._category()
        items = [to_item(t) for t in torrents if self._in_category(t, category)]
        return [item for item in items if item is not None]

    def status(self, download_id: str) -> ClientItem | None:
        torrents = self._torrents([download_id.lower()])
        return to_item(torrents[0]) if torrents else None

    def _torrents(self, ids: list[str] | None = None) -> list[dict[str, Any]]:
        arguments: dict[str, Any] = {"fields": FIELDS}
        if ids is not None:
            arguments["ids"] = ids
        torrents = self.rpc("torrent-get", arguments).get("torrents")
        if not isinstance(torrents, list) or not all(isinstance(t, dict) for t in torrents):
            raise BadResponse(f"{self.api.where} sent a torrent list of an unexpected shape")
        return torrents

    def pause(self, download_id: str) -> None:
        self.rpc("torrent-stop", {"ids": [download_id.lower()]})

    def resume(self, download_id: str) -> None:
        self.rpc("torrent-start", {"ids": [download_id.lower()]})

    def remove(self, download_id: str, delete_files: bool) -> None:
        self.rpc(
            "torrent-remove", {"ids": [download_id.lower()], "delete-local-data": delete_files}
        )

    def test(self) -> list[str]:
        try:
            state = self._session()
        except IntegrationError as error:
            return [str(error)]
        if (state.rpc_version or 0) < MIN_RPC_VERSION:
            return [
                f"Transmission {state.version or '(unknown version)'} speaks RPC "
                f"{state.rpc_version}; version 2.40 (RPC {MIN_RPC_VERSION}) or newer is needed"
            ]
        if "," in self.config.category:
            return [f"Transmission labels cannot contain a comma: {self.config.category!r}"]
        try:
            self._torrents([])  # the call the queue makes, on no torrent at all
        except IntegrationError as error:
            return [str(error)]
        return []


def _number(value: Any, default: float = 0) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else default


def _state(torrent: dict[str, Any], done: bool, warnings: list[str]) -> ItemState:
    status = int(_number(torrent.get("status"), -1))
    if torrent.get("error") == LOCAL_ERROR:
        # Transmission stopped it; fixed (disk back, data restored) it can be resumed.
        return ItemState.PAUSED
    if status == 0:
        return ItemState.COMPLETED if done else ItemState.PAUSED
    if status in (1, 2, 3):
        return ItemState.QUEUED
    if status == 4:
        if _number(torrent.get("metadataPercentComplete"), 1) < 1:
            warnings.append("Downloading metadata")
        elif not torrent.get("peersConnected") and not torrent.get("rateDownload"):
            warnings.append("No peers: the download is stalled")
        return ItemState.DOWNLOADING
    if status in (5, 6):
        return ItemState.COMPLETED
    warnings.append(f"Unknown Transmission status {torrent.get('status')!r}")
    return ItemState.QUEUED


def to_item(torrent: dict[str, Any]) -> ClientItem | None:
    """One torrent-get entry as a queue item; None when it has no usable info hash."""
    info_hash = str(torrent.get("hashString") or "").lower()
    if not INFO_HASH.fullmatch(info_hash):
        return None
    left = int(_number(torrent.get("leftUntilDone")))
    progress = float(_number(torrent.get("percentDone")))
    done = left == 0 and progress >= 1.0
    error_text = str(torrent.get("errorString") or "")
    warnings: list[str] = []
    state = _state(torrent, done, warnings)
    if torrent.get("error") == LOCAL_ERROR:
        warnings.append(error_text or "Transmission reports a local error (disk or data)")
    elif error_text:
        warnings.append(error_text)
    status = int(_number(torrent.get("status"), -1))
    eta = int(_number(torrent.get("eta"), -1))
    ratio = _number(torrent.get("uploadRatio"), -1)
    name = str(torrent.get("name") or "")
    folder = str(torrent.get("downloadDir") or "")
    output = client_output_path(folder, name)
    if folder and name and not output:
        warnings.append(UNSAFE_WARNING.format(client="Transmission"))
    return ClientItem(
        download_id=info_hash,
        title=name,
        state=state,
        category=",".join(str(x) for x in torrent.get("labels") or []),
        size=int(_number(torrent.get("sizeWhenDone")) or _number(torrent.get("totalSize"))),
        size_left=left,
        progress=max(0.0, min(progress, 1.0)),
        eta_seconds=eta if eta >= 0 and state == ItemState.DOWNLOADING else None,
        speed=int(_number(torrent.get("rateDownload"))),
        output_path=output,
        save_path=safe_client_path(folder),
        warnings=warnings,
        ratio=ratio if ratio >= 0 else None,
        seeding_seconds=int(_number(torrent.get("secondsSeeding"))) if done else None,
        seeding=status in (5, 6),
        raw_state=str(torrent.get("status", "")),
    )
