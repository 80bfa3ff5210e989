"""`jixiao evaluate` on a model JSON file (what `jixiao parse` prints), in its three formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import TargetDocument
from tests.evaluate.corpus import huanggang_010, qingshen_002, suixi_036

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    document = TargetDocument(
        source="自评表.json", projects=[suixi_036(), huanggang_010(), qingshen_002()]
    )
    path = tmp_path / "自评表.json"
    path.write_text(document.to_json(), encoding="utf-8")
    return path


def test_text_shows_each_indicators_arithmetic_and_the_discrepancies(model_file: Path) -> None:
    code, out, _ = run("evaluate", str(model_file))
    assert code == 0
    assert "评分方案：中央部门项目支出绩效自评默认方案（central 第 2026.1 版）" in out
    assert (
        "执行率 = 全年执行数 251.89 ÷ 全年预算数 251.89 = 100.00%；得分 = 分值 10 × 100.00% = 10.00 分"
        in out
    )
    assert "正向：实际 4604人 ÷ 目标 4754人 × 分值 5 = 4.84 分" in out
    assert "反向：目标 5300元/户 ÷ 实际 5830元/户 × 分值 10 = 9.09 分" in out
    assert "总分 98.93 分（满分 100 分），评价等级：优（90 分（含）以上）" in out
    assert (
        "须填写偏差原因分析及改进措施：特困人员救助供养人数(按月平均)、扶贫临时救助标准（未填写）"
        in out
    )
    assert "得分写作 19.6 分，按评分规则应为 20.00 分" in out
    assert "scoring." not in out


def test_json_records_the_profile_scores_and_findings(model_file: Path) -> None:
    code, out, _ = run("evaluate", str(model_file), "--profile", "local-2020", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["profile"] == {
        "id": "local-2020", "version": "2026.1", "title": "地方自评表示例方案（预算执行 20 分）"
    }  # fmt: skip
    [document] = data["documents"]
    suixi, huanggang, qingshen = document["projects"]
    assert suixi["profile"]["id"] == "local-2020"
    assert suixi["indicators"][3]["score"] == "4.84"
    assert suixi["indicators"][3]["written_score"] == "5"
    assert suixi["total"] == "98.93"
    assert suixi["grade"] == "优"
    assert suixi["missing_deviation"] == [7]
    assert huanggang["execution"]["score"] == "20.00"
    assert [f["field"] for f in huanggang["findings"]] == ["score", "total_score"]
    assert qingshen["execution"]["rate_percent"] == "100.00"
    assert qingshen["unscored"] == [0, 1]
    assert document["findings"] == sum(len(p["findings"]) for p in document["projects"])


def test_html_is_a_standalone_page(model_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "复核.html"
    code, _, _ = run("evaluate", str(model_file), "-f", "html", "-o", str(target))
    assert code == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<h1>绩效自评复核</h1>" in html
    assert "反向：目标 5300元/户 ÷ 实际 5830元/户 × 分值 10 = 9.09 分" in html
    assert "http" not in html.replace('lang="zh-CN"', "")


def test_an_unknown_profile_or_an_unreadable_file_exits_2(model_file: Path, tmp_path: Path) -> None:
    code, _, err = run("evaluate", str(model_file), "--profile", "hebei")
    assert code == 2
    assert (
        err
        == "错误：没有「hebei」这个评分方案；可用的方案有 central、local-2020，或给出方案文件的路径\n"
    )
    missing = tmp_path / "没有.txt"
    code, out, err = run("evaluate", str(model_file), str(missing), "-f", "json")
    assert code == 2
    assert len(json.loads(out)["documents"]) == 1
    assert "共 2 个文件：已复核 1 个，1 个无法读取。" in err


def test_a_target_table_without_self_evaluation_lists_the_weights(seed_path: Path) -> None:
    code, out, _ = run("evaluate", str(seed_path))
    assert code == 0
    assert "该文件没有自评内容（实际完成值、得分、预算执行情况）：以下只列出分值。" in out
    assert "未填写实际完成值，不计分" in out


def test_a_profile_file_is_used_and_recorded(model_file: Path, tmp_path: Path) -> None:
    from importlib import resources

    text = resources.files("jixiao.evaluate").joinpath("data/central.toml").read_text("utf-8")
    profile = tmp_path / "linear.toml"
    profile.write_text(
        text.replace('version = "2026.1"', 'version = "7"').replace(
            'rule = "ratio"\nbasis = "practice"\nsource = "反向',
            'rule = "linear"\nbasis = "practice"\nsource = "反向',
        ),
        encoding="utf-8",
    )
    code, out, _ = run("evaluate", str(model_file), "--profile", str(profile), "-f", "json")
    assert code == 0
    suixi = json.loads(out)["documents"][0]["projects"][0]
    assert suixi["profile"] == {
        "id": "central",
        "version": "7",
        "title": "中央部门项目支出绩效自评默认方案",
    }
    assert suixi["indicators"][7]["score"] == "9.00"
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("execution = 10", "execution = 20"), encoding="utf-8")
    code, _, err = run("evaluate", str(model_file), "--profile", str(bad))
    assert code == 2
    assert err.startswith(f"错误：{bad}：[weights] 各项分值之和应为总分 100")
