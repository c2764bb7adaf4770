"""SLA policies compiled for matching (plain Python, no Odoo import).

The policies of a database are read once into a :class:`PolicyBook` (the model
caches it per registry and drops it when a policy or a target changes).
Matching a ticket is then a dictionary look-up on company, priority and team
followed by the few candidates' remaining criteria (project, customer,
category, tags), in the policies' order: the first that matches applies.
"""

import dataclasses
import heapq

from .sla_clock import RESPONSE, Stage

ANY = None  # criterion left empty: any value matches


@dataclasses.dataclass(frozen=True, slots=True)
class Policy:
    """What matching and the clocks need of one policy (ids only)."""

    id: int
    company_id: int
    active: bool = True
    teams: frozenset = frozenset()
    projects: frozenset = frozenset()
    partners: frozenset = frozenset()  # commercial entities
    categories: frozenset = frozenset()
    tags: frozenset = frozenset()
    # priority -> (response hours, resolution hours)
    lines: dict = dataclasses.field(default_factory=dict)
    calendar_id: int | None = None
    pause_stages: frozenset = frozenset()
    excluded_stages: frozenset = frozenset()
    response_stages: frozenset = frozenset()
    warnings: tuple = (50.0, 75.0)

    def target(self, priority, kind):
        """Working hours targeted for a ticket of ``priority`` (0: none)."""
        line = self.lines.get(priority)
        if not line:
            return 0.0
        return line[0] if kind == RESPONSE else line[1]

    def stage(self, stage_id, closed):
        """The :class:`Stage` flags of a ticket stage for this policy's clocks."""
        return Stage(
            closed=bool(closed),
            pause=stage_id in self.pause_stages,
            excluded=stage_id in self.excluded_stages,
            responded=stage_id in self.response_stages,
        )

    def matches(self, project, partner, category, tags):
        return (
            (not self.projects or project in self.projects)
            and (not self.partners or partner in self.partners)
            and (not self.categories or category in self.categories)
            and (not self.tags or not self.tags.isdisjoint(tags))
        )


class PolicyBook:
    """Policies in their order of precedence, indexed for matching."""

    def __init__(self, policies):
        self.policies = tuple(policies)
        self.by_id = {policy.id: policy for policy in self.policies}
        # (company, priority) -> team or ANY -> positions in precedence order
        self.index = {}
        self.stages = {}  # company -> stage ids that pause, cancel or respond
        for position, policy in enumerate(self.policies):
            stages = self.stages.setdefault(policy.company_id, set())
            stages |= policy.pause_stages | policy.excluded_stages | policy.response_stages
            if not policy.active:
                continue
            for priority in policy.lines:
                by_team = self.index.setdefault((policy.company_id, priority), {})
                for team in policy.teams or (ANY,):
                    by_team.setdefault(team, []).append(position)

    def match(self, company, priority, team, project=None, partner=None, category=None, tags=()):
        """The first active policy matching a ticket's values, else None."""
        by_team = self.index.get((company, priority))
        if not by_team:
            return None
        own, anyone = by_team.get(team, ()), by_team.get(ANY, ())
        candidates = heapq.merge(own, anyone) if own and anyone else (own or anyone)
        for position in candidates:
            policy = self.policies[position]
            if policy.matches(project, partner, category, tags):
                return policy
        return None

    def relevant_stages(self, company_ids):
        """Stages whose entry or exit may change a clock (closing stages aside)."""
        stages = set()
        for company in company_ids:
            stages |= self.stages.get(company, set())
        return stages
