"""The tests' loopback NNTP server: articles decode back to the file, missing ones are 430."""

from __future__ import annotations

import os
import re
import socket
import zlib

from tests.servers.nntp import SEGMENT, missing_nzb, nntp_server


def ydecode(body: bytes) -> bytes:
    """Undo dot-stuffing and yEnc for one article body (test-side, independent decoder)."""
    out = bytearray()
    for line in body.split(b"\r\n"):
        if line.startswith(b"=y") or not line:
            continue
        if line.startswith(b".."):
            line = line[1:]
        escaped = False
        for byte in line:
            if escaped:
                out.append((byte - 64 - 42) % 256)
                escaped = False
            elif byte == 61:
                escaped = True
            else:
                out.append((byte - 42) % 256)
    return bytes(out)


def ask(port: int, command: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        reader = sock.makefile("rb")
        reader.readline()  # greeting
        sock.sendall(command.encode() + b"\r\n")
        first = reader.readline()
        if not first.startswith(b"222"):
            return first
        lines = []
        while (line := reader.readline()) != b".\r\n":
            lines.append(line)
        return first + b"".join(lines)


def test_articles_decode_back_to_the_file_and_the_nzb_lists_them(tmp_path):
    data = bytes(range(256)) * 1000 + b".\r\n=\t "  # every byte value, more than one segment
    source = tmp_path / "Some.Movie.2001.mkv"
    source.write_bytes(data)
    with nntp_server() as nntp:
        nzb = nntp.add_file(source)
        mids = re.findall(r">([^<]+@loopback\.test)<", nzb)
        decoded = b""
        for mid in mids:
            answer = ask(nntp.port, f"BODY <{mid}>")
            assert answer.startswith(b"222")
            decoded += ydecode(answer.split(b"\r\n", 1)[1])

    assert len(mids) == -(-len(data) // SEGMENT)
    assert zlib.crc32(decoded) == zlib.crc32(data) and decoded == data


def test_an_article_the_server_does_not_hold_is_answered_430():
    nzb = missing_nzb("Gone.2002.mkv")
    mid = re.search(r">([^<]+)</segment>", nzb).group(1)
    with nntp_server() as nntp:
        assert ask(nntp.port, f"BODY <{mid}>").startswith(b"430")
        assert ("BODY", mid) in nntp.requests


def test_random_data_survives_the_round_trip(tmp_path):
    data = os.urandom(SEGMENT + 17)
    source = tmp_path / "r.bin"
    source.write_bytes(data)
    with nntp_server() as nntp:
        nntp.add_file(source)
        decoded = b"".join(
            ydecode(ask(nntp.port, f"BODY <{mid}>").split(b"\r\n", 1)[1])
            for mid in sorted(nntp.articles)
        )
    assert decoded == data
