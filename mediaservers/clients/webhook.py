"""A webhook: one HTTP request carrying an event's JSON payload in Radarr's shape.

POST (or PUT, Radarr offers both) to the configured URL with Content-Type
application/json, optional basic auth and the user's extra headers (which never replace
Content-Type). Any 2xx is delivered. The request is sent once: a failed delivery is
retried by the outbox with its own backoff, so a receiver that got the request but
answered late never sees it twice from one attempt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from mediaservers.clients.base import ConnectionConfig, WebhookClient
from radarr_site.http.errors import BadResponse
from radarr_site.http.session import HttpClient

METHODS = ("POST", "PUT")
DEFAULT_TIMEOUT = 30.0
_PROTECTED = {"content-type", "content-length"}


@dataclass(frozen=True)
class WebhookOptions:
    """The webhook's own settings (Connection.options): method and read timeout."""

    method: str = "POST"
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_dict(cls, options: dict[str, Any] | None) -> WebhookOptions:
        options = options or {}
        method = str(options.get("method") or "POST").upper()
        if method not in METHODS:
            raise ValueError(f"Method must be one of {', '.join(METHODS)}, not {method!r}.")
        try:
            timeout = float(options.get("timeout") or DEFAULT_TIMEOUT)
        except (TypeError, ValueError) as exc:
            raise ValueError("Timeout must be a number of seconds.") from exc
        if not 0 < timeout <= 300:
            raise ValueError("Timeout must be between 0 and 300 seconds.")
        return cls(method=method, timeout=timeout)


class Webhook(WebhookClient):
    """A URL that receives Radarr's webhook payloads."""

    kind = "webhook"

    def __init__(self, config: ConnectionConfig) -> None:
        super().__init__(config)
        self.options = WebhookOptions.from_dict(config.options)
        self.http = HttpClient(
            config.provider_key,
            config.base_url,
            label=f"Webhook '{config.name}'" if config.name else "Webhook",
            timeout=(5.0, self.options.timeout),
            # Never resend inside one attempt: the outbox retries (a POST is not idempotent,
            # and a PUT that timed out may still have been received).
            retries=0,
            retry_read=False,
        )

    @property
    def _basic_auth(self) -> tuple[str, str] | None:
        if self.config.username or self.config.password:
            return (self.config.username, self.config.password)
        return None

    def _headers(self) -> dict[str, str]:
        # A custom Authorization (a bearer token) is kept unless basic auth is configured.
        protected = _PROTECTED | ({"authorization"} if self._basic_auth else set())
        extra = {
            str(name): str(value)
            for name, value in (self.config.headers or {}).items()
            if str(name).strip().lower() not in protected
        }
        return {**extra, "Content-Type": "application/json", "Accept": "application/json"}

    def send(self, payload: dict[str, Any]) -> None:
        """Deliver one payload; raise AuthError (401/403), Unavailable (5xx, timeouts,
        refused) or BadResponse (any other refusal) otherwise."""
        try:
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise BadResponse(f"The {payload.get('eventType')} payload is not JSON: {exc}") from exc
        response = self.http.request(
            self.options.method,
            self.config.base_url,
            data=body,
            headers=self._headers(),
            auth=self._basic_auth,
            allow_redirects=False,
        )
        if not 200 <= response.status_code < 300:
            # A redirect is not followed: a POST would arrive as a GET, or not at all.
            raise BadResponse(
                f"{self.http.label} ({self.http.host}) answered HTTP {response.status_code} "
                "instead of accepting the event; give the final address of the webhook",
                status=response.status_code,
            )

    def test(self) -> None:
        """Send Radarr's test payload (eventType Test)."""
        from mediaservers.payloads import test_payload

        self.send(test_payload())
