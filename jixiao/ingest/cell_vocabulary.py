"""The words of the forms `cell_form` reads: header labels, indicator and money columns, the
cells that end a grid — data-like, so a province's wording is one more entry (see
docs/guides/add-a-reader.md), and the `Cell` the front ends cut text into."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jixiao.core.framework import clean_label
from jixiao.core.model import BasisKind


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    line: int
    outside: bool = False
    """Text outside any table — a paragraph of the page between tables, which a front end that
    marks a table's cells can tell (a line without a bar among "|" rows): a grid ends before
    it, and no row is read from it."""

    @property
    def key(self) -> str:
        """The text as a label: without spaces, "?" runs (lost vertical text), colons or notes."""
        return clean_label(LABEL_NOISE.sub("", self.text))


LABEL_NOISE = re.compile(r"[\s?？:：*＊]+")

NAME, SUPERVISOR, UNIT, IGNORED = "name", "supervisor", "unit", "ignored"
TOTAL, YEAR_TOTAL, FISCAL, YEAR_FISCAL, OTHER = (
    "total",
    "year_total",
    "fiscal",
    "year_fiscal",
    "other",
)
GOALS, LONG_TERM, SECTION, FRAGMENT = "goals", "long_term", "section", "fragment"
CODE, PURPOSE, PLAN = "code", "purpose", "plan"
CENTRAL, ACHIEVED, SCORE, EXECUTED = "central", "achieved", "score", "executed"
IMPLEMENTATION = "implementation"
LEVEL, FILER = "level", "filer"
"""LEVEL: fiscal money by level of government (中央资金, 省级补助, 地方资金 …), summed into
财政拨款 where the form writes no 财政拨款 row; FILER: the unit filing the form (填报单位,
申报单位), the 实施单位 where the form names none."""
DEPARTMENT, DEPARTMENT_CODE, DUTIES, OVERALL = "department", "department_code", "duties", "overall"
LABELS = {
    "项目编码": CODE,
    "项目代码": CODE,
    "项目名称": NAME,
    "项目支出名称": NAME,
    "转移支付名称": NAME,  # 转移支付(项目)名称, the note dropped
    "专项名称": NAME,
    "专项资金名称": NAME,
    "政策名称": NAME,  # 政策(项目)名称, the note dropped
    "资金名称": NAME,  # a transfer's 资金名称 in a 区域绩效目标表
    "二级项目名称": NAME,  # a provincial form's project under its 一级项目 (a programme)
    "一级项目名称": IGNORED,
    "主管部门": SUPERVISOR,
    "主管部门编码": IGNORED,
    "主管部门审核意见": IGNORED,  # the signature cell, which a flattened docx may put first
    "主管部门名称": SUPERVISOR,  # 主管部门(单位)名称, the note dropped
    "主管部门名称及部门预算编码": SUPERVISOR,
    "主管预算部门": SUPERVISOR,
    "主管部门及编码": SUPERVISOR,
    "主管部门及代码": SUPERVISOR,
    "主管单位": SUPERVISOR,
    "业务主管部门": SUPERVISOR,
    "省级业务主管部门": SUPERVISOR,  # a provincial 专项资金 form
    "地方主管部门": SUPERVISOR,
    "省级主管部门": SUPERVISOR,
    "市级主管部门": SUPERVISOR,
    "县级主管部门": SUPERVISOR,
    "区级主管部门": SUPERVISOR,
    "区级主管单位": SUPERVISOR,
    "项目主管部门": SUPERVISOR,
    "中央主管部门": CENTRAL,
    "实施单位": UNIT,
    "具体实施单位": UNIT,
    "项目实施单位": UNIT,
    "预算单位": UNIT,
    "项目单位": UNIT,
    "预算部门": UNIT,
    "项目执行单位": UNIT,
    "资金使用单位": UNIT,
    "单位名称": UNIT,
    "预算单位名称": UNIT,
    "填报单位": FILER,
    "申报单位": FILER,
    "项目负责人及电话": IGNORED,
    "负责人及电话": IGNORED,
    "项目负责人": IGNORED,
    "联系电话": IGNORED,
    "填报人": IGNORED,  # the filer's name beside a 部门整体 form's 部门(单位)名称
    "填表人": IGNORED,
    "项目属性": IGNORED,
    "补助项目/区域": IGNORED,
    "项目分类": IGNORED,
    "项目类型": IGNORED,
    "项目类别": IGNORED,  # a Hubei self-evaluation's 1、上级专项 2、本级专项, none marked
    "项目开始日期": IGNORED,  # a provincial form's 项目开始日期 … 需要说明的其他问题
    "项目完成日期": IGNORED,
    "资金性质": IGNORED,
    "基本情况": IGNORED,
    "项目立项必要性": IGNORED,
    "保证项目实施的制度措施": IGNORED,
    "项目实施计划": IGNORED,
    "组织实施单位": IGNORED,
    "监督管理单位": IGNORED,
    "政策依据": IGNORED,
    "其他依据": IGNORED,
    "需要说明的其他问题": IGNORED,
    "项目起止时间": IGNORED,
    "建设周期": IGNORED,
    "项目期": IGNORED,
    "项目审批": IGNORED,
    "项目总体概况": IGNORED,
    "项目概况": IGNORED,
    "项目概况及立项依据": IGNORED,
    "立项依据": IGNORED,
    "专项立项依据": IGNORED,  # a county 专项资金绩效目标表, with 专项属性 and 专项实施进度计划
    "专项属性": IGNORED,
    "专项实施进度计划": IGNORED,
    "资金类型": IGNORED,  # a provincial 专项资金 form: 资金类型, 实施周期, 战略领域 …
    "实施周期": IGNORED,
    "战略领域": IGNORED,
    "财政事权": IGNORED,
    "政策任务": IGNORED,
    "财政资金预算分类": IGNORED,
    "财政资金科目代码": IGNORED,
    "省级财政部门": IGNORED,
    "市级财政部门": IGNORED,
    "县级财政部门": IGNORED,
    "区级财政部门": IGNORED,
    "部门名称": DEPARTMENT,  # 部门(单位)名称 too, the note dropped
    "一级预算单位名称": DEPARTMENT,  # a 部门整体支出绩效自评表's
    "二级预算单位名称": DEPARTMENT,
    "部门编码": DEPARTMENT_CODE,
    "部门代码": DEPARTMENT_CODE,
    "预算编码": DEPARTMENT_CODE,
    "部门职能职责概述": DUTIES,
    "部门相应职能职责概述": DUTIES,  # a county 专项资金绩效目标表
    "部门职能职责": DUTIES,
    "部门职能概述": DUTIES,
    "职能职责概述": DUTIES,
    "职能职责": DUTIES,
    "年度主要任务": DUTIES,  # the 部门整体支出绩效目标申报表's tasks, where it writes no 职能职责
    "年度绩效总目标": OVERALL,
    "部门年度总体绩效目标": OVERALL,
    "部门整体绩效目标": SECTION,
    "联系人": IGNORED,
    "联络电话": IGNORED,  # a 部门整体支出绩效评价自评报告's 基本概况: contact and staff
    "人员编制": IGNORED,
    "实有人数": IGNORED,
    "资金总额": TOTAL,
    "预算数": TOTAL,
    "项目总预算": TOTAL,
    "项目预算金额": TOTAL,
    "项目资金总额": TOTAL,
    "项目资金申请": TOTAL,
    "项目总投资": TOTAL,
    "年度资金总额": YEAR_TOTAL,
    "当年资金总额": YEAR_TOTAL,
    "当年年度预算": YEAR_TOTAL,
    "年度本级预算金额": YEAR_TOTAL,
    "年度金额": YEAR_TOTAL,
    "预算申报数": YEAR_TOTAL,  # a provincial form's request for the year, beside 项目总投资
    "其中财政拨款": FISCAL,
    "中央补助安排": LEVEL,  # a provincial form's money by level: 中央补助安排, 省级财政安排
    "省级财政安排": LEVEL,
    "财政拨款": FISCAL,
    "财政拨款小计": FISCAL,  # (一)财政拨款小计 above 1、一般公共预算 …
    "其中财政资金": FISCAL,
    "其中当年财政拨款": YEAR_FISCAL,
    "当年财政拨款": YEAR_FISCAL,
    "其他资金": OTHER,
    "其中其他资金": OTHER,
    "其中其它资金": OTHER,
    "当年其他资金": OTHER,
    "资金用途": PURPOSE,
    "用途范围": PURPOSE,
    "资金支出计划": PLAN,
    "年度目标": GOALS,
    "绩效目标": GOALS,
    "年度绩效目标": GOALS,
    "当年绩效目标": GOALS,
    "年度总体目标": GOALS,
    "项目年度目标": GOALS,
    "年初设定目标": GOALS,
    "预期目标": GOALS,
    "年度主要目标和成果": GOALS,
    "专项年度绩效目标": GOALS,
    "中期目标": LONG_TERM,
    "专项长期绩效目标": LONG_TERM,
    "长期目标": LONG_TERM,
    "实施期目标": LONG_TERM,
    "实施期绩效目标": LONG_TERM,
    "中期绩效目标": LONG_TERM,
    "年度目标完成情况": ACHIEVED,
    "全年实际完成情况": ACHIEVED,
    "年度总体目标完成情况综述": ACHIEVED,
    "目标实际完成情况": ACHIEVED,
    "实际完成情况": ACHIEVED,
    "实际完成目标": ACHIEVED,  # 预期目标 | 实际完成目标, a 部门整体支出绩效自评表's
    "1-6月完成情况": ACHIEVED,  # beside a monitoring table's 年度目标: its 1-6月 progress
    "1-6月目标完成情况": ACHIEVED,
    "自评得分": SCORE,
    "执行数": EXECUTED,
    "总体目标": SECTION,
    "总体目标完成情况": SECTION,
    "年度总体目标完成情况": SECTION,
    "年度目标完成情况表": SECTION,
    "资金情况": SECTION,
    "金额": SECTION,  # 金额(万元) heading a column of amounts, as in an allocation table
    "项目资金": SECTION,
    "项目金额": SECTION,  # 项目金额(万元) heading 年度资金总额 …
    "资金金额": SECTION,
    "部门预算资金": SECTION,  # 部门预算资金（万元） heading a 部门整体 table's money rows
    "年度预算执行情况": SECTION,  # 年度预算执行情况（万元） heading a monitoring table's money
    "年度预算申请": SECTION,  # 年度预算申请（万元） heading a 部门整体支出绩效自评表's money block
    "资金投入情况": SECTION,
    "预算执行情况": SECTION,
    "年度预算数": SECTION,
    "项目基本情况": SECTION,
    "1.项目年度目标完成情况": SECTION,
    "2.项目实施内容及过程概述": IMPLEMENTATION,
    "项目实施内容及过程概述": IMPLEMENTATION,
    "资金管理情况": SECTION,
    "部门基本概况": SECTION,  # a 部门整体支出绩效评价自评报告's first heading, 部门(单位)基本概况
    "一、部门基本概况": SECTION,
    "年度主要工作内容": SECTION,  # a 部门整体支出绩效评价自评报告's 基本概况
    "年度部门总体运行情况及取得的成绩": SECTION,
    "年度绩效指标完成情况": SECTION,
    "年度绩效目标完成情况": SECTION,  # a Hubei self-evaluation's heading of its grid
    "绩效指标": SECTION,
    "绩效项目指标表": SECTION,
    "年度绩效指标": SECTION,
    "保障绩效目标实现措施": SECTION,  # a Hubei form's row beside its 绩效指标
    "项目预算成本构成": SECTION,  # a Hubei form's table of costs: 金额 | 测算依据 | 执行数 …
    "及编码": FRAGMENT,
    "指标": FRAGMENT,
}
UNREAD_TABLES = frozenset({"项目预算成本构成"})
"""Tables within a form's header the model has no field for (a Hubei form's 项目预算成本构成 |
金额 | 测算(公式)依据 | 2020年实际执行数 … with its rows and 合计, before the goals): warned of
by name; their columns (执行数) and rows (合计 814) are no money block of the project."""
UNREAD = frozenset(
    {
        "资金管理情况",
        "年度主要工作内容",
        "年度部门总体运行情况及取得的成绩",
        "保障绩效目标实现措施",
        *UNREAD_TABLES,
    }
)
"""Sections the model has no field for (a self-evaluation's 资金管理情况, a department report's
年度主要工作内容 beside its 职能职责 and its 总体运行情况, a Hubei form's 保障绩效目标实现措施 and
its 项目预算成本构成): warned of by name, not read."""
MONEY = {TOTAL, YEAR_TOTAL, FISCAL, YEAR_FISCAL, OTHER, LEVEL}
GRID_START = "一级指标"
GRID_COLUMNS = {"二级指标", "三级指标", "指标值", "绩效指标描述"}
DESCRIPTION, BASIS = "绩效指标描述", "指标值确定依据"
"""Columns of the Hebei form besides the four: with them the grid is read by place (`Table`)."""
BASIS_HEADERS = ("指标值确定依据", "指标值设定依据")
BASIS_KINDS: tuple[BasisKind, ...] = ("计划标准", "行业标准", "历史标准", "其他")
GRID_FIELDS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "指标内容": "name",
    "指标名称": "name",
    "指标值": "target",
    "年度指标值": "target",
    "指标值及单位": "target",
    "年度数值": "target",
    "目标值": "target",
    "年度目标值": "target",
    "年初目标值": "target",  # a Hubei self-evaluation's 年初目标值(A) beside 实际完成值(B)
    "指标目标值": "target",
    "绩效标准": "target",  # the name column where a target column follows it (`cell_grid`)
    "当年预期实现值": "target",  # a Hubei form's: 一级指标 | 二级指标 | 绩效标准 | 当年预期实现值
    "预期实现值": "target",
    "预期指标值": "target",
    "计算符号": "op",
    "指标性质": "op",  # ≥ / ≤ / = in some forms, 定量 / 定性 in others: read by its content
    "度量单位": "unit",
    "计量单位": "unit",
    "分值": "weight",
    "权重": "weight",
    "得分": "score",
    "自评得分": "score",
    "完成值": "actual",
    "实际完成值": "actual",
    "实际值": "actual",
    "全年实际值": "actual",
    "全年完成值": "actual",
    "全年实际完成值": "actual",
    "实际完成指标值": "actual",
    "全年实际完成情况": "actual",
    "未完成原因分析": "deviation",
    "未完成原因": "deviation",
    "未完成原因和改进措施": "deviation",
    "未完成原因及改进措施": "deviation",
    "未完成原因及拟采取的改进措施": "deviation",
    "偏差原因分析及改进措施": "deviation",
    "偏差原因分析": "deviation",
    "指标解释": "description",
    "指标值说明": "description",
    "指标说明": "description",
    DESCRIPTION: "description",
    **dict.fromkeys(BASIS_HEADERS, "basis"),
    "备注": "note",
    "指标方向性": "direction",
    "1-6月完成情况": "midyear",
    "1-6月执行情况": "midyear",
    "1-6月完成值": "midyear",
    "1-6月实际完成值": "midyear",
    "全年预计完成情况": "expected",
    "全年预计完成值": "expected",
    "全年预计完成": "expected",
    "完成目标可能性": "likelihood",
    "偏差原因": "cause",
    "纠偏措施": "remedy",
}
"""The columns of an indicator grid by their header label (spaces and notes dropped): each row
is read by column, whatever the column set (one rule of place: `cell_grid.column_fields`)."""
STANDARD = "绩效标准"
"""The target column of a grid it is the only value column of; before another target column
(当年预期实现值) the indicator's name with its explanation (`cell_grid.column_fields`)."""
FUND_FIELDS = {
    "年初预算": "initial_budget",
    "年初预算数": "initial_budget",
    "调整后预算数": "full_year_budget",
    "调整后预算": "full_year_budget",
    "全年预算数": "full_year_budget",
    "全年预算": "full_year_budget",
    "预算执行数": "executed",
    "全年执行数": "executed",
    "预算数": "full_year_budget",  # 预算数(A) | 执行数(B) | 执行率(B/A): a Hubei self-evaluation's
    "执行数": "executed",  # (also header labels: a money block only with a column after them)
    "预算执行率": "rate",
    "执行率": "rate",
    "全年执行率": "rate",
    "1-6月执行数": "midyear_executed",
    "1-6月执行率": "midyear_rate",
    "全年预计执行数": "expected_executed",
    "全年预计执行率": "expected_rate",
    "分值": "weight",
    "权重": "weight",
    "得分": "score",
    "原因": "note",
    "偏差原因": "cause",
    "纠偏措施": "remedy",
}
"""Columns of a self-evaluation's or monitoring table's money block (年初预算数, 全年执行数 …)."""
FUND_STARTS = {"initial_budget", "full_year_budget", "executed", "midyear_executed"}
MONITORING_FUNDS = {"midyear_executed", "midyear_rate", "expected_executed", "expected_rate"}
FUND_ROW_WORDS = ("资金", "拨款", "总额", "补助", "结转", "合计", "收入", "经费", "预算", "基金")
TRAILERS = (
    "注:", "注：", "附件", "扫一扫", "- 扫一扫", "[下载]", "【打印", "打印本页", "关闭窗口",
    "填报人", "填表人", "填报日期", "填表日期", "制表人", "单位负责人", "财务负责人",
    "qrcode", "手机扫码", "备注:", "备注：",
)  # fmt: skip
"""Cells that end a form: notes and page furniture below it, a sheet's signature line."""
GRID_END = ("合计", "总分", "评价结论", "结论", "存在问题", "改进措施", "项目负责人", "说明:")
"""Cells that end an indicator grid: the self-evaluation's totals and conclusions below it."""
EVALUATION_LABELS = {
    "评价结论": "conclusion",
    "结论": "conclusion",
    "自评结论": "conclusion",
    "存在问题": "problems",
    "改进措施": "improvements",
    "偏差大或目标未完成原因分析": "problems",  # a Hubei self-evaluation's, below its grid
    "改进措施及结果应用方案": "improvements",
    "总分": "total_score",
    "自评总分": "total_score",
    "等级": "grade",
    "评价等级": "grade",
    "自评等级": "grade",
}
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
OPERATORS = frozenset({"≥", "≤", "=", "＝", ">", "<", ">=", "<=", "＞", "＜", "≧", "≦", "≠"})


def squeezed(text: str) -> str:
    """The text without its whitespace: a label written with spaces between its characters
    ("总 体 目 标", "合　计") compared as the label."""
    return "".join(text.split())


def spaced(text: str) -> bool:
    """Whether the text may be a label spaced out: a space after its first or second character
    (总 体 目 标, 总体 目标, 合　计), looked at without scanning the text."""
    return text[1:2].isspace() or text[2:3].isspace()


def short(text: str, limit: int = 24) -> bool:
    """Whether the text is short enough to be a label, its spaces not counted (部  门  名  称)."""
    return len(text) <= limit or (len(text) <= 4 * limit and len(squeezed(text)) <= limit)


_LEVELS = frozenset(
    {"中央", "省", "省级", "市", "市级", "州", "州级", "县", "县级", "区", "区级", "地方",
     "本级", "上级", "乡镇", "镇级", "乡级"}
)  # fmt: skip
_LEVEL_ENDS = (
    "财政补助资金", "转移支付资金", "财政专项资金", "财政资金", "财政拨款", "补助资金",
    "专项资金", "资金", "补助", "拨款",
)  # fmt: skip
_LEVEL_JOINS = str.maketrans({"、": " ", ",": " ", "，": " ", "和": " ", "及": " ", "与": " "})
_TOP_NUMBER = frozenset("一二三四五六七八九十")


def money_key(key: str) -> str:
    """A money row's key without 其中 and its number: "其中1.中央资金" → "中央资金"."""
    key = key.removeprefix("其中")
    digits = 0
    while (
        digits < len(key) and digits < 3 and (key[digits].isdigit() or key[digits] in _TOP_NUMBER)
    ):
        digits += 1
    if 0 < digits < len(key) and key[digits] in ".、．":
        key = key[digits + 1 :]
    return key.removeprefix("其中")


def fiscal_level(key: str) -> bool:
    """中央资金, 省级补助, 市级财政资金, 地方资金, 本级资金, 上级补助, 中央、省补助 …: a level of
    government's fiscal money. Mixed rows (地方资金/其他) are none."""
    for ending in _LEVEL_ENDS:
        if key.endswith(ending):
            head = key[: -len(ending)].removesuffix("财政")
            parts = head.translate(_LEVEL_JOINS).split()
            return bool(parts) and all(part in _LEVELS for part in parts)
    return False


_OWN_LEVELS = frozenset({"中央", "省级", "市级", "州级", "县级", "区级", "本级", "上级"})
"""Levels specific enough to find within text run together (乡镇资金 is also 相关乡镇资金情况)."""


def level_labels() -> tuple[str, ...]:
    """Money rows by level of government as written whole (中央补助, 省级专项资金 …): the
    words `fiscal_level` reads, for layouts that find labels within text run together."""
    return tuple(
        level + ending
        for level in sorted(_LEVELS)
        for ending in _LEVEL_ENDS
        if level in _OWN_LEVELS and fiscal_level(level + ending)
    )


_LOST = 2
"""Characters a naming label's head may have lost in a copy and still be told by its tail."""
_TAIL = 3
"""Characters such a tail has at least: 名称 alone could be the tail of anything."""


@lru_cache(maxsize=4096)
def headless_label(key: str) -> tuple[str, ...] | None:
    """The label naming a form (项目名称, 部门名称, 一级预算单位名称 …) whose first one or two
    characters the copy lost, leaving `key` (级预算单位名称); None when `key` is a label of its
    own, no such tail, or the tail of labels naming different things; else the labels it may
    be the tail of (一级 and 二级预算单位名称), all naming the same thing."""
    if len(key) < _TAIL or key in LABELS or any(char.isdigit() for char in key):
        return None
    found = {
        label for label, kind in LABELS.items()
        if kind in (NAME, DEPARTMENT) and label.endswith(key) and len(label) - len(key) <= _LOST
    }  # fmt: skip
    if len({LABELS[label] for label in found}) != 1:
        return None
    return tuple(sorted(found))


@lru_cache(maxsize=16384)
def label_kind(key: str) -> str | None:
    """What a label fills (`LABELS`), money rows also with 其中 and a number before them
    (其中:1.中央资金, 2.市级资金) and by level of government (`fiscal_level`). Cached: a file's
    words repeat (x, 100%, ≥1), and layouts ask of every word."""
    kind = LABELS.get(key)
    if kind is not None or not key or len(key) > 24 or key.isascii():
        return kind
    bare = money_key(key)
    kind = LABELS.get(bare) if bare != key else None
    if kind is not None:
        return kind if kind in MONEY else None
    return LEVEL if fiscal_level(bare) else None


def labels_money(cell: Cell) -> bool:
    """Whether the cell names a row of a money block: 年度资金总额, 其中：财政拨款, 单位资金 …"""
    text = squeezed(cell.text)
    if not text or len(text) > 24 or NUMBER.fullmatch(text.rstrip("%万元")):
        return False
    kind = label_kind(cell.key)
    if kind is not None and kind not in MONEY:
        return False
    return kind in MONEY or any(word in text for word in FUND_ROW_WORDS)
