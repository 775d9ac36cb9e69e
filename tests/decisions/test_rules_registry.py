"""The registry of rules."""

from indexers.decisions.specs import RULES


def test_lists_rules_in_priority_order():
    assert [r.priority for r in RULES] == sorted(r.priority for r in RULES)


def test_names_every_rule_uniquely():
    names = [r.name for r in RULES]
    assert all(names) and len(names) == len(set(names))
