"""Secrets in URLs never reach the log file, whichever library logs them."""

from __future__ import annotations

import copy
import logging
import logging.config

from django.conf import settings

from radarr_site import settings as production_settings
from radarr_site.logredact import redact


def test_masks_api_keys_passkeys_and_tokens_in_query_strings():
    line = "GET /3/search/movie?api_key=abc123&query=heat /api?t=search&apikey=XYZ&passkey=p4ss"
    masked = redact(line)
    assert "abc123" not in masked and "XYZ" not in masked and "p4ss" not in masked
    assert "query=heat" in masked and "api_key=***" in masked


def test_leaves_messages_without_secrets_alone():
    assert redact("Added The Matrix (1999) to /movies") == "Added The Matrix (1999) to /movies"


def test_log_file_gets_the_masked_url_from_a_library_logger(tmp_path):
    config = copy.deepcopy(production_settings.LOGGING)
    log_file = tmp_path / "radarr.log"
    config["handlers"]["file"]["filename"] = str(log_file)
    config["handlers"].pop("console")
    config["root"]["handlers"] = ["file"]
    logging.config.dictConfig(config)
    try:
        logging.getLogger("urllib3.connectionpool").warning(
            "Retrying after connection broken: %s", "/3/search/movie?api_key=s3cret&query=heat"
        )
    finally:
        for handler in logging.getLogger().handlers:
            handler.close()
        logging.config.dictConfig(settings.LOGGING)
    text = log_file.read_text()
    assert "s3cret" not in text
    assert "api_key=***&query=heat" in text


def test_tracebacks_are_masked_too():
    import io

    from radarr_site.logredact import RedactSecrets

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    try:
        try:
            raise ConnectionError("Max retries exceeded with url: /api?t=search&apikey=hunter2")
        except ConnectionError:
            logger.exception("Indexer search failed")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "Indexer search failed" in text and "Traceback" in text
    assert "hunter2" not in text and "apikey=***" in text


def test_masks_any_name_ending_in_apikey_or_api_key_in_any_case():
    line = (
        "jackett_apikey=j4ck tmdb_api_key=tmdb1 /api?X_API_KEY=up&q=heat "
        "settings: radarr-api-key=rad1 and passkey=pk9 torrent_passkey=pk10"
    )
    masked = redact(line)
    for secret in ("j4ck", "tmdb1", "=up", "rad1", "pk9", "pk10"):
        assert secret not in masked
    assert "jackett_apikey=***" in masked and "X_API_KEY=***&q=heat" in masked


def test_masks_a_passkey_outside_a_query_string():
    assert redact("body: passkey=p4ss user=alice") == "body: passkey=*** user=alice"


def test_words_merely_containing_key_are_left_alone():
    assert redact("monkey=5 keyboard=us") == "monkey=5 keyboard=us"
