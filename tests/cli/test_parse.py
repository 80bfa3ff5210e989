"""`jixiao parse` and `jixiao export` from the command line, bad input included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import TargetDocument

runner = CliRunner()


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin, env={"COLUMNS": "240"})
    return result.exit_code, result.stdout, result.stderr


def test_parse_prints_the_interchange_json(seed_path: Path, seed: TargetDocument) -> None:
    code, out, _ = run("parse", str(seed_path))
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "jixiao/1"
    assert TargetDocument.model_validate(data) == seed


def test_parse_reads_stdin(seed_text: str, seed: TargetDocument) -> None:
    code, out, _ = run("parse", "-", stdin=seed_text.encode())
    assert code == 0
    document = TargetDocument.from_json(out)
    assert document.source == "<标准输入>"
    assert document.projects == seed.projects


def test_parse_sets_the_year_when_asked(seed_path: Path) -> None:
    code, out, _ = run("parse", str(seed_path), "--year", "2024")
    assert code == 0
    data = json.loads(out)
    assert data["year"] == 2024
    assert {p["year"] for p in data["projects"]} == {2024}


def test_parse_text_shows_every_project(seed_path: Path) -> None:
    code, out, _ = run("parse", str(seed_path), "--format", "text")
    assert code == 0
    for code_ in ("322-0503-JBN-G5SQ", "322-0601-YBN-13RG", "执法办案行为投诉率", "工作保障措施"):
        assert code_ in out


def test_export_round_trips_through_a_file(
    seed_path: Path, seed: TargetDocument, tmp_path: Path
) -> None:
    written = tmp_path / "again.txt"
    code, _, _ = run("export", str(seed_path), "--format", "seed-text", "-o", str(written))
    assert code == 0
    code, out, _ = run("parse", str(written))
    assert code == 0
    assert TargetDocument.from_json(out).model_copy(update={"source": seed.source}) == seed


def test_export_reads_interchange_json(seed: TargetDocument, tmp_path: Path) -> None:
    source = tmp_path / "seed.json"
    source.write_text(seed.to_json(), encoding="utf-8")
    code, out, _ = run("export", str(source), "--format", "seed-text")
    assert code == 0
    assert "322-0601-YBN-13RG" in out


# -- bad input: exit 2, a Chinese message naming file and line, never a traceback ---------------


def truncated_mid_row(text: str) -> str:
    cut = text.index("\t产出指标\n\t数量指标\n\t赴地区数量") + len("\t产出指标\n\t数量指标\n")
    return text[:cut]


BAD_INPUTS = {
    "empty": (lambda text: b"", ["文件为空"]),
    "blank": (lambda text: b"\n  \n", ["文件为空"]),
    "binary": (lambda text: b"\x7fELF\x00\x00binary", ["第1行", "二进制"]),
    "damaged-zip": (lambda text: b"PK\x03\x04\x00\x00binary", ["文件已损坏"]),
    "not-utf8-nor-chinese": (lambda text: text.encode("gbk") + b"\xff", ["第1行", "UTF-8"]),
    "cut-mid-row": (
        lambda text: truncated_mid_row(text).encode(),
        ["第404行", "招商引资工作经费绩效目标表", "指标行有 2 个单元格", "截断"],
    ),
    "cut-before-indicators": (
        lambda text: text[: text.index("\t一级指标")].encode(),
        ["缺少指标表", "商务执法大队工作经费绩效目标表"],
    ),
    "unknown-layout": (lambda text: "会议纪要\n今天开会。\n".encode(), ["第1行", "无法识别的版式"]),
    "bad-amount": (
        lambda text: text.replace("\t60000.00\n\t其中", "\t六万元\n\t其中", 1).encode(),
        ["第65行", "预算数「六万元」不是金额"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_exits_2_with_a_located_chinese_message(
    case: str, seed_text: str, tmp_path: Path
) -> None:
    make, fragments = BAD_INPUTS[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(make(seed_text))
    code, out, err = run("parse", str(path))
    assert code == 2
    assert out == ""
    assert err.startswith(f"错误：{path}")
    for fragment in fragments:
        assert fragment in err
    assert "Traceback" not in err


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    code, _, err = run("parse", str(tmp_path / "nope.txt"))
    assert code == 2
    assert "nope.txt" in err
    assert "无法读取文件" in err


def test_gbk_text_is_read_when_the_encoding_is_given(seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(seed_text.encode("gb18030"))
    code, out, _ = run("parse", str(path), "--encoding", "gbk")
    assert code == 0
    assert len(json.loads(out)["projects"]) == 5


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_word_unicode_text_and_crlf_are_read(
    encoding: str, seed_text: str, seed: TargetDocument, tmp_path: Path
) -> None:
    path = tmp_path / "word.txt"
    path.write_bytes(seed_text.replace("\n", "\r\n").encode(encoding))
    code, out, _ = run("parse", str(path))
    assert code == 0
    assert TargetDocument.from_json(out).projects == seed.projects


def test_the_installed_command_exits_2_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "jixiao", "parse", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "文件为空" in result.stderr
    assert "Traceback" not in result.stderr
