"""The safe XML parser: entity tricks never expand, HTML and broken XML say what they are."""

from __future__ import annotations

import pytest

from indexers.clients.newznab.xml import parse_xml
from radarr_site.http.errors import BadResponse
from tests.servers.torznab import FIXTURES, bomb_body, login_page, xxe_body


def test_parses_a_recorded_torznab_feed():
    root = parse_xml((FIXTURES / "search.xml").read_bytes(), "Fake (h)")
    assert root.tag == "rss"
    assert len(root.find("channel").findall("item")) == 3


def test_refuses_a_billion_laughs_document_without_expanding_it():
    with pytest.raises(BadResponse, match="DOCTYPE"):
        parse_xml(bomb_body(), "Fake (h)")


def test_refuses_an_external_entity_and_never_reads_the_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    with pytest.raises(BadResponse) as caught:
        parse_xml(xxe_body(str(secret)), "Fake (h)")
    assert "TOP-SECRET-CONTENT" not in str(caught.value)


def test_refuses_a_doctype_even_after_comments():
    body = b'<?xml version="1.0"?>\n<!-- hi -->\n<!DOCTYPE rss SYSTEM "http://x/d.dtd"><rss/>'
    with pytest.raises(BadResponse, match="DOCTYPE"):
        parse_xml(body, "Fake (h)")


def test_a_doctype_quoted_inside_cdata_is_not_refused():
    body = b"<rss><channel><description><![CDATA[<!DOCTYPE html>]]></description></channel></rss>"
    assert parse_xml(body, "Fake (h)").tag == "rss"


def test_names_an_html_login_page_by_its_content_type():
    with pytest.raises(BadResponse) as caught:
        parse_xml(b"<p>log in</p>", "Fake (h)", "text/html; charset=utf-8")
    assert str(caught.value) == (
        "Fake (h) answered with an HTML page, not XML (a login page? check the URL and API key)"
    )


def test_names_an_html_login_page_sent_as_xml():
    with pytest.raises(BadResponse, match="HTML page, not XML"):
        parse_xml(login_page(), "Fake (h)", "application/xml")


def test_names_an_xhtml_root_as_an_html_page():
    with pytest.raises(BadResponse, match="HTML page"):
        parse_xml(b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>', "F (h)")


def test_reports_malformed_xml_with_its_line():
    with pytest.raises(BadResponse) as caught:
        parse_xml(b"<rss>\n<channel>\n<item><title>x</item>", "Fake (h)")
    assert "malformed XML (line 3" in str(caught.value)


def test_reports_an_empty_body():
    with pytest.raises(BadResponse, match="empty body"):
        parse_xml(b"  \n", "Fake (h)")
