"""`jixiao parse` reads GBK and GB18030 files without being told their encoding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import TargetDocument

runner = CliRunner()


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin, env={"COLUMNS": "240"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_a_gbk_file_parses_to_the_same_model_without_a_flag(
    encoding: str, seed_path: Path, seed_text: str, tmp_path: Path
) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(seed_text.encode(encoding))
    code, out, err = run("parse", str(path))
    assert (code, err) == (0, "")
    code, expected, _ = run("parse", str(seed_path))
    assert code == 0
    assert json.loads(out) | {"source": None} == json.loads(expected) | {"source": None}


def test_gbk_on_standard_input_is_read_too(seed_text: str, seed: TargetDocument) -> None:
    code, out, _ = run("parse", "-", stdin=seed_text.encode("gbk"))
    assert code == 0
    assert TargetDocument.from_json(out).projects == seed.projects


def test_an_explicit_encoding_still_wins(seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(seed_text.encode("gbk"))
    code, out, err = run("parse", str(path), "--encoding", "utf-8")
    assert (code, out) == (2, "")
    assert "不是合法的 UTF-8 编码" in err
    code, out, _ = run("parse", str(path), "--encoding", "gb18030")
    assert code == 0
    assert len(json.loads(out)["projects"]) == 5


def test_review_and_export_read_gbk_without_a_flag(
    seed_path: Path, seed_text: str, tmp_path: Path
) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(seed_text.encode("gb18030"))
    for command in (["export", "--format", "seed-text"], ["review", "--format", "json"]):
        code, out, _ = run(command[0], str(path), *command[1:])
        assert code == 0
        _, expected, _ = run(command[0], str(seed_path), *command[1:])
        assert out.replace(str(path), "FILE") == expected.replace(str(seed_path), "FILE")
