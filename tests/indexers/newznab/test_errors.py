"""Newznab error codes become the toolkit's errors, naming the indexer and its words."""

from __future__ import annotations

import pytest
from lxml import etree

from indexers.clients.newznab.errors import (
    error_detail,
    error_for,
    raise_for_error,
    raise_for_limit_text,
)
from radarr_site.http.errors import AuthError, BadResponse, RateLimited, Unavailable
from tests.servers.torznab import error_body


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (100, AuthError),
        (101, AuthError),
        (102, AuthError),
        (200, BadResponse),
        (201, BadResponse),
        (203, BadResponse),
        (300, BadResponse),
        (429, RateLimited),
        (500, RateLimited),
        (900, Unavailable),
        (910, Unavailable),
        (123, BadResponse),
    ],
)
def test_maps_each_error_code_to_its_error_type(code, kind):
    assert type(error_for(code, "words", "Fake (h)")) is kind


def test_bad_credentials_message_names_the_indexer_and_the_description():
    root = etree.fromstring(error_body(100))
    with pytest.raises(AuthError) as caught:
        raise_for_error(root, "Fake (h)")
    assert str(caught.value) == (
        "Fake (h) refused the API key (code 100: Incorrect user credentials)"
    )


def test_api_disabled_says_so():
    assert str(error_for(910, "API Disabled", "Fake (h)")) == (
        "Fake (h): its API is disabled (code 910: API Disabled)"
    )


def test_request_limit_wording_is_rate_limited_whatever_the_code():
    assert isinstance(error_for(900, "Request limit reached", "Fake (h)"), RateLimited)


def test_a_feed_root_is_not_an_error():
    raise_for_error(etree.fromstring(b"<rss/>"), "Fake (h)")


def test_plain_text_request_limit_is_rate_limited():
    with pytest.raises(RateLimited, match="request limit is reached"):
        raise_for_limit_text(b"Request limit reached. Upgrade your account.", "Fake (h)")


def test_error_detail_reads_an_error_body_for_http_statuses():
    assert error_detail(error_body(100)) == "code 100: Incorrect user credentials"
    assert error_detail(b"<html>Bad gateway</html>") is None
