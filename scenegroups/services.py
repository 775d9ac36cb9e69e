"""The scenegroups app's public face: the verdicts the decision engine asks for.

(The analysis, scoring and export functions are added here by the modules that own them.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from scenegroups.models import AnalysisRun, AnalysisSettings, GroupTorrent, SceneGroup, group_key
from scenegroups.verdict import Verdict


def verdict_lookup() -> Callable[[str], Verdict | None]:
    """A lookup of every scored group's verdict by name (any case), read in one query;
    None for a group we know nothing about."""
    found = {
        key: Verdict(name, score, tier, confidence, releases)
        for key, name, score, tier, confidence, releases in SceneGroup.objects.filter(
            score__isnull=False
        ).values_list("key", "name", "score", "tier", "confidence", "releases")
    }

    def lookup(name: str) -> Verdict | None:
        return found.get(group_key(name)) if name else None

    return lookup


_SCORED_FIELDS = [
    "name",
    "figures",
    "history",
    "components",
    "score",
    "tier",
    "confidence",
    "releases",
    "last_analyzed_at",
]


KEEP_TORRENTS = timedelta(days=90)  # housekeeping forgets torrents not seen for this long


def scored_torrents():
    """The torrents a score is worked out from: those seen by the latest completed run
    (seen_at from its start), so the score follows HDBits' recent torrents rather than
    everything ever stored; every stored torrent while no run has completed."""
    last = (
        AnalysisRun.objects.filter(state=AnalysisRun.State.DONE)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    rows = GroupTorrent.objects.all()
    return rows if last is None else rows.filter(seen_at__gte=last)


def recompute_scores(now: datetime | None = None) -> int:
    """Work out every group's figures from the torrents of the latest completed run (see
    `scored_torrents`), score them and save them on SceneGroup (missing groups created,
    named as most often written), with our own history beside them; a fixed number of
    queries whatever the number of groups, and no HDBits request, so it can run on its own
    (after a settings change). A group those torrents no longer name keeps its score and
    gets its history. Returns how many groups were scored."""
    from scenegroups.figures import group_figures, history_by_group
    from scenegroups.scoring import reputation

    now = now or timezone.now()
    settings = AnalysisSettings.load()
    rows = scored_torrents()
    analysed = settings.categories or list(
        rows.order_by().values_list("category", flat=True).distinct()
    )
    history = history_by_group()
    existing = {row.key: row for row in SceneGroup.objects.all()}
    new, changed = [], []
    for group in group_figures(rows):
        if len(group.key) > KEY_LENGTH:  # stored before names were checked: never scored
            continue
        scored = reputation(
            group.figures,
            now=now,
            analysed=analysed,
            medium=settings.minimum_releases_medium,
            high=settings.minimum_releases_high,
        )
        row = existing.pop(group.key, None) or SceneGroup(key=group.key)
        row.name = group.name[:KEY_LENGTH]
        row.figures = group.figures
        row.history = history.get(group.key, {})
        row.components = scored.components
        row.score = scored.score
        row.tier = scored.tier
        row.confidence = scored.confidence
        row.releases = group.figures["releases"]
        row.last_analyzed_at = now
        (changed if row.pk else new).append(row)
    for row in existing.values():
        row.history = history.get(row.key, {})
        changed.append(row)
    with transaction.atomic():
        # Two recomputes at once write the same rows: the second create is a no-op.
        SceneGroup.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
        SceneGroup.objects.bulk_update(changed, _SCORED_FIELDS, batch_size=500)
    return len(new) + len(changed) - len(existing)


KEY_LENGTH = SceneGroup._meta.get_field("key").max_length


def refresh_history() -> int:
    """Attach our own grabs, imports and failures to every known group without scoring
    anything (cheap: one query of downloads' history, one bulk update). Returns how many
    groups were updated."""
    from scenegroups.figures import history_by_group

    history = history_by_group()
    rows = list(SceneGroup.objects.only("pk", "key", "history"))
    for row in rows:
        row.history = history.get(row.key, {})
    SceneGroup.objects.bulk_update(rows, ["history"], batch_size=500)
    return len(rows)


def prune_torrents(now: datetime | None = None) -> dict[str, int]:
    """Forget the torrents no run has seen for KEEP_TORRENTS (housekeeping calls this)."""
    cutoff = (now or timezone.now()) - KEEP_TORRENTS
    deleted, _ = GroupTorrent.objects.filter(seen_at__lt=cutoff).delete()
    return {"group_torrents_deleted": deleted}


def export_json() -> str:
    """Every group with its figures, components, score, tier, confidence and our own
    history, as a JSON document (see scenegroups.export)."""
    from scenegroups.export import as_json

    return as_json()


def export_csv() -> str:
    """Every group, one CSV row each (see scenegroups.export)."""
    from scenegroups.export import as_csv

    return as_csv()


__all__ = [
    "Verdict",
    "export_csv",
    "export_json",
    "group_key",
    "prune_torrents",
    "recompute_scores",
    "refresh_history",
    "scored_torrents",
    "verdict_lookup",
]
