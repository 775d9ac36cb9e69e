"""Fakes of external services at the HTTP boundary, one module per service."""

import socket


def free_port() -> int:
    """A loopback port nothing listens on right now (for a fake to bind, or to be refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
