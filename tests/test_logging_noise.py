"""Client errors (4xx) are one log line without a traceback; server errors keep theirs.

Runs the production LOGGING config (writing to a temporary file) against real requests.
"""

from __future__ import annotations

import copy
import logging
import logging.config

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.urls import include, path, reverse

from radarr_site import settings as production_settings


def _broken(request):
    raise RuntimeError("the disk fell off")


def _suspicious(request):
    raise SuspiciousOperation("Forged multipart boundary")


# The project's pages plus two that fail on purpose, for @pytest.mark.urls below.
urlpatterns = [
    path("test-broken/", _broken),
    path("test-suspicious/", _suspicious),
    path("", include("radarr_site.urls")),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def log_file(tmp_path):
    """The production LOGGING config with its file handler writing to a temporary file."""
    config = copy.deepcopy(production_settings.LOGGING)
    log_path = tmp_path / "radarr.log"
    config["handlers"]["file"]["filename"] = str(log_path)
    config["handlers"].pop("console")
    config["root"]["handlers"] = ["file"]
    logging.config.dictConfig(config)
    try:
        yield log_path
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            handler.close()
            root.removeHandler(handler)
        logging.config.dictConfig(settings.LOGGING)


def test_a_forbidden_page_is_one_warning_line_without_a_traceback(member_client, log_file):
    url = reverse("settings:profiles")
    assert member_client.get(url).status_code == 403
    text = log_file.read_text()
    assert "Traceback" not in text and "PermissionDenied" not in text
    lines = [line for line in text.splitlines() if url in line]
    assert len(lines) == 1
    assert "WARNING django.request: Forbidden (Permission denied)" in lines[0]
    assert lines[0].endswith(f"[GET {url} 403 user=bob]")


def test_a_server_error_keeps_its_traceback(admin_client, log_file):
    admin_client.raise_request_exception = False
    assert admin_client.get("/test-broken/").status_code == 500
    text = log_file.read_text()
    assert "ERROR django.request: Internal Server Error: /test-broken/" in text
    assert "Traceback" in text and "RuntimeError: the disk fell off" in text


def test_a_suspicious_request_is_logged_without_a_traceback(admin_client, log_file):
    assert admin_client.get("/test-suspicious/").status_code == 400
    text = log_file.read_text()
    assert "Traceback" not in text
    security = [line for line in text.splitlines() if "django.security" in line]
    assert len(security) == 1
    assert "Forged multipart boundary" in security[0]
    assert security[0].endswith("[GET /test-suspicious/ 400 user=alice]")


def test_a_newline_in_the_path_cannot_start_a_second_log_line(member_client, log_file):
    assert member_client.get("/no-such-page/%0A2026-01-01 ERROR forged").status_code == 404
    lines = log_file.read_text().splitlines()
    assert not any(line.startswith("2026-01-01 ERROR forged") for line in lines)
    assert any("/no-such-page/\\n2026-01-01 ERROR forged" in line for line in lines)


def test_a_client_error_logged_outside_a_request_only_loses_its_traceback(log_file):
    try:
        raise SuspiciousOperation("Bad signature")
    except SuspiciousOperation:
        logging.getLogger("django.security.SuspiciousOperation").error(
            "Bad signature", exc_info=True, extra={"status_code": 400}
        )
    text = log_file.read_text()
    assert "ERROR django.security.SuspiciousOperation: Bad signature" in text
    assert "Traceback" not in text
