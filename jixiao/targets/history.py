"""The audit log of tables and documents in the words of the form: who, when, what, before → after.

Entries are read in one query for any number of objects; each becomes one line of the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model, Q, QuerySet

from jixiao.audit.models import AuditEntry
from jixiao.org.models import Organisation
from jixiao.org.people import display_name
from jixiao.targets.models import COMMENT_FIELDS, Project, Status, TargetDocument

ACTION_LABELS = {
    "edit_department": "修改部门整体目标",
    "comment": "审核意见",
    "edit_header": "修改表头",
    "add_indicator": "增加指标行",
    "remove_indicator": "删除指标行",
    "move_indicator": "调整指标顺序",
    "edit_indicator": "修改指标",
    "import": "导入",
    "create_table": "新建项目表",
    "copy_table": "复制上年项目表",
    "copy_department": "复制上年部门整体目标",
    "create_document": "新建文本",
    "submit": "提交",
    "approve": "审核通过",
    "return": "退回",
    "adjust": "目标调整",
    "grade": "改定审核结果",
    "admin_create": "管理后台新建",
    "admin_change": "管理后台修改",
    "admin_delete": "管理后台删除",
    "withdraw": "撤回（作废）",
    "login": "登录",
    "login_failed": "登录失败",
    "locked_out": "登录已锁定",
    "password_change": "修改密码",
    "admin_password_change": "管理后台重设密码",
}
FIELD_LABELS = {  # in the order the forms show them
    "code": "编码",
    "name": "名称",
    "unit": "预算单位",
    "budget": "金额",
    "total": "预算数",
    "fiscal": "财政资金",
    "other": "其他资金",
    "purpose": "资金用途",
    "spending_plan": "资金支出计划",
    "goals": "绩效目标",
    "long_term_goals": "长期目标",
    "level1": "一级指标",
    "level2": "二级指标",
    "description": "指标描述",
    "target": "指标值",
    "basis": "确定依据",
    "basis_kind": "依据类型",
    "rows": "指标行",
    "overall_goal": "总体目标",
    "sub_goals": "分项目标",
    "safeguards": "保障措施",
    "source": "来源文件",
    "year": "年度",
    "projects": "项目数",
    "grade": "审核结果",
    "position": "表序",
}
SHORT = 60


@dataclass(frozen=True)
class Line:
    at: datetime
    actor: str
    action: str
    subject: str
    change: str
    reason: str


def history(objects: Iterable[Model], names: dict[str, str] | None = None) -> list[Line]:
    """The audit entries of these objects, newest first. `names` labels each object (keyed by
    "<label>#<pk>") when the log mixes several, e.g. a document and its tables."""
    return lines(entries_of(objects), names)


def entries_of(objects: Iterable[Model]) -> QuerySet[AuditEntry]:
    """The audit entries of these objects as a query, newest first (to page or to filter)."""
    wanted = Q(pk__in=[])
    keys: dict[str, list[str]] = {}
    for obj in objects:
        keys.setdefault(obj._meta.label_lower, []).append(str(obj.pk))
    for label, ids in keys.items():
        wanted |= Q(object_type=label, object_id__in=ids)
    return AuditEntry.objects.filter(wanted).select_related("actor")


def document_entries(
    document: TargetDocument, units: QuerySet[Organisation] | None
) -> QuerySet[AuditEntry]:
    """The log of the department-wide targets and of its tables, newest first, as a query: the
    document's entries by their `document_id` (an index walked newest first). With `units` (a
    user who reaches only some), a table's entries only when they were written while the table
    belonged to one of those units (`AuditEntry.unit_id`: the index of the document's log by
    unit, whatever the number of tables the user reaches); None: all of them."""
    entries = AuditEntry.objects.filter(document_id=document.pk)
    if units is not None:
        entries = entries.filter(
            Q(object_type=document._meta.label_lower, object_id=str(document.pk))
            | Q(object_type=Project._meta.label_lower, unit_id__in=units.values("pk"))
        )
    else:
        labels = [document._meta.label_lower, Project._meta.label_lower]
        entries = entries.filter(object_type__in=labels)
    return entries.order_by("-id").select_related("actor")


def document_lines(
    document: TargetDocument,
    entries: Iterable[AuditEntry],
    tables: QuerySet[Project] | None = None,
) -> list[Line]:
    """A page of `document_entries` in words, each line naming its table (one query for the
    names of the page's tables). With `tables` (what the reader reaches now), a table that has
    left their reach since is not named: "（已移出的项目表）"."""
    entries = list(entries)
    label = Project._meta.label_lower
    ids = {int(e.object_id) for e in entries if e.object_type == label}
    named = (tables if tables is not None else Project.objects).filter(pk__in=ids)
    found = named.values_list("pk", "code", "name")
    names = {f"{label}#{pk}": f"{code} {name}" for pk, code, name in found}
    for pk in ids:
        names.setdefault(f"{label}#{pk}", "（已移出的项目表）")
    names[f"{document._meta.label_lower}#{document.pk}"] = "部门整体绩效目标"
    return lines(entries, names)


def lines(entries: Iterable[AuditEntry], names: dict[str, str] | None = None) -> list[Line]:
    names = names or {}
    return [
        Line(
            at=entry.at,
            actor=display_name(entry.actor),
            action=ACTION_LABELS.get(entry.action, entry.action),
            subject=names.get(f"{entry.object_type}#{entry.object_id}", ""),
            change=describe(entry),
            reason=entry.reason,
        )
        for entry in entries
    ]


def describe(entry: AuditEntry) -> str:
    """Before → after: the state for a state change, the changed fields for an edit."""
    before, after = entry.before or {}, entry.after or {}
    if entry.action == "comment":
        return _comment_place(after)
    if isinstance(before.get("status"), str) and isinstance(after.get("status"), str):
        labels = dict(Status.choices)
        return " → ".join(labels.get(part["status"], part["status"]) for part in (before, after))
    if not before:
        return "；".join(f"{_label(key)}：{_short(after[key])}" for key in _in_form_order(after))
    parts = [
        f"{_label(key)}：{_short(before.get(key))} → {_short(after.get(key))}"
        for key in _in_form_order({**before, **after})
        if key != "row" and before.get(key) != after.get(key)
    ]
    row = after.get("row") or before.get("row")
    prefix = f"第{row}行 " if row else ""
    return prefix + "；".join(parts) if parts else prefix + "（内容未变）"


def _comment_place(after: dict[str, Any]) -> str:
    """What a remark was made on, as the table page says it: 第2行, 资金用途, 整张表 (a stored
    comment's row is the 0-based index of the row)."""
    places = []
    row = after.get("row")
    if isinstance(row, int):
        places.append(f"第{row + 1}行")
    if after.get("field"):
        places.append(COMMENT_FIELDS.get(after["field"], _label(after["field"])))
    if after.get("rule"):
        places.append(f"审核意见「{_rule_title(after['rule'])}」")
    return "针对" + ("、".join(places) if places else "整张表")


def _rule_title(rule: str) -> str:
    from jixiao.review.engine import all_rules

    found = all_rules().get(rule)
    return found.title if found is not None else "已停用的审核规则"


def _in_form_order(entries: dict[str, Any]) -> list[str]:
    """Keys in the order the form shows them (PostgreSQL's jsonb does not keep written order)."""
    return sorted(entries, key=lambda key: (_ORDER.get(key, len(_ORDER)), key))


_ORDER = {key: position for position, key in enumerate(FIELD_LABELS)}


def _label(key: str) -> str:
    return FIELD_LABELS.get(key, key)


def _short(value: Any) -> str:
    text = _text(value)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _text(value: Any) -> str:
    if value is None or value in ("", []):
        return "（空）"
    if isinstance(value, list):
        return "、".join(_text(item) for item in value)
    if isinstance(value, dict):
        if "by" in value and "percent" in value:  # a spending-plan checkpoint
            return f"{value['by']} {_text(value['percent'])}"
        if "title" in value:  # a department sub-goal
            return str(value["title"])
        if "name" in value and "code" in value:  # an organisation
            return f"{value.get('code') or ''} {value['name']}".strip()
        return "，".join(
            f"{_label(key)} {_text(value[key])}"
            for key in _in_form_order(value)
            if value[key] is not None
        )
    return str(value)


def last_returns(objects: list[Model]) -> dict[int, Line]:
    """The latest return of each of these tables (or documents), by primary key: why a 已退回
    table is back with its unit. One query, bounded by the objects given (a page)."""
    if not objects:
        return {}
    label = objects[0]._meta.label_lower
    entries = (
        AuditEntry.objects.filter(
            object_type=label, object_id__in=[str(o.pk) for o in objects], action="return"
        )
        .select_related("actor")
        .order_by("object_id", "-at", "-pk")
    )
    found: dict[int, Line] = {}
    for entry in entries:
        pk = int(entry.object_id)
        if pk not in found:
            found[pk] = Line(
                at=entry.at, actor=display_name(entry.actor), action="退回", subject="",
                change="", reason=entry.reason,
            )  # fmt: skip
    return found
