"""How many movies a user may still request: N per D days; declined and failed requests
are not counted (the household did not get those movies).

A user's RequesterProfile overrides the household's RequestSettings; admins have no quota.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from movies.models.requests import MovieRequest, RequesterProfile, RequestSettings, RequestStatus
from radarr_site.accounts.roles import is_admin


@dataclass(frozen=True)
class Quota:
    """A user's quota now: `remaining` None means no limit; `next_allowed` is set only when
    nothing remains."""

    limit: int
    days: int
    used: int
    remaining: int | None
    next_allowed: datetime | None


def limits_for(user: AbstractBaseUser) -> tuple[int, int]:
    """(limit, days) for the user: their own override, else the household default."""
    household = RequestSettings.load()
    limit, days = household.quota_limit, household.quota_days
    profile = RequesterProfile.objects.filter(user=user).first()
    if profile is not None:
        limit = profile.quota_limit if profile.quota_limit is not None else limit
        days = profile.quota_days if profile.quota_days is not None else days
    return limit, max(days, 1)


def quota_for(user: AbstractBaseUser, now: datetime | None = None) -> Quota:
    """The user's quota at `now` (default: now)."""
    now = now or timezone.now()
    limit, days = limits_for(user)
    if is_admin(user):
        limit = 0
    counted = (
        MovieRequest.objects.filter(requested_by=user, requested_at__gt=now - timedelta(days=days))
        .exclude(status__in=[RequestStatus.DECLINED, RequestStatus.FAILED])
        .order_by("requested_at")
        .values_list("requested_at", flat=True)
    )
    times = list(counted)
    used = len(times)
    if limit == 0:
        return Quota(limit=0, days=days, used=used, remaining=None, next_allowed=None)
    remaining = max(limit - used, 0)
    next_allowed = None
    if remaining == 0:
        # A slot frees when the request that takes the user back under the limit leaves
        # the window: the (used - limit + 1)th oldest one.
        next_allowed = times[used - limit] + timedelta(days=days)
    return Quota(limit=limit, days=days, used=used, remaining=remaining, next_allowed=next_allowed)
