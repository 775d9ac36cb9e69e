"""Size within the quality definition rule."""

from indexers.decisions import SizeLimit
from indexers.decisions.specs.size import SizeWithinDefinition
from tests.decisions.factories import (
    BLURAY_1080P,
    GIB,
    MIB,
    decision,
    evaluate,
    movie,
    parsed,
    release,
)


def sized(size: int, quality_id: int = 3):
    return decision(release(size=size), parsed(quality_id=quality_id))


def test_accepts_size_within_the_definition_for_the_runtime():
    assert evaluate(SizeWithinDefinition(), sized(8 * GIB), movie(runtime=121)) is None


def test_rejects_size_below_the_minimum_with_the_numbers():
    sizes = {3: SizeLimit(10.0, 100.0)}  # 10 MB/min for 121 min = 1,210 MB
    rejection = evaluate(
        SizeWithinDefinition(), sized(int(412.5 * MIB)), movie(runtime=121), sizes=sizes
    )
    assert rejection.reason == (
        "Size 412.5 MB is below the minimum 1.2 GB for WEBDL-1080p at 121 min"
    )


def test_rejects_size_above_the_maximum_with_the_numbers():
    rejection = evaluate(SizeWithinDefinition(), sized(20 * GIB), movie(runtime=100))
    assert rejection.reason == (
        "Size 20.0 GB is above the maximum 9.8 GB for WEBDL-1080p at 100 min"
    )


def test_accepts_any_large_size_when_the_definition_has_no_maximum():
    huge = sized(80 * GIB, quality_id=BLURAY_1080P)
    assert evaluate(SizeWithinDefinition(), huge, movie(runtime=100)) is None


def test_treats_a_zero_maximum_as_no_limit():
    sizes = {3: SizeLimit(0.0, 0.0)}
    assert evaluate(SizeWithinDefinition(), sized(50 * GIB), sizes=sizes) is None


def test_checks_an_unknown_runtime_as_110_minutes_and_notes_it():
    fine = sized(2 * GIB)  # 18.6 MB/min over 110 minutes: inside 4-100
    assert evaluate(SizeWithinDefinition(), fine, movie(runtime=0)) is None
    assert fine.notes == ["The movie's runtime is unknown; the size was checked for 110 minutes."]


def test_rejects_a_tiny_release_of_a_movie_with_unknown_runtime():
    tiny = sized(1 * MIB)
    rejection = evaluate(SizeWithinDefinition(), tiny, movie(runtime=0))
    assert rejection.reason.startswith("Size 1.0 MB is below the minimum")
    assert rejection.reason.endswith("for WEBDL-1080p at 110 min")


def test_skips_the_check_when_the_indexer_gives_no_size():
    unknown = sized(0)
    assert evaluate(SizeWithinDefinition(), unknown) is None
    assert unknown.notes == ["The indexer gave no size; the size was not checked."]


def test_skips_the_check_for_a_quality_without_definition():
    assert evaluate(SizeWithinDefinition(), sized(1, quality_id=31), sizes={}) is None
