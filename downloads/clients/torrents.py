"""Info hashes of torrents, known before any client answers (the grab records one, and
qBittorrent's add call returns only "Ok.").

From a magnet's `xt=urn:btih:` (hex or base32) or the SHA-1 of the .torrent's bencoded
`info` dictionary as written, found by walking the bencode without decoding the file.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

_HEX40 = re.compile(r"[0-9a-fA-F]{40}")
_B32 = re.compile(r"[A-Za-z2-7]{32}")


def magnet_info_hash(url: str) -> str:
    """The lower-case hex v1 info hash of a magnet link, or "" when it has none."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "magnet":
        return ""
    for xt in parse_qs(parts.query).get("xt", []):
        if not xt.lower().startswith("urn:btih:"):
            continue
        value = xt[len("urn:btih:") :]
        if _HEX40.fullmatch(value):
            return value.lower()
        if _B32.fullmatch(value):
            return base64.b32decode(value.upper()).hex()
    return ""


def _skip(data: bytes, i: int) -> int:
    """The index just past the bencoded value starting at `i` (ValueError when malformed)."""
    lead = data[i : i + 1]
    if lead == b"i":
        end = data.index(b"e", i)
        return end + 1
    if lead in (b"l", b"d"):
        i += 1
        while data[i : i + 1] != b"e":
            if i >= len(data):
                raise ValueError("unterminated list or dictionary")
            i = _skip(data, i)
        return i + 1
    if lead.isdigit():
        colon = data.index(b":", i)
        length = int(data[i:colon])
        end = colon + 1 + length
        if end > len(data):
            raise ValueError("string runs past the end")
        return end
    raise ValueError(f"unexpected byte at {i}")


def torrent_info_hash(content: bytes) -> str:
    """The v1 info hash (lower-case hex) of a .torrent file; ValueError when it is not one."""
    try:
        if content[:1] != b"d":
            raise ValueError("not a bencoded dictionary")
        i = 1
        while content[i : i + 1] != b"e":
            key_end = _skip(content, i)
            key = content[content.index(b":", i) + 1 : key_end]
            value_end = _skip(content, key_end)
            if key == b"info" and content[key_end : key_end + 1] == b"d":
                return hashlib.sha1(content[key_end:value_end]).hexdigest()
            i = value_end
    except (ValueError, IndexError, RecursionError) as exc:
        raise ValueError(f"not a valid .torrent file ({exc})") from exc
    raise ValueError("not a valid .torrent file (no info dictionary)")


def torrent_hash(content: bytes) -> str:
    """As torrent_info_hash, but "" when the file is not a valid torrent."""
    try:
        return torrent_info_hash(content)
    except ValueError:
        return ""
