"""One finding per problem: overlapping findings at one place are resolved here, not in the rules.

Rules are small and independent, so two of them may see the same defect from different sides:
"举办活动数量 <5次" is an output count with an upper bound (direction), a commitment in the
description written as an upper bound (conflict) and a strict inequality (style). Each rule that
proposes a definite change says so in its `Fix` (which operator, which kind of unit). Findings at
the same place (table, row, field) whose fixes touch the same aspect are one problem:

- the finding that ranks first stands: the higher severity, then the rule's `specificity` (how
  much evidence it has: a description that states the number beats a name that implies a
  direction, which beats a style hint), then registry order;
- a finding that proposes the same as the one standing is merged into it: its wording of the
  problem is kept after the standing message ("另：…"), its rule id in `merged`;
- a finding that proposes something else for the same aspect is dropped: its advice would be
  wrong once the standing fix is made (its rule id is kept in `overruled`).

Resolution is linear in the number of findings (grouped by place in one dict).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.review.engine import Finding


@dataclass(frozen=True, slots=True)
class Fix:
    """What a finding definitely proposes for its field, aspect by aspect (None: no proposal)."""

    operator: str | None = None
    """The operator the value should have: "≥", "≤" or "="."""
    unit: str | None = None
    """The kind of unit the value should have: "percent", "count", "money", "time" …"""
    measure: str | None = None
    """What the name should be rewritten to state: "subject" (the thing measured)."""

    def aspects(self) -> dict[str, str]:
        return {
            name: value
            for name, value in (
                ("operator", self.operator),
                ("unit", self.unit),
                ("measure", self.measure),
            )
            if value is not None
        }


SEPARATOR = "；另："


def resolve(findings: list[Finding], rank: dict[str, tuple[int, int]]) -> list[Finding]:
    """The findings with overlaps resolved, in their original order. `rank` maps a rule id to
    its (severity rank, -specificity): smaller stands."""
    groups: dict[tuple[int | None, int | None, str | None, str | None], list[int]] = {}
    for position, finding in enumerate(findings):
        if finding.fix is not None and finding.field is not None:
            key = (finding.project_index, finding.indicator_index, finding.indicator, finding.field)
            groups.setdefault(key, []).append(position)
    replaced: dict[int, Finding | None] = {}
    for positions in groups.values():
        if len(positions) > 1:
            replaced.update(_resolve_place([findings[p] for p in positions], positions, rank))
    if not replaced:
        return findings
    out: list[Finding] = []
    for position, finding in enumerate(findings):
        if position in replaced:
            kept = replaced[position]
            if kept is not None:
                out.append(kept)
        else:
            out.append(finding)
    return out


def _resolve_place(
    found: list[Finding], positions: list[int], rank: dict[str, tuple[int, int]]
) -> dict[int, Finding | None]:
    order = sorted(range(len(found)), key=lambda i: (*rank[found[i].rule], positions[i]))
    standing: list[int] = []  # indexes into `found` of findings that stand, in rank order
    absorbed: dict[int, tuple[list[str], list[str], list[str]]] = {}
    result: dict[int, Finding | None] = {}
    for i in order:
        aspects = _aspects(found[i])
        host = next((s for s in standing if _overlap(_aspects(found[s]), aspects)), None)
        if host is None:
            standing.append(i)
            continue
        details, merged, overruled = absorbed.setdefault(host, ([], [], []))
        if _agrees(_aspects(found[host]), aspects):
            if found[i].detail and found[i].detail not in details:
                details.append(found[i].detail)
            merged.append(found[i].rule)
        else:
            overruled.append(found[i].rule)
        result[positions[i]] = None
    for host, (details, merged, overruled) in absorbed.items():
        finding = found[host]
        result[positions[host]] = replace(
            finding,
            message=finding.message + "".join(SEPARATOR + d for d in details),
            detail=finding.detail + "".join(SEPARATOR + d for d in details),
            merged=(*finding.merged, *merged),
            overruled=(*finding.overruled, *overruled),
        )
    return result


def _aspects(finding: Finding) -> dict[str, str]:
    return finding.fix.aspects() if finding.fix is not None else {}


def _overlap(first: dict[str, str], second: dict[str, str]) -> bool:
    return any(name in second for name in first)


def _agrees(first: dict[str, str], second: dict[str, str]) -> bool:
    return all(first[name] == value for name, value in second.items() if name in first)


def contradictions(findings: Iterable[Finding]) -> list[tuple[Finding, Finding]]:
    """Pairs of findings at one place whose fixes touch the same aspect (what `resolve` leaves
    none of): the check the tests run over real tables."""
    by_place: dict[tuple[int | None, int | None, str | None, str | None], list[Finding]] = {}
    for finding in findings:
        if finding.fix is not None and finding.field is not None:
            key = (finding.project_index, finding.indicator_index, finding.indicator, finding.field)
            by_place.setdefault(key, []).append(finding)
    pairs = []
    for group in by_place.values():
        for n, first in enumerate(group):
            for second in group[n + 1 :]:
                if _overlap(_aspects(first), _aspects(second)):
                    pairs.append((first, second))
    return pairs
