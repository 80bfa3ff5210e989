"""The review measured against an expert's reading of real tables: recall, false alarms, precision.

Each real table has an expectation file (TOML) written by reading the table as a reviewer would:

- `must`: the defects a reviewer must point out. Recall is the share of them some finding names;
- `may`: findings that are true but a reviewer need not raise (a missing code on a form that has no
  code cell); they neither count for recall nor against precision;
- `known_miss = true` on a `must` entry: a defect the review does not find yet. It counts against
  recall like any miss, but a table's own floor is judged without it, and once a rule finds it
  the mark must go (the measurement says so);
- `must_not`: what must not be said (an error about a unit on a placeholder, "no satisfaction
  indicator" on a table filed to the older template). A finding that matches one is a false alarm.

An entry names a place and an aspect, never message text: `indicator` (the 三级指标 as written;
"*" any row; absent: the table itself), `field` (target, name, level2, basis …) and `aspect` (the
review category: unit, direction, classification …), each optional but the place. A rule's
precision is the share of its findings on these tables that match a `must` or `may` entry.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.core.model import TargetDocument
from jixiao.review.engine import Finding, review_document

ANY = "*"


@dataclass(frozen=True)
class Entry:
    """One expected (or forbidden) finding: a place and, optionally, a field and an aspect."""

    indicator: str | None = None
    field: str | None = None
    aspect: str | None = None
    project: int = 0
    note: str = ""
    known_miss: bool = False

    def matches(self, finding: Finding) -> bool:
        if finding.project_index is not None and finding.project_index != self.project:
            return False
        if self.indicator not in (ANY, finding.indicator):
            return False
        if self.field is not None and finding.field != self.field:
            return False
        return self.aspect is None or finding.category == self.aspect

    def describe(self) -> str:
        place = "表" if self.indicator is None else f"「{self.indicator}」"
        parts = [place, self.field or "", self.aspect or ""]
        return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class Expectation:
    """An expert's reading of one real table."""

    name: str
    source: Path
    must: tuple[Entry, ...]
    may: tuple[Entry, ...] = ()
    must_not: tuple[Entry, ...] = ()
    note: str = ""


@dataclass
class TableScore:
    name: str
    found: list[Entry] = field(default_factory=list)
    missed: list[Entry] = field(default_factory=list)
    false_alarms: list[tuple[Entry, Finding]] = field(default_factory=list)
    unjudged: list[Finding] = field(default_factory=list)
    """Findings no entry names: counted against the rule's precision."""
    findings: list[Finding] = field(default_factory=list)

    @property
    def recall(self) -> float:
        total = len(self.found) + len(self.missed)
        return len(self.found) / total if total else 1.0

    @property
    def recall_of_the_rest(self) -> float:
        """Recall without the misses the reading marks as known."""
        missed = [entry for entry in self.missed if not entry.known_miss]
        found = [entry for entry in self.found if not entry.known_miss]
        total = len(found) + len(missed)
        return len(found) / total if total else 1.0

    @property
    def no_longer_missed(self) -> list[Entry]:
        """Entries marked as known misses that a finding now names (unmark them)."""
        return [entry for entry in self.found if entry.known_miss]


@dataclass
class Report:
    tables: list[TableScore]
    correct: Counter[str]
    fired: Counter[str]

    @property
    def must(self) -> int:
        return sum(len(t.found) + len(t.missed) for t in self.tables)

    @property
    def found(self) -> int:
        return sum(len(t.found) for t in self.tables)

    @property
    def recall(self) -> float:
        return self.found / self.must if self.must else 1.0

    @property
    def false_alarms(self) -> int:
        return sum(len(t.false_alarms) for t in self.tables)

    def precision(self, rule: str) -> float | None:
        """The share of the rule's findings on the corpus an expert confirmed; None when the rule
        raised nothing there."""
        fired = self.fired[rule]
        return self.correct[rule] / fired if fired else None

    def lines(self) -> list[str]:
        """The report as a reviewer reads it: per table, then overall."""
        out = []
        for table in self.tables:
            must = len(table.found) + len(table.missed)
            out.append(
                f"{table.name}: 应发现 {must} 处，发现 {len(table.found)} 处"
                f"（召回 {table.recall:.0%}），误报 {len(table.false_alarms)} 处，"
                f"未评判 {len(table.unjudged)} 处"
            )
            out.extend(
                f"    漏报{'（已知）' if entry.known_miss else ''}：{entry.describe()}"
                for entry in table.missed
            )
            out.extend(
                f"    误报：{finding.rule} {finding.message}" for _, finding in table.false_alarms
            )
            out.extend(
                f"    未评判：{finding.rule} {finding.message}" for finding in table.unjudged
            )
        out.append(
            f"合计：应发现 {self.must} 处，发现 {self.found} 处（召回 {self.recall:.0%}），"
            f"误报 {self.false_alarms} 处"
        )
        return out


def _entries(data: list[dict[str, Any]], default_indicator: str | None) -> tuple[Entry, ...]:
    return tuple(
        Entry(
            indicator=item.get("indicator", default_indicator),
            field=item.get("field"),
            aspect=item.get("aspect"),
            project=item.get("project", 0),
            note=item.get("note", ""),
            known_miss=bool(item.get("known_miss", False)),
        )
        for item in data
    )


def load_expectation(path: Path, root: Path) -> Expectation:
    """An expectation file; its `source` is relative to `root` (the repository)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Expectation(
        name=path.stem,
        source=root / data["source"],
        must=_entries(data.get("must", []), None),
        may=_entries(data.get("may", []), None),
        must_not=_entries(data.get("must_not", []), ANY),
        note=data.get("note", ""),
    )


def load_expectations(directory: Path, root: Path) -> list[Expectation]:
    return [load_expectation(path, root) for path in sorted(directory.glob("*.toml"))]


def score(expectation: Expectation, findings: list[Finding]) -> TableScore:
    table = TableScore(expectation.name, findings=findings)
    for entry in expectation.must:
        (table.found if any(entry.matches(f) for f in findings) else table.missed).append(entry)
    for finding in findings:
        forbidden = next((e for e in expectation.must_not if e.matches(finding)), None)
        if forbidden is not None:
            table.false_alarms.append((forbidden, finding))
        elif not any(e.matches(finding) for e in (*expectation.must, *expectation.may)):
            table.unjudged.append(finding)
    return table


def measure(cases: Iterable[tuple[Expectation, TargetDocument]]) -> Report:
    """Review each table and score the review against its expectation."""
    tables: list[TableScore] = []
    correct: Counter[str] = Counter()
    fired: Counter[str] = Counter()
    for expectation, document in cases:
        findings = review_document(document)
        table = score(expectation, findings)
        tables.append(table)
        wrong = {id(f) for _, f in table.false_alarms} | {id(f) for f in table.unjudged}
        for finding in findings:
            fired[finding.rule] += 1
            if id(finding) not in wrong:
                correct[finding.rule] += 1
    return Report(tables, correct, fired)


def measure_corpus(directory: Path, root: Path) -> Report:
    """Read every table an expectation in `directory` names and measure the review on them."""
    from jixiao.ingest import read_path  # the readers, needed only to measure

    return measure((e, read_path(e.source)) for e in load_expectations(directory, root))
