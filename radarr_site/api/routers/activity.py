"""API v3: queue, history, blocklist.

Thin: parse Radarr's parameters, read the downloads app through downloads.services, page
with radarr_site.api.paging and build records with radarr_site.api.resources.activity.
The queue's figures are the last poll's; no request calls a download client except a
DELETE that removes an item from it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from downloads import services
from radarr_site.api.core import invalid, not_found
from radarr_site.api.paging import Paged, SortKey, paginate
from radarr_site.api.resources.activity import (
    EVENT_TYPES,
    OUR_EVENTS,
    BlocklistBulk,
    BlocklistPage,
    BlocklistResource,
    HistoryPage,
    HistoryResource,
    QueuePage,
    QueueStatus,
    blocklist_resource,
    history_resource,
    movie_blocks,
    queue_resource,
    tracked_status,
)
from radarr_site.api.resources.movie import ResourceContext
from radarr_site.http.errors import IntegrationError

router = Router(tags=["activity"])

# Overseerr reads the queue without a page size and would miss rows past Radarr's 10: the
# default page holds a household's whole queue.
QUEUE_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 1000

QUEUE_KEYS = [
    SortKey("timeleft", ("eta_seconds",)),
    SortKey("estimatedCompletionTime", ("eta_seconds",)),
    SortKey("title", ("source_title",)),
    SortKey("movies.sortTitle", ("movie__sort_title",)),
    SortKey("added", ("grabbed_at",)),
    SortKey("progress", ("progress",)),
    SortKey("size", ("size",)),
    SortKey("sizeleft", ("size_left",)),
    SortKey("status", ("state",)),
    SortKey("quality", ("quality_id",)),
    SortKey("protocol", ("protocol",)),
    SortKey("indexer", ("indexer",)),
    SortKey("downloadClient", ("client__name",)),
    SortKey("id", ("id",)),
]
HISTORY_KEYS = [
    SortKey("date", ("date",)),
    SortKey("movies.sortTitle", ("movie__sort_title",)),
    SortKey("sourceTitle", ("source_title",)),
    SortKey("eventType", ("event",)),
    SortKey("quality", ("quality_id",)),
    SortKey("id", ("id",)),
]
BLOCKLIST_KEYS = [
    SortKey("date", ("date",)),
    SortKey("movies.sortTitle", ("movie__sort_title",)),
    SortKey("sourceTitle", ("source_title",)),
    SortKey("indexer", ("indexer",)),
    SortKey("protocol", ("protocol",)),
    SortKey("quality", ("quality_id",)),
    SortKey("id", ("id",)),
]


# --- queue ---------------------------------------------------------------------------


@router.get("/queue", response=QueuePage, exclude_unset=True)
def queue(
    request: HttpRequest,
    page: int | None = None,
    pageSize: int | None = None,
    sortKey: str | None = None,
    sortDirection: str | None = None,
    includeUnknownMovieItems: bool = False,
    includeMovie: bool = False,
    movieIds: list[int] = Query(None),  # noqa: B008 (ninja's way to declare a list query)
):
    """The queue, one page (by default all of it), soonest finished first."""
    rows = services.queue_rows(include_unknown=includeUnknownMovieItems)
    if movieIds:
        rows = rows.filter(movie_id__in=movieIds)
    paged = paginate(
        rows,
        page=page,
        page_size=pageSize,
        sort_key=sortKey,
        sort_direction=sortDirection,
        keys=QUEUE_KEYS,
        default_key="timeleft",
        default_direction="ascending",
        default_size=QUEUE_PAGE_SIZE,
        max_size=MAX_PAGE_SIZE,
    )
    movies = movie_blocks(paged.rows) if includeMovie else None
    return paged.resource(lambda row: queue_resource(row, movies))


@router.get("/queue/status", response=QueueStatus)
def queue_status(request: HttpRequest):
    """Counts and whether any item has a warning or error, for the known (matched to a
    movie) and unknown items apart."""
    known = {"count": 0, "errors": False, "warnings": False}
    unknown = {"count": 0, "errors": False, "warnings": False}
    for row in services.queue_rows().select_related(None).only("movie_id", "state", "warnings"):
        figures = known if row.movie_id else unknown
        figures["count"] += 1
        status = tracked_status(row)
        figures["errors"] |= status == "error"
        figures["warnings"] |= status == "warning"
    return {
        "totalCount": known["count"] + unknown["count"],
        "count": known["count"],
        "unknownCount": unknown["count"],
        "errors": known["errors"],
        "warnings": known["warnings"],
        "unknownErrors": unknown["errors"],
        "unknownWarnings": unknown["warnings"],
    }


@router.delete("/queue/{int:id}")
def queue_remove(
    request: HttpRequest,
    id: int,
    removeFromClient: bool = True,
    blocklist: bool = False,
    skipRedownload: bool = False,
):
    """Remove an item (from its client too, with its data, unless removeFromClient is
    false), blocklisting its release and searching again when asked."""
    download = services.queued_download(id)
    if download is None:
        raise not_found(f"Queue item {id} does not exist.")
    try:
        if not removeFromClient:
            services.forget_download(download, blocklist=blocklist, search=not skipRedownload)
        elif blocklist:
            services.blocklist_download(download, delete_files=True, search=not skipRedownload)
        else:
            services.remove_download(download, delete_files=True)
    except ValueError as exc:  # an import of it is running, or it just became final
        raise HttpError(409, str(exc)) from exc
    except IntegrationError as exc:  # the client could not be reached: nothing changed
        raise HttpError(503, f"{download.client.name}: {exc}") from exc
    return {}


# --- history -------------------------------------------------------------------------


def _events(values: list[str] | None) -> list[str] | None:
    """Radarr's event types (numbers or names, any case) → our History events; None: all."""
    if not values:
        return None
    by_name = {name.lower(): name for name in EVENT_TYPES.values()}
    found: list[str] = []
    for value in values:
        text = str(value).strip()
        name = EVENT_TYPES.get(int(text)) if text.isdigit() else by_name.get(text.lower())
        if name is None:
            raise invalid({"eventType": f"Unknown event type {value!r}."}, {"eventType": value})
        found += OUR_EVENTS[name]
    return found


def _history_records(rows: list, include_movie: bool, paged: Paged | None = None):
    """History records sharing one cutoff context (and movie blocks when asked); a paged
    body when `paged` is given, else a plain list."""
    context = ResourceContext()
    movies = movie_blocks(rows) if include_movie else None
    if paged is not None:
        return paged.resource(lambda row: history_resource(row, context, movies))
    return [history_resource(row, context, movies) for row in rows]


@router.get("/history", response=HistoryPage, exclude_unset=True)
def history(
    request: HttpRequest,
    page: int | None = None,
    pageSize: int | None = None,
    sortKey: str | None = None,
    sortDirection: str | None = None,
    includeMovie: bool = False,
    eventType: list[str] = Query(None),  # noqa: B008
    downloadId: str | None = None,
    movieIds: list[int] = Query(None),  # noqa: B008
):
    """Every grab, import, failure and removal, newest first, ten to a page."""
    rows = services.history_rows()
    events = _events(eventType)
    if events is not None:
        rows = rows.filter(event__in=events)
    if downloadId:
        rows = rows.filter(Q(download__download_id=downloadId) | Q(data__download_id=downloadId))
    if movieIds:
        rows = rows.filter(movie_id__in=movieIds)
    paged = paginate(
        rows,
        page=page,
        page_size=pageSize,
        sort_key=sortKey,
        sort_direction=sortDirection,
        keys=HISTORY_KEYS,
        default_key="date",
        default_direction="descending",
        default_size=10,
        max_size=MAX_PAGE_SIZE,
    )
    return _history_records(paged.rows, includeMovie, paged)


@router.get("/history/movie", response=list[HistoryResource], exclude_unset=True)
def history_of_movie(
    request: HttpRequest,
    movieId: int,
    eventType: list[str] = Query(None),  # noqa: B008
    includeMovie: bool = False,
):
    """One movie's history, newest first (a plain list, as Radarr)."""
    rows = services.history_rows().filter(movie_id=movieId)
    events = _events(eventType)
    if events is not None:
        rows = rows.filter(event__in=events)
    return _history_records(list(rows.order_by("-date", "-pk")), includeMovie)


@router.get("/history/since", response=list[HistoryResource], exclude_unset=True)
def history_since(
    request: HttpRequest,
    date: datetime,
    eventType: list[str] = Query(None),  # noqa: B008
    includeMovie: bool = False,
):
    """The events from `date` on, oldest first (a date without a zone is UTC)."""
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    rows = services.history_rows().filter(date__gte=date)
    events = _events(eventType)
    if events is not None:
        rows = rows.filter(event__in=events)
    return _history_records(list(rows.order_by("date", "pk")), includeMovie)


# --- blocklist -----------------------------------------------------------------------


@router.get("/blocklist", response=BlocklistPage, exclude_unset=True)
def blocklist(
    request: HttpRequest,
    page: int | None = None,
    pageSize: int | None = None,
    sortKey: str | None = None,
    sortDirection: str | None = None,
    includeMovie: bool = False,
    movieIds: list[int] = Query(None),  # noqa: B008
):
    """Releases that will not be grabbed again, newest first, twenty to a page."""
    rows = services.blocklist_rows()
    if movieIds:
        rows = rows.filter(movie_id__in=movieIds)
    paged = paginate(
        rows,
        page=page,
        page_size=pageSize,
        sort_key=sortKey,
        sort_direction=sortDirection,
        keys=BLOCKLIST_KEYS,
        default_key="date",
        default_direction="descending",
        default_size=20,
        max_size=MAX_PAGE_SIZE,
    )
    movies = movie_blocks(paged.rows) if includeMovie else None
    return paged.resource(lambda row: blocklist_resource(row, movies))


@router.get("/blocklist/movie", response=list[BlocklistResource], exclude_unset=True)
def blocklist_of_movie(request: HttpRequest, movieId: int, includeMovie: bool = False):
    """One movie's blocklisted releases, newest first (a plain list)."""
    rows = list(services.blocklist_rows().filter(movie_id=movieId).order_by("-date", "-pk"))
    movies = movie_blocks(rows) if includeMovie else None
    return [blocklist_resource(row, movies) for row in rows]


@router.delete("/blocklist/bulk")
def blocklist_remove_many(request: HttpRequest, payload: BlocklistBulk):
    """Unblock several releases; ids that do not exist are skipped, as Radarr does."""
    if not payload.ids:
        raise invalid({"ids": "Name at least one blocklist id."}, {"ids": []})
    services.unblock(payload.ids)
    return {}


@router.delete("/blocklist/{int:id}")
def blocklist_remove(request: HttpRequest, id: int):
    """Unblock one release."""
    if not services.unblock([id]):
        raise not_found(f"Blocklist item {id} does not exist.")
    return {}
