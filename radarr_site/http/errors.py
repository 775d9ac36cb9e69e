"""The one error taxonomy every integration raises, whatever the service behind it."""

from __future__ import annotations


class IntegrationError(Exception):
    """A failure talking to an external service; `message` is fit to show a user."""

    retryable = True

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return self.message


class AuthError(IntegrationError):
    """Credentials were refused (401/403, a bad API key): never retried."""

    retryable = False


class RateLimited(IntegrationError):
    """The service asked us to slow down; `retry_after` is in seconds when it said."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, status: int | None = 429
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class Unavailable(IntegrationError):
    """Timeouts, refused connections, 5xx: the service is not answering properly."""


class BadResponse(IntegrationError):
    """The service answered, but with something we cannot use (malformed, too large, HTML)."""


class NotFound(IntegrationError):
    """The thing asked for does not exist there (404)."""

    retryable = False
