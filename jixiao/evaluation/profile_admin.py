"""Managing the scoring profiles (评分方案): the system administrator of the top organisation lists
them, reads one (its TOML and a summary in words, each part marked 政策规定 or 可配置的默认设置),
saves an edited one as a new version (never changing a stored one: scores name the version they
were computed under) and chooses the version in force, one at a time.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from jixiao.audit.models import record
from jixiao.evaluate.profile import (
    ROUNDING_LABELS,
    Profile,
    ProfileError,
    Standing,
    parse_profile,
    plain_number,
)
from jixiao.evaluation.models import ScoringProfile
from jixiao.evaluation.profiles import profile_of
from jixiao.org.access import Role, User, memberships
from jixiao.targets.workflow import WorkflowError

MANAGERS_ONLY = "只有系统管理员（最上级财政部门）可以管理评分方案"
MAX_TEXT = 100_000
WHERE = "评分方案内容"


def manages_profiles(user: User) -> bool:
    """Profiles are one set for the whole installation: only a 系统管理员 of an organisation with
    nothing above it (the top fiscal bureau) manages them."""
    return any(m.role == Role.ADMIN and m.organisation.parent_id is None for m in memberships(user))


def require_manager(user: User) -> None:
    if not manages_profiles(user):
        raise PermissionDenied(MANAGERS_ONLY)


def stored() -> QuerySet[ScoringProfile]:
    """Every stored version, the one in force first, then by profile and newest first."""
    return ScoringProfile.objects.select_related("created_by").order_by(
        "-in_force", "key", "-created_at", "-pk"
    )


# -- in words ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One part of a profile in words, with where it stands."""

    title: str
    rule: str
    standing: Standing

    @property
    def marking(self) -> str:
        """政策规定, or 可配置的默认设置 (what practice or a design choice suggests)."""
        return "政策规定" if self.standing.basis == "policy" else "可配置的默认设置"

    @property
    def basis(self) -> str:
        return self.standing.label

    @property
    def source(self) -> str:
        return self.standing.source


NEGATIVE = {
    "ratio": "未超过目标得满分；超过时 得分 = 目标 ÷ 实际 × 分值",
    "linear": "未超过目标得满分；超过时 得分 = (1 − (实际 − 目标) ÷ 目标) × 分值，"
    "达到目标 2 倍时为 0",
}
EQUAL = {
    "as_positive": "按正向指标计分（实际 ÷ 目标 × 分值，不超过分值）",
    "min_max": "得分 = 较小值 ÷ 较大值 × 分值（超出、不足同样扣分）",
    "exact": "实际与目标完全相等得满分，否则不得分",
}
ZERO = {
    "all_or_nothing": "实际为 0 得满分，大于 0 得 0 分",
    "manual": "由评价人按完成情况确定得分",
}


def parts(profile: Profile) -> list[Part]:
    """The profile's rules in words, in the order of the form."""
    weights = [f"预算执行率 {plain_number(profile.weights.execution)} 分"]
    for group in profile.weights.groups:
        also = [name for name in group.covers if name != group.name]
        extra = f"（含{'、'.join(also)}）" if also else ""
        weights.append(f"{group.name} {plain_number(group.points)} 分{extra}")
    execution = "得分 = 分值 × 执行率（执行率 = 全年执行数 ÷ 全年预算数）"
    if profile.execution_cap:
        execution += "；执行率超过 100% 按 100% 计"
    if profile.execution_explain_below is not None:
        execution += f"；低于 {plain_number(profile.execution_explain_below)}% 须说明原因"
    over = (
        f"实际达到目标 {plain_number(profile.overachievement_review_at)}% 及以上时提示核实"
        "目标是否设定偏低，可人工调整得分（须写明理由）"
        if profile.overachievement_review_at is not None
        else "不提示"
    )
    bands = "；".join(
        f"{band.name} {band.span()}"
        + (f"（未另定时按 {plain_number(band.default)}% 计）" if band.default is not None else "")
        for band in profile.bands
    )
    grades = "；".join(f"{band.grade} {profile.grade_span(band.grade)}" for band in profile.grades)
    rounding = (
        f"每项得分保留 {profile.places} 位小数，{ROUNDING_LABELS[profile.rounding_mode]}；"
        "总分为各项得分之和"
    )
    return [
        Part(
            f"一级指标分值（共 {plain_number(profile.total_points)} 分）",
            "、".join(weights),
            profile.weights.standing,
        ),
        Part("未设分值的指标", "平分所属一级指标的剩余分值", profile.spread.standing),
        Part("预算执行率得分", execution, profile.execution.standing),
        Part(
            "正向指标（≥、>）", "得分 = 实际 ÷ 目标 × 分值，不超过分值", profile.positive.standing
        ),
        Part("反向指标（≤、<）", NEGATIVE[profile.negative.rule], profile.negative.standing),
        Part("“=”指标", EQUAL[profile.equal.rule], profile.equal.standing),
        Part("目标值为 0 的指标", ZERO[profile.zero_target.rule], profile.zero_target.standing),
        Part("超额完成", over, profile.overachievement),
        Part("定性指标分档", bands, profile.qualitative),
        Part("评价等级", grades, profile.grading),
        Part("得分取整", rounding, profile.rounding),
    ]


# -- changes -------------------------------------------------------------------------------------


class ProfileTextError(ValueError):
    """A profile text that cannot be saved, in Chinese, naming the field (or line and column)."""


_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def checked(text: str) -> Profile:
    """The profile a submitted text holds, or ProfileTextError saying what is wrong and where."""
    if not text.strip():
        raise ProfileTextError(f"{WHERE}为空：请粘贴或填写完整的评分方案")
    if len(text) > MAX_TEXT:
        raise ProfileTextError(f"{WHERE}过长（最多 {MAX_TEXT:,} 个字符）")
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        place = _AT.search(str(error))
        where = f"第 {place.group(1)} 行第 {place.group(2)} 列附近" if place else "某处"
        raise ProfileTextError(
            f"{WHERE}：{where}不符合 TOML 格式（请检查“=”、引号和方括号是否成对、"
            "同一小节或字段是否重复）"
        ) from None
    try:
        return parse_profile(text, WHERE)
    except ProfileError as error:
        raise ProfileTextError(error.message) from None


def save_version(user: User, text: str) -> ScoringProfile:
    """A new stored version from the text (checked whole first); the version must be new for its
    profile: a stored one is never changed."""
    require_manager(user)
    profile = checked(text)
    with transaction.atomic():
        if ScoringProfile.objects.filter(key=profile.id, version=profile.version).exists():
            raise ProfileTextError(
                f"{WHERE}：version 方案「{profile.id}」第 {profile.version} 版已存在，"
                "保存新版本请修改 version（已保存的版本不能修改）"
            )
        row = ScoringProfile.objects.create(
            key=profile.id, version=profile.version, title=profile.title, text=text,
            created_by=user if user.is_authenticated else None,
        )  # fmt: skip
        record(user, "profile_create", row,
               after={"key": row.key, "version": row.version, "title": row.title})  # fmt: skip
    return row


def set_in_force(user: User, row: ScoringProfile) -> ScoringProfile:
    """Make this version the one in force (the one before it stops being); logged. New scores are
    computed under it; stored ones keep theirs."""
    require_manager(user)
    with transaction.atomic():
        current = list(ScoringProfile.objects.select_for_update().filter(in_force=True))
        locked = ScoringProfile.objects.select_for_update().get(pk=row.pk)
        if locked.in_force:
            raise WorkflowError(f"「{locked}」已是当前使用的评分方案")
        try:  # checked when saved; refuse one the rules no longer read (they changed since)
            profile_of(locked)
        except ProfileError as error:
            raise WorkflowError(error.message) from None
        ScoringProfile.objects.filter(in_force=True).update(in_force=False)
        locked.in_force = True
        locked.save(update_fields=["in_force"])
        before = {"in_force": "、".join(str(p) for p in current) or "（无）"}
        record(user, "profile_in_force", locked, before=before, after={"in_force": str(locked)})
    return locked
