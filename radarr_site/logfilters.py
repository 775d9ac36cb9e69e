"""A logging filter that keeps client errors (4xx) to one line in the log.

Django's django.request logger writes every PermissionDenied (a member opening an admin
page) and django.security every SuspiciousOperation with the full traceback, which buries
the real failures. For a response below 500 the traceback says nothing the status does
not: the record keeps its message plus method, path, status and user on one line. Server
errors (500 and up) are left as they are, traceback included.
"""

from __future__ import annotations

import logging

CLIENT_ERROR_LOGGERS = ("django.request", "django.security")


def _is_client_error(record: logging.LogRecord) -> bool:
    status = getattr(record, "status_code", None)
    from_django = any(
        record.name == name or record.name.startswith(f"{name}.") for name in CLIENT_ERROR_LOGGERS
    )
    return from_django and isinstance(status, int) and status < 500


def _user_name(request: object) -> str:
    # A 400 raised before AuthenticationMiddleware ran leaves the request without a user.
    user = getattr(request, "user", None)
    if user is None:
        return "-"
    if not user.is_authenticated:
        return "anonymous"
    return user.get_username()


def _one_line(text: str) -> str:
    # A path is decoded from the URL: %0A in it must not start a forged log line.
    return text.replace("\r", "\\r").replace("\n", "\\n")


class OneLineClientErrors(logging.Filter):
    """Drops the traceback of 4xx records from Django and adds method, path, status, user."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _is_client_error(record) or getattr(record, "_one_line", False):
            return True
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        request = getattr(record, "request", None)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is logging's problem, not ours
            return True
        if request is not None:
            method = getattr(request, "method", "?")
            path = getattr(request, "path", "?")
            try:
                user = _user_name(request)
            except Exception:  # loading the user failed (database down): the line says "?"
                user = "?"
            message = f"{message} [{method} {path} {record.status_code} user={user}]"
        record.msg, record.args = _one_line(message), ()
        # Both handlers run this filter on the same record: rewrite it once.
        record._one_line = True
        return True
