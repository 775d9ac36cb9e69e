"""NZBGet over its JSON-RPC API (POST /jsonrpc with basic auth).

A poll is two calls: `listgroups` (the queue, post-processing included) and `history`.
NZBGet numbers its items (NZBID); that number, as text, is our download id. The history
`Status` word ("SUCCESS/ALL", "FAILURE/HEALTH", "DELETED/MANUAL" …) decides whether a
finished item completed or failed, and the part after the slash names the reason. Only a
failure of the release itself (FAILURE/*, health, a damaged or password-protected archive)
is FAILED; a condition the user can fix (no space to unpack) or a duplicate NZBGet dropped
(DELETED/GOOD, DELETED/COPY) stays in the queue with a warning, as Radarr shows them. The
item's save folder is the parent of its destination folder.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from downloads.clients.base import (
    USENET,
    ClientConfig,
    ClientItem,
    DownloadClient,
    DownloadRequest,
    ItemState,
)
from downloads.clients.paths import parent_folder
from radarr_site.http.errors import AuthError, BadResponse, IntegrationError, NotFound
from radarr_site.http.session import HttpClient

# The JSON-RPC names and fields we use (append with AddPaused, FileSizeLo/Hi, history
# Status words) are those of NZBGet 16 and later.
MIN_VERSION = (16, 0)

DELETED_BY_HAND = "DELETED/MANUAL"
_QUEUED = {"QUEUED", "FETCHING"}
_PAUSED = {"PAUSED"}
_DOWNLOADING = {"DOWNLOADING"}
# Everything else in listgroups is post-processing: downloaded, not yet in history.

_REASONS = {
    "FAILURE/PAR": "par repair failed",
    "FAILURE/UNPACK": "unpacking failed",
    "FAILURE/MOVE": "moving the files failed",
    "FAILURE/HEALTH": "too many articles are missing (health below critical)",
    "FAILURE/BAD": "marked bad",
    "FAILURE/FETCH": "the NZB could not be fetched",
    "FAILURE/SCAN": "the NZB could not be read",
    "DELETED/HEALTH": "deleted: health below critical",
    "DELETED/DUPE": "deleted as a duplicate",
    "DELETED/SCAN": "deleted: the NZB could not be read",
    "WARNING/PASSWORD": "the archive needs a password",
    "WARNING/DAMAGED": "damaged and not repaired",
    "WARNING/REPAIRABLE": "repairable, but par repair is off",
}


# Not a failure of the release: the user frees space and post-processes again, or NZBGet
# kept another copy. Shown as a warning; never blocklisted.
_RECOVERABLE = {
    "WARNING/SPACE": "NZBGet had not enough disk space to unpack; free space and "
    "post-process it again in NZBGet",
    "DELETED/GOOD": "NZBGet deleted it because another copy already succeeded",
    "DELETED/COPY": "NZBGet deleted it as a copy of another item",
}


def _size(item: dict[str, Any], prefix: str) -> int:
    """NZBGet splits 64-bit sizes into Lo/Hi halves (the *MB fields are 0 under 1 MB)."""
    lo = int(item.get(f"{prefix}Lo") or 0)
    hi = int(item.get(f"{prefix}Hi") or 0)
    return (hi << 32) + lo


def parse_version(text: str) -> tuple[int, int]:
    """'21.0' or '21.1-testing-r2220' → (21, 1); unreadable → (0, 0)."""
    match = re.match(r"\s*(\d+)(?:\.(\d+))?", text or "")
    if not match:
        return (0, 0)
    return (int(match.group(1)), int(match.group(2) or 0))


class NzbGet(DownloadClient):
    """An NZBGet server: one JSON-RPC endpoint, credentials sent with every call."""

    kind = "nzbget"
    protocol = USENET

    def __init__(self, config: ClientConfig) -> None:
        super().__init__(config)
        self.http = HttpClient(
            config.provider_key,
            config.base_url,
            label=f"NZBGet '{config.name}'" if config.name else "NZBGet",
            retries=2,
            backoff_factor=0.2,
        )

    # -- transport -------------------------------------------------------------------------

    def call(self, method: str, *params: Any) -> Any:
        """One JSON-RPC call; returns `result` or raises our error types."""
        auth = (self.config.username, self.config.password) if self.config.username else None
        body = self.http.json(
            "POST",
            "jsonrpc",
            json={"method": method, "params": list(params), "id": 1},
            auth=auth,
        )
        where = f"{self.http.label} ({self.http.host})"
        if not isinstance(body, dict):
            raise BadResponse(f"{where} answered {method} with something other than JSON-RPC")
        error = body.get("error")
        if error:
            text = error.get("message") if isinstance(error, dict) else str(error)
            if text and "access denied" in text.lower():
                raise AuthError(f"{where} refused our credentials: {text}")
            raise BadResponse(f"{where} refused {method}: {text}")
        if "result" not in body:
            raise BadResponse(f"{where} answered {method} without a result")
        return body["result"]

    # -- the interface -----------------------------------------------------------------------

    def add(self, request: DownloadRequest) -> str:
        category = self.config.category if request.category is None else request.category
        if request.content is not None:
            payload = base64.b64encode(request.content).decode("ascii")
        elif request.url:
            payload = request.url  # NZBGet fetches the URL itself
        else:
            raise BadResponse("NZBGet needs an NZB file or URL to add")
        file_name = request.file_name or f"{request.title}.nzb"
        nzb_id = self.call(
            "append",
            file_name,
            payload,
            category,
            0,  # Priority: normal
            False,  # AddToTop
            bool(self.config.start_paused),  # AddPaused
            "",  # DupeKey
            0,  # DupeScore
            "SCORE",  # DupeMode
            [],  # PPParameters
        )
        if not isinstance(nzb_id, int) or isinstance(nzb_id, bool) or nzb_id <= 0:
            raise BadResponse(f"NZBGet refused the NZB for '{request.title}' (append → {nzb_id})")
        return str(nzb_id)

    def active(self) -> list[ClientItem]:
        groups = self.call("listgroups", 0)
        history = self.call("history", False)
        if not isinstance(groups, list) or not isinstance(history, list):
            raise BadResponse("NZBGet answered listgroups/history with something other than lists")
        items = [self._queue_item(g) for g in groups if self._ours(g)]
        # Deleted by hand in NZBGet: the user removed it, it did not fail. Left out, the
        # poller sees the item gone (Removed) instead of blocklisting the release.
        items += [
            self._history_item(h)
            for h in history
            if self._ours(h) and h.get("Status") != DELETED_BY_HAND
        ]
        return items

    def _ours(self, item: Any) -> bool:
        if not isinstance(item, dict) or "NZBID" not in item:
            return False
        if not self.config.category:
            return True
        return str(item.get("Category") or "").casefold() == self.config.category.casefold()

    def _queue_item(self, group: dict[str, Any]) -> ClientItem:
        status = str(group.get("Status") or "")
        size = _size(group, "FileSize")
        left = _size(group, "RemainingSize")
        paused_left = _size(group, "PausedSize")
        if status in _PAUSED or (left and left == paused_left):
            state = ItemState.PAUSED
        elif status in _QUEUED:
            state = ItemState.QUEUED
        else:
            # DOWNLOADING, and post-processing (verifying, repairing, unpacking, moving):
            # still the client's work, not ours to import yet.
            state = ItemState.DOWNLOADING
        warnings = []
        health, critical = group.get("Health"), group.get("CriticalHealth")
        if isinstance(health, int) and health < 1000:
            below = isinstance(critical, int) and health < critical
            warnings.append(
                f"missing articles: health {health / 10:.1f}%"
                + (" (below critical)" if below else "")
            )
        return ClientItem(
            download_id=str(group["NZBID"]),
            title=str(group.get("NZBName") or ""),
            state=state,
            category=str(group.get("Category") or ""),
            size=size,
            size_left=left,
            progress=(size - left) / size if size else 0.0,
            output_path=str(group.get("DestDir") or ""),
            save_path=parent_folder(str(group.get("DestDir") or "")),
            warnings=warnings,
            raw_state=status,
        )

    def _history_item(self, entry: dict[str, Any]) -> ClientItem:
        status = str(entry.get("Status") or "")
        word = status.split("/", 1)[0]
        message = ""
        warnings: list[str] = []
        if word == "SUCCESS" or status == "WARNING/SCRIPT":
            state = ItemState.COMPLETED
            if status == "WARNING/SCRIPT":
                warnings.append("a post-processing script failed")
        elif status in _RECOVERABLE:
            # Nothing to import yet, nothing to blocklist: the client's (or user's) work.
            state = ItemState.DOWNLOADING
            warnings.append(_RECOVERABLE[status])
        else:
            # FAILURE/*, DELETED/* and the WARNING/* that leave no usable files.
            state = ItemState.FAILED
            message = _REASONS.get(status, f"NZBGet reports {status or 'an unknown status'}")
        output = str(entry.get("FinalDir") or entry.get("DestDir") or "")
        return ClientItem(
            download_id=str(entry["NZBID"]),
            title=str(entry.get("Name") or entry.get("NZBName") or ""),
            state=state,
            category=str(entry.get("Category") or ""),
            size=_size(entry, "FileSize"),
            size_left=0,
            progress=0.0 if state == ItemState.FAILED else 1.0,
            output_path=output,
            save_path=parent_folder(output),
            message=message,
            warnings=warnings,
            raw_state=status,
        )

    def _edit(self, command: str, download_id: str) -> None:
        try:
            nzb_id = int(download_id)
        except ValueError:
            raise NotFound(f"NZBGet has no item {download_id!r}") from None
        if self.call("editqueue", command, "", [nzb_id]) is not True:
            raise NotFound(f"NZBGet has no item {download_id} ({command} refused)")

    def pause(self, download_id: str) -> None:
        self._edit("GroupPause", download_id)

    def resume(self, download_id: str) -> None:
        self._edit("GroupResume", download_id)

    def remove(self, download_id: str, delete_files: bool) -> None:
        queued = {str(g.get("NZBID")) for g in self.call("listgroups", 0) if isinstance(g, dict)}
        if download_id in queued:
            if delete_files:
                # Removed with its files and without a history entry.
                self._edit("GroupFinalDelete", download_id)
                return
            # GroupDelete keeps the files but leaves a DELETED/MANUAL history entry, which
            # the next poll would read as a failure: hide that entry too.
            self._edit("GroupDelete", download_id)
        # NZBGet has no call that deletes a finished item's files; completed handling
        # moves them out (usenet imports move), so only the history entry is left here.
        self._edit("HistoryDelete", download_id)

    def test(self) -> list[str]:
        try:
            version = self.call("version")
        except AuthError:
            return ["NZBGet refused the username or password"]
        except IntegrationError as error:
            return [str(error)]
        found = parse_version(str(version))
        if found < MIN_VERSION:
            need = ".".join(map(str, MIN_VERSION))
            return [f"NZBGet {version} is too old; version {need} or newer is needed"]
        if not self.config.category:
            return []
        try:
            options = self.call("config")
        except IntegrationError as error:
            return [str(error)]
        categories = {
            str(o.get("Value") or "").casefold()
            for o in options
            if isinstance(o, dict) and re.fullmatch(r"Category\d+\.Name", str(o.get("Name")))
        }
        if self.config.category.casefold() not in categories:
            return [
                f"NZBGet has no category '{self.config.category}'; "
                "add it under Settings → Categories in NZBGet"
            ]
        return []
