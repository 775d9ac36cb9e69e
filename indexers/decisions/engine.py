"""The decision engine: every release judged by every rule, the accepted ones ranked."""

from __future__ import annotations

from collections.abc import Sequence

from indexers.decisions.context import DecisionContext, MovieFacts
from indexers.decisions.decision import Decision
from indexers.decisions.ranking import rank
from indexers.decisions.specs import RULES, Rule
from indexers.release import Release
from movies.services import ParsedRelease


def judge(
    movie: MovieFacts,
    release: Release,
    context: DecisionContext,
    rules: Sequence[Rule] = RULES,
    parsed: ParsedRelease | None = None,
) -> Decision:
    """One release through every rule (all of them: a decision lists every reason)."""
    if parsed is None:
        parsed = context.parse(release.title)
    formats, score = context.score_formats(parsed, release)
    decision = Decision(release, parsed, list(formats), score)
    for rule in rules:
        rejection = rule.evaluate(decision, movie, context)
        if rejection is not None:
            decision.rejections.append(rejection)
    return decision


def decide(
    movie: MovieFacts,
    releases: Sequence[Release],
    context: DecisionContext,
    rules: Sequence[Rule] = RULES,
) -> list[Decision]:
    """Decisions for all releases: the accepted ones ranked best first, then the rejected
    ones in the order the releases came (temporarily rejected before permanently)."""
    active = [rule for rule in rules if rule.applies(movie, context)]
    # Several indexers often carry the same release: parse each distinct title once per
    # batch. Decisions of one title share its ParsedRelease, which nothing may change.
    parses: dict[str, ParsedRelease] = {}
    decisions = []
    for release in releases:
        parsed = parses.get(release.title)
        if parsed is None:
            parsed = parses[release.title] = context.parse(release.title)
        decisions.append(judge(movie, release, context, active, parsed))
    accepted = rank([d for d in decisions if d.accepted], context, movie.runtime)
    rejected = [d for d in decisions if not d.accepted]
    rejected.sort(key=lambda d: not d.temporarily_rejected)
    return accepted + rejected
