"""The Requests nav link's count of changes the signed-in requester has not seen yet."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def unseen_request_count(context) -> int:
    """How many of the user's requests became available, failed or were declined since they
    last opened the Requests page (one query; 0 when signed out)."""
    from movies import services

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return len(services.unseen_changes(user))
