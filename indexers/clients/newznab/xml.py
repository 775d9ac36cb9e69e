"""The one XML parser for every Newznab-family answer: lxml with everything risky off.

Entity resolution, DTD loading, network access and huge trees are off, and a document
with a DOCTYPE is refused outright (no indexer sends one; a billion-laughs bomb or an
external entity pointing at a local file needs one). An HTML page where XML was expected
(a login page, a Cloudflare challenge) gets its own message, since the fix is the URL or
the API key, not the indexer. Size is capped before this, by HttpClient(max_bytes=).
"""

from __future__ import annotations

import re

from lxml import etree

from radarr_site.http.errors import BadResponse

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "dtd_validation": False,
    "remove_comments": True,
    "remove_pis": True,
}
# The start of an HTML document, after any BOM, whitespace, comments or <?xml?>.
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")


def safe_parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers are not safe to share between threads.
    return etree.XMLParser(**_PARSER_OPTIONS)


def html_message(where: str) -> str:
    return f"{where} answered with an HTML page, not XML (a login page? check the URL and API key)"


def looks_like_html(content: bytes, content_type: str = "") -> bool:
    """Is this an HTML page (by its Content-Type or its first tag)?"""
    if content_type.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml"):
        return True
    return bool(_HTML_START.match(content[:4096]))


def parse_xml(content: bytes, where: str, content_type: str = "") -> etree._Element:
    """The root element of an indexer's XML answer; BadResponse when it is not safe XML.

    `where` names the indexer in messages ("Name (host)"); it never holds a URL.
    """
    if looks_like_html(content, content_type):
        raise BadResponse(html_message(where))
    if not content.strip():
        raise BadResponse(f"{where} answered with an empty body, not XML")
    first = _FIRST_ELEMENT.search(content)
    if _DOCTYPE.search(content, 0, first.start() if first else len(content)):
        # Legitimate feeds never declare a DTD; entity tricks always do.
        raise BadResponse(f"{where} answered with XML declaring a DOCTYPE, which is refused")
    try:
        root = etree.fromstring(content, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        line = f"line {exc.lineno}: " if exc.lineno else ""
        raise BadResponse(f"{where} answered with malformed XML ({line}{exc.msg})") from exc
    if root is None:
        raise BadResponse(f"{where} answered with an XML document without content")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # belt and braces
        raise BadResponse(f"{where} answered with XML declaring a DOCTYPE, which is refused")
    if etree.QName(root).localname.lower() == "html":
        raise BadResponse(html_message(where))
    return root
