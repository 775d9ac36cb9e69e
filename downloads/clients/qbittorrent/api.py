"""qBittorrent Web API v2 transport: sign-in with the SID cookie, one re-sign-in on 403.

qBittorrent answers 403 to every call once its session has expired (a restart, a logout,
the WebUI session timeout), so a 403 on a call means "sign in again", once; a 403 on the
sign-in itself means the address is banned after too many failed attempts. The SID is
carried by hand (the shared cookie jar would leak it across clients of the same host) and
kept per (URL, user) in this process, so a queue poll does not sign in every minute.
"""

from __future__ import annotations

import hashlib
import re
import threading
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter

from radarr_site.http.errors import AuthError, BadResponse, NotFound
from radarr_site.http.retry import make_retry
from radarr_site.http.session import HttpClient, decode_json

LABEL = "qBittorrent"
_SID = re.compile(r"(?:^|[;,]\s*)SID=([^;,\s]+)")
_VERSION = re.compile(r"v?(\d+)\.(\d+)(?:\.(\d+))?")
_sids: dict[tuple[str, str, str], str] = {}
_sids_lock = threading.Lock()


def parse_version(text: str) -> tuple[int, int, int] | None:
    """(major, minor, patch) from "v4.5.2" or "2.8.19"; None when it is not a version."""
    match = _VERSION.fullmatch(text.strip())
    if not match:
        return None
    return int(match[1]), int(match[2]), int(match[3] or 0)


def _error_detail(response: requests.Response) -> str | None:
    """qBittorrent's own short plain-text reason; an HTML page is named, never echoed."""
    kind = response.headers.get("Content-Type", "")
    text = response.text.strip()
    if "html" in kind or text.lower().startswith(("<!doctype", "<html")):
        return "an HTML page instead of qBittorrent's answer"
    text = "".join(ch for ch in text if ch.isprintable())
    return text[:200] or None


_sessions: dict[str, requests.Session] = {}


def _private_session(base_url: str) -> requests.Session:
    """A session whose cookie jar stays empty (the SID goes in by hand), one per WebUI
    address in this process, so the poller's clients reuse its connections."""
    with _sids_lock:
        if base_url in _sessions:
            return _sessions[base_url]
        session = _sessions[base_url] = requests.Session()
        session.headers["User-Agent"] = settings.HTTP_USER_AGENT
        session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        adapter = HTTPAdapter(max_retries=make_retry(2, 0.2, 5.0, retry_read=False))
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session


class QbtApi:
    """Calls to one qBittorrent WebUI, signed in as needed."""

    def __init__(self, base_url: str, username: str, password: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.username = username
        self.password = password
        # The WebUI's CSRF check compares Referer/Origin with its own address when sent.
        self.http = HttpClient(
            "qbittorrent",
            self.base_url + "/",
            label=LABEL,
            headers={"Referer": self.base_url + "/"},
            error_detail=_error_detail,
            session=_private_session(self.base_url),
        )
        # The password is part of the key so a changed password never rides an old session.
        digest = hashlib.sha256(password.encode()).hexdigest()
        self._key = (self.base_url, username, digest)
        self._api_version: tuple[int, int, int] | None = None

    # -- session -------------------------------------------------------------------------
    @property
    def sid(self) -> str | None:
        with _sids_lock:
            return _sids.get(self._key)

    def _set_sid(self, sid: str | None) -> None:
        with _sids_lock:
            if sid:
                _sids[self._key] = sid
            else:
                _sids.pop(self._key, None)

    def login(self) -> None:
        """Sign in; AuthError with the reason qBittorrent gives (wrong login, or banned)."""
        self._set_sid(None)
        response = self.http.request(
            "POST",
            "api/v2/auth/login",
            data={"username": self.username, "password": self.password},
            ok_statuses=(403,),
        )
        where = f"{LABEL} ({self.http.host})"
        if response.status_code == 403:
            raise AuthError(
                f"{where} has banned this address after too many failed sign-ins; wait "
                "for the ban to end (or restart qBittorrent) and check the password",
                status=403,
            )
        body = response.text.strip()
        if body == "Fails.":
            raise AuthError(f"{where} refused the username or password", status=200)
        if body != "Ok.":
            raise BadResponse(f"{where} answered the sign-in with {_error_detail(response)!r}")
        match = _SID.search(response.headers.get("Set-Cookie", ""))
        # No cookie: authentication is bypassed for this address (LocalHostAuth off, or a
        # whitelisted subnet), and calls work without one.
        self._set_sid(match[1] if match else "")

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One API call; sign in first if needed, and once more if the session expired."""
        if self.sid is None:
            self.login()
        response = self._send(method, path, **kwargs)
        if response.status_code == 403:
            self.login()
            response = self._send(method, path, **kwargs)
            if response.status_code == 403:
                raise AuthError(
                    f"{LABEL} ({self.http.host}) refused the call even after signing in "
                    "again (HTTP 403)",
                    status=403,
                )
        return response

    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.sid:
            headers["Cookie"] = f"SID={self.sid}"
        ok = (*kwargs.pop("ok_statuses", ()), 403)
        return self.http.request(
            method, "api/v2/" + path, headers=headers, ok_statuses=ok, **kwargs
        )

    def text(self, method: str, path: str, **kwargs: Any) -> str:
        return self.call(method, path, **kwargs).text.strip()

    def json(self, path: str, **kwargs: Any) -> Any:
        response = self.call("GET", path, **kwargs)
        return decode_json(response, f"{LABEL} ({self.http.host})")

    # -- versions ------------------------------------------------------------------------
    def app_version(self) -> tuple[int, int, int]:
        """The application version (4.5.2); BadResponse when the answer is not one."""
        text = self.text("GET", "app/version")
        version = parse_version(text)
        if version is None:
            raise BadResponse(
                f"{LABEL} ({self.http.host}) did not answer with a version: is this "
                "qBittorrent's WebUI address?"
            )
        return version

    def api_version(self) -> tuple[int, int, int]:
        """The Web API version (2.8.19), asked once per instance.

        Raises NotFound when there is no Web API v2 at all (qBittorrent before 4.1).
        """
        if self._api_version is None:
            text = self.text("GET", "app/webapiVersion")
            version = parse_version(text)
            if version is None:
                raise BadResponse(
                    f"{LABEL} ({self.http.host}) did not answer with a Web API version: is "
                    "this qBittorrent's WebUI address?"
                )
            self._api_version = version
        return self._api_version

    def uses_stop_start(self) -> bool:
        """qBittorrent 5 (Web API 2.11) renamed pause/resume to stop/start."""
        return self.api_version() >= (2, 11, 0)


def forget_sessions() -> None:
    """Drop every remembered SID (tests, or after the user changes the credentials)."""
    with _sids_lock:
        _sids.clear()


__all__ = ["LABEL", "NotFound", "QbtApi", "forget_sessions", "parse_version"]
