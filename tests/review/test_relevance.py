"""The relevance family reads relatedness from shared words and, where a line of work is named in
different words, from the lexicon's themes."""

from __future__ import annotations

from jixiao.review.rules.relevance import themes
from tests.review.builders import document, findings, indicator, project


def road_project(*names: str) -> list[str]:
    table = project(
        name="农村公路畅通工程补助",
        purpose="用于畅通工程建设",
        goals=["完成年度建设任务"],
        indicators=[indicator(name, "≥10公里") for name in names],
    )
    return [
        f.indicator or ", ".join(n for n in names if n in f.message)
        for rule in ("relevance.unrelated-output", "relevance.unrelated-outputs")
        for f in findings(document(table), rule)
    ]


def test_a_theme_relates_words_that_share_no_characters() -> None:
    assert road_project("村内道路硬化里程", "脱贫户供水设施数量") == ["脱贫户供水设施数量"]


def test_shared_words_still_relate_without_a_theme() -> None:
    assert road_project("畅通工程建设里程") == []


def test_themes_are_read_from_the_lexicon() -> None:
    assert themes("到会客商人数") == themes("招商引资工作经费")
    assert themes("道路硬化") & themes("畅通工程")
    assert not themes("道路硬化") & themes("供水设施")
    assert themes("会议室") == set()


def unrelated_in(name: str, purpose: str, goal: str, *rows: tuple[str, str]) -> list[str | None]:
    table = project(
        name=name,
        purpose=purpose,
        goals=[goal],
        indicators=[indicator(row, value) for row, value in rows],
    )
    return [
        f.indicator
        for rule in ("relevance.unrelated-output", "relevance.unrelated-outputs")
        for f in findings(document(table), rule)
    ]


def test_sharing_no_words_is_no_evidence_without_another_line_of_work() -> None:
    """Equipment bought for a school's renovation and land transferred for a tourism base share
    no words with their projects and are what the money buys."""
    assert (
        unrelated_in(
            "教育系统基础设施建设和设备购置",
            "用于中小学校舍改造",
            "改善基础教育学校办学条件",
            ("重点建设工程安排数量", "≥2个"),
            ("多媒体教学设备购置数量", "≥50台"),
        )
        == []
    )
    assert (
        unrelated_in(
            "乡村旅游示范基地建设",
            "用于旅游基地基础设施建设",
            "建成乡村旅游示范基地1个",
            ("旅游基地建设数量", "≥1个"),
            ("土地流转面积", "≥200亩"),
        )
        == []
    )


def test_an_output_with_no_subject_or_of_another_line_of_work_is_reported() -> None:
    assert unrelated_in(
        "岳阳县2022年高标准农田建设项目",
        "高标准农田建设、示范建设和畅通工程",
        "完成项目主体工程70%",
        ("脱贫村村内道路硬化里程", "≥100公里"),
        ("脱贫户供水设施数量", "≥20座"),
        ("工作完成情况比率", "≥90%"),
    ) == ["脱贫户供水设施数量", "工作完成情况比率"]


def test_the_templates_rows_for_other_water_works_are_reported_in_a_drinking_water_table() -> None:
    """陈仓 2020 (035): a 农村饮水 table keeps the 水利发展资金 template's rows for flood banks,
    irrigation districts and river regulation; flood, irrigation and water supply are three lines
    of work. The near miss: in a village works table (安溪 034: 排洪排水, 河堤修复) the banks
    are the project's own."""
    rows = (
        ("指标1:新建堤防、护岸长度", "≥1公里"),
        ("指标2:灌区节水改造面积", "≥1万亩"),
        ("指标3:农村饮水工程覆盖服务人口数", "≥0.92万人"),
        ("指标4:中小河流治理问道长度", "≥1公里"),
    )
    assert unrelated_in(
        "农村饮水安全巩固提升工程专项",
        "",
        "完成省级水利发展农村饮水项目投资500,改善提升9200人饮水条件。",
        *rows,
    ) == ["指标1:新建堤防、护岸长度", "指标2:灌区节水改造面积", "指标4:中小河流治理问道长度"]
    assert (
        unrelated_in(
            "省级第七批水利专项资金",
            "尧山村排洪排水工程建设、尤俊村堤岸修复",
            "开展7个小型水利工程建设",
            ("新建堤防、护岸长度", "≥1公里"),
            ("开展小型水利工程建设(个)", "7"),
        )
        == []
    )
    assert themes("灌区节水改造") & themes("农田灌溉")
    assert not themes("新建堤防") & themes("农村饮水")
