"""The review of a stored document, split by table. Some rules compare tables (copied goals,
department against project targets), so a table is always reviewed within its whole document."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.review import review_document
from jixiao.review.engine import Finding
from jixiao.targets.models import TargetDocument


@dataclass(frozen=True)
class StoredReview:
    department: list[Finding]
    tables: dict[int, list[Finding]]
    """Findings of each table, by the stored table's key."""


def review_stored(document: TargetDocument) -> StoredReview:
    rows = list(document.projects.order_by("position"))
    tables: dict[int, list[Finding]] = {row.pk: [] for row in rows}
    department: list[Finding] = []
    for finding in review_document(document.to_core(rows)):
        if finding.project_index is None:
            department.append(finding)
        else:
            tables[rows[finding.project_index].pk].append(finding)
    return StoredReview(department, tables)
