from __future__ import annotations

import json
from pathlib import Path

from jixiao.core.model import json_schema

SCHEMA = Path(__file__).parents[2] / "docs" / "schema.json"


def test_the_committed_json_schema_is_generated_from_the_model() -> None:
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == json_schema(), (
        "docs/schema.json is stale: run `make schema`"
    )


def test_money_and_numbers_are_decimal_strings_in_the_schema() -> None:
    schema = json_schema()
    budget = schema["$defs"]["Budget"]["properties"]["total"]
    assert {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"} in budget["anyOf"]
