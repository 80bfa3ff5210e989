"""The command in one language: typer's and click's own help and error texts in Chinese, nothing
cut off at 80 columns, and findings shown without rule ids."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.main import get_command
from typer.testing import CliRunner

from jixiao import cli
from jixiao.cli import app
from jixiao.review import all_rules
from jixiao.review.engine import CATEGORY_LABELS

runner = CliRunner()
COMMANDS = ["parse", "export", "review", "import", "demo", "schema"]
# What typer and click say in English when left alone.
ENGLISH = re.compile(
    r"Usage|Options|Arguments|Commands|Show this message|default:|required|env var|Error|Try |"
    r"for help|Missing|Invalid value|No such|Did you mean|Got unexpected|requires an? |Aborted|"
    r"<str>|<int>|<bool>|<path>|list\[|\{file"
)
BOX = re.compile(r"[\s│╭╮╰╯─]")


def run(*args: str, columns: int = 80) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(columns)}, prog_name="jixiao")
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_chinese_and_nothing_is_cut_off_at_80_columns(command: str | None) -> None:
    code, out, _ = run(*([command] if command else []), "--help")
    assert code == 0
    assert "用法：jixiao" in out
    assert "显示本帮助并退出。" in out
    assert "选项" in out
    assert ENGLISH.search(out) is None, ENGLISH.search(out)
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    group = get_command(app)
    target = group.commands[command] if command else group  # type: ignore[attr-defined]
    flat = BOX.sub("", out)
    for param in target.params:
        if param.help:
            assert BOX.sub("", param.help) in flat, param.help
    if command is None:
        for name, sub in group.commands.items():  # type: ignore[attr-defined]
            assert name in out
            assert BOX.sub("", sub.help.split("\n\n")[0]) in flat


def test_help_names_values_in_chinese() -> None:
    _, out, _ = run("import", "--help", columns=120)
    assert re.search(r"\*\s+文件\.\.\.\s", out)
    assert re.search(r"--year\s+年度", out)
    assert re.search(r"--department\s+编码", out)
    assert "[必填]" in out
    _, out, _ = run("review", "--help", columns=120)
    assert "用法：jixiao review [选项] 文件..." in out
    assert "<text|json|html>" in out
    assert "[默认：text]" in out
    _, out, _ = run("--help", columns=120)
    assert "用法：jixiao [选项] 命令 [参数]..." in out
    assert "命令" in out


ERRORS = {
    "missing argument": (["parse"], "缺少参数「文件」。"),
    "missing files": (["review"], "缺少参数「文件」。"),
    "bad choice": (
        ["parse", "x", "--format", "bogus"],
        "选项 --format/-f 的值「bogus」无效：可选的值为 json、text。",
    ),
    "missing option": (["import", "x"], "缺少选项 --year。"),
    "not an integer": (["import", "x", "--year", "abc"], "选项 --year 的值「abc」无效：应为整数。"),
    "unknown option": (["parse", "--formt", "x"], "没有 --formt 这个选项。是否要用 --format？"),
    "unknown command": (["revew"], "没有「revew」这个命令。是否要用 review、rereview？"),
    "no such command": (["bogus"], "没有「bogus」这个命令。可用的命令有"),
    "extra argument": (["parse", "a", "b"], "多余的参数：b。"),
    "option without its value": (["parse", "x", "--format"], "选项 --format 后面缺少值。"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_usage_errors_are_chinese(case: str) -> None:
    args, message = ERRORS[case]
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert BOX.sub("", message) in BOX.sub("", err), err
    assert ENGLISH.search(err) is None, err
    assert "…" not in err


def test_a_usage_error_shows_the_usage_and_where_to_find_help() -> None:
    _, _, err = run("parse")
    assert err.startswith("用法：jixiao parse [选项] 文件\n查看帮助：jixiao parse --help\n")
    assert "╭─ 错误 ─" in err


# -- review output: categories, not rule ids -----------------------------------------------------


def rule_ids_in(text: str) -> list[str]:
    return [rule_id for rule_id in all_rules() if rule_id in text]


def test_text_review_shows_the_category_without_the_rule_id(seed_path: Path) -> None:
    code, out, _ = run("review", str(seed_path), columns=200)
    assert code == 0
    assert "规范用语" in out
    assert "指标方向" in out
    assert rule_ids_in(out) == []
    assert not [label for label in CATEGORY_LABELS.values() if f"{label}·" in out]


def test_html_review_shows_the_category_without_the_rule_id(
    seed_path: Path, tmp_path: Path
) -> None:
    page = tmp_path / "审核意见.html"
    code, _, _ = run("review", str(seed_path), "-f", "html", "-o", str(page))
    assert code == 0
    html = page.read_text(encoding="utf-8")
    assert "<td>指标方向</td>" in html
    assert rule_ids_in(html) == []
    assert re.search(r"〔[a-z]", html) is None


def test_json_review_keeps_the_rule_for_machines(seed_path: Path) -> None:
    _, out, _ = run("review", str(seed_path), "-f", "json")
    findings = json.loads(out)["documents"][0]["findings"]
    assert {f["rule"] for f in findings} <= set(all_rules())


# -- review progress -------------------------------------------------------------------------------


def test_many_files_show_a_progress_bar_on_a_terminal(
    seed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=80)
    monkeypatch.setattr(cli, "_progress_console", lambda: terminal)
    deep = tmp_path.joinpath(*["一个很长的目录名称"] * 12)  # a long path must not squeeze the count
    deep.mkdir(parents=True)
    copy = deep / seed_path.name
    copy.write_bytes(seed_path.read_bytes())
    code, out, _ = run("review", str(copy), str(copy), str(copy), "-f", "json")
    assert code == 0
    assert len(json.loads(out)["documents"]) == 3  # standard output stays clean
    shown = screen.getvalue()
    assert "审核" in shown
    assert "3/3" in shown
    assert "━" in shown


def test_one_file_or_no_terminal_shows_no_progress(
    seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run("review", str(seed_path), str(seed_path), "-f", "json")
    assert (code, err) == (0, "")  # standard error is not a terminal under the runner
    assert len(json.loads(out)["documents"]) == 2
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=80)
    monkeypatch.setattr(cli, "_progress_console", lambda: terminal)
    code, _, _ = run("review", str(seed_path), "-f", "json")
    assert (code, screen.getvalue()) == (0, "")


def test_errors_during_progress_are_printed_above_the_bar(
    seed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("会议纪要\n", encoding="utf-8")
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=80)
    monkeypatch.setattr(cli, "_progress_console", lambda: terminal)
    code, out, err = run("review", str(seed_path), str(broken), "-f", "json")
    assert code == 2
    assert [d["source"] for d in json.loads(out)["documents"]] == [str(seed_path)]
    assert "无法识别的版式" in screen.getvalue() + err
    assert "共 2 个文件：已审核 1 个，1 个无法读取。" in err
