"""System → Logs: newest entries first, level filter, escaping, missing file, download."""

from __future__ import annotations

import pytest
from django.urls import reverse

from radarr_site.system.logs import newest_entries, read_tail_lines

pytestmark = pytest.mark.django_db

LOG = (
    "2026-11-29 10:00:00,001 INFO movies.services: Added <script>alert(1)</script>\n"
    "2026-11-29 10:00:01,002 DEBUG radarr_site.http: GET /movie/603\n"
    "2026-11-29 10:00:02,003 ERROR radarr_site.providers: TMDB failed\n"
    "Traceback (most recent call last):\n"
    '  File "x.py", line 1, in <module>\n'
    "2026-11-29 10:00:03,004 WARNING radarr_site.providers: TMDB held off\n"
)


@pytest.fixture
def log_file(settings, tmp_path):
    path = tmp_path / "radarr.log"
    path.write_text(LOG, encoding="utf-8")
    settings.LOG_FILE = path
    return path


def test_shows_newest_entry_first(admin_client, log_file):
    entries = admin_client.get(reverse("system:logs")).context["entries"]
    assert [e.level for e in entries] == ["WARNING", "ERROR", "INFO"]


def test_escapes_html_in_log_lines(admin_client, log_file):
    html = admin_client.get(reverse("system:logs")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_filters_by_minimum_level(admin_client, log_file):
    entries = admin_client.get(reverse("system:logs"), {"level": "ERROR"}).context["entries"]
    assert [e.message for e in entries] == ["TMDB failed"]
    assert entries[0].extra[0] == "Traceback (most recent call last):"


def test_debug_level_shows_debug_entries(admin_client, log_file):
    entries = admin_client.get(reverse("system:logs"), {"level": "DEBUG"}).context["entries"]
    assert "DEBUG" in [e.level for e in entries]


def test_handles_a_missing_log_file(admin_client, settings, tmp_path):
    settings.LOG_FILE = tmp_path / "absent.log"
    response = admin_client.get(reverse("system:logs"))
    assert response.status_code == 200
    assert "There is no log file yet" in response.content.decode()


def test_download_returns_the_file_as_an_attachment(admin_client, log_file):
    response = admin_client.get(reverse("system:logs_download"))
    assert response["Content-Disposition"].startswith('attachment; filename="radarr.log"')
    assert b"".join(response.streaming_content).decode() == LOG


def test_download_of_a_missing_file_is_404(admin_client, settings, tmp_path):
    settings.LOG_FILE = tmp_path / "absent.log"
    assert admin_client.get(reverse("system:logs_download")).status_code == 404


def test_reads_only_the_end_of_a_big_file(tmp_path):
    path = tmp_path / "big.log"
    line = "2026-11-29 10:00:00,000 INFO x: " + "y" * 90 + "\n"
    path.write_text(line * 20000 + "2026-11-29 11:00:00,000 ERROR x: last one\n")
    lines = read_tail_lines(path, max_bytes=10_000)
    assert len(lines) < 110
    assert lines[-1].endswith("last one")
    assert all(ln.startswith("2026-11-29") for ln in lines)  # the cut first line is dropped
    assert newest_entries(path, 1)[0].message == "last one"


def test_a_bad_limit_falls_back_to_the_default(admin_client, log_file):
    response = admin_client.get(reverse("system:logs"), {"limit": "lots", "level": "nonsense"})
    assert response.context["limit"] == 200
    assert response.context["level"] == "INFO"


def test_choosing_a_level_submits_the_filter_at_once(admin_client, log_file):
    html = admin_client.get(reverse("system:logs")).content.decode()
    select = html[html.index('<select name="level"') : html.index(">", html.index("<select"))]
    assert 'onchange="this.form.requestSubmit()"' in select
