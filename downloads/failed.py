"""Failed download handling: blocklist the release, drop it from the client, search again.

A download fails when its client reports an error or a failed unpack (the queue poller
calls `mark_failed`) or when the user removes it with "blocklist" from the queue.
"""

from __future__ import annotations

import logging

from downloads.models import Download, DownloadOptions, History
from radarr_site.http.errors import IntegrationError
from radarr_site.providers import tracked

log = logging.getLogger(__name__)

S = Download.State
# Already final, or an import holds it (failing it then would blocklist a file being moved).
NOT_FAILABLE = [S.FAILED, S.IMPORTED, S.IMPORTING]


def search_again(movie) -> dict:
    """Search for another release of `movie` after a failure. THE one call site for it.

    Queues an automatic search of the movie as a background task, started once the
    current transaction commits (a scheduled search: an unmonitored movie is skipped);
    the returned data goes into the FAILED History event.
    """
    from indexers.services import queue_movie_search  # indexers imports downloads

    queue_movie_search(movie.pk, "automatic")
    log.info("Search queued for %s after a failed download", movie)
    return {"search": "queued"}


def mark_failed(
    download: Download,
    reason: str,
    user=None,
    *,
    remove_from_client: bool | None = None,
    delete_files: bool = True,
    search: bool | None = None,
    expected: list[str] | None = None,
) -> bool:
    """Fail a download: blocklist its release, remove it from the client, record History
    FAILED, and search again when asked. Returns False when it had already failed.

    `remove_from_client` None follows the client's "remove failed" setting; `search` None
    follows DownloadOptions.redownload_failed. A client that cannot be reached does not
    stop the rest (its provider status records the failure; the item stays there).
    `expected` limits the states it may fail from (the poller passes the state it read);
    a download being imported is never failed.
    """
    # Conditional: the poller, an import and a user's click may all touch it at once.
    rows = Download.objects.filter(pk=download.pk).exclude(state__in=NOT_FAILABLE)
    if expected is not None:
        rows = rows.filter(state__in=expected)
    claimed = rows.update(state=S.FAILED, status_message=reason[:1000])
    if not claimed:
        return False
    download.state, download.status_message = S.FAILED, reason[:1000]
    data: dict = {"reason": reason[:1000]}

    if download.movie_id:
        from downloads import services

        services.add_to_blocklist(
            download.movie_id,
            source_title=download.source_title,
            guid=download.guid,
            info_hash=download.info_hash,
            indexer=download.indexer,
            protocol=download.protocol,
            quality_id=download.quality_id,
            size=download.size,
            publish_date=download.publish_date,
            message=reason,
        )
        data["blocklisted"] = True

    row = download.client
    if row is not None:
        remove = row.remove_failed if remove_from_client is None else remove_from_client
        if remove:
            data["removed_from_client"] = _remove(download, delete_files)

    if search is None:
        search = DownloadOptions.load().redownload_failed
    if search and download.movie_id:
        data.update(search_again(download.movie))

    History.objects.create(
        movie_id=download.movie_id,
        download=download,
        event=History.Event.FAILED,
        source_title=download.source_title,
        quality_id=download.quality_id,
        quality_version=download.quality_version,
        format_score=download.format_score,
        indexer=download.indexer,
        client_name=row.name if row else "",
        protocol=download.protocol,
        message=reason[:1000],
        data=data,
        user=user,
    )
    log.warning("Download failed: %s (%s)", download.source_title, reason)
    return True


def _remove(download: Download, delete_files: bool) -> bool:
    row = download.client
    try:
        with tracked(row.config().provider_key, row.name):
            row.client().remove(download.download_id, delete_files=delete_files)
    except IntegrationError as exc:
        log.warning("Could not remove %s from %s: %s", download, row.name, exc)
        return False
    Download.objects.filter(pk=download.pk).update(removed_from_client=True)
    download.removed_from_client = True
    return True
