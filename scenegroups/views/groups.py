"""Scene Groups: the sortable, filterable list of groups, one group's page, the exports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, Max, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode

from radarr_site.accounts.decorators import admin_required
from scenegroups import services
from scenegroups.chart import components_chart
from scenegroups.forms import CATEGORY_NAMES
from scenegroups.models import GroupTorrent, SceneGroup
from scenegroups.scoring import GB, LABELS, WEIGHTS
from scenegroups.views.analysis import run_context

DASH = "\N{EN DASH}"  # shown for a missing value
PAGE_SIZE = 50
RECENT_TORRENTS = 20

# sort parameter → the direction a first click sorts in (the "best first" one)
SORTS = {
    "score": "desc",
    "tier": "asc",
    "confidence": "desc",
    "releases": "desc",
    "last_analyzed": "desc",
    "name": "asc",
}
COLUMNS = [
    ("name", "Group"),
    ("score", "Score"),
    ("tier", "Tier"),
    ("confidence", "Confidence"),
    ("releases", "Releases"),
    ("last_analyzed", "Last analyzed"),
]
CONFIDENCE_RANK = Case(
    When(confidence=SceneGroup.Confidence.LOW, then=Value(0)),
    When(confidence=SceneGroup.Confidence.MEDIUM, then=Value(1)),
    When(confidence=SceneGroup.Confidence.HIGH, then=Value(2)),
    default=Value(-1),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class ListParams:
    """The list's query string, normalised: unknown values fall back to the defaults."""

    sort: str = "score"
    dir: str = "desc"
    tier: str = ""
    confidence: str = ""
    q: str = ""

    @classmethod
    def parse(cls, query: Mapping[str, str]) -> ListParams:
        sort = query.get("sort", "")
        sort = sort if sort in SORTS else "score"
        direction = query.get("dir", "")
        direction = direction if direction in ("asc", "desc") else SORTS[sort]
        confidence = query.get("confidence", "")
        return cls(
            sort=sort,
            dir=direction,
            tier=query.get("tier", "").strip()[:20],
            confidence=confidence if confidence in SceneGroup.Confidence.values else "",
            q=query.get("q", "").strip()[:100],
        )

    def query(self, **changes: str) -> str:
        """The query string of these parameters with `changes`, defaults left out."""
        values = {**self.__dict__, **changes}
        return urlencode({k: v for k, v in values.items() if v})


def tiers_best_first() -> list[str]:
    """The tiers in use, the one holding the highest score first (one small query)."""
    rows = (
        SceneGroup.objects.exclude(tier="")
        .values("tier")
        .annotate(top=Max("score"))
        .order_by(F("top").desc(nulls_last=True), "tier")
    )
    return [row["tier"] for row in rows]


def filtered_groups(params: ListParams, tiers: list[str]) -> QuerySet[SceneGroup]:
    """The groups for `params`, filtered and ordered, not sliced (the pager slices)."""
    groups = SceneGroup.objects.all()
    if params.tier:
        groups = groups.filter(tier=params.tier)
    if params.confidence:
        groups = groups.filter(confidence=params.confidence)
    if params.q:
        groups = groups.filter(name__icontains=params.q)
    descending = params.dir == "desc"
    if params.sort == "tier":
        # Tiers are bands of the score: rank them best first, then by score within one.
        rank = Case(
            *[When(tier=tier, then=Value(i)) for i, tier in enumerate(tiers)],
            default=Value(len(tiers)),
            output_field=IntegerField(),
        )
        key = rank.desc() if descending else rank.asc()
        return groups.order_by(key, F("score").desc(nulls_last=True), "key", "pk")
    column = {
        "score": F("score"),
        "confidence": CONFIDENCE_RANK,
        "releases": F("releases"),
        "last_analyzed": F("last_analyzed_at"),
        "name": F("key"),  # the lower-case name: "NTb" after "NewGuys" whatever the case
    }[params.sort]
    # Not yet scored / never analysed groups go last whichever way; pk keeps pages stable.
    key = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return groups.order_by(key, "key", "pk")


def sort_links(params: ListParams) -> list[dict]:
    """The table's headers: each a link sorting by it (the active one toggles)."""
    links = []
    for sort, label in COLUMNS:
        active = params.sort == sort
        direction = ("asc" if params.dir == "desc" else "desc") if active else SORTS[sort]
        links.append(
            {
                "label": label,
                "query": params.query(sort=sort, dir=direction, page=""),
                "active": active,
                "arrow": ("▼" if params.dir == "desc" else "▲") if active else "",
            }
        )
    return links


def group_list(request: HttpRequest) -> HttpResponse:
    """Every signed-in user sees the groups; the actions on the page are the admin's."""
    params = ListParams.parse(request.GET)
    tiers = tiers_best_first()
    page: Page = Paginator(filtered_groups(params, tiers), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "params": params,
        "filter_query": params.query(),
        "columns": sort_links(params),
        "tiers": tiers,
        "confidences": SceneGroup.Confidence.choices,
        **run_context(),
    }
    template = "scenegroups/partials/group_table.html" if request.htmx else "scenegroups/list.html"
    return render(request, template, context)


def _count(value: object) -> str:
    return f"{int(value or 0):,}"


def _median(value: object) -> str:
    return DASH if value is None else f"{float(value):,.1f}".removesuffix(".0")


def _gb(size: object) -> str:
    return f"{int(size or 0) / GB:.1f} GB"


def _date(value: object) -> str:
    when = parse_datetime(value) if isinstance(value, str) else None
    if when is None:
        return DASH
    return (timezone.localtime(when) if timezone.is_aware(when) else when).strftime("%Y-%m-%d")


def figure_rows(figures: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The raw figures the score was worked out from, as (label, value) rows."""
    releases = int(figures.get("releases") or 0)
    internal = int(figures.get("internal") or 0)
    share = f" ({100 * internal / releases:.0f}%)" if releases else ""
    categories = figures.get("categories") or {}
    return [
        ("Releases seen", _count(releases)),
        ("Internal releases", _count(internal) + share),
        (
            "Seeders",
            f"{_count(figures.get('seeders_total'))} in all, "
            f"median {_median(figures.get('seeders_median'))} per torrent",
        ),
        ("Leechers", f"{_count(figures.get('leechers_total'))} in all"),
        (
            "Times completed",
            f"{_count(figures.get('completed_total'))} in all, "
            f"median {_median(figures.get('completed_median'))} per torrent",
        ),
        (
            "Categories",
            ", ".join(f"{category_name(key)}: {_count(n)}" for key, n in sorted(categories.items()))
            or DASH,
        ),
        ("First release", _date(figures.get("first_release"))),
        ("Newest release", _date(figures.get("newest_release"))),
    ]


def category_name(key: object) -> str:
    """An HDBits category id (int or the JSON key string) as its name."""
    try:
        number = int(key)
    except (TypeError, ValueError):
        return str(key)
    return CATEGORY_NAMES.get(number, f"Category {number}")


def size_rows(figures: Mapping[str, Any]) -> list[dict[str, str]]:
    """Sizes per resolution: releases, how many were judged and typical, average and range."""
    rows = []
    for resolution, sizes in sorted((figures.get("resolutions") or {}).items(), reverse=True):
        count = int(sizes.get("releases") or 0)
        rows.append(
            {
                "resolution": resolution or "Unknown",
                "releases": _count(count),
                "typical": f"{_count(sizes.get('typical'))} of {_count(sizes.get('judged'))}",
                "average": _gb(int(sizes.get("size_total") or 0) / count) if count else DASH,
                "range": f"{_gb(sizes.get('size_min'))} {DASH} {_gb(sizes.get('size_max'))}",
            }
        )
    return rows


def our_history(group: SceneGroup) -> dict[str, int]:
    """Our grabs, imports and failures with this group's releases."""
    history = group.history or group.figures.get("history") or {}
    return {
        "grabbed": int(history.get("grabbed", 0) or 0),
        "imported": int(history.get("imported", 0) or 0),
        "failed": int(history.get("failed", 0) or 0),
    }


def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(SceneGroup, pk=pk)
    torrents = list(
        GroupTorrent.objects.filter(group_key=group.key).order_by(
            F("added").desc(nulls_last=True), "-hdbits_id"
        )[:RECENT_TORRENTS]
    )
    for torrent in torrents:
        torrent.category_name = category_name(torrent.category)
    context = {
        "group": group,
        "chart": components_chart(group.name, group.components or {}, WEIGHTS, LABELS),
        "figures": figure_rows(group.figures or {}),
        "sizes": size_rows(group.figures or {}),
        "history": our_history(group),
        "torrents": torrents,
    }
    return render(request, "scenegroups/group.html", context)


def _download(body: str | bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    filename = f"scene-groups-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin_required
def export_json(request: HttpRequest) -> HttpResponse:
    """Every group with its figures, components and score, as JSON."""
    return _download(services.export_json(), "application/json", "json")


@admin_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """Every group with its figures, components and score, as CSV."""
    return _download(services.export_csv(), "text/csv; charset=utf-8", "csv")
