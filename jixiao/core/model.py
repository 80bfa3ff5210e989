"""The one schema of a performance target document (绩效目标文本).

Everything that reads, reviews, stores or renders targets speaks these models; their JSON form
(`TargetDocument.to_json()`) is the public interchange format `jixiao/1`, and `docs/schema.json`
is generated from them.

Money, percentages and indicator numbers are `Decimal` and travel as decimal strings exactly as
written ("60000.00", "25.00"). Text fields keep the document's wording; normalised readings
(`Indicator.category`) sit beside it, never in place of it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

SCHEMA_VERSION: Literal["jixiao/1"] = "jixiao/1"


def _fixed_point(number: Decimal) -> str:
    # format(..., "f") keeps the written precision ("25.00") and never switches to exponent form.
    return format(number, "f")


Number = Annotated[
    Decimal,
    PlainSerializer(_fixed_point, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}),
]
"""A decimal number as written: `Decimal` in Python, a decimal string in JSON."""

Operator = Literal[">=", "<=", ">", "<", "="]
ValueKind = Literal["quantity", "range", "date", "period", "qualitative", "empty"]
MoneyUnit = Literal["元", "万元"]
BasisKind = Literal["计划标准", "行业标准", "历史标准", "其他"]
Grade = Literal["优", "良", "中", "差"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_by_name=True, serialize_by_alias=True)


class Value(Model):
    """An indicator value such as "≥10次", "80%-90%", "12月底前" or "优良".

    `raw` is the cell text as written (outer whitespace removed); the other fields are its reading.
    A range keeps its lower bound in `number` and its upper bound in `upper`; a date or period keeps
    its wording in `text`; a qualitative value (no number) keeps its wording in `text`. Values are
    immutable, so one reading can be shared by every cell that writes the same text.
    """

    model_config = ConfigDict(frozen=True)

    raw: str
    op: Operator | None = None
    number: Number | None = None
    unit: str | None = None
    text: str | None = None
    kind: ValueKind = "empty"
    upper: Number | None = None


class Category(Model):
    """The canonical 一级/二级 category an indicator belongs to, whatever wording the table used."""

    model_config = ConfigDict(frozen=True)

    level1: str
    level2: str | None = None


class IndicatorMonitoring(Model):
    """The mid-year monitoring columns of one indicator (绩效运行监控): 1-6月完成情况,
    全年预计完成情况, 完成目标可能性, 偏差原因 and 纠偏措施, as written."""

    midyear: Value | None = None
    expected: Value | None = None
    likelihood: str | None = None
    cause: str | None = None
    remedy: str | None = None


class Indicator(Model):
    """One 三级指标 row: category as written, name, description, target value and its basis,
    plus the self-evaluation columns (实际完成值, 权重/分值, 得分, 偏差原因分析) once filled.

    `nature` is a 指标性质 written as 定量/定性 (an operator written there is part of `target`),
    `direction` the 指标方向性 (正向指标 …), `note` the 备注 and any column the reader did not
    know ("header：text"), `monitoring` the mid-year monitoring columns."""

    level1: str | None = None
    level2: str | None = None
    name: str
    description: str | None = None
    target: Value
    basis: str | None = None
    basis_kind: BasisKind | None = None
    category: Category | None = None
    actual: Value | None = None
    weight: Number | None = None
    score: Number | None = None
    deviation: str | None = None
    nature: str | None = None
    direction: str | None = None
    note: str | None = None
    monitoring: IndicatorMonitoring | None = None


class Organisation(Model):
    """A budget unit (预算单位) or supervising department (主管部门): code and name as written."""

    code: str | None = None
    name: str


class Budget(Model):
    """预算数 and its split into 财政资金 and 其他资金, in the project's money unit."""

    total: Number | None = None
    fiscal: Number | None = None
    other: Number | None = None


class Checkpoint(Model):
    """One column of the 资金支出计划: cumulative share of the budget spent by a date."""

    by: str
    percent: Number | None = None


class FundLine(Model):
    """One row of a self-evaluation's 项目资金 block: 年度资金总额, 本年财政拨款, 上年结转资金 or
    其他资金."""

    label: str
    initial_budget: Number | None = None
    full_year_budget: Number | None = None
    executed: Number | None = None
    rate: Number | None = None
    weight: Number | None = None
    score: Number | None = None
    note: str | None = None


class MonitoringFundLine(Model):
    """One money row of a monitoring table: 年初预算数, 全年预算数, 1-6月执行数, 全年预计执行数."""

    label: str
    initial_budget: Number | None = None
    full_year_budget: Number | None = None
    midyear_executed: Number | None = None
    midyear_rate: Number | None = None
    expected_executed: Number | None = None
    expected_rate: Number | None = None
    cause: str | None = None
    remedy: str | None = None


class Monitoring(Model):
    """The mid-year monitoring (绩效运行监控) of a project: its money rows and what was found."""

    funds: list[MonitoringFundLine] = Field(default_factory=list)
    goal_progress: str | None = None
    cause: str | None = None
    remedy: str | None = None


class Evaluation(Model):
    """The year-end self-evaluation (绩效自评) of a project: its money rows, 年度目标完成情况
    (`goal_achieved`), 项目实施内容及过程概述 (`implementation`), score, grade and conclusions,
    all as written (the scoring recomputes them elsewhere)."""

    funds: list[FundLine] = Field(default_factory=list)
    goal_achieved: str | None = None
    implementation: str | None = None
    total_score: Number | None = None
    grade: Grade | None = None
    conclusion: str | None = None
    problems: str | None = None
    improvements: str | None = None


class Project(Model):
    """A 项目支出绩效目标表."""

    code: str | None = None
    name: str
    title: str | None = None
    year: int | None = None
    unit: Organisation
    supervisor: Organisation | None = None
    money_unit: MoneyUnit = "元"
    budget: Budget = Field(default_factory=Budget)
    purpose: str | None = None
    spending_plan: list[Checkpoint] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    long_term_goals: list[str] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    evaluation: Evaluation | None = None
    monitoring: Monitoring | None = None


class SubGoal(Model):
    """One 分项绩效目标: a work area with its goal and the 绩效指标 sentence as written
    (`indicator_text`), read into structured `indicators`."""

    title: str
    goal: str | None = None
    indicator_text: str | None = None
    indicators: list[Indicator] = Field(default_factory=list)


class Task(Model):
    """A row of a 部门整体支出绩效目标申报表's 年度主要任务: the task (任务名称), what it holds
    (主要内容) and its money (预算金额: 总额, 财政拨款, 其他资金, in the department's unit)."""

    name: str
    content: str | None = None
    budget: Budget = Field(default_factory=Budget)


class Department(Model):
    """The department-wide targets (部门整体绩效目标): in the Hebei text as 分项绩效目标
    (`sub_goals`); in a 部门整体支出绩效目标表 as one indicator grid (`indicators`), with the
    department's 职能职责 (`duties`), its 年度主要任务 (`tasks`, their 金额合计 its `budget`)
    and, in a many-project sheet, its total (`budget`); in a 部门整体支出绩效自评表 also the
    year-end self-evaluation (`evaluation`: its money rows, the goals' 实际完成情况, 总分) beside
    the indicators' 实际完成值 and 得分."""

    name: str | None = None
    code: str | None = None
    budget: Budget | None = None
    money_unit: MoneyUnit | None = None
    """The unit of `budget` as its table states it (None: the projects' unit, else 元)."""
    duties: str | None = None
    tasks: list[Task] = Field(default_factory=list)
    overall_goal: str | None = None
    sub_goals: list[SubGoal] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    safeguards: list[str] = Field(default_factory=list)
    evaluation: Evaluation | None = None
    monitoring: Monitoring | None = None
    """A 部门整体支出绩效运行监控表's money block (年初预算数 … 1-6月执行数 …) and its goals'
    1-6月完成情况; the indicators carry their own monitoring."""


class ReadWarning(Model):
    """Something a reader kept but could not fully understand: where it is (line, table, cell)
    and what is wrong, in Chinese. The row itself stays in the model with what was read."""

    message: str
    line: int | None = None
    table: str | None = None
    cell: str | None = None

    def text(self, source: str) -> str:
        """The warning as shown to the user: "page.txt 第28行（表「…」，单元格「…」）：…"."""
        where = source
        if self.line is not None:
            where += f" 第{self.line}行"
        details = [
            f"表「{self.table}」" if self.table else "",
            f"单元格「{self.cell}」" if self.cell else "",
        ]
        shown = "，".join(part for part in details if part)
        if shown:
            where += f"（{shown}）"
        return f"{where}：{self.message}"


class TargetDocument(Model):
    """A whole target document: department-wide targets and the project tables."""

    schema_version: Literal["jixiao/1"] = Field(default=SCHEMA_VERSION, alias="schema")
    source: str
    year: int | None = None
    layout: str | None = None
    department: Department | None = None
    projects: list[Project] = Field(default_factory=list)
    warnings: list[ReadWarning] = Field(default_factory=list, exclude=True)
    """What the reader kept without fully understanding it. They describe this reading of the
    source file, not the table, so they are no part of the interchange JSON (nor of a model's
    dump): the CLI and the importer show them beside the document."""

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_json(cls, text: str | bytes) -> TargetDocument:
        return cls.model_validate_json(text)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of `jixiao/1`, as committed in docs/schema.json."""
    return TargetDocument.model_json_schema(mode="serialization")
