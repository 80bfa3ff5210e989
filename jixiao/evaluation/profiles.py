"""The scoring profile in force: the stored version marked 当前使用, or — before a system
administrator has saved any — the shipped 中央 default, stored on first use so that every score
names the row it was computed under."""

from __future__ import annotations

from importlib import resources

from django.db import IntegrityError, transaction

from jixiao.evaluate.profile import DEFAULT_PROFILE, PROFILE_DIR, Profile, builtin, parse_profile
from jixiao.evaluation.models import ScoringProfile


def builtin_text(profile_id: str = DEFAULT_PROFILE) -> str:
    folder = resources.files("jixiao.evaluate").joinpath(PROFILE_DIR)
    return folder.joinpath(f"{profile_id}.toml").read_text("utf-8")


def in_force() -> ScoringProfile:
    """The stored profile in force (the shipped default, stored, when none is)."""
    found = ScoringProfile.objects.filter(in_force=True).first()
    if found is not None:
        return found
    default = builtin()
    try:
        with transaction.atomic():
            return ScoringProfile.objects.create(
                key=default.id, version=default.version, title=default.title,
                text=builtin_text(), in_force=True,
            )  # fmt: skip
    except IntegrityError:  # another request stored it first (or the version exists, unmarked)
        return ScoringProfile.objects.filter(in_force=True).first() or _mark(default)


def _mark(default: Profile) -> ScoringProfile:
    row = ScoringProfile.objects.get(key=default.id, version=default.version)
    ScoringProfile.objects.filter(pk=row.pk).update(in_force=True)
    row.in_force = True
    return row


def profile_of(row: ScoringProfile) -> Profile:
    """The profile a stored version holds (its text was checked when it was saved)."""
    return parse_profile(row.text, f"评分方案「{row.title}」（{row.version}）")
