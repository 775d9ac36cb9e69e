"""Newznab `<error code= description=>` answers mapped to the toolkit's errors.

The codes are the Newznab API's: 100-102 credentials and account, 200-203 a missing or
bad parameter, 300 no such function, 429 / 500 / 501 request or download limits, 900 an
unknown error, 910 the API disabled. Messages name the indexer and quote its description
(plain text here; templates escape it when shown).
"""

from __future__ import annotations

from lxml import etree

from indexers.clients.newznab.xml import safe_parser
from radarr_site.http.errors import (
    AuthError,
    BadResponse,
    IntegrationError,
    RateLimited,
    Unavailable,
)

_LIMIT_TEXT = ("request limit reached", "download limit reached", "api limit reached")
# What each code means, said after the indexer's name.
_AUTH = {
    100: "refused the API key",
    101: "says the account is suspended",
    102: "refused access: insufficient privileges for this API",
}


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_for(code: int, description: str, where: str) -> IntegrationError:
    """The toolkit error for a Newznab error code."""
    said = f"(code {code}: {_short(description)})" if description else f"(code {code})"
    if code in _AUTH:
        return AuthError(f"{where} {_AUTH[code]} {said}")
    if 200 <= code <= 203:
        return BadResponse(f"{where} rejected a search parameter {said}")
    if code == 300:
        return BadResponse(f"{where} does not support this API function {said}")
    if code in (429, 500, 501) or _is_limit(description):
        return RateLimited(f"{where} says its request limit is reached {said}", retry_after=None)
    if code == 910:
        return Unavailable(f"{where}: its API is disabled {said}")
    if code == 900:
        return Unavailable(f"{where} reported an internal error {said}")
    return BadResponse(f"{where} answered with an error {said}")


def _is_limit(text: str) -> bool:
    lowered = text.lower()
    return any(phrase in lowered for phrase in _LIMIT_TEXT)


def raise_for_error(root: etree._Element, where: str) -> None:
    """Raise the mapped error when the document is an `<error>` answer."""
    if etree.QName(root).localname.lower() != "error":
        return
    raw = (root.get("code") or "").strip()
    description = root.get("description") or (root.text or "").strip()
    code = int(raw) if raw.isdigit() else 900
    raise error_for(code, description, where)


def raise_for_limit_text(content: bytes, where: str) -> None:
    """Some indexers answer a plain-text "Request limit reached" instead of XML."""
    head = content[:512].lstrip()
    if head.startswith(b"<"):
        return
    text = head.decode("utf-8", "replace")
    if _is_limit(text):
        raise RateLimited(f"{where} says its request limit is reached ({_short(text)})")


def error_detail(content: bytes) -> str | None:
    """The description of an `<error>` body (for HTTP error statuses), else None."""
    if b"<error" not in content[:1024] or b"<!DOCTYPE" in content[:1024].upper():
        return None
    try:
        root = etree.fromstring(content, parser=safe_parser())
    except etree.XMLSyntaxError:
        return None
    if etree.QName(root).localname.lower() != "error":
        return None
    code, description = root.get("code", ""), root.get("description", "")
    return _short(f"code {code}: {description}" if code else description) or None
