"""Indicator progress (双监控): completion against targets, money running ahead of results, what a
report still lacks before submission, and filling it in on the page and through the API."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.audit.models import AuditEntry
from jixiao.core.model import Indicator
from jixiao.core.value import parse_value
from jixiao.evaluate.monitoring_rules import MoneyAhead, RulesError, load_rules
from jixiao.monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound, Payment
from jixiao.monitoring.progress import (
    completion,
    missing_explanations,
    money_ahead,
    progress_rows,
    results_against_money,
    save_progress,
)
from jixiao.targets.models import Project
from jixiao.targets.workflow import WorkflowError
from tests.web.conftest import World, client_for

D = Decimal

OWN = "322-0601-YBN-5D8Z"  # 人事代理专项补助经费: 322003, 300000.00 元, six indicators (all "≤")
ROUND_DAY = date(2024, 6, 30)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Evidence files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def make_report(
    world: World, project: Project | None = None, *, status: str = "draft", as_of: date = ROUND_DAY
) -> MonitoringReport:
    """A report of the project in a round of its own (the round functions are not the point)."""
    project = project or world.project(OWN)
    issued = MonitoringRound.objects.create(
        fiscal_year=project.document.fiscal_year, issuer=world.finance,
        title=f"{project.document.fiscal_year.year}年1-6月绩效运行监控", period="1-6月",
        as_of=as_of, due=date(2024, 7, 15), created_by=world.users["finance_reviewer"],
    )  # fmt: skip
    return MonitoringReport.objects.create(round=issued, project=project, status=status)


def set_targets(project: Project, targets: list[str]) -> None:
    """The project's indicators given these 年度指标值 (in order), the rest of the table kept."""
    data = project.data
    for indicator, target in zip(data["indicators"], targets, strict=False):
        indicator["target"] = parse_value(target).model_dump(mode="json")
    Project.objects.filter(pk=project.pk).update(data=data)
    project.refresh_from_db()


def pay(world: World, project: Project, paid_on: date, amount: str) -> None:
    Payment.objects.create(
        project=project, paid_on=paid_on, amount=D(amount), recorded_by=world.users["filler"]
    )


def on_plan(world: World, project: Project) -> None:
    """Spending exactly on the plan of OWN (30% by 3月底, 65% by 6月底 of 300000.00 元)."""
    pay(world, project, date(2024, 3, 20), "90000.00")
    pay(world, project, date(2024, 6, 10), "105000.00")


def fill_all(report: MonitoringReport, world: World, likelihood: str = "确定能") -> None:
    count = len(report.project.to_core().indicators)
    save_progress(
        report, world.users["filler"],
        {n: {"reached": f"{n + 1}%", "expected": "80%", "likelihood": likelihood} for n in range(count)},
    )  # fmt: skip


def indicator(target: str, name: str = "培训人次", direction: str | None = None) -> Indicator:
    return Indicator(name=name, target=parse_value(target), direction=direction)


# -- completion and money ahead of results ----------------------------------------------------


@pytest.mark.parametrize(
    ("target", "reached", "direction", "percent", "words"),
    [
        ("≥10次", "6次", None, D("60.00"), "6次 ÷ 10次 = 60.00%"),
        (">200人", "45人", None, D("22.50"), "45人 ÷ 200人 = 22.50%"),
        ("≥95%", "90%", None, D("94.74"), "90% ÷ 95% = 94.74%"),
        ("100%", "50%", "正向指标", D("50.00"), "50% ÷ 100% = 50.00%"),
        ("≥3起", "4起", None, D("133.33"), "4起 ÷ 3起 = 133.33%"),
        ("≥10次", "６次", None, D("60.00"), "6次 ÷ 10次 = 60.00%"),  # full-width digits
    ],
)
def test_completion_is_the_value_reached_over_the_target(
    target: str, reached: str, direction: str | None, percent: D, words: str
) -> None:
    found = completion(0, indicator(target, direction=direction), reached)
    assert (found.percent, found.words) == (percent, words)


@pytest.mark.parametrize(
    ("target", "reached", "direction", "why"),
    [
        ("≤5%", "2%", None, "年度指标值「≤5%」为反向指标（越小越好），不计算完成比例"),
        ("≥10次", "2次", "反向指标", "为反向指标"),
        ("100%", "50%", None, "年度指标值「100%」未写明方向（≥ 或 正向指标），不计算完成比例"),
        ("80%-90%", "85%", None, "年度指标值「80%-90%」为区间指标，不计算完成比例"),
        ("优良", "良", None, "为定性指标，不计算完成比例"),
        ("12月底前", "进行中", None, "为时间指标"),
        ("≥10次", "", None, "尚未填写截至目前完成值"),
        ("≥10次", "已开展多次", None, "截至目前完成值「已开展多次」不是数值，无法计算完成比例"),
        ("≥10次", "6天", None, "单位「天」与年度指标值的单位「次」不同"),
        ("≥0次", "3次", None, "不大于 0"),
        ("", "3次", None, "未填写年度指标值"),
    ],
)
def test_completion_not_computed_says_why(
    target: str, reached: str, direction: str | None, why: str
) -> None:
    found = completion(2, indicator(target, direction=direction), reached)
    assert found.percent is None
    assert why in found.words


def test_money_ahead_of_results_is_flagged_beyond_the_configured_points() -> None:
    items = [
        completion(0, indicator("≥100人", "培训人次"), "45人"),  # 35 points behind
        completion(1, indicator("≥100次", "检查次数"), "50次"),  # exactly 30: not more than 30
        completion(2, indicator("≥10000次", "宣传次数"), "4999次"),  # 30.01
        completion(3, indicator("≤5%", "投诉率"), "1%"),  # not computed: never flagged
    ]
    found = money_ahead(items, D("80.00"), MoneyAhead())
    assert [c.flagged for c in found] == [True, False, True, False]
    assert found[0].warning == "资金已支出 80.00%，指标「培训人次」完成 45.00%，相差 35.00 个百分点"
    assert found[1].gap == D("30.00")
    assert found[1].warning == ""
    assert found[2].gap == D("30.01")
    assert found[3].gap is None
    tighter = money_ahead(items, D("80.00"), MoneyAhead(ahead_by=D(20)))
    assert [c.flagged for c in tighter] == [True, True, True, False]
    assert not any(c.flagged for c in money_ahead(items, None, MoneyAhead()))


def test_results_ahead_of_money_are_said_the_other_way_round() -> None:
    ahead, level = money_ahead(
        [completion(0, indicator("≥10次"), "9次"), completion(1, indicator("≥10次"), "8次")],
        D("80.00"),
        MoneyAhead(),
    )
    assert ahead.comparison == "完成比例高出资金执行率 10.00 个百分点"
    assert level.comparison == "资金执行率与完成比例持平"


def test_the_shipped_rules_flag_money_30_points_ahead_as_a_default_setting() -> None:
    rules = load_rules().money_ahead
    assert rules.ahead_by == D(30)
    assert rules.basis == "default"
    assert rules.basis_label == "默认设置"
    assert "默认设置" in rules.source


def test_a_rules_file_sets_its_own_points(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[progress]\nahead_by = 20\nbasis = "practice"\nsource = "本市做法"\n', "utf-8")
    rules = load_rules(path).money_ahead
    assert (rules.ahead_by, rules.basis_label, rules.source) == (D(20), "通行做法", "本市做法")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[progress]\nahead_by = 'thirty'\n", "rules.toml 的 progress.ahead_by 应为 0 到 100"),
        ("[progress]\nahead_by = 120\n", "progress.ahead_by"),
        ("[progress]\nbasis = 'law'\n", "progress.basis 应为 policy、practice 或 default"),
        ("[progress]\nsource = ''\n", "progress.source 应为说明文字"),
        ("progress = 3\n", "[progress] 应为一个表"),
    ],
)
def test_a_bad_rules_file_is_refused_naming_the_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(RulesError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_rules(path)


# -- rows and saving ----------------------------------------------------------------------------


def test_progress_rows_are_created_once_from_the_indicators(world: World) -> None:
    report = make_report(world)
    rows = progress_rows(report)
    names = [i.name for i in report.project.to_core().indicators]
    assert [(r.indicator_index, r.indicator_name) for r in rows] == list(enumerate(names))
    assert all(r.reached == "" and r.likelihood == "" for r in rows)
    again = progress_rows(report)
    assert [r.pk for r in again] == [r.pk for r in rows]
    assert IndicatorProgress.objects.filter(report=report).count() == 6


def test_the_filler_saves_progress_with_one_audit_entry_per_changed_row(world: World) -> None:
    report = make_report(world)
    filler = world.users["filler"]
    saved = save_progress(
        report, filler,
        {
            0: {"reached": " 60% ", "expected": "80%", "likelihood": "有可能",
                "cause_kind": "人员保障", "cause": "人员调整", "remedy": "补充人员"},
            1: {"reached": "", "likelihood": ""},  # blank as it was: no change, no entry
        },
    )  # fmt: skip
    assert [r.indicator_index for r in saved] == [0]
    row = IndicatorProgress.objects.get(report=report, indicator_index=0)
    assert (row.reached, row.expected, row.likelihood, row.cause_kind, row.cause, row.remedy) == (
        "60%", "80%", "有可能", "人员保障", "人员调整", "补充人员",
    )  # fmt: skip
    assert row.updated_by == filler
    entries = list(AuditEntry.objects.filter(action="monitoring.progress.save"))
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.object_type, entry.object_id) == ("monitoring.indicatorprogress", str(row.pk))
    assert entry.before["reached"] == ""
    assert entry.after["reached"] == "60%"
    assert entry.document_id == report.project.document_id
    assert entry.actor == filler
    # the same again changes nothing
    assert save_progress(report, filler, {0: {"reached": "60%"}}) == []
    assert AuditEntry.objects.filter(action="monitoring.progress.save").count() == 1


def test_a_bad_value_saves_no_row_and_names_the_row_and_field(world: World) -> None:
    report = make_report(world)
    with pytest.raises(ValidationError) as refused:
        save_progress(
            report, world.users["filler"],
            {0: {"reached": "60%"}, 2: {"likelihood": "大概能"}, 3: {"cause": "长" * 2001}},
        )  # fmt: skip
    assert refused.value.messages == [
        "第 3 行「作风建设比率」的完成目标可能性应为确定能、有可能、不可能之一",
        "第 4 行「资料更新比率」的偏差原因说明过长（不超过 2000 字，现为 2001 字）",
    ]
    assert not IndicatorProgress.objects.filter(report=report).exclude(reached="").exists()
    with pytest.raises(ValidationError, match="没有第 9 行指标"):
        save_progress(report, world.users["filler"], {8: {"reached": "1"}})


@pytest.mark.parametrize(
    "name", ["unit_reviewer", "department_reviewer", "readonly", "admin", "other_filler"]
)
def test_only_the_units_filler_saves_progress(world: World, name: str) -> None:
    report = make_report(world)
    with pytest.raises(PermissionDenied):
        save_progress(report, world.users[name], {0: {"reached": "60%"}})


@pytest.mark.parametrize("status", ["submitted", "department_review", "finance_review", "approved"])
def test_a_report_under_review_takes_no_progress(world: World, status: str) -> None:
    report = make_report(world, status=status)
    with pytest.raises(WorkflowError, match="不能再修改指标完成情况"):
        save_progress(report, world.users["filler"], {0: {"reached": "60%"}})
    assert not IndicatorProgress.objects.filter(report=report).exists()


def test_a_returned_report_is_filled_in_again(world: World) -> None:
    report = make_report(world, status="returned")
    save_progress(report, world.users["filler"], {0: {"reached": "60%"}})
    assert IndicatorProgress.objects.get(report=report, indicator_index=0).reached == "60%"


# -- what a report still lacks ------------------------------------------------------------------


def test_a_blank_report_lacks_every_value_likelihood_and_the_spending_explanation(
    world: World,
) -> None:
    report = make_report(world)
    lines = missing_explanations(report)
    assert lines[:2] == [
        "指标「工作主动性比率」未填写截至目前完成值",
        "指标「工作主动性比率」未选择完成目标可能性",
    ]
    assert len(lines) == 6 * 2 + 1
    # nothing paid by 6月30日 against a plan of 30% by 3月底 and 65% by 6月底: 红
    assert lines[-1] == (
        "截至6月30日支出进度为“红”（截至6月30日支出 0.00 元 ÷ 预算 300000.00 元 = 0.00%，"
        "计划 65.00%，红），须在监控表中填写支出偏差原因、偏差原因说明、纠偏措施"
    )


def test_a_report_on_plan_and_certain_lacks_nothing(world: World) -> None:
    report = make_report(world)
    on_plan(world, report.project)
    fill_all(report, world)
    assert missing_explanations(report) == []


def test_a_likelihood_short_of_certain_needs_cause_kind_text_and_remedy(world: World) -> None:
    report = make_report(world)
    on_plan(world, report.project)
    fill_all(report, world)
    save_progress(
        report,
        world.users["filler"],
        {
            1: {"likelihood": "有可能"},
            2: {"likelihood": "不可能", "cause_kind": "经费保障", "cause": "资金未到位"},
        },
    )
    assert missing_explanations(report) == [
        "指标「工作完成情况比率」的完成目标可能性为“有可能”，须填写偏差原因、偏差原因说明、纠偏措施",
        "指标「作风建设比率」的完成目标可能性为“不可能”，须填写纠偏措施",
    ]
    save_progress(
        report,
        world.users["filler"],
        {1: {"cause_kind": "其他", "cause": "天气", "remedy": "加快"}, 2: {"remedy": "申请追加"}},
    )
    assert missing_explanations(report) == []


def test_spending_behind_plan_needs_the_reports_cause_and_remedy(world: World) -> None:
    report = make_report(world)
    pay(world, report.project, date(2024, 3, 20), "90000.00")
    pay(world, report.project, date(2024, 6, 10), "75000.00")  # 55%: 10 points behind 65%: 黄
    fill_all(report, world)
    assert missing_explanations(report) == [
        "截至6月30日支出进度为“黄”（截至6月30日支出 165000.00 元 ÷ 预算 300000.00 元 = 55.00%，"
        "计划 65.00%，黄），须在监控表中填写支出偏差原因、偏差原因说明、纠偏措施"
    ]
    MonitoringReport.objects.filter(pk=report.pk).update(cause_kind="制度保障", cause="招标延后")
    report.refresh_from_db()
    assert missing_explanations(report)[0].endswith("须在监控表中填写纠偏措施")


# -- money against results for a report ---------------------------------------------------------


def test_the_report_compares_spending_at_the_rounds_date_with_each_indicator(world: World) -> None:
    report = make_report(world)
    set_targets(report.project, ["≥100人", "≥10次", "≤5%"])
    pay(world, report.project, date(2024, 3, 20), "240000.00")  # 80.00% of 300000.00 元
    pay(world, report.project, date(2024, 7, 20), "60000.00")  # after the round's date
    save_progress(
        report,
        world.users["filler"],
        {0: {"reached": "45人"}, 1: {"reached": "6次"}, 2: {"reached": "1%"}},
    )
    results = results_against_money(report)
    assert results.spending.rate == D("80.00")
    assert [c.warning for c in results.flagged] == [
        "资金已支出 80.00%，指标「工作主动性比率」完成 45.00%，相差 35.00 个百分点"
    ]
    assert [c.percent for c in results.completions[:3]] == [D("45.00"), D("60.00"), None]
    assert results.completions[1].gap == D("20.00")
    assert results.completions[1].comparison == "资金执行率高出完成比例 20.00 个百分点"
    assert not results.completions[1].flagged
    assert [c.index for c in results.skipped] == [2, 3, 4, 5]


# -- the page -----------------------------------------------------------------------------------


def test_the_filler_sees_a_form_row_per_indicator_and_what_is_missing(world: World) -> None:
    report = make_report(world)
    page = client_for(world, "filler").get(f"/monitoring/reports/{report.pk}/progress/")
    text = page.content.decode()
    assert page.status_code == 200
    for n in range(6):
        assert f'name="reached_{n}"' in text
        assert f'name="likelihood_{n}"' in text
        assert f'action="/monitoring/reports/{report.pk}/progress/{n}/evidence/"' in text
    assert "提交监控表前还需补充" in text
    assert "指标「群众满意度」未选择完成目标可能性" in text
    assert "保存指标完成情况" in text
    assert "≤85%" in text  # the target as written


def test_the_filler_saves_the_form_and_sees_it_saved(world: World) -> None:
    report = make_report(world)
    client = client_for(world, "filler")
    answer = client.post(
        f"/monitoring/reports/{report.pk}/progress/",
        {
            "reached_0": "60%",
            "likelihood_0": "有可能",
            "cause_kind_0": "人员保障",
            "cause_0": "人员调整",
            "remedy_0": "补充人员",
            "reached_5": "88%",
        },
        follow=True,
    )
    text = answer.content.decode()
    assert "已保存 2 行指标完成情况。" in text
    assert 'value="60%"' in text
    assert 'value="88%"' in text
    assert "<option selected>有可能</option>" in text
    assert IndicatorProgress.objects.get(report=report, indicator_index=5).reached == "88%"


def test_a_bad_form_is_shown_again_with_what_was_typed(world: World) -> None:
    report = make_report(world)
    answer = client_for(world, "filler").post(
        f"/monitoring/reports/{report.pk}/progress/",
        {"reached_0": "60%", "likelihood_1": "大概", "remedy_1": "加快进度"},
    )
    text = answer.content.decode()
    assert answer.status_code == 200
    assert "未保存，请修改以下内容" in text
    assert "第 2 行「工作完成情况比率」的完成目标可能性应为确定能、有可能、不可能之一" in text
    assert 'value="60%"' in text
    assert "加快进度</textarea>" in text
    assert not IndicatorProgress.objects.filter(report=report).exists()


def test_a_submitted_report_reads_only_and_refuses_a_post_with_a_message(world: World) -> None:
    report = make_report(world)
    save_progress(
        report, world.users["filler"], {0: {"reached": "60%", "cause": "人员调整\n第二行"}}
    )
    MonitoringReport.objects.filter(pk=report.pk).update(status="submitted")
    client = client_for(world, "filler")
    text = client.get(f"/monitoring/reports/{report.pk}/progress/").content.decode()
    assert 'name="reached_0"' not in text
    assert "保存指标完成情况" not in text
    assert "本监控表当前为“已提交”，指标完成情况和佐证材料不能再修改。" in text
    assert "人员调整<br>第二行" in text
    answer = client.post(
        f"/monitoring/reports/{report.pk}/progress/", {"reached_0": "99%"}, follow=True
    )
    assert "当前状态为“已提交”，不能再修改指标完成情况或佐证材料" in answer.content.decode()
    assert IndicatorProgress.objects.get(report=report, indicator_index=0).reached == "60%"


def test_a_reviewer_reads_the_progress_without_a_form(world: World) -> None:
    report = make_report(world)
    save_progress(report, world.users["filler"], {0: {"reached": "60%", "likelihood": "确定能"}})
    text = (
        client_for(world, "unit_reviewer")
        .get(f"/monitoring/reports/{report.pk}/progress/")
        .content.decode()
    )
    assert "<input" not in text.split("<table")[1]
    assert "60%" in text
    assert "确定能" in text
    assert "由项目所在单位的单位填报人填写" in text
    assert "提交监控表前还需补充" not in text


def test_the_page_flags_money_ahead_of_results(world: World) -> None:
    report = make_report(world)
    set_targets(report.project, ["≥100人"])
    pay(world, report.project, date(2024, 3, 20), "240000.00")
    save_progress(report, world.users["filler"], {0: {"reached": "45人"}})
    text = (
        client_for(world, "readonly")
        .get(f"/monitoring/reports/{report.pk}/progress/")
        .content.decode()
    )
    assert "资金支出快于指标完成" in text
    assert "资金已支出 80.00%，指标「工作主动性比率」完成 45.00%，相差 35.00 个百分点" in text
    assert "完成 45.00%" in text


def test_the_progress_page_reads_a_fixed_number_of_queries(world: World, media: Path) -> None:
    from tests.monitoring.test_evidence import PDF, upload

    report = make_report(world)
    client = client_for(world, "filler")
    url = f"/monitoring/reports/{report.pk}/progress/"
    upload(client, report, 0, "材料.pdf", PDF)  # the rows exist: evidence is read with them
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        for k in range(2):
            upload(client, report, n, f"材料{n}-{k}.pdf", PDF + f"{n}-{k}".encode())
    with CaptureQueriesContext(connection) as many:
        assert "材料5-1.pdf" in client.get(url).content.decode()
    assert len(many) == len(few) <= 8, [q["sql"] for q in many.captured_queries]


# -- the API ------------------------------------------------------------------------------------


def test_the_api_lists_rows_with_completion_and_evidence(world: World) -> None:
    report = make_report(world)
    set_targets(report.project, ["≥10次"])
    save_progress(report, world.users["filler"], {0: {"reached": "6次", "likelihood": "有可能"}})
    rows = client_for(world, "readonly").get(f"/api/monitoring/reports/{report.pk}/progress").json()
    assert len(rows) == 6
    first = rows[0]
    assert (first["index"], first["name"], first["target"], first["reached"]) == (
        0,
        "工作主动性比率",
        "≥10次",
        "6次",
    )
    assert (first["completion"], first["completion_note"]) == ("60.00", "6次 ÷ 10次 = 60.00%")
    assert first["likelihood"] == "有可能"
    assert first["updated_by"] == "filler"
    assert rows[1]["reached"] == ""
    assert rows[1]["updated_by"] is None
    assert rows[1]["completion_note"].endswith("为反向指标（越小越好），不计算完成比例")


def test_the_api_writes_one_row_leaving_other_columns(world: World) -> None:
    report = make_report(world)
    client = client_for(world, "filler")
    url = f"/api/monitoring/reports/{report.pk}/progress/0"
    answer = client.put(
        url, json.dumps({"reached": "60%", "remedy": "加快"}), content_type="application/json"
    )
    assert answer.status_code == 200
    assert (answer.json()["reached"], answer.json()["remedy"]) == ("60%", "加快")
    answer = client.put(url, json.dumps({"likelihood": "确定能"}), content_type="application/json")
    assert (answer.json()["reached"], answer.json()["likelihood"]) == ("60%", "确定能")
    bad = client.put(url, json.dumps({"cause_kind": "天气"}), content_type="application/json")
    assert bad.status_code == 400
    assert (
        "第 1 行「工作主动性比率」的偏差原因应为经费保障、制度保障、人员保障、硬件条件保障、其他之一"
        in bad.json()["detail"]
    )
    missing = client.put(
        f"/api/monitoring/reports/{report.pk}/progress/6", "{}", content_type="application/json"
    )
    assert (missing.status_code, missing.json()["detail"]) == (404, "没有第 7 行指标")
    MonitoringReport.objects.filter(pk=report.pk).update(status="submitted")
    late = client.put(url, json.dumps({"reached": "70%"}), content_type="application/json")
    assert late.status_code == 409
    assert "不能再修改" in late.json()["detail"]
    other = client_for(world, "unit_reviewer").put(url, "{}", content_type="application/json")
    assert other.status_code == 403
