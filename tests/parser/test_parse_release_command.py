"""`manage.py parse_release`: JSON per title, from arguments or from stdin."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(*args, stdin: str | None = None) -> str:
    out = io.StringIO()
    kwargs = {"stdout": out}
    if stdin is not None:
        kwargs["stdin"] = io.StringIO(stdin)
    call_command("parse_release", *args, **kwargs)
    return out.getvalue()


def test_prints_one_json_object_per_title_with_the_input():
    text = run("Heat.1995.1080p.BluRay.x264-GRP", "Alien.1979.720p.WEB-DL-X")
    decoder, objects, pos = json.JSONDecoder(), [], 0
    while pos < len(text.strip()):
        obj, pos = decoder.raw_decode(text, pos)
        objects.append(obj)
        pos += len(text[pos:]) - len(text[pos:].lstrip())
    assert [o["input"] for o in objects] == [
        "Heat.1995.1080p.BluRay.x264-GRP",
        "Alien.1979.720p.WEB-DL-X",
    ]
    assert (objects[0]["title"], objects[0]["year"], objects[0]["release_group"]) == (
        "Heat",
        1995,
        "GRP",
    )


def test_jsonl_reads_titles_from_stdin_one_line_each_skipping_blank_lines():
    text = run("--jsonl", stdin="Heat.1995.1080p.BluRay-GRP\n\n   \nAlien 1979 720p\n")
    lines = text.strip().splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["title"] for line in lines] == ["Heat", "Alien"]


def test_output_uses_the_corpus_field_names():
    data = json.loads(run("--jsonl", stdin="Heat.1995.1080p.BluRay-GRP\n"))
    for name in ("title", "titles", "year", "edition", "release_group", "source", "quality"):
        assert name in data


def test_no_titles_and_no_jsonl_is_an_error():
    with pytest.raises(CommandError):
        run()
