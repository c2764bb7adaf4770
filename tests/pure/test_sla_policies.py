"""Compiled SLA policies: matching is a look-up, the first policy in order wins."""

from quality_ops.sla_clock import RESOLUTION, RESPONSE, Stage
from quality_ops.sla_policies import Policy, PolicyBook

LINES = {"2": (2.0, 16.0), "1": (4.0, 24.0)}


def book(*policies):
    return PolicyBook(policies)


def test_first_matching_policy_in_order_wins():
    vip = Policy(id=1, company_id=1, partners=frozenset({100}), lines=LINES)
    desk = Policy(id=2, company_id=1, teams=frozenset({10}), lines=LINES)
    anything = Policy(id=3, company_id=1, lines={"0": (8.0, 40.0), **LINES})
    policies = book(vip, desk, anything)
    assert policies.match(1, "2", 10, partner=100) is vip
    assert policies.match(1, "2", 10, partner=101) is desk
    assert policies.match(1, "2", 11, partner=101) is anything
    # a priority without a line in the first policies falls through to the next
    assert policies.match(1, "0", 10, partner=100) is anything
    # the order of the book is the precedence, whatever the team index says
    assert book(anything, desk).match(1, "2", 10) is anything


def test_every_criterion_narrows_the_match():
    policy = Policy(
        id=1,
        company_id=1,
        teams=frozenset({10, 11}),
        projects=frozenset({20}),
        partners=frozenset({100}),
        categories=frozenset({30}),
        tags=frozenset({40, 41}),
        lines=LINES,
    )
    policies = book(policy)
    full = {"project": 20, "partner": 100, "category": 30, "tags": [41, 99]}
    assert policies.match(1, "2", 11, **full) is policy
    assert policies.match(1, "2", 12, **full) is None  # team
    assert policies.match(2, "2", 11, **full) is None  # company
    assert policies.match(1, "3", 11, **full) is None  # priority without a line
    assert policies.match(1, False, 11, **full) is None
    for name, other in (("project", 21), ("partner", 101), ("category", 31), ("tags", [99])):
        assert policies.match(1, "2", 11, **{**full, name: other}) is None, name
    assert policies.match(1, "2", 11, **{**full, "tags": []}) is None


def test_archived_policies_do_not_match_but_their_clocks_keep_their_stages():
    archived = Policy(id=1, company_id=1, active=False, lines=LINES, pause_stages=frozenset({7}))
    policies = book(archived)
    assert policies.match(1, "2", 10) is None
    assert policies.by_id[1].stage(7, False) == Stage(pause=True)
    assert policies.relevant_stages([1]) == {7}


def test_targets_and_stage_flags():
    policy = Policy(
        id=1,
        company_id=1,
        lines={"2": (0.0, 16.0)},
        pause_stages=frozenset({5}),
        excluded_stages=frozenset({6}),
        response_stages=frozenset({8}),
    )
    assert policy.target("2", RESPONSE) == 0.0
    assert policy.target("2", RESOLUTION) == 16.0
    assert policy.target("1", RESOLUTION) == 0.0
    assert policy.stage(5, False) == Stage(pause=True)
    assert policy.stage(6, False) == Stage(excluded=True)
    assert policy.stage(8, False) == Stage(responded=True)
    assert policy.stage(9, True) == Stage(closed=True)
    assert policy.stage(9, False).ordinary
    assert not policy.stage(9, True).ordinary


def test_relevant_stages_per_company():
    first = Policy(id=1, company_id=1, lines=LINES, pause_stages=frozenset({5}))
    second = Policy(id=2, company_id=2, lines=LINES, excluded_stages=frozenset({6}))
    policies = book(first, second)
    assert policies.relevant_stages([1]) == {5}
    assert policies.relevant_stages([1, 2]) == {5, 6}
    assert policies.relevant_stages([3]) == set()
    assert book().match(1, "2", 10) is None
