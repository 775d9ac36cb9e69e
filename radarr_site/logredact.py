"""A logging filter that masks secrets in URLs before any handler writes a record.

urllib3 logs the request line of every retry, and a URL may carry `api_key=...`,
`apikey=...`, `jackett_apikey=...` or a passkey; the toolkit's own messages never include
URLs, but library loggers do, so the log file and the Logs page get the masked text.
"""

from __future__ import annotations

import logging
import re

# Any `…api_key=` / `…apikey=` / `…api-key=` / `…passkey=` wherever it stands (a query, a
# form body, a settings dump: jackett_apikey=, tmdb_api_key=), and the generic names only
# as query parameters, where they mean credentials.
SECRET_PARAM = re.compile(
    r"(?i)(\b\w*(?:api[_-]?key|passkey)=|[?&;](?:token|access_token|password|pass|auth)=)"
    r"[^&\s'\"]+"
)


def redact(text: str) -> str:
    """`text` with the values of secret-looking query parameters replaced by ***."""
    return SECRET_PARAM.sub(r"\1***", text)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message and traceback once, with secret query values masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is logging's problem, not ours
            return True
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set: the traceback is written masked too
            # (a requests error in the chain names the URL it failed on).
            record.exc_text = redact(_FORMATTER.formatException(record.exc_info))
        return True


_FORMATTER = logging.Formatter()
