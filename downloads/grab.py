"""Grabbing: send one release to a download client and start tracking it.

The Download row is reserved BEFORE the client is asked: the database's unique
constraints (one row per client item, one active row per movie and release) make a
second worker grabbing the same release fail on the insert instead of sending it twice.
If the client refuses the release, the reservation is deleted and the error raised.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone

from downloads.clients.base import TORRENT, DownloadRequest
from downloads.clients.torrents import magnet_info_hash, torrent_info_hash
from downloads.models import Download as DownloadRow
from downloads.models import DownloadClient, History
from radarr_site import events
from radarr_site.http.errors import BadResponse, Unavailable
from radarr_site.providers import ProviderDisabled, check_available, tracked

log = logging.getLogger(__name__)

_MAX_TORRENT_BYTES = 10 * 1024 * 1024  # a .torrent file of a movie is a few hundred KB
_PENDING = "pending:"  # a usenet reservation's download id until the client names it


class GrabError(Exception):
    """The release could not be sent; `str()` is fit to show the user."""


class AlreadyGrabbed(GrabError):
    """This release is already being downloaded for this movie (or by another worker)."""


class NoClient(GrabError):
    """No enabled download client for the release's protocol is available."""


# -- torrents ----------------------------------------------------------------------------


_REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5


def _plain_client(indexer: str, url: str) -> Any:
    """An HttpClient with no indexer headers, params or cookies, for `url`'s host."""
    from radarr_site.http.session import HttpClient

    return HttpClient(
        f"release-file:{indexer or urlsplit(url).netloc}",
        url,
        label=indexer or "Indexer",
        max_bytes=_MAX_TORRENT_BYTES,
    )


def fetch_release_file(url: str, indexer: str = "", http=None) -> tuple[bytes, str]:
    """Download a .torrent or .nzb file from the indexer (network).

    Returns (content, "") or, when the indexer's link redirects to a magnet link (Jackett
    and Prowlarr do for magnet-only trackers), (b"", magnet). Redirects are followed by
    hand: at most MAX_REDIRECTS, http(s) or a magnet only, and a move to another host is
    logged. `http` is the indexer's own HttpClient (its rate limit, headers and cookies);
    it is used only on the indexer's own host: its headers and params may carry the API
    key (Prowlarr's X-Api-Key), so any other host is asked through a plain client.
    """
    name = indexer or "Indexer"
    if urlsplit(url).scheme not in ("http", "https"):
        raise BadResponse(f"{name}: the download link is not an http(s) address")
    home = (getattr(http, "host", "") or urlsplit(url).netloc).lower()
    for _hop in range(MAX_REDIRECTS + 1):
        at_home = http is not None and urlsplit(url).netloc.lower() == home
        client = http if at_home else _plain_client(indexer, url)
        response = client.request("GET", url, allow_redirects=False, ok_statuses=_REDIRECTS)
        if response.status_code not in _REDIRECTS:
            return response.content, ""
        location = response.headers.get("Location", "").strip()
        if location.startswith("magnet:"):
            return b"", location
        if not location:
            raise BadResponse(f"{name}: the download link redirects nowhere")
        target = urljoin(url, location)
        if urlsplit(target).scheme not in ("http", "https"):
            raise BadResponse(f"{name}: the download link redirects to a non-http address")
        if urlsplit(target).netloc != urlsplit(url).netloc:
            log.warning(
                "%s: the download link moves from %s to %s",
                name,
                urlsplit(url).netloc,
                urlsplit(target).netloc,
            )
        url = target
    raise BadResponse(f"{name}: the download link redirects more than {MAX_REDIRECTS} times")


def _magnet_request(release, magnet: str, category: str | None) -> DownloadRequest:
    info_hash = magnet_info_hash(magnet) or (release.info_hash or "").lower()
    return DownloadRequest(
        title=release.title, protocol=TORRENT, url=magnet, info_hash=info_hash, category=category
    )


def build_request(release, category: str | None = None, http=None) -> DownloadRequest:
    """The DownloadRequest for a release: a magnet, a fetched .torrent (through `http`,
    the indexer's session, when given), or the .nzb URL."""
    url = release.download_url or ""
    if release.protocol != TORRENT:
        return DownloadRequest(
            title=release.title, protocol=release.protocol, url=url, category=category
        )
    if url.startswith("magnet:"):
        return _magnet_request(release, url, category)
    if not url:
        raise GrabError(f"{release.title}: the indexer gave no download link")
    content, magnet = fetch_release_file(url, release.indexer, http)
    if magnet:
        return _magnet_request(release, magnet, category)
    try:
        info_hash = torrent_info_hash(content)
    except ValueError as exc:
        raise BadResponse(f"{release.indexer or 'Indexer'}: {exc}") from exc
    return DownloadRequest(
        title=release.title,
        protocol=TORRENT,
        content=content,
        file_name=f"{re.sub(r'[^A-Za-z0-9._-]+', '.', release.title)[:180]}.torrent",
        info_hash=info_hash,
        category=category,
    )


# -- choosing a client -------------------------------------------------------------------


def available_clients(protocol: str) -> list[DownloadClient]:
    """Enabled clients of this protocol whose circuit is not open, best first (lowest
    priority number, then oldest); NoClient when there is none."""
    from downloads.clients import KINDS

    held, found = [], []
    for row in DownloadClient.objects.filter(enabled=True).order_by("priority", "pk"):
        if row.kind not in KINDS or row.protocol != protocol:
            continue
        try:
            check_available(row.config().provider_key)
        except ProviderDisabled as exc:
            held.append(str(exc))
            continue
        found.append(row)
    if found:
        return found
    if held:
        raise NoClient(f"Every {protocol} download client is held off: " + "; ".join(held))
    raise NoClient(f"No enabled {protocol} download client is configured.")


def choose_client(protocol: str) -> DownloadClient:
    """The enabled client of this protocol with the lowest priority number (ties: the
    oldest) whose circuit is not open; NoClient when there is none."""
    return available_clients(protocol)[0]


def category_for(row: DownloadClient, movie) -> str | None:
    """The category to send `movie` in: the first of the client's tag → category mappings
    whose tag the movie has, else the client's own category (None when it has none)."""
    mappings = (row.options or {}).get("category_mappings") or []
    if mappings and movie is not None and movie.pk:
        tags = set(movie.tags.values_list("pk", flat=True))
        for mapping in mappings:
            if mapping.get("tag") in tags and mapping.get("category"):
                return str(mapping["category"])
    return row.category or None


def client_categories(row: DownloadClient) -> list[str]:
    """Every category our items of this client may sit in: its own, then the mapped ones
    (a client without a category of its own is read whole, once)."""
    found = [row.category]
    if not row.category:
        return found
    for mapping in (row.options or {}).get("category_mappings") or []:
        if mapping.get("category") and mapping["category"] not in found:
            found.append(str(mapping["category"]))
    return found


# -- grabbing ----------------------------------------------------------------------------


# Query parameters that carry an account's secret in indexer and tracker links.
_SECRET_PARAMS = re.compile(
    r"(?i)^(api_?key|jackett_apikey|pass_?key|torrent_pass|auth_?key|rss_?key|token|key|sig)$"
)


def _hashed(url: str) -> str:
    return "url-sha1:" + hashlib.sha1(url.encode()).hexdigest()


def _carries_secret(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "magnet"):
        return False
    if parts.username or parts.password:
        return True
    # A magnet's tr= announce URLs carry the passkey inside their own query.
    query = unquote(parts.query)
    return any(_SECRET_PARAMS.match(name) for name, _ in parse_qsl(query.replace("?", "&")))


def stored_guid(release) -> str:
    """The release's id as Download, History and the Blocklist keep it: its guid, else a
    digest of its download link (which may carry an API key or passkey), else its info
    hash or title. A guid that is itself a link with a secret in it is digested too."""
    if release.guid:
        return _hashed(release.guid) if _carries_secret(release.guid) else release.guid
    if release.download_url:
        return _hashed(release.download_url)
    return release.info_hash or release.title


def _release_facts(release_or_decision) -> tuple[Any, int, int, int]:
    """(release, quality id, quality version, custom format score) from a Release or a
    Decision (which carries the parsed quality and the score)."""
    if hasattr(release_or_decision, "parsed") and hasattr(release_or_decision, "release"):
        decision = release_or_decision
        quality = decision.parsed.quality
        return decision.release, quality.quality_id, quality.version, decision.format_score
    from movies.services import parse_release

    quality = parse_release(release_or_decision.title).quality
    return release_or_decision, quality.quality_id, quality.version, 0


def grab(
    movie,
    release,
    *,
    client: DownloadClient | None = None,
    user=None,
    source: str = "interactive",
    http=None,
    seed_goals: tuple[float | None, int | None] = (None, None),
) -> DownloadRow:
    """Send a release (an indexers Release or a Decision) to a client; return its Download.

    Without a named client, the best available client of the protocol is asked; when it
    is unreachable (Unavailable: refused, timed out, 5xx) the next one by priority is
    tried, and the Download and History say which client took it. Raises AlreadyGrabbed
    when the release is already downloading for this movie (also when another worker is
    grabbing it right now), NoClient, GrabError, or the last client's IntegrationError
    (the reservation is then removed, so a retry may send it again). `http` is the
    indexer's HttpClient for fetching the .torrent file; `seed_goals` its (ratio,
    minutes) for a torrent, each None for the client's own.
    """
    facts = _release_facts(release)
    release = facts[0]
    candidates = [client] if client is not None else available_clients(release.protocol)
    passed: list[str] = []
    for index, row in enumerate(candidates):
        try:
            return _grab_with(movie, facts, row, user, source, passed, http, seed_goals)
        except Unavailable as exc:
            if index == len(candidates) - 1:
                raise
            log.warning("%s is unreachable (%s); trying the next client", row.name, exc)
            passed.append(f"{row.name}: {exc}")
    raise NoClient(f"No enabled {release.protocol} download client is configured.")


def _grab_with(
    movie, facts, row: DownloadClient, user, source: str, passed: list[str], http, seed_goals
):
    """Reserve the Download, send the release to `row`, record the GRABBED event."""
    release, quality_id, quality_version, score = facts
    if row.protocol != release.protocol:
        raise GrabError(f"{row.name} takes {row.protocol} releases, not {release.protocol}.")
    guid = stored_guid(release)
    request = build_request(release, category_for(row, movie), http)
    if request.protocol == TORRENT:
        ratio, minutes = seed_goals
        request = replace(request, seed_ratio=ratio, seed_time_minutes=minutes)
    download_id = request.info_hash or f"{_PENDING}{uuid.uuid4().hex}"
    # A finished row (removed by hand, failed, imported) still holds this client item's
    # id; grabbing it again is allowed, so that row gives the id up (its history stays).
    DownloadRow.objects.filter(client=row, download_id=download_id).exclude(
        state__in=DownloadRow.ACTIVE_STATES
    ).update(download_id=f"{download_id[:150]}:retired:{uuid.uuid4().hex[:12]}")
    note = f"Sent to {row.name}; unreachable first: {'; '.join(passed)}" if passed else ""
    try:
        with transaction.atomic():
            download = DownloadRow.objects.create(
                movie=movie,
                client=row,
                protocol=release.protocol,
                download_id=download_id,
                source_title=release.title[:500],
                indexer=release.indexer[:200],
                guid=guid[:1000],
                info_hash=request.info_hash,
                publish_date=release.publish_date,
                quality_id=quality_id,
                quality_version=quality_version,
                format_score=score,
                size=release.size or 0,
                seed_ratio=request.seed_ratio,
                seed_time_minutes=request.seed_time_minutes,
                grabbed_by=user,
                grabbed_from=source,
                grabbed_at=timezone.now(),
                state=DownloadRow.State.QUEUED,
                status_message=note[:1000],
            )
    except IntegrityError as exc:
        raise AlreadyGrabbed(f"{release.title} is already being downloaded.") from exc

    config = row.config()
    try:
        with tracked(config.provider_key, row.name):
            client_id = row.client().add(request)
    except Exception:
        download.delete()  # never leave a reservation that blocks the release forever
        raise
    if client_id and client_id != download.download_id:
        _adopt_client_id(download, client_id[:200])
    History.objects.create(
        movie=movie,
        download=download,
        event=History.Event.GRABBED,
        source_title=download.source_title,
        quality_id=quality_id,
        quality_version=quality_version,
        format_score=score,
        indexer=download.indexer,
        client_name=row.name,
        protocol=release.protocol,
        user=user,
        message=note[:1000],
        data={
            "guid": guid[:1000],
            "download_id": download.download_id,
            "source": source,
            "client_id": row.pk,
            "unreachable": passed,
        },
    )
    # Listeners (notifications) only write rows and never raise into the grab.
    events.release_grabbed.send_robust(sender=DownloadRow, download=download)
    log.info("Grabbed %s for %s through %s", release.title, movie, row.name)
    return download


def _adopt_client_id(download: DownloadRow, client_id: str) -> None:
    """Key the reservation by the id the client chose (usenet).

    A poll that ran between the add and now has recorded the item as "unknown"; that row
    is ours and goes. A finished row holding the id (a client that reuses ids after a
    restart) gives it up, as in `grab`.
    """
    with transaction.atomic():
        same = DownloadRow.objects.filter(client_id=download.client_id, download_id=client_id)
        same.filter(grabbed_from="unknown", state__in=DownloadRow.ACTIVE_STATES).delete()
        same.exclude(state__in=DownloadRow.ACTIVE_STATES).update(
            download_id=f"{client_id[:150]}:retired:{uuid.uuid4().hex[:12]}"
        )
        download.download_id = client_id
        download.save(update_fields=["download_id"])


def is_pending(download: DownloadRow) -> bool:
    """A usenet reservation whose client has not answered yet."""
    return download.download_id.startswith(_PENDING)
