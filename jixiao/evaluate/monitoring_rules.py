"""Rules of 运行监控 as data: the spending bands (正常 / 黄 / 红) and when money runs ahead of
results (双监控: the spending rate against each indicator's completion).

`rules/monitoring.toml` ships the defaults; a system administrator may keep another file (the
Django layer names it in the setting JIXIAO_MONITORING_RULES). Loading refuses a bad file in
Chinese, naming the file and the field.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any, Literal

BASIS_LABELS = {"policy": "政策规定", "practice": "通行做法", "default": "默认设置"}


class RulesError(ValueError):
    """A monitoring rules file that cannot be used, with the reason in Chinese."""


@dataclass(frozen=True)
class SpendingBands:
    """How far below the plan a checkpoint may fall: `normal_below` points or fewer is 正常,
    up to `yellow_below` is 黄, more is 红."""

    normal_below: Decimal = Decimal(0)
    yellow_below: Decimal = Decimal(10)
    basis: str = "default"
    source: str = "支出进度的预警档次为本系统的默认设置，各地可自行调整"

    def classify(self, gap: Decimal) -> Literal["正常", "黄", "红"]:
        """The status of a checkpoint `gap` points behind the plan (negative: ahead of it)."""
        if gap <= self.normal_below:
            return "正常"
        if gap <= self.yellow_below:
            return "黄"
        return "红"

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS.get(self.basis, self.basis)


@dataclass(frozen=True)
class MoneyAhead:
    """When money runs ahead of results: the spending rate exceeds a quantitative 正向
    indicator's completion (reached ÷ target) by more than `ahead_by` percentage points."""

    ahead_by: Decimal = Decimal(30)
    basis: str = "default"
    source: str = "资金支出进度快于指标完成进度的提示线为本系统的默认设置（各地自行确定）"

    def flags(self, spent_percent: Decimal, completion_percent: Decimal) -> bool:
        return spent_percent - completion_percent > self.ahead_by

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS.get(self.basis, self.basis)


@dataclass(frozen=True)
class MonitoringRules:
    spending: SpendingBands
    progress: Mapping[str, Any] = field(default_factory=dict)
    """The raw `[progress]` table, as written."""
    money_ahead: MoneyAhead = field(default_factory=MoneyAhead)
    """The `[progress]` table read: when money runs ahead of results."""


DEFAULT_FILE = "monitoring.toml"


def load_rules(path: str | Path | None = None) -> MonitoringRules:
    """The monitoring rules from `path`, or the shipped defaults when None."""
    if path is None:
        name = "默认监控规则"
        text = resources.files("jixiao.evaluate").joinpath("rules", DEFAULT_FILE).read_text("utf-8")
    else:
        name = Path(path).name
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise RulesError(
                f"监控规则文件 {name} 无法读取（{error}），请检查路径和编码（UTF-8）"
            ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"监控规则文件 {name} 格式有误：{error}") from None
    progress = _table(data, "progress", name)
    return MonitoringRules(
        spending=_spending(data.get("spending", {}), name),
        progress=progress,
        money_ahead=_money_ahead(progress, name),
    )


def _table(data: Mapping[str, Any], key: str, name: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise RulesError(f"监控规则文件 {name} 的 [{key}] 应为一个表")
    return value


def _spending(table: Any, name: str) -> SpendingBands:
    if not isinstance(table, Mapping):
        raise RulesError(f"监控规则文件 {name} 的 [spending] 应为一个表")
    normal = _points(table, "normal_below", Decimal(0), name)
    yellow = _points(table, "yellow_below", Decimal(10), name)
    if yellow < normal:
        raise RulesError(
            f"监控规则文件 {name} 的 spending.yellow_below（{yellow}）"
            f"不能小于 normal_below（{normal}）"
        )
    basis = table.get("basis", "default")
    if basis not in BASIS_LABELS:
        raise RulesError(
            f"监控规则文件 {name} 的 spending.basis 应为 policy、practice 或 default 之一，"
            f"现为“{basis}”"
        )
    source = table.get("source", SpendingBands.source)
    if not isinstance(source, str) or not source.strip():
        raise RulesError(f"监控规则文件 {name} 的 spending.source 应为说明文字")
    return SpendingBands(normal_below=normal, yellow_below=yellow, basis=basis, source=source)


def _money_ahead(table: Mapping[str, Any], name: str) -> MoneyAhead:
    ahead_by = _points(table, "ahead_by", MoneyAhead.ahead_by, name, "progress")
    basis = table.get("basis", "default")
    if basis not in BASIS_LABELS:
        raise RulesError(
            f"监控规则文件 {name} 的 progress.basis 应为 policy、practice 或 default 之一，"
            f"现为“{basis}”"
        )
    source = table.get("source", MoneyAhead.source)
    if not isinstance(source, str) or not source.strip():
        raise RulesError(f"监控规则文件 {name} 的 progress.source 应为说明文字")
    return MoneyAhead(ahead_by=ahead_by, basis=basis, source=source)


def _points(
    table: Mapping[str, Any], key: str, default: Decimal, name: str, section: str = "spending"
) -> Decimal:
    value = table.get(key, default)
    if isinstance(value, bool):
        value = None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or number > 100:
        raise RulesError(
            f"监控规则文件 {name} 的 {section}.{key} 应为 0 到 100 之间的百分点数，现为“{value}”"
        )
    return number
