"""`jixiao review` in its three formats."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app

runner = CliRunner()
FINDING_KEYS = {
    "rule", "category", "severity", "project_code", "indicator", "field", "message", "suggestion",
    "reference",
}  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_json_lists_placed_findings_with_a_summary(seed_path: Path) -> None:
    code, out, _ = run("review", str(seed_path), "--format", "json")
    assert code == 0
    [document] = json.loads(out)["documents"]
    assert document["source"] == str(seed_path)
    findings = document["findings"]
    assert findings
    assert all(set(f) >= FINDING_KEYS for f in findings)
    summary = document["summary"]
    assert summary["projects"] == 5
    assert summary["indicators"] == 24
    assert summary["findings"] == len(findings)
    assert sum(summary["by_severity"].values()) == len(findings)
    assert summary["by_severity"]["错误"] > 0
    assert summary["verdict"].startswith("退回修改")


def test_several_files_give_several_documents(seed_path: Path, tmp_path: Path) -> None:
    code, out, _ = run("review", str(seed_path), str(seed_path), "-f", "json")
    assert code == 0
    assert len(json.loads(out)["documents"]) == 2


def test_text_groups_findings_by_project(seed_path: Path) -> None:
    code, out, _ = run("review", str(seed_path))
    assert code == 0
    assert "322-0601-YBN-5D8Z 人事代理专项补助经费" in out
    assert out.index("322-0503-JBN-G5SQ") < out.index("322-0601-YBN-13RG")
    assert "建议" in out


def test_html_is_a_standalone_printable_page(seed_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "审核意见.html"
    code, _, _ = run("review", str(seed_path), "--format", "html", "-o", str(target))
    assert code == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>绩效目标审核意见</title>" in html
    assert "@page" in html
    assert "<script" not in html
    assert "src=" not in html  # nothing to fetch: it prints offline
    assert "href=" not in html
    assert "审核结论：退回修改" in html
    assert "322-0601-YBN-Y6VV 投资促进中心专项补助经费" in html


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = run("review", str(empty))
    assert code == 2
    assert "文件为空" in err


def test_unreadable_files_among_many_are_reported_and_the_rest_reviewed(
    seed_path: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("会议纪要\n", encoding="utf-8")
    code, out, err = run("review", str(seed_path), str(broken), "-f", "json")
    assert code == 2
    assert [d["source"] for d in json.loads(out)["documents"]] == [str(seed_path)]
    assert f"错误：{broken} 第1行：无法识别的版式" in err
    assert "共 2 个文件：已审核 1 个，1 个无法读取。" in err


def test_a_lone_unreadable_file_prints_nothing_but_its_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("会议纪要\n", encoding="utf-8")
    code, out, err = run("review", str(broken), "-f", "json")
    assert (code, out) == (2, "")
    assert err.startswith(f"错误：{broken} 第1行：无法识别的版式")
