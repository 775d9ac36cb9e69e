"""Scoring the parser against the shared corpus (../shared/corpus/radarr-parser-dev.jsonl).

Each record names a Radarr entry point (`call`); `actual(record)` runs ours and returns the
corpus fields it yields, and `score(records)` compares every asserted field with the
README's semantics. The corpus test and tests/bench/parser.py both use it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "radarr-parser-dev.jsonl"

_LOOSE_DROP = re.compile(r"\b(?:a|an|the|and|or|of)\b")
_LOOSE_KEEP = re.compile(r"[^a-z0-9 ]+")


def load(path: Path = CORPUS) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def loose(text: str | None) -> str:
    """Lower case, accents and punctuation gone, inner little words dropped."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    words = _LOOSE_KEEP.sub(" ", folded).split()
    inner = [w for i, w in enumerate(words) if i == 0 or not _LOOSE_DROP.fullmatch(w)]
    return "".join(inner)


def actual(record: dict) -> dict:
    """What our parser says for the record's input, in corpus field names."""
    from movies import parser

    call, title = record["call"], record["title"]
    if call in ("ParseMovieTitle", "ParseMoviePath"):
        parsed = (
            parser.parse_path(title) if call == "ParseMoviePath" else parser.parse_release(title)
        )
        out = parsed.as_dict()
        out["title_loose"] = parsed.title
        return out
    if call == "ParseQuality":
        return parser.parse_release(title).as_dict()
    if call == "ParseReleaseGroup":
        return {"release_group": parser.parse_release(title).release_group}
    if call == "ParseLanguages":
        return {"languages": parser.parse_languages(title)}
    if call in ("ParseSubtitleLanguage", "ParseSubtitleLanguageInformation"):
        sub = parser.parse_subtitle(title)
        return {
            "subtitle_language": sub.language,
            "subtitle_tags": sub.tags,
            "subtitle_title": sub.title,
        }
    if call == "IsSceneTitle":
        return {"is_scene": parser.is_scene_title(title)}
    if call == "GetSceneTitle":
        return {"scene_title": parser.scene_title(title)}
    raise ValueError(f"unknown call {call}")


def field_ok(name: str, want, got: dict) -> bool:
    if name == "languages_include":
        return set(want) <= set(got.get("languages") or [])
    if name == "title_loose":
        return loose(want) == loose(got.get("title_loose"))
    if name in ("languages", "subtitle_tags"):
        return set(want) == set(got.get(name) or [])
    if name == "subtitle_title":
        have = got.get(name)
        return (want or "").casefold() == (have or "").casefold() and (want is None) == (
            have is None
        )
    return got.get(name) == want


@dataclass
class Failure:
    """One record with at least one wrong field."""

    record: dict
    wrong: dict[str, tuple]  # field: (expected, actual)

    def line(self) -> str:
        shown = ", ".join(f"{k}: want {w!r} got {g!r}" for k, (w, g) in self.wrong.items())
        return f"{self.record['call']} {self.record['title']!r}: {shown}"


@dataclass
class Score:
    """Field and record accuracy of one run over the corpus."""

    fields: int = 0
    fields_right: int = 0
    records: int = 0
    records_right: int = 0
    failures: list[Failure] = field(default_factory=list)
    by_field: dict[str, list[int]] = field(default_factory=dict)  # name: [right, total]

    @property
    def field_accuracy(self) -> float:
        return self.fields_right / self.fields if self.fields else 1.0

    @property
    def record_accuracy(self) -> float:
        return self.records_right / self.records if self.records else 1.0


def score(records: Iterable[dict]) -> Score:
    """Compare every asserted field of every record; `expect: null` asserts no title."""
    result = Score()
    for record in records:
        got = actual(record)
        expect = record["expect"]
        checks = {"title": None} if expect is None else expect
        wrong = {}
        for name, want in checks.items():
            ok = got.get("title") is None if expect is None else field_ok(name, want, got)
            tally = result.by_field.setdefault("expect_null" if expect is None else name, [0, 0])
            tally[1] += 1
            result.fields += 1
            if ok:
                tally[0] += 1
                result.fields_right += 1
            else:
                wrong[name] = (want, got.get("title_loose" if name == "title_loose" else name))
        result.records += 1
        if wrong:
            result.failures.append(Failure(record, wrong))
        else:
            result.records_right += 1
    return result
