"""The household's API key: one key, stored in SiteSettings, shown and regenerated on
Settings → General. Compared in constant time."""

from __future__ import annotations

import hmac
import secrets

from radarr_site.models import SiteSettings


def new_key() -> str:
    """32 lowercase hex characters, like Radarr's own keys."""
    return secrets.token_hex(16)


def current_api_key() -> str:
    """The key, created on first use (a fresh install has one before anyone asks)."""
    site = SiteSettings.load()
    if not site.api_key:
        SiteSettings.objects.filter(pk=site.pk, api_key="").update(api_key=new_key())
        site = SiteSettings.load()
    return site.api_key


def regenerate_api_key() -> str:
    """Replace the key; every tool using the old one gets 401 from now on."""
    key = new_key()
    SiteSettings.load()
    SiteSettings.objects.filter(pk=1).update(api_key=key)
    return key


def key_matches(candidate: str | None) -> bool:
    if not candidate:
        return False
    return hmac.compare_digest(candidate.strip().encode(), current_api_key().encode())
