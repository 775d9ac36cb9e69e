"""Template helpers of the search pages: a movie's last automatic search, and times as
"just now" / "5 minutes ago"."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.simple_tag
def last_search(movie_id: int):
    """The movie's last automatic search (indexers.search.outcomes.LastSearch) or None."""
    from indexers.services import last_search as find

    return find(movie_id)


@register.filter
def ago(when: datetime | None) -> str:
    """ "just now" under a minute, else "<timesince> ago" ("" without a time)."""
    if when is None:
        return ""
    if (timezone.now() - when).total_seconds() < 60:
        return "just now"
    return f"{timesince(when)} ago"
