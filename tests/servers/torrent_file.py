"""A trackerless single-file .torrent for real BitTorrent clients in tests.

Written here (bencode by hand, stdlib only) so tests need no mktorrent binary; the info hash
is the SHA-1 of the bencoded `info` dict, which is what every client calls the torrent's id.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PIECE_LENGTH = 32 * 1024  # small pieces: test files are a few hundred kB


def bencode(value: object) -> bytes:
    """Bencode ints, str/bytes, lists and dicts (keys sorted as raw bytes, as the spec says)."""
    if isinstance(value, bool):
        raise TypeError("bencode has no booleans")
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list | tuple):
        return b"l" + b"".join(bencode(v) for v in value) + b"e"
    if isinstance(value, dict):
        items = sorted((k.encode() if isinstance(k, str) else k, v) for k, v in value.items())
        return b"d" + b"".join(bencode(k) + bencode(v) for k, v in items) + b"e"
    raise TypeError(f"cannot bencode {type(value).__name__}")


def make_torrent(
    path: str | Path, piece_length: int = PIECE_LENGTH, name: str | None = None
) -> tuple[bytes, str]:
    """The .torrent bytes for one file and its info hash (lower-case hex).

    No announce URL: clients then find peers only by DHT/PeX (off in our profiles) or by an
    explicit addPeers, so nothing leaves loopback. `name` overrides the file's name in the
    torrent, for hostile names ("../../x.mkv", "/tmp/victim/x.mkv") a real client must not
    be believed about.
    """
    path = Path(path)
    data = path.read_bytes()
    pieces = b"".join(
        hashlib.sha1(data[i : i + piece_length]).digest() for i in range(0, len(data), piece_length)
    )
    info = {
        "length": len(data),
        "name": name if name is not None else path.name,
        "piece length": piece_length,
        "pieces": pieces,
    }
    info_bytes = bencode(info)
    torrent = (
        b"d" + bencode("created by") + bencode("radarr-tests") + bencode("info") + info_bytes + b"e"
    )
    return torrent, hashlib.sha1(info_bytes).hexdigest()
