"""The rule families, one module per category; importing them registers their rules."""

from jixiao.review.rules import (  # noqa: F401
    basis,
    budget,
    classification,
    completeness,
    conflict,
    consistency,
    direction,
    duplication,
    measurability,
    relevance,
    schedule,
    template,
    unit,
    wording,
)
