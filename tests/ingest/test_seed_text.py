"""The seed document (山海关区商务局 targets) read exactly, field by field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.model import Category, TargetDocument

SHANGWU = ("322002", "秦皇岛市山海关区商务局")
TOUCU = ("322003", "秦皇岛市山海关区投资促进中心")

PROJECTS = [
    # code, name, unit, budget, plan, purpose (start), goals
    (
        "322-0503-JBN-G5SQ",
        "商务执法大队工作经费",
        SHANGWU,
        "60000.00",
        ["25.00", "65.00", "95.00", "100.00"],
        "在巩固原有基础上多措并举，不断增加建设投入，创造条件力争申报国家商务部区级商务综合执法试点单位。",
        ["认真开展商务综合执法工作", "认真开展商务综合执法工作"],
    ),
    (
        "322-0503-JBN-SN7Q",
        "商务执法大队专项补助经费",
        SHANGWU,
        "1030000.00",
        ["25.00", "65.00", "95.00", "100.00"],
        "逐月支付商务执法监察大队人员工资及缴纳各种保险",
        [
            "保障按时足额发放商务执法监察大队人员缴纳各种保险金",
            "保障按时足额发放商务执法监察大队人员工资",
        ],
    ),
    (
        "322-0601-YBN-5D8Z",
        "人事代理专项补助经费",
        TOUCU,
        "300000.00",
        ["30.00", "65.00", "90.00", "100.00"],
        "用于招商引资工作人事代理人员工资",
        ["保障招商引资工作正常开展", "人事代理人员基本保障"],
    ),
    (
        "322-0601-YBN-Y6VV",
        "投资促进中心专项补助经费",
        TOUCU,
        "220000.00",
        ["30.00", "65.00", "90.00", "100.00"],
        "保障招商引资工作正常进行",
        ["保障招商引资工作正常开展", "保障工作人员基本保障"],
    ),
    (
        "322-0601-YBN-13RG",
        "招商引资工作经费",
        TOUCU,
        "500000.00",
        ["30.00", "70.00", "90.00", "100.00"],
        "坚持以招商引资集中攻坚行动为抓手，积极参加省、市政府组织的各种大型招商会议，赴北京等地开展小团组和驻点招商活动，"
        "拓展产业链招商、精准招商,打造全方位、宽领域、高层次的招商引资新格局。",
        [
            "保障招商引资工作正常开展",
            "紧紧抓住国家建设“一带一路”的重大机遇，依托现有产业优势和区位优势，扎实做好招商引资项目储备工作，"
            "通过驻点招商、领导招商、活动招商广泛宣传我区投资环境和重点招商项目，推进项目进展。",
        ],
    ),
]

_QUALITY = [
    (
        "产出指标",
        "质量指标",
        "工作主动性比率",
        "积极开招招商工作，主动担当",
        "≤80%",
        "<=",
        "80",
        "%",
    ),
    (
        "产出指标",
        "质量指标",
        "工作完成情况比率",
        "按时按量完成任务，不出现差错",
        "≤80%",
        "<=",
        "80",
        "%",
    ),
    (
        "产出指标",
        "质量指标",
        "作风建设比率",
        "严格遵守工作纪律，严守作风建设",
        "≤80%",
        "<=",
        "80",
        "%",
    ),
]
INDICATORS = {
    "322-0503-JBN-G5SQ": [
        (
            "产出指标",
            "数量指标",
            "商务执法行动次数（次）",
            "执法行动的次数",
            "≥10次",
            ">=",
            "10",
            "次",
        ),
        (
            "效果指标",
            "社会效益指标",
            "查出违法案件结案数量",
            "查办案件数量",
            "≥3起",
            ">=",
            "3",
            "起",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "执法办案行为投诉率（%）",
            "被投诉的执法办案行为次数占执法办案总数的比率",
            "≤5%",
            "<=",
            "5",
            "%",
        ),
    ],
    "322-0503-JBN-SN7Q": [
        (
            "产出指标",
            "质量指标",
            "全年足额发放工资及缴纳保险",
            "保障全年足额工资发放、缴纳各项保险金",
            "100%",
            "=",
            "100",
            "%",
        ),
        (
            "产出指标",
            "质量指标",
            "全年及时发放工资情况",
            "保障全年及时发放工资情况",
            "100%",
            "=",
            "100",
            "%",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "工资发放的满意度",
            "职工对于工资及时足额发放满意程度",
            "100%",
            "=",
            "100",
            "%",
        ),
    ],
    "322-0601-YBN-5D8Z": [
        *_QUALITY,
        (
            "效果指标",
            "经济效益指标",
            "资料更新比率",
            "完成招商平台资料更新10以上",
            "≤10次",
            "<=",
            "10",
            "次",
        ),
        (
            "效果指标",
            "社会效益指标",
            "招商宣传完成比率",
            "结合岗位发展，及时更新招商资料",
            "≤90%",
            "<=",
            "90",
            "%",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "群众满意度",
            "客商对全年接待工作的整体满意度",
            "≤85%",
            "<=",
            "85",
            "%",
        ),
    ],
    "322-0601-YBN-Y6VV": [
        *_QUALITY,
        (
            "效果指标",
            "社会效益指标",
            "招商宣传完成比率",
            "结合岗位发展，及时更新招商资料",
            "≤90%",
            "<=",
            "90",
            "%",
        ),
        (
            "效果指标",
            "社会效益指标",
            "资料更新比率",
            "完成招商平台资料更新10以上",
            "≤10次",
            "<=",
            "10",
            "次",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "群众满意度",
            "客商对全年接待工作的整体满意度",
            "≤90%",
            "<=",
            "90",
            "%",
        ),
    ],
    "322-0601-YBN-13RG": [
        (
            "产出指标",
            "数量指标",
            "赴地区数量",
            "赴多个国家或地区开展招商引资地区",
            "≤8次",
            "<=",
            "8",
            "次",
        ),
        (
            "产出指标",
            "数量指标",
            "举办活动数量",
            "开展“主题招商活动”数量占预计开展活动比例(预计5次)",
            "<5次",
            "<",
            "5",
            "次",
        ),
        (
            "产出指标",
            "质量指标",
            "到会客商人数",
            "专项推介、专题对接、贸易展览会的客商人数占预计到会人数比例",
            "≤85%",
            "<=",
            "85",
            "%",
        ),
        (
            "效果指标",
            "经济效益指标",
            "夯实招商基础完成比率",
            "编印新版宣传资料1版",
            "≤1版",
            "<=",
            "1",
            "版",
        ),
        (
            "效果指标",
            "经济效益指标",
            "参加招商活动比率",
            "有效的宣传我区招商环境",
            "≤20次",
            "<=",
            "20",
            "次",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "招商活动取得的成效比率",
            "推进在谈在建项目",
            "≤2个",
            "<=",
            "2",
            "个",
        ),
    ],
}


def test_it_reads_five_projects_in_order(seed: TargetDocument) -> None:
    assert seed.schema_version == "jixiao/1"
    assert seed.layout == "seed-text"
    assert [p.code for p in seed.projects] == [row[0] for row in PROJECTS]


@pytest.mark.parametrize("expected", PROJECTS, ids=[row[0] for row in PROJECTS])
def test_it_reads_each_project_header(seed: TargetDocument, expected: tuple) -> None:
    code, name, (unit_code, unit_name), budget, plan, purpose, goals = expected
    project = next(p for p in seed.projects if p.code == code)
    assert project.name == name
    assert project.title == name + "绩效目标表"
    assert (project.unit.code, project.unit.name) == (unit_code, unit_name)
    assert project.supervisor is not None
    assert (project.supervisor.code, project.supervisor.name) == ("322", "秦皇岛市山海关区商务局")
    assert project.money_unit == "元"
    assert project.budget.total == project.budget.fiscal == Decimal(budget)
    assert format(project.budget.total, "f") == budget
    assert project.budget.other is None
    assert [p.by for p in project.spending_plan] == ["3月底", "6月底", "10月底", "12月底"]
    assert [format(p.percent, "f") for p in project.spending_plan] == plan
    assert project.purpose == purpose
    assert project.goals == goals
    assert project.long_term_goals == []
    assert project.evaluation is None


@pytest.mark.parametrize("code", list(INDICATORS))
def test_it_reads_every_indicator_row(seed: TargetDocument, code: str) -> None:
    project = next(p for p in seed.projects if p.code == code)
    rows = [
        (
            i.level1,
            i.level2,
            i.name,
            i.description,
            i.target.raw,
            i.target.op,
            format(i.target.number, "f") if i.target.number is not None else None,
            i.target.unit,
        )
        for i in project.indicators
    ]
    assert rows == INDICATORS[code]
    assert all(i.basis is None and i.target.kind == "quantity" for i in project.indicators)


def test_it_counts_24_indicators(seed: TargetDocument) -> None:
    assert sum(len(p.indicators) for p in seed.projects) == 24


def test_a_blank_merged_level1_cell_inherits_from_the_row_above(seed: TargetDocument) -> None:
    second = seed.projects[1].indicators[1]
    assert (second.level1, second.level2) == ("产出指标", "质量指标")


def test_non_standard_wording_is_kept_and_normalised_beside_it(seed: TargetDocument) -> None:
    update_ratio = seed.projects[3].indicators[4]
    assert update_ratio.name == "资料更新比率"
    assert (update_ratio.level1, update_ratio.level2) == ("效果指标", "社会效益指标")
    assert update_ratio.category == Category(level1="效益指标", level2="社会效益指标")


def test_the_trailing_space_of_a_value_is_dropped(seed: TargetDocument) -> None:
    assert seed.projects[4].indicators[3].target.raw == "≤1版"


def test_it_reads_the_department_wide_targets(seed: TargetDocument) -> None:
    department = seed.department
    assert department is not None
    assert (department.code, department.name) == ("322", "秦皇岛市山海关区商务局")
    assert department.overall_goal is not None
    assert department.overall_goal.startswith(
        "部门总体绩效目标经党组研究同意。拟定全区商务发展规划"
    )
    assert department.overall_goal.endswith("进一步做好招商基础工作。")
    assert [g.title for g in department.sub_goals] == [
        "指导全区货物进出口工作。",
        "推进农贸市场体系建设和改造提升。",
        "对全区成品油、再生资源、汽车市场等方面的执法工作",
        "指导流通领域信息网络和电子商务建设。",
        "借助我国对美、对俄、对台、多边贸易政策以及自贸区平台，组织我区企业走出去，开展贸易洽谈、招商合作等活动，"
        "促进贸易往来。",
    ]
    assert [g.goal for g in department.sub_goals] == [
        "拟定全区进出口商品中长期规划，促进出口额增长。",
        "农贸市场建设提档升级工作。",
        "严厉打击黑加油站点，促进区成品油市场正规化、健康化发展。",
        "普及农村电子商务应用，扩大网络消费规模。",
        "加强企业对接、园区对接、项目对接，宣传河北投资环境，推介一批重点合作项目。",
    ]
    assert (
        department.sub_goals[2].indicator_text
        == "每年执法行动过不少于80次，执法案件结案率达到100%。"
    )


def test_department_indicator_sentences_become_six_indicators(seed: TargetDocument) -> None:
    assert seed.department is not None
    readings = [
        [(i.target.op, str(i.target.number), i.target.unit) for i in goal.indicators]
        for goal in seed.department.sub_goals
    ]
    assert readings == [
        [(">=", "4", "%")],
        [("=", "7", "家")],
        [(">=", "80", "次"), ("=", "100", "%")],
        [(">=", "300", "家")],
        [(">=", "200", "人")],
    ]
    enforcement = seed.department.sub_goals[2].indicators
    assert enforcement[1].name == "执法案件结案率"


def test_it_reads_seven_safeguards_without_numbering(seed: TargetDocument) -> None:
    assert seed.department is not None
    safeguards = seed.department.safeguards
    assert len(safeguards) == 7
    assert safeguards[0] == "完善财务制度，增加内控力度。确保每个项目有完善的绩效指标。"
    assert safeguards[6] == "加强人员培训，提高本部门职工的业务素质，优化业务质量。"


def test_json_follows_the_interchange_contract(seed: TargetDocument) -> None:
    data = seed.to_data()
    assert data["schema"] == "jixiao/1"
    assert set(data) >= {"schema", "source", "department", "projects"}
    project = data["projects"][1]
    assert project["budget"] == {"total": "1030000.00", "fiscal": "1030000.00", "other": None}
    assert project["spending_plan"][0] == {"by": "3月底", "percent": "25.00"}
    assert set(project) >= {
        "code", "name", "year", "unit", "supervisor", "money_unit", "budget", "purpose",
        "spending_plan", "goals", "long_term_goals", "indicators", "evaluation",
    }  # fmt: skip
    indicator = project["indicators"][0]
    assert set(indicator) >= {
        "level1", "level2", "name", "description", "target", "basis", "actual", "weight",
        "score", "deviation",
    }  # fmt: skip
    assert indicator["target"] | {"raw": "100%"} == indicator["target"]
    assert {k: indicator["target"][k] for k in ("raw", "op", "number", "unit", "text")} == {
        "raw": "100%",
        "op": "=",
        "number": "100",
        "unit": "%",
        "text": None,
    }
    assert TargetDocument.model_validate(data) == seed
