"""Helpers every indexer kind shares: reading JSON values, stable guids, hiding secrets.

The JSON readers never raise: a hostile or odd value reads as None / "" and the caller
decides whether the item is still usable. `hide_secrets` is the one place that strips an
indexer's credentials from text a client is about to show (error messages end up in
ProviderStatus.last_error and RSS reports); `hiding_secrets` applies it to every
IntegrationError a client's public methods raise.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote, quote_plus, urlsplit

from radarr_site.http.errors import IntegrationError
from radarr_site.logredact import redact

if TYPE_CHECKING:
    from indexers.clients.base import IndexerConfig

# A "secret" shorter than this is not a real key; replacing it would garble every message
# (a one-letter key would blank that letter everywhere) while hiding nothing worth hiding.
MIN_SECRET_LENGTH = 4
MASK = "***"
URL_GUID_PREFIX = "url-sha1:"

C = TypeVar("C", bound=type)


def whole(value: Any) -> int | None:
    """An integer from JSON (a number or a numeric string); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def text(value: Any) -> str:
    """A JSON string stripped; "" for anything that is not a string."""
    return value.strip() if isinstance(value, str) else ""


def parse_iso_date(value: Any) -> datetime | None:
    """An ISO 8601 date as an aware datetime (UTC when it has no zone); None if unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def from_timestamp(value: Any) -> datetime | None:
    """A positive Unix timestamp as an aware UTC datetime; None when it is not a number or
    out of the range datetime can hold (a hostile 1e300 or inf)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def imdb_tag(value: Any) -> str:
    """imdbId (0133093 as a number, or "tt0133093") as "tt0133093"; "" when unknown."""
    number = whole(value)
    if number is None and isinstance(value, str) and value.lower().startswith("tt"):
        number = whole(value[2:])
    return f"tt{number:07d}" if number and number > 0 else ""


def url_guid(link: str) -> str:
    """A stable guid for an item that has none: the SHA-1 of its link, so a key in the
    link never reaches the stored guid (and it fits SeenRelease's 64-character key)."""
    return URL_GUID_PREFIX + hashlib.sha1(link.encode("utf-8", "replace")).hexdigest()


def safe_guid(guid: str, fallbacks: tuple[str, ...], link: str, config: IndexerConfig) -> str:
    """The item's guid, else the first fallback (an info / comments link), else the hash of
    its download link; any candidate that holds one of the indexer's secrets is hashed."""
    for candidate in (guid, *fallbacks):
        if candidate:
            return url_guid(candidate) if holds_secret(candidate, config) else candidate
    return url_guid(link)


def _secrets(config: IndexerConfig) -> list[str]:
    found = [config.api_key or ""]
    parts = urlsplit(config.base_url or "")
    if parts.password:
        found += [parts.password, f"{parts.username or ''}:{parts.password}"]
    variants = set()
    for secret in found:
        if len(secret) >= MIN_SECRET_LENGTH:
            variants.update({secret, quote(secret, safe=""), quote_plus(secret)})
    return sorted(variants, key=len, reverse=True)  # the longest first: user:pass before pass


def holds_secret(value: str, config: IndexerConfig) -> bool:
    lowered = value.lower()
    return any(secret.lower() in lowered for secret in _secrets(config))


def hide_secrets(message: str, config: IndexerConfig) -> str:
    """`message` without the indexer's API key / passkey or the password of its address
    (also URL-encoded, any case), and with secret-looking query values masked."""
    for secret in _secrets(config):
        message = re.sub(re.escape(secret), MASK, message, flags=re.IGNORECASE)
    return redact(message)


def scrub_error(exc: IntegrationError, config: IndexerConfig) -> IntegrationError:
    """The same error with its message (what users and ProviderStatus see) scrubbed."""
    clean = hide_secrets(exc.message, config)
    if clean != exc.message:
        exc.message = clean
        exc.args = (clean, *exc.args[1:])
    return exc


def _guarded(method: Callable) -> Callable:
    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except IntegrationError as exc:
            scrub_error(exc, self.config)
            raise

    call.__hides_secrets__ = True  # type: ignore[attr-defined]
    return call


def hiding_secrets(*names: str) -> Callable[[C], C]:
    """Class decorator: the named methods (defined on the class or inherited) scrub the
    message of any IntegrationError they raise with `hide_secrets`."""

    def decorate(cls: C) -> C:
        for name in names:
            method = getattr(cls, name)
            if not getattr(method, "__hides_secrets__", False):
                setattr(cls, name, _guarded(method))
        return cls

    return decorate
