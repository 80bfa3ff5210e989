"""Scoring profiles: the shipped ones, and bad ones refused in Chinese, naming file and field."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from jixiao.evaluate.profile import ProfileError, builtin, builtin_ids, load_profile, parse_profile

CENTRAL_TEXT = resources.files("jixiao.evaluate").joinpath("data/central.toml").read_text("utf-8")


def test_the_central_default_and_the_local_variant_ship() -> None:
    assert builtin_ids() == ("central", "local-2020")
    central, local = builtin("central"), builtin("local-2020")
    assert (central.id, central.version) == ("central", "2026.1")
    assert central.weights.execution == Decimal(10)
    assert [(g.name, g.points) for g in central.weights.groups] == [
        ("产出指标", Decimal(50)), ("效益指标", Decimal(30)), ("满意度指标", Decimal(10))
    ]  # fmt: skip
    assert local.weights.execution == Decimal(20)
    assert [(g.name, g.points) for g in local.weights.groups] == [
        ("产出指标", Decimal(60)), ("效益指标", Decimal(20))
    ]  # fmt: skip
    assert [(b.short, b.low) for b in central.bands] == [
        ("达成", 80), ("部分达成", 60), ("未达成", 0)
    ]  # fmt: skip
    assert [(b.short, b.low) for b in local.bands] == [
        ("达成", 80),
        ("部分达成", 50),
        ("未达成", 0),
    ]
    assert [(g.grade, g.min) for g in central.grades] == [
        ("优", 90),
        ("良", 80),
        ("中", 60),
        ("差", 0),
    ]
    assert (central.places, central.rounding_mode) == (2, "ROUND_HALF_UP")
    assert central.label == "中央部门项目支出绩效自评默认方案（central 第 2026.1 版）"


def test_every_section_says_whether_it_is_policy_or_a_default() -> None:
    for profile_id in builtin_ids():
        profile = builtin(profile_id)
        standings = [
            profile.weights.standing, profile.spread.standing, profile.execution.standing,
            profile.positive.standing, profile.negative.standing, profile.equal.standing,
            profile.zero_target.standing, profile.overachievement, profile.qualitative,
            profile.grading, profile.rounding,
        ]  # fmt: skip
        for standing in standings:
            assert standing.label in ("政策规定", "通行做法", "默认设置")
            assert standing.source
            # user-facing: no file names, no section signs, no article numbers
            assert ".md" not in standing.source
            assert "§" not in standing.source
            assert "第" not in standing.source or "条" not in standing.source


def test_the_grade_bands_cite_the_budget_department_not_a_clause() -> None:
    assert builtin().grading.source.startswith("财政部预算司统一的等级划分标准")
    assert builtin().grading.label == "政策规定"


def test_a_profile_file_is_loaded_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "本地方案.toml"
    path.write_text(CENTRAL_TEXT.replace('id = "central"', 'id = "qhd"'), encoding="utf-8")
    assert load_profile(str(path)).id == "qhd"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("execution = 10", "execution = 20"),
         "[weights] 各项分值之和应为总分 100：预算执行率 20 + 产出指标 50 + 效益指标 30 + 满意度指标 10 = 110"),
        (('rule = "ratio"\nbasis = "practice"\nsource = "反向',
          'rule = "half"\nbasis = "practice"\nsource = "反向'),
         "negative.rule 为「half」，应为 ratio、linear 之一"),
        (("low = 60\n  high = 80", "low = 60\n  high = 75"),
         "qualitative.band 应从高到低首尾相接：「达成」的下限 80% 与「部分达成」的上限 75% 不同"),
        (('grade = "良"\n  min = 80', 'grade = "良"\n  min = 95'),
         "grades.band 的下限应从高到低：「优」90 分、「良」95 分"),
        (('covers = ["产出指标", "成本指标"]', 'covers = ["产出指标", "投入指标"]'),
         "weights.level1 第 1 项.covers 中的「投入指标」不是指标体系中的一级指标规范名称"),
        (('basis = "policy"', 'basis = "law"'), "weights.basis 为「law」，应为 policy、practice、default 之一"),
        (('mode = "ROUND_HALF_UP"', 'mode = "ROUND_UP"'), "rounding.mode 为「ROUND_UP」"),
        (('tolerance = "0.01"', 'tolerance = "一分"'), "check.tolerance 「一分」不是数字"),
        (("places = 2", "places = 9"), "rounding.places 为 9，不能大于 4"),
        (("default = 100", "default = 70"), "default 为 70%，应在本档 80%–100% 之内"),
    ],
)  # fmt: skip
def test_bad_profiles_are_refused_in_chinese(change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in CENTRAL_TEXT
    with pytest.raises(ProfileError) as caught:
        parse_profile(CENTRAL_TEXT.replace(old, new, 1), "本地方案.toml")
    assert caught.value.message.startswith("本地方案.toml：")
    assert message in caught.value.message


def test_unknown_profiles_and_unreadable_files_are_named() -> None:
    with pytest.raises(
        ProfileError, match="没有「hebei」这个评分方案；可用的方案有 central、local-2020"
    ):
        builtin("hebei")
    with pytest.raises(ProfileError, match="无法读取评分方案文件"):
        load_profile("/nonexistent/方案.toml")
    with pytest.raises(ProfileError, match="不是合法的 TOML"):
        parse_profile("id = ", "坏.toml")
