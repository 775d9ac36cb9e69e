"""SABnzbd over its HTTP API (/api?mode=…&apikey=…&output=json).

A poll is two calls, `mode=queue` and `mode=history`, both filtered to our category. The
job id (nzo_id) is our download id. SABnzbd answers a bad key with HTTP 200 and the text
"API Key Incorrect" (or a JSON `{"status": false, "error": …}`), so errors are read from
the body as well as the status code. A job whose unpacking stopped on a full disk is not a
failed release (SABnzbd can retry it once there is space): it stays with a warning. The
item's save folder is the parent of its storage path (the category's completed folder).
"""

from __future__ import annotations

import re
from typing import Any

import requests

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
from radarr_site.http.session import HttpClient, decode_json

# Priority -2 (added paused) and the history `storage` path are read as in SABnzbd 3.0+.
MIN_VERSION = (3, 0, 0)
PAUSED_PRIORITY, DEFAULT_PRIORITY = -2, -100
HISTORY_LIMIT = 200  # history is newest first; older finished jobs were handled long ago

_QUEUED = {"Queued", "Grabbing", "Propagating", "Fetching", "Checking"}
_MB = 1024 * 1024
# SABnzbd's words for an unpack that stopped on a full disk (a retry can finish it).
_DISK_FULL = re.compile(r"disk is full|no space left|not enough (free )?(disk )?space", re.I)


def parse_version(text: str) -> tuple[int, int, int] | None:
    """'3.7.1' or '4.0.0Beta2' → (3, 7, 1); a development build ('develop') → None."""
    match = re.match(r"\s*(\d+)\.(\d+)(?:\.(\d+))?", text or "")
    if not match:
        return None
    return (int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))


def _seconds(timeleft: str) -> int | None:
    """'1:02:03' (or '2:1:02:03' with days) → seconds."""
    try:
        parts = [int(p) for p in str(timeleft).split(":")]
    except ValueError:
        return None
    total = 0
    for part, unit in zip(reversed(parts), (1, 60, 3600, 86400), strict=False):
        total += part * unit
    return total


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


class Sabnzbd(DownloadClient):
    """A SABnzbd server reached with its API key."""

    kind = "sabnzbd"
    protocol = USENET

    def __init__(self, config: ClientConfig) -> None:
        super().__init__(config)
        self.http = HttpClient(
            config.provider_key,
            config.base_url,
            label=f"SABnzbd '{config.name}'" if config.name else "SABnzbd",
            retries=2,
            backoff_factor=0.2,
        )
        self.where = f"{self.http.label} ({self.http.host})"

    # -- transport -------------------------------------------------------------------------

    def api(
        self, mode: str, *, method: str = "GET", files: dict | None = None, **params: Any
    ) -> Any:
        """One API call; returns the decoded JSON or raises our error types."""
        query = {"mode": mode, "output": "json", **params}
        if self.config.api_key:
            query["apikey"] = self.config.api_key
        response = self.http.request(method, "api", params=query, files=files)
        self._refuse_key(response)
        body = decode_json(response, self.where)
        if isinstance(body, dict) and body.get("status") is False and body.get("error"):
            error = str(body["error"])
            if error.lower().startswith("api key"):
                raise AuthError(f"{self.where} refused the API key ({error})")
            raise BadResponse(f"{self.where} refused {mode}: {error}")
        return body

    def _refuse_key(self, response: requests.Response) -> None:
        text = response.content[:200].decode("utf-8", "replace").strip().strip('"')
        if text.lower().startswith("api key"):
            raise AuthError(f"{self.where} refused the API key ({text.splitlines()[0]})")

    def _ok(self, body: Any, what: str) -> Any:
        if not isinstance(body, dict) or body.get("status") is not True:
            raise BadResponse(f"{self.where} did not confirm {what}")
        return body

    # -- the interface -----------------------------------------------------------------------

    def add(self, request: DownloadRequest) -> str:
        category = self.config.category if request.category is None else request.category
        params: dict[str, Any] = {
            "priority": PAUSED_PRIORITY if self.config.start_paused else DEFAULT_PRIORITY,
        }
        if category:
            params["cat"] = category
        if request.content is not None:
            name = request.file_name or f"{request.title}.nzb"
            files = {"name": (name, request.content, "application/x-nzb")}
            body = self.api("addfile", method="POST", files=files, nzbname=request.title, **params)
        elif request.url:
            body = self.api("addurl", name=request.url, nzbname=request.title, **params)
        else:
            raise BadResponse("SABnzbd needs an NZB file or URL to add")
        ids = self._ok(body, f"adding '{request.title}'").get("nzo_ids") or []
        if not ids:
            raise BadResponse(f"{self.where} accepted '{request.title}' but returned no job id")
        return str(ids[0])

    def active(self) -> list[ClientItem]:
        category = {"cat": self.config.category} if self.config.category else {}
        queue = self.api("queue", limit=0, **category)
        history = self.api(
            "history",
            limit=HISTORY_LIMIT,
            **({"category": self.config.category} if self.config.category else {}),
        )
        try:
            queue_slots = queue["queue"]["slots"]
            paused_all = bool(queue["queue"].get("paused"))
            history_slots = history["history"]["slots"]
        except (KeyError, TypeError) as exc:
            raise BadResponse(f"{self.where} answered queue/history in an unknown shape") from exc
        items = [self._queue_item(s, paused_all) for s in queue_slots if self._ours(s, "cat")]
        items += [self._history_item(s) for s in history_slots if self._ours(s, "category")]
        return items

    def _ours(self, slot: Any, key: str) -> bool:
        if not isinstance(slot, dict) or not slot.get("nzo_id"):
            return False
        if not self.config.category:
            return True
        return str(slot.get(key) or "").casefold() == self.config.category.casefold()

    def _queue_item(self, slot: dict[str, Any], paused_all: bool) -> ClientItem:
        status = str(slot.get("status") or "")
        if paused_all or status == "Paused":
            state = ItemState.PAUSED
        elif status in _QUEUED:
            state = ItemState.QUEUED
        else:
            state = ItemState.DOWNLOADING
        size = int(_number(slot.get("mb")) * _MB)
        left = int(_number(slot.get("mbleft")) * _MB)
        return ClientItem(
            download_id=str(slot["nzo_id"]),
            title=str(slot.get("filename") or ""),
            state=state,
            category=str(slot.get("cat") or ""),
            size=size,
            size_left=left,
            progress=_number(slot.get("percentage")) / 100,
            eta_seconds=_seconds(slot.get("timeleft") or "") if state == "downloading" else None,
            raw_state=status,
        )

    def _history_item(self, slot: dict[str, Any]) -> ClientItem:
        status = str(slot.get("status") or "")
        storage = str(slot.get("storage") or "")
        message = ""
        warnings: list[str] = []
        fail_message = str(slot.get("fail_message") or "")
        if status == "Failed" and _DISK_FULL.search(fail_message):
            state = ItemState.DOWNLOADING
            warnings.append(f"SABnzbd: {fail_message}; free space and retry the job in SABnzbd")
        elif status == "Failed":
            state = ItemState.FAILED
            message = fail_message or "SABnzbd reports the job failed"
        elif status == "Completed" and storage:
            state = ItemState.COMPLETED
        else:
            # Verifying, repairing, extracting, moving … and 'Completed' whose storage path
            # is not written yet (seen on the first poll after completion).
            state = ItemState.DOWNLOADING
        return ClientItem(
            download_id=str(slot["nzo_id"]),
            title=str(slot.get("name") or ""),
            state=state,
            category=str(slot.get("category") or ""),
            size=int(_number(slot.get("bytes"))),
            size_left=0,
            progress=1.0 if state != ItemState.FAILED else 0.0,
            output_path=storage if state == ItemState.COMPLETED else "",
            save_path=parent_folder(storage),
            message=message,
            warnings=warnings,
            raw_state=status,
        )

    def pause(self, download_id: str) -> None:
        self._ok(self.api("queue", name="pause", value=download_id), f"pausing {download_id}")

    def resume(self, download_id: str) -> None:
        self._ok(self.api("queue", name="resume", value=download_id), f"resuming {download_id}")

    def remove(self, download_id: str, delete_files: bool) -> None:
        """Drop a job from the queue or the history. SABnzbd's `del_files` deletes a queued
        or failed job's files, not a completed job's: those are moved out by the import."""
        del_files = 1 if delete_files else 0
        body = self.api("queue", name="delete", value=download_id, del_files=del_files)
        if isinstance(body, dict) and body.get("nzo_ids"):
            return
        # Not in the queue: a finished (or failed) job lives in the history.
        body = self.api("history", name="delete", value=download_id, del_files=del_files)
        if not isinstance(body, dict) or body.get("status") is not True:
            raise NotFound(f"{self.where} has no job {download_id}")

    def test(self) -> list[str]:
        try:
            version = str(self.api("version").get("version") or "")
        except (IntegrationError, AttributeError) as error:
            return [str(error) if isinstance(error, IntegrationError) else "not SABnzbd's API"]
        found = parse_version(version)
        if found is not None and found < MIN_VERSION:
            need = ".".join(map(str, MIN_VERSION))
            return [f"SABnzbd {version} is too old; version {need} or newer is needed"]
        try:
            categories = self.api("get_cats").get("categories") or []
        except AuthError:
            return ["SABnzbd refused the API key"]
        except (IntegrationError, AttributeError) as error:
            return [str(error) if isinstance(error, IntegrationError) else "not SABnzbd's API"]
        wanted = self.config.category
        if wanted and wanted.casefold() not in {str(c).casefold() for c in categories}:
            return [
                f"SABnzbd has no category '{wanted}'; add it under Config → Categories in SABnzbd"
            ]
        return []
