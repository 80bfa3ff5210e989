from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.core.model import TargetDocument
from jixiao.ingest import read_path

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "shanhaiguan-commerce-targets.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed() -> TargetDocument:
    return read_path(SEED)
