"""Expert review of target documents: rules, findings and the engine that runs them."""

from jixiao.review.engine import (
    CATEGORIES,
    RULES,
    Finding,
    Hit,
    Rule,
    Site,
    all_rules,
    document_rule,
    indicator_rule,
    project_rule,
    review_document,
)

__all__ = [
    "CATEGORIES",
    "RULES",
    "Finding",
    "Hit",
    "Rule",
    "Site",
    "all_rules",
    "document_rule",
    "indicator_rule",
    "project_rule",
    "review_document",
]
