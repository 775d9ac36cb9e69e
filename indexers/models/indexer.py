"""A configured indexer (Settings → Indexers): one row per Torznab / Newznab / Jackett /
Prowlarr / HDBits source. `client()` hands its kind's class a plain IndexerConfig."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from indexers.clients import KIND_CHOICES, KINDS, build_client, protocol_of
from indexers.clients.base import DEFAULT_CATEGORIES, Capabilities, IndexerClient, IndexerConfig
from indexers.clients.options import setting_problems
from indexers.release import DEFAULT_INDEXER_PRIORITY


def default_categories() -> list[int]:
    return list(DEFAULT_CATEGORIES)


class Indexer(models.Model):
    """One configured indexer, with Radarr's three switches (RSS, automatic, interactive)."""

    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    name = models.CharField(max_length=100, unique=True)
    enable_rss = models.BooleanField("RSS", default=True, help_text="Used by RSS sync")
    enable_automatic_search = models.BooleanField(
        "Automatic search", default=True, help_text="Used when a movie is searched for you"
    )
    enable_interactive_search = models.BooleanField(
        "Interactive search", default=True, help_text="Used when you search from a movie's page"
    )
    priority = models.PositiveSmallIntegerField(
        default=DEFAULT_INDEXER_PRIORITY,
        help_text="1 (most preferred) to 50: breaks ties between otherwise equal releases",
    )
    base_url = models.CharField(max_length=500, help_text="e.g. http://127.0.0.1:9696")
    api_path = models.CharField(
        max_length=200, default="/api", blank=True, help_text="Newznab / Torznab API path"
    )
    api_key = models.CharField(max_length=200, blank=True, help_text="API key (HDBits: passkey)")
    username = models.CharField(max_length=200, blank=True, help_text="HDBits user name")
    categories = models.JSONField(
        default=default_categories, blank=True, help_text="Category ids to search"
    )
    minimum_seeders = models.PositiveIntegerField(
        default=1, help_text="Torrents with fewer seeders are rejected"
    )
    seed_ratio = models.FloatField(null=True, blank=True, help_text="Empty = the client's")
    seed_time_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty = the client's"
    )
    requests_per_minute = models.PositiveIntegerField(
        default=30, help_text="This indexer's own rate limit; 0 = none"
    )
    options = models.JSONField(default=dict, blank=True, help_text="Settings only this kind has")
    capabilities = models.JSONField(default=dict, blank=True, editable=False)
    capabilities_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["priority", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def protocol(self) -> str | None:
        """torrent / usenet, or None for a kind that gives both (Prowlarr)."""
        return protocol_of(self.kind) if self.kind in KINDS else None

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0] if self.kind in KINDS else self.kind

    @property
    def provider_key(self) -> str:
        return f"indexer:{self.pk}"

    def config(self) -> IndexerConfig:
        return IndexerConfig(
            id=self.pk,
            name=self.name,
            kind=self.kind,
            base_url=self.base_url.rstrip("/"),
            api_path=self.api_path or "/api",
            api_key=self.api_key,
            username=self.username,
            categories=tuple(int(c) for c in (self.categories or ())),
            priority=self.priority,
            minimum_seeders=self.minimum_seeders,
            requests_per_minute=self.requests_per_minute,
            options=dict(self.options or {}),
            capabilities=Capabilities.from_dict(self.capabilities),
            seed_ratio=self.seed_ratio,
            seed_time_minutes=self.seed_time_minutes,
        )

    def client(self) -> IndexerClient:
        return build_client(self.config())

    def clean(self) -> None:
        """Every check the settings form makes, so the admin's ModelForm (and any other
        full_clean) cannot store what the settings page would refuse."""
        if self.kind and self.kind not in KINDS:
            raise ValidationError({"kind": f"Unknown kind {self.kind!r}."})
        errors = setting_problems(
            kind=self.kind,
            base_url=self.base_url,
            api_path=self.api_path,
            api_key=self.api_key,
            username=self.username,
            priority=self.priority,
            seed_ratio=self.seed_ratio,
            requests_per_minute=self.requests_per_minute,
            options=self.options,
        )
        categories = self.categories or []
        if not isinstance(categories, list) or not all(
            isinstance(c, int) and not isinstance(c, bool) and c > 0 for c in categories
        ):
            errors["categories"] = ["Categories are positive whole numbers."]
        if errors:
            raise ValidationError(errors)
