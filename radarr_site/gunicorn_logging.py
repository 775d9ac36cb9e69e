"""gunicorn's logger with our secret masking: the access log writes every request line,
and Overseerr and Jellyseerr send the API key as ?apikey= on every call."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from radarr_site.logredact import RedactSecrets


class RedactingLogger(Logger):
    """Access and error lines with the values of apikey=, passkey=, token= … masked."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            log.addFilter(RedactSecrets())
