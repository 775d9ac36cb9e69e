"""decide_for_movie: the context built from the database, the real parser and formats."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from downloads.services import add_to_blocklist
from indexers.models import IndexerOptions
from indexers.release import Release
from indexers.services import decide_for_movie
from movies.models import CustomFormat, Movie, MovieFile, ProfileFormatScore, QualityProfile

GIB = 1024**3
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture
def movie(seeded_qualities, root_folder):
    profile = QualityProfile.objects.get(name="HD-1080p")
    profile.cutoff_format_score = 100
    profile.save()
    x265 = CustomFormat.objects.create(
        name="x265",
        specifications=[
            {
                "name": "x265",
                "implementation": "ReleaseTitleSpecification",
                "negate": False,
                "required": True,
                "fields": {"value": r"\b(x265|HEVC)\b"},
            }
        ],
    )
    ProfileFormatScore.objects.create(profile=profile, custom_format=x265, score=50)
    movie = Movie.objects.create(
        tmdb_id=603,
        imdb_id="tt0133093",
        title="The Matrix",
        year=1999,
        runtime=136,
        digital_release=date(1999, 9, 21),
        quality_profile=profile,
        root_folder=root_folder,
        path=f"{root_folder.path}/The Matrix (1999)",
    )
    MovieFile.objects.create(
        movie=movie,
        relative_path="The.Matrix.1999.1080p.WEB-DL.DD5.1.H.264-OLD.mkv",
        size=6 * GIB,
        quality_id=3,
    )
    return movie


def torrent(title, **fields):
    values = {"size": 10 * GIB, "indexer": "Example", "indexer_id": 1, "seeders": 40}
    values.update(fields)
    return Release(title=title, protocol="torrent", guid=f"guid:{title}", **values)


def by_title(decisions):
    return {d.release.title: d for d in decisions}


@pytest.mark.django_db
def test_accepts_an_upgrade_and_explains_each_rejection(movie):
    add_to_blocklist(movie.pk, source_title="x", info_hash="BAD0", protocol="torrent")
    releases = [
        torrent("The.Matrix.1999.1080p.HDTV.x264-GRP"),
        torrent("The.Matrix.1999.1080p.BluRay.x264-GRP"),
        torrent("The.Matrix.1999.1080p.BluRay.x264-BAD", info_hash="bad0"),
        torrent("Alien.1979.1080p.BluRay.x264-GRP"),
    ]
    decisions = decide_for_movie(movie, releases, now=NOW)
    assert decisions[0].release.title == "The.Matrix.1999.1080p.BluRay.x264-GRP"
    assert [d.accepted for d in decisions] == [True, False, False, False]
    found = by_title(decisions)
    assert found["The.Matrix.1999.1080p.HDTV.x264-GRP"].reasons == [
        "Existing file WEBDL-1080p is better than HDTV-1080p"
    ]
    assert [r.rule for r in found["The.Matrix.1999.1080p.BluRay.x264-BAD"].rejections] == [
        "blocklist"
    ]
    assert "movie_match" in {r.rule for r in found["Alien.1979.1080p.BluRay.x264-GRP"].rejections}


@pytest.mark.django_db
def test_scores_custom_formats_for_the_movies_profile(movie):
    [decision] = decide_for_movie(movie, [torrent("The.Matrix.1999.1080p.WEB-DL.x265-GRP")])
    assert [f.name for f in decision.custom_formats] == ["x265"]
    assert decision.format_score == 50
    assert decision.accepted  # same quality as the file, a better format score


@pytest.mark.django_db
def test_compares_with_the_existing_files_own_format_score(movie):
    movie.files.update(relative_path="The.Matrix.1999.1080p.WEB-DL.x265-OLD.mkv")
    [decision] = decide_for_movie(movie, [torrent("The.Matrix.1999.1080p.WEB-DL.HEVC-GRP")])
    assert decision.reasons == [
        "Existing file WEBDL-1080p (format score 50) is as good as this release (format score 50)"
    ]


@pytest.mark.django_db
def test_applies_the_indexer_options(movie):
    options = IndexerOptions.load()
    options.maximum_size_mb = 5 * 1024
    options.save()
    [decision] = decide_for_movie(movie, [torrent("The.Matrix.1999.1080p.BluRay.x264-GRP")])
    assert [r.rule for r in decision.rejections] == ["maximum_size"]


@pytest.mark.django_db
def test_rejects_everything_before_the_minimum_availability(movie):
    movie.digital_release = None
    movie.in_cinemas = date(2099, 1, 1)
    movie.save()
    [decision] = decide_for_movie(movie, [torrent("The.Matrix.1999.1080p.BluRay.x264-GRP")])
    assert decision.reasons == [
        "The Matrix (1999) has not reached its minimum availability (Released)"
    ]


@pytest.mark.django_db
def test_blocks_a_usenet_post_by_its_stored_publish_date(movie):
    posted = datetime(2026, 11, 20, 7, 45, 12, tzinfo=UTC)
    title = "The.Matrix.1999.1080p.BluRay.x264-GRP"
    add_to_blocklist(
        movie.pk, source_title=title, indexer="Example", protocol="usenet", publish_date=posted
    )
    same, repost = (
        Release(title=title, protocol="usenet", indexer="Other", publish_date=when, size=10 * GIB)
        for when in (posted, datetime(2026, 11, 25, tzinfo=UTC))
    )
    found = decide_for_movie(movie, [same, repost], now=NOW)
    assert [(d.release.publish_date, d.accepted) for d in found] == [
        (repost.publish_date, True),
        (posted, False),
    ]


@pytest.mark.django_db
def test_refuses_in_rss_a_proper_for_a_file_added_over_a_week_ago(movie):
    movie.files.update(date_added=datetime(2026, 11, 1, tzinfo=UTC))
    proper = torrent("The.Matrix.1999.1080p.WEB-DL.PROPER.DD5.1.H.264-OLD")
    [rss] = decide_for_movie(movie, [proper], now=NOW, rss=True)
    [search] = decide_for_movie(movie, [proper], now=NOW)
    assert [r.rule for r in rss.rejections] == ["proper_age"]
    assert search.accepted


@pytest.mark.django_db
def test_judges_availability_on_the_given_now_not_today(movie):
    movie.digital_release = date(2027, 3, 1)  # after NOW, long before any real run
    movie.save()
    release = torrent("The.Matrix.1999.1080p.BluRay.x264-GRP")
    [before] = decide_for_movie(movie, [release], now=NOW)
    [after] = decide_for_movie(movie, [release], now=datetime(2027, 3, 2, 12, tzinfo=UTC))
    assert [r.rule for r in before.rejections] == ["availability"]
    assert after.accepted


@pytest.mark.django_db
def test_needs_the_same_few_queries_for_ten_or_a_thousand_releases(movie):
    def count(n):
        releases = [torrent(f"The.Matrix.1999.1080p.BluRay.x264-G{i}") for i in range(n)]
        fresh = Movie.objects.get(pk=movie.pk)
        with CaptureQueriesContext(connection) as ctx:
            decide_for_movie(fresh, releases)
        return len(ctx.captured_queries)

    IndexerOptions.load()  # the first load creates the row; later ones only read it
    few, many = count(10), count(1000)
    assert few == many
    assert many <= 8


@pytest.mark.django_db
def test_scores_a_size_format_per_release_even_for_one_title(movie):
    big = CustomFormat.objects.create(
        name="Big",
        specifications=[
            {
                "name": "Over 20 GB",
                "implementation": "SizeSpecification",
                "negate": False,
                "required": True,
                "fields": {"min": 20, "max": 0},
            }
        ],
    )
    ProfileFormatScore.objects.create(profile=movie.quality_profile, custom_format=big, score=7)
    title = "The.Matrix.1999.1080p.BluRay.x264-GRP"
    decisions = decide_for_movie(movie, [torrent(title, size=30 * GIB), torrent(title, size=GIB)])
    assert sorted(d.format_score for d in decisions) == [0, 7]


@pytest.mark.django_db
def test_scores_an_indexer_flag_format_per_release_even_for_one_title(movie):
    freeleech = CustomFormat.objects.create(
        name="Freeleech",
        specifications=[
            {
                "name": "Freeleech",
                "implementation": "IndexerFlagSpecification",
                "negate": False,
                "required": True,
                "fields": {"value": 1},
            }
        ],
    )
    ProfileFormatScore.objects.create(
        profile=movie.quality_profile, custom_format=freeleech, score=3
    )
    title = "The.Matrix.1999.1080p.BluRay.x264-GRP"
    decisions = decide_for_movie(movie, [torrent(title, indexer_flags=1), torrent(title)])
    assert sorted(d.format_score for d in decisions) == [0, 3]


@pytest.mark.django_db
def test_knows_the_movies_original_language_for_language_formats(movie):
    original = CustomFormat.objects.create(
        name="Original language",
        specifications=[
            {
                "name": "Original",
                "implementation": "LanguageSpecification",
                "negate": False,
                "required": True,
                "fields": {"value": -2},
            }
        ],
    )
    ProfileFormatScore.objects.create(
        profile=movie.quality_profile, custom_format=original, score=5
    )
    movie.original_language = "fr"
    movie.save()
    french = torrent("The.Matrix.1999.FRENCH.1080p.BluRay.x264-GRP")
    german = torrent("The.Matrix.1999.GERMAN.1080p.BluRay.x264-GRP")
    scores = {d.release.title: d.format_score for d in decide_for_movie(movie, [french, german])}
    assert scores == {french.title: 5, german.title: 0}


@pytest.mark.django_db
def test_takes_a_repack_only_from_the_existing_files_group(movie):
    own = torrent("The.Matrix.1999.1080p.WEB-DL.REPACK.DD5.1.H.264-OLD")
    other = torrent("The.Matrix.1999.1080p.WEB-DL.REPACK.DD5.1.H.264-NEW")
    found = by_title(decide_for_movie(movie, [own, other]))
    assert found[own.title].accepted
    assert found[other.title].reasons == [
        "Repack by NEW cannot fix the existing file WEBDL-1080p by OLD"
    ]


def _reaches_past_movies_services(module: str) -> bool:
    # The models are the shared schema (foreign keys, simple reads); everything else of
    # the movies app is reached through movies.services.
    allowed = ("movies.services", "movies.models")
    inside = module.startswith("movies.")
    return inside and not any(module == a or module.startswith(a + ".") for a in allowed)


def test_indexers_and_downloads_reach_movies_only_through_services_and_models():
    import ast
    from pathlib import Path

    import downloads
    import indexers

    offenders = []
    for app in (indexers, downloads):
        for path in Path(app.__file__).parent.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module:
                    # `from movies import models` names the module in its alias.
                    modules = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                elif isinstance(node, ast.Import):
                    modules = [a.name for a in node.names]
                else:
                    continue
                offenders += [
                    f"{path.name}: {m}" for m in modules if _reaches_past_movies_services(m)
                ]
    assert offenders == []
