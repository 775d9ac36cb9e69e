"""The engine: every rule runs, accepted releases come first and ranked."""

from indexers.decisions import Decision, ExistingFile, decide, judge
from tests.decisions.factories import (
    BLURAY_480P,
    BLURAY_1080P,
    HDTV_1080P,
    MOVIE,
    NOW,
    WEBDL_1080P,
    context,
    movie,
    parsed,
    release,
)

PARSES = {
    "The.Matrix.1999.1080p.BluRay.x264-GRP": parsed(quality_id=BLURAY_1080P),
    "The.Matrix.1999.1080p.WEB-DL-GRP": parsed(quality_id=WEBDL_1080P),
    "The.Matrix.1999.1080p.HDTV-GRP": parsed(quality_id=HDTV_1080P),
    "Alien.1979.480p.BluRay-GRP": parsed("Alien", year=1979, quality_id=BLURAY_480P),
}


def engine_context(**changes):
    changes.setdefault("parse", PARSES.__getitem__)
    return context(**changes)


def test_collects_every_reason_not_just_the_first():
    bad = release("Alien.1979.480p.BluRay-GRP", seeders=0)
    [decision] = decide(MOVIE, [bad], engine_context(minimum_seeders=1))
    assert [r.rule for r in decision.rejections] == [
        "minimum_seeders",
        "movie_match",
        "quality_allowed",
    ]
    assert not decision.accepted


def test_accepts_a_release_no_rule_rejects_with_its_parse():
    good = release("The.Matrix.1999.1080p.WEB-DL-GRP")
    [decision] = decide(MOVIE, [good], engine_context())
    assert decision.accepted
    assert decision.quality.quality_id == WEBDL_1080P
    assert decision.parsed.title == "The Matrix"


def test_returns_accepted_ranked_first_then_rejected():
    titles = [
        "Alien.1979.480p.BluRay-GRP",
        "The.Matrix.1999.1080p.HDTV-GRP",
        "The.Matrix.1999.1080p.BluRay.x264-GRP",
    ]
    decisions = decide(MOVIE, [release(t) for t in titles], engine_context())
    assert [d.release.title for d in decisions] == [titles[2], titles[1], titles[0]]
    assert [d.accepted for d in decisions] == [True, True, False]


def test_puts_temporarily_rejected_before_permanently_rejected():
    from datetime import timedelta

    young = release(
        "The.Matrix.1999.1080p.HDTV-GRP", protocol="usenet", publish_date=NOW - timedelta(minutes=5)
    )
    wrong = release("Alien.1979.480p.BluRay-GRP")
    decisions = decide(MOVIE, [wrong, young], engine_context(minimum_age_minutes=60))
    assert [d.release.title for d in decisions] == [young.title, wrong.title]
    assert decisions[0].temporarily_rejected


def test_gives_each_release_its_format_score_from_the_context():
    def score(parsed_, release_):
        return (["x265"], 7) if "BluRay" in release_.title else ([], 0)

    [decision] = decide(
        MOVIE,
        [release("The.Matrix.1999.1080p.BluRay.x264-GRP")],
        engine_context(score_formats=score),
    )
    assert (decision.custom_formats, decision.format_score) == (["x265"], 7)


def test_judges_against_the_existing_file():
    existing = ExistingFile(BLURAY_1080P)
    [decision] = decide(
        MOVIE, [release("The.Matrix.1999.1080p.HDTV-GRP")], engine_context(existing_file=existing)
    )
    assert {r.rule for r in decision.rejections} == {"upgrade", "cutoff"}


def test_judge_runs_only_the_rules_it_is_given():
    from indexers.decisions.specs.seeders import MinimumSeeders

    decision = judge(
        movie(available=False),
        release("Alien.1979.480p.BluRay-GRP", seeders=0),
        engine_context(),
        rules=[MinimumSeeders()],
    )
    assert isinstance(decision, Decision)
    assert [r.rule for r in decision.rejections] == ["minimum_seeders"]


def test_parses_each_distinct_title_once_per_batch():
    calls = []

    def counting_parse(title):
        calls.append(title)
        return PARSES[title]

    title = "The.Matrix.1999.1080p.WEB-DL-GRP"
    decisions = decide(
        MOVIE,
        [release(title, indexer="A"), release(title, indexer="B")],
        engine_context(parse=counting_parse),
    )
    assert calls == [title]
    assert len(decisions) == 2


def test_skips_rules_that_do_not_apply_in_the_context():
    from indexers.decisions.specs.base import Rule

    class NeverApplies(Rule):
        name = "never"

        def applies(self, movie_, context_):
            return False

        def evaluate(self, decision, movie_, context_):
            raise AssertionError("evaluated a rule that does not apply")

    [decision] = decide(
        MOVIE, [release("The.Matrix.1999.1080p.WEB-DL-GRP")], engine_context(), [NeverApplies()]
    )
    assert decision.accepted
