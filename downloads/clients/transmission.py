"""Transmission over its JSON RPC: the session-id handshake, basic auth, labels as category.

Every call is a POST to `<url base>/rpc`. The daemon answers 409 with a fresh
X-Transmission-Session-Id whenever it wants one (first call, after a restart): we resend
once with it. RPC 16 (Transmission 3.00) and newer keep our category as a label; older
daemons get a download folder per category instead, as Radarr does.
"""

from __future__ import annotations

import base64
import re
import weakref
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from downloads.clients.base import (
    TORRENT,
    ClientConfig,
    ClientItem,
    DownloadClient,
    DownloadRequest,
    ItemState,
)
from radarr_site.http import BadResponse, HttpClient, IntegrationError

SESSION_HEADER = "X-Transmission-Session-Id"
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


@dataclass
class _RpcState:
    """What one session learned from the daemon: its session id and its version facts."""

    session_id: str = ""
    rpc_version: int | None = None
    version: str = ""
    download_dir: str = ""


# Keyed by the shared requests.Session, so every Transmission object built for the same
# configured client reuses one handshake instead of paying a 409 per poll.
_states: weakref.WeakKeyDictionary[requests.Session, _RpcState] = weakref.WeakKeyDictionary()


def rpc_url(base_url: str) -> str:
    """The RPC endpoint: `/transmission/rpc` unless the base URL names its own URL base."""
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/")
    if not path:
        path = "/transmission/rpc"
    elif not path.endswith("/rpc"):
        path += "/rpc"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _error_text(response: requests.Response) -> str | None:
    """The readable part of Transmission's small HTML error pages (401, 403 whitelist)."""
    text = re.sub(r"<[^>]+>", " ", response.text or "")
    text = " ".join(text.split())
    return text[:200] or None


class Transmission(DownloadClient):
    """Transmission RPC client; torrents are known by their info hash (`hashString`)."""

    kind = "transmission"
    protocol = TORRENT

    def __init__(self, config: ClientConfig) -> None:
        super().__init__(config)
        self.http = HttpClient(
            config.provider_key,
            rpc_url(config.base_url),
            label=f"Transmission '{config.name}'",
            timeout=(5.0, 30.0),
            retries=0,  # RPC calls are POSTs; torrent-add must never be sent twice
            error_detail=_error_text,
        )
        self.auth = (config.username, config.password) if config.username else None
        self.download_dir = str(config.options.get("download_dir") or "")

    # -- transport ----------------------------------------------------------------------

    @property
    def _state(self) -> _RpcState:
        return _states.setdefault(self.http.session, _RpcState())

    def _post(self, body: dict[str, Any]) -> requests.Response:
        headers = {SESSION_HEADER: self._state.session_id} if self._state.session_id else {}
        return self.http.request(
            "POST", self.http.base_url.rstrip("/"), json=body, headers=headers,
            auth=self.auth, ok_statuses=(409,),
        )  # fmt: skip

    def rpc(self, method: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
        """Call one RPC method; return its `arguments`, or raise our error types."""
        body = {"method": method, "arguments": arguments or {}}
        response = self._post(body)
        if response.status_code == 409:
            # A new session id: a restarted daemon may also be a different version.
            _states[self.http.session] = _RpcState(response.headers.get(SESSION_HEADER, ""))
            response = self._post(body)
            if response.status_code == 409:
                raise BadResponse(f"{self._where} kept refusing our session id (HTTP 409)")
        try:
            answer = response.json()
        except ValueError as exc:
            raise BadResponse(f"{self._where} answered {method} with malformed JSON") from exc
        if not isinstance(answer, dict) or not isinstance(answer.get("arguments", {}), dict):
            raise BadResponse(f"{self._where} answered {method} with an unexpected shape")
        result = answer.get("result")
        if result != "success":
            raise BadResponse(f"{self._where} refused {method}: {result or 'no result'}")
        return answer.get("arguments") or {}

    @property
    def _where(self) -> str:
        return f"{self.http.label} ({self.http.host})"

    def _session(self) -> _RpcState:
        """Version and default folder, asked once per session id."""
        state = self._state
        if state.rpc_version is None:
            facts = self.rpc("session-get", {"fields": ["version", "rpc-version", "download-dir"]})
            state = self._state  # the call may have re-handshaken (a fresh state)
            try:
                state.rpc_version = int(facts.get("rpc-version", 0))
            except (TypeError, ValueError) as exc:
                raise BadResponse(f"{self._where} reported no usable RPC version") from exc
            state.version = str(facts.get("version", ""))
            state.download_dir = str(facts.get("download-dir", ""))
        return state

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
            raise BadResponse(f"{self._where} accepted the torrent but named no hash")
        settings = self._torrent_settings(category)
        if settings:
            # Transmission 3.00 ignores labels given to torrent-add; set them afterwards.
            self.rpc("torrent-set", {"ids": [info_hash], **settings})
        return info_hash

    def _torrent_settings(self, category: str) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        if category and self._uses_labels():
            settings["labels"] = [category]
        if self.config.seed_ratio is not None:
            settings["seedRatioLimit"] = self.config.seed_ratio
            settings["seedRatioMode"] = 1  # this torrent's own limit, not the global one
        if self.config.seed_time_minutes is not None:
            settings["seedIdleLimit"] = self.config.seed_time_minutes
            settings["seedIdleMode"] = 1
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
            raise BadResponse(f"{self._where} sent a torrent list of an unexpected shape")
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


def to_item(torrent: dict[str, Any]) -> ClientItem | None:
    """One torrent-get entry as a queue item; None when it has no usable info hash."""
    info_hash = str(torrent.get("hashString") or "").lower()
    if not INFO_HASH.fullmatch(info_hash):
        return None
    status = int(_number(torrent.get("status"), -1))
    left = int(_number(torrent.get("leftUntilDone")))
    progress = float(_number(torrent.get("percentDone")))
    done = left == 0 and progress >= 1.0
    error_text = str(torrent.get("errorString") or "")
    warnings: list[str] = []
    if status == 0:
        state = ItemState.COMPLETED if done else ItemState.PAUSED
    elif status in (1, 2, 3):
        state = ItemState.QUEUED
    elif status == 4:
        state = ItemState.DOWNLOADING
        if _number(torrent.get("metadataPercentComplete"), 1) < 1:
            warnings.append("Downloading metadata")
        elif not torrent.get("peersConnected") and not torrent.get("rateDownload"):
            warnings.append("No peers: the download is stalled")
    elif status in (5, 6):
        state = ItemState.COMPLETED
    else:
        state = ItemState.QUEUED
        warnings.append(f"Unknown Transmission status {torrent.get('status')!r}")
    if torrent.get("error") == LOCAL_ERROR:
        state = ItemState.FAILED
    elif error_text:
        warnings.append(error_text)
    eta = int(_number(torrent.get("eta"), -1))
    ratio = _number(torrent.get("uploadRatio"), -1)
    name = str(torrent.get("name") or "")
    folder = str(torrent.get("downloadDir") or "")
    output = client_output_path(folder, name)
    if folder and name and not output:
        warnings.append("Transmission reported an unsafe download path; it will not be imported")
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
        message=error_text,
        warnings=warnings,
        ratio=ratio if ratio >= 0 else None,
        seeding_seconds=int(_number(torrent.get("secondsSeeding"))) if done else None,
        seeding=status in (5, 6),
        raw_state=str(torrent.get("status", "")),
    )
