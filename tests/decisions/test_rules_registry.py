"""The registry of rules."""

from indexers.decisions.specs import RULES


def test_lists_rules_in_priority_order():
    assert [r.priority for r in RULES] == sorted(r.priority for r in RULES)


def test_names_every_rule_uniquely():
    names = [r.name for r in RULES]
    assert all(names) and len(names) == len(set(names))


def _varied_decisions():
    """Releases that some rule or other would refuse in a stricter context."""
    from datetime import timedelta

    from tests.decisions.factories import GIB, NOW, decision, parsed, release

    repack = parsed(version=2, release_group="OTHER")
    repack.quality.repack = True
    return [
        decision(release(seeders=0, size=900 * GIB)),
        decision(release(protocol="usenet", publish_date=NOW - timedelta(days=9000))),
        decision(release(protocol="usenet", publish_date=NOW - timedelta(minutes=1))),
        decision(release(indexer_id=9, guid="blocked")),
        decision(parsed_=repack),
        decision(parsed_=parsed(quality_id=0), format_score=-5),
    ]


def test_a_rule_that_says_it_does_not_apply_rejects_nothing():
    from tests.decisions.factories import MOVIE, context

    neutral = context()
    skipped = [rule for rule in RULES if not rule.applies(MOVIE, neutral)]
    assert len(skipped) >= 8
    for rule in skipped:
        for candidate in _varied_decisions():
            assert rule.evaluate(candidate, MOVIE, neutral) is None, rule.name
