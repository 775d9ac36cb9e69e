"""Scene-group reputation in decisions: the profile minimum rule and the ranking step.

The rule and the ranking need no database: verdicts come from a dict standing in for
scenegroups' lookup. The last tests go through decide_for_movie with stored groups.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indexers.decisions import decide, rank
from indexers.decisions.specs.reputation import GroupReputation
from scenegroups.verdict import Verdict
from tests.decisions.factories import (
    BLURAY_1080P,
    GIB,
    MOVIE,
    WEBDL_1080P,
    context,
    decision,
    evaluate,
    parsed,
    profile,
    release,
)

VERDICTS = {
    "framestor": Verdict("FraMeSToR", 88.4, "Elite", "high"),
    "sloppy": Verdict("SLOPPY", 34.9, "Poor", "high"),
    "fresh": Verdict("FRESH", 12.0, "Poor", "low", 4),
    "decent": Verdict("DECENT", 45.0, "Fair", "medium"),
}


def lookup(name, extra=None):
    return {**VERDICTS, **(extra or {})}.get(name.lower())


def lookup_with(**extra):
    return lambda name: lookup(name, extra)


def by_group(group, score=0, quality_id=WEBDL_1080P, **fields):
    title = f"The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-{group or 'NOGROUP'}"
    return decision(
        release(title, **fields), parsed(quality_id=quality_id, release_group=group), score
    )


def judge(group, minimum=50, verdicts=lookup):
    found = by_group(group)
    rejection = evaluate(
        GroupReputation(),
        found,
        profile=profile(minimum_reputation=minimum),
        group_verdict=verdicts,
    )
    return found, rejection


def test_rejects_a_group_known_confidently_below_the_minimum():
    _, rejection = judge("SLOPPY")
    assert rejection is not None and rejection.permanent


def test_the_rejection_names_the_group_its_score_the_minimum_and_the_confidence():
    _, rejection = judge("SLOPPY")
    assert rejection.reason == "group SLOPPY scores 34 < 50, confidence high"


def test_a_score_just_under_the_minimum_never_reads_as_equal_to_it():
    _, rejection = judge("EDGE", verdicts=lookup_with(edge=Verdict("EDGE", 49.9, "Fair", "high")))
    assert rejection.reason == "group EDGE scores 49 < 50, confidence high"


def test_medium_confidence_is_enough_to_reject():
    _, rejection = judge("DECENT")
    assert rejection.reason == "group DECENT scores 45 < 50, confidence medium"


def test_keeps_a_group_at_or_above_the_minimum_without_a_note():
    found, rejection = judge("FraMeSToR", minimum=88)
    assert rejection is None and found.notes == []


def test_keeps_an_unknown_group_and_notes_that_its_reputation_is_unknown():
    found, rejection = judge("NOBODY")
    assert rejection is None
    assert found.notes == ["group NOBODY: reputation unknown"]


def test_keeps_a_release_without_a_group_and_says_so():
    found, rejection = judge("")
    assert rejection is None
    assert found.notes == ["no release group: reputation unknown"]


def test_keeps_a_low_confidence_group_however_low_and_notes_why():
    found, rejection = judge("FRESH", minimum=100)
    assert rejection is None
    assert found.notes == [
        "group FRESH: low confidence (4 releases, scores 12), minimum reputation not applied"
    ]


def test_with_the_minimum_off_keeps_every_group_and_leaves_no_note():
    for group in ("SLOPPY", "FRESH", "NOBODY", ""):
        found, rejection = judge(group, minimum=0)
        assert rejection is None and found.notes == [], group


def test_every_decision_carries_its_groups_verdict_for_display_even_with_the_minimum_off():
    found, _ = judge("framestor", minimum=0)
    assert found.reputation == VERDICTS["framestor"]


def test_the_engine_rejects_through_the_registered_rule():
    decisions = decide(
        MOVIE,
        [release("The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-SLOPPY")],
        context(
            profile=profile(minimum_reputation=50),
            group_verdict=lookup,
            parse=lambda title: parsed(release_group=title.rsplit("-", 1)[1]),
        ),
    )
    assert decisions[0].reasons == ["group SLOPPY scores 34 < 50, confidence high"]


# -- ranking ---------------------------------------------------------------------------------


def groups(ranked):
    return [d.parsed.release_group for d in ranked]


def test_ranks_the_better_group_first_at_equal_quality_and_format_score():
    ranked = rank([by_group("SLOPPY"), by_group("FraMeSToR")], context(group_verdict=lookup))
    assert groups(ranked) == ["FraMeSToR", "SLOPPY"]


def test_a_better_format_score_beats_a_better_group():
    ranked = rank(
        [by_group("FraMeSToR", score=0), by_group("SLOPPY", score=10)],
        context(group_verdict=lookup),
    )
    assert groups(ranked) == ["SLOPPY", "FraMeSToR"]


def test_a_better_quality_beats_a_better_group():
    ranked = rank(
        [by_group("FraMeSToR"), by_group("SLOPPY", quality_id=BLURAY_1080P)],
        context(group_verdict=lookup),
    )
    assert groups(ranked) == ["SLOPPY", "FraMeSToR"]


def test_an_unknown_group_ranks_as_neutral_between_good_and_poor_groups():
    ranked = rank(
        [by_group("SLOPPY"), by_group("NOBODY"), by_group("FraMeSToR")],
        context(group_verdict=lookup),
    )
    assert groups(ranked) == ["FraMeSToR", "NOBODY", "SLOPPY"]


def test_a_low_confidence_group_ranks_as_neutral_not_by_its_score():
    ranked = rank([by_group("FRESH"), by_group("SLOPPY")], context(group_verdict=lookup))
    assert groups(ranked) == ["FRESH", "SLOPPY"]


def test_scores_within_one_step_leave_the_order_to_the_next_levels():
    ranked = rank(
        [by_group("FraMeSToR", seeders=5), by_group("CLOSE", seeders=500)],
        context(group_verdict=lookup_with(close=Verdict("CLOSE", 81.0, "Good", "high"))),
    )
    assert groups(ranked) == ["CLOSE", "FraMeSToR"]


# -- through the service: the stored profile minimum and the stored groups -----------------


@pytest.fixture
def stored_movie(seeded_qualities, root_folder):
    from movies.models import Movie, QualityProfile
    from scenegroups.models import SceneGroup

    profile = QualityProfile.objects.get(name="HD-1080p")
    profile.minimum_reputation = 50
    profile.save()
    for name, score, confidence in [("SLOPPY", 34.0, "high"), ("FraMeSToR", 88.0, "high")]:
        SceneGroup.objects.create(
            key=name.lower(), name=name, score=score, tier="x", confidence=confidence
        )
    return Movie.objects.create(
        tmdb_id=603,
        title="The Matrix",
        year=1999,
        runtime=136,
        digital_release=date(1999, 9, 21),
        quality_profile=profile,
        root_folder=root_folder,
        path=f"{root_folder.path}/The Matrix (1999)",
    )


def stored_release(group):
    title = f"The.Matrix.1999.1080p.BluRay.x264-{group}"
    return release(title, size=10 * GIB, guid=f"guid:{title}")


@pytest.mark.django_db
def test_decide_for_movie_applies_the_stored_minimum_to_the_stored_groups(stored_movie):
    from indexers.services import decide_for_movie

    decisions = decide_for_movie(stored_movie, [stored_release("SLOPPY"), stored_release("NEW")])
    verdicts = {d.parsed.release_group: d.reasons or d.notes for d in decisions}
    assert verdicts == {
        "SLOPPY": ["group SLOPPY scores 34 < 50, confidence high"],
        "NEW": ["group NEW: reputation unknown"],
    }


@pytest.mark.django_db
def test_decide_for_movie_reads_the_groups_once_however_many_releases(stored_movie):
    from indexers.services import decide_for_movie

    def group_queries(n):
        releases = [stored_release(g) for g in ["SLOPPY", "FraMeSToR"] * n]
        with CaptureQueriesContext(connection) as ctx:
            decide_for_movie(stored_movie, releases)
        return [q for q in ctx.captured_queries if "scenegroups_scenegroup" in q["sql"]]

    assert len(group_queries(1)) == len(group_queries(50)) == 1


# -- the profile page -------------------------------------------------------------------------


def _profile_url(profile):
    from django.urls import reverse

    return reverse("settings:profile_edit", args=[profile.pk])


@pytest.fixture
def hd_profile(db):
    from movies.models import QualityProfile

    return QualityProfile.objects.get(name="HD-1080p")


@pytest.mark.django_db
def test_a_new_profile_has_the_minimum_reputation_off(hd_profile):
    assert hd_profile.minimum_reputation == 0


@pytest.mark.django_db
def test_the_profile_page_saves_the_minimum_reputation(admin_client, hd_profile):
    from tests.settings_pages.test_profiles import posted_state

    data = posted_state(hd_profile, minimum_reputation="60")
    response = admin_client.post(_profile_url(hd_profile), data)
    assert response.status_code == 302
    hd_profile.refresh_from_db()
    assert hd_profile.minimum_reputation == 60


@pytest.mark.django_db
def test_the_profile_page_shows_the_stored_minimum_reputation(admin_client, hd_profile):
    hd_profile.minimum_reputation = 40
    hd_profile.save()
    html = admin_client.get(_profile_url(hd_profile)).content.decode()
    assert 'name="minimum_reputation"' in html and 'value="40"' in html


@pytest.mark.django_db
def test_the_profile_page_refuses_a_minimum_reputation_above_100(admin_client, hd_profile):
    from tests.settings_pages.test_profiles import posted_state

    data = posted_state(hd_profile, minimum_reputation="101")
    response = admin_client.post(_profile_url(hd_profile), data)
    assert "Minimum reputation must be between 0 and 100." in response.content.decode()
    hd_profile.refresh_from_db()
    assert hd_profile.minimum_reputation == 0


@pytest.mark.django_db
def test_a_move_keeps_the_typed_minimum_reputation_unsaved(admin_client, hd_profile):
    from tests.settings_pages.test_profiles import posted_state

    data = posted_state(hd_profile, minimum_reputation="70")
    data["move"] = f"down:{data['order'][0]}"
    response = admin_client.post(_profile_url(hd_profile), data)
    assert response.context["form"]["minimum_reputation"].value() == "70"
    hd_profile.refresh_from_db()
    assert hd_profile.minimum_reputation == 0
