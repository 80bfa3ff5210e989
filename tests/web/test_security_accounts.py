"""Accounts: logins throttled and locked per user and per address, logins and password changes in
the audit log, the 系统管理员 confined to their own bureau, and no one approving what they
submitted."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import timezone

from jixiao.audit.models import AuditEntry
from jixiao.org.demo import set_up_demo
from jixiao.org.models import FiscalYear, Membership, Organisation
from jixiao.targets import workflow
from jixiao.targets.history import ACTION_LABELS
from jixiao.targets.models import Status
from jixiao.targets.workflow import OwnSubmissionError, WorkflowError
from tests.web.conftest import SUBMIT_WHY, World, client_for, person

Role = Membership.Role
CODE = "322-0601-YBN-5D8Z"
WHY = SUBMIT_WHY["comment"]


@pytest.fixture
def limit(settings: object) -> int:
    settings.AXES_FAILURE_LIMIT = 3  # type: ignore[attr-defined]
    return 3


def attempt(username: str, password: str, address: str = "10.0.0.1") -> object:
    return Client().post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


# -- throttling and lockout ---------------------------------------------------------------------


def test_a_user_is_locked_out_after_repeated_failures_with_a_chinese_page(
    world: World, limit: int
) -> None:
    for _ in range(limit - 1):
        assert attempt("filler", "wrong").status_code == 200  # the form again, with its error
    locked = attempt("filler", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录失败次数过多" in page
    assert "30 分钟" in page
    assert "<h1>登录</h1>" in page
    assert "locked" not in page.lower()
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    # now even the right password is refused, from another address too (per user)
    assert attempt("filler", "pw-filler", "10.9.9.9").status_code == 429
    # another user from elsewhere still logs in
    assert attempt("unit_reviewer", "pw-unit_reviewer", "10.9.9.9").status_code == 302


def test_an_address_is_locked_out_whatever_names_it_tries(world: World, limit: int) -> None:
    for name in ("nobody1", "nobody2", "nobody3"):
        attempt(name, "wrong", "10.0.0.7")
    assert attempt("filler", "pw-filler", "10.0.0.7").status_code == 429
    assert attempt("filler", "pw-filler", "10.0.0.8").status_code == 302


def test_behind_a_proxy_each_client_is_counted_by_its_own_address(
    world: World, limit: int, settings: Any
) -> None:
    """Behind one reverse proxy every request comes from the proxy's address: the address the
    proxy appended is counted, so one client's failures lock out that client, not everyone —
    and a client's own forged X-Forwarded-For entries to the left change nothing."""
    settings.JIXIAO_PROXY_COUNT = 1

    def through_proxy(name: str, password: str, client_address: str, forged: str = "") -> int:
        chain = f"{forged}, {client_address}" if forged else client_address
        return Client().post(
            "/login/", {"username": name, "password": password},
            REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=chain,
        ).status_code  # fmt: skip

    for index, name in enumerate(("nobody1", "nobody2", "nobody3")):
        through_proxy(name, "wrong", "203.0.113.5", forged=f"198.51.100.{index}")
    assert through_proxy("filler", "pw-filler", "203.0.113.5") == 429
    assert through_proxy("filler", "pw-filler", "203.0.113.6") == 302  # another client: in
    settings.JIXIAO_PROXY_COUNT = 0  # without the setting, the proxy's address is all there is
    for name in ("nobody1", "nobody2", "nobody3"):
        through_proxy(name, "wrong", "203.0.113.7")
    assert through_proxy("unit_reviewer", "pw-unit_reviewer", "203.0.113.8") == 429


def test_a_success_resets_the_count_and_the_lockout_ends(world: World, limit: int) -> None:
    for _ in range(limit - 1):
        attempt("filler", "wrong")
    assert attempt("filler", "pw-filler").status_code == 302
    for _ in range(limit - 1):
        assert attempt("filler", "wrong").status_code == 200
    assert attempt("filler", "wrong").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert attempt("filler", "pw-filler").status_code == 302


def test_the_admin_login_is_throttled_too(world: World, limit: int) -> None:
    for _ in range(limit):
        last = Client().post(
            "/admin/login/", {"username": "filler", "password": "x"}, REMOTE_ADDR="10.0.0.3"
        )
    assert last.status_code == 429
    assert "登录失败次数过多" in last.content.decode()


def test_counts_come_from_the_environment() -> None:
    code = (
        "import json, jixiao.web.settings as s;"
        "print(json.dumps([s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(),"
        " s.AXES_ENABLED, s.JIXIAO_SEPARATE_DUTIES, s.AUTHENTICATION_BACKENDS[0]]))"
    )
    base = {**os.environ, "JIXIAO_SECRET_KEY": "a-key-for-this-test-only-" + "x" * 30}
    env = {**base, "JIXIAO_LOGIN_FAILURES": "7", "JIXIAO_LOCKOUT_MINUTES": "45"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [7, 2700.0, True, True, "axes.backends.AxesStandaloneBackend"]
    env = {**base, "JIXIAO_LOGIN_FAILURES": "0"}
    refused = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
    assert "JIXIAO_LOGIN_FAILURES" in refused.stderr


def test_defaults_are_five_failures_and_thirty_minutes() -> None:
    from django.conf import settings

    assert settings.JIXIAO_LOGIN_FAILURES == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_ENABLED


def test_force_login_and_the_test_clients_login_still_work(world: World) -> None:
    from django.http import HttpRequest

    assert client_for(world, "filler").get("/").status_code == 200
    assert Client().login(request=HttpRequest(), username="filler", password="pw-filler")


# -- logins and passwords in the audit log ---------------------------------------------------


def test_logins_failures_and_lockouts_are_audited_and_logged(
    world: World, limit: int, caplog: pytest.LogCaptureFixture
) -> None:
    filler = world.users["filler"]
    attempt("filler", "pw-filler", "10.1.1.1")
    entry = AuditEntry.objects.filter(action="login").latest("pk")
    assert (entry.actor, entry.object_type, entry.object_id) == (
        filler,
        "auth.user",
        str(filler.pk),
    )
    assert entry.after == {"address": "10.1.1.1"}

    attempt("filler", "wrong-secret", "10.1.1.2")
    failed = AuditEntry.objects.filter(action="login_failed").latest("pk")
    assert (failed.actor, failed.object_id) == (None, str(filler.pk))
    assert failed.after == {"username": "filler", "address": "10.1.1.2"}
    assert "wrong-secret" not in json.dumps(failed.after)

    attempt("no-such-user", "x", "10.1.1.3")
    unknown = AuditEntry.objects.filter(action="login_failed").latest("pk")
    assert (unknown.object_id, unknown.after["username"]) == ("", "no-such-user")

    with caplog.at_level(logging.WARNING, logger="jixiao.org.accounts"):
        for _ in range(limit):
            attempt("filler", "wrong", "10.1.1.4")
    assert AuditEntry.objects.filter(action="locked_out", object_id=str(filler.pk)).exists()
    assert any("已锁定" in r.getMessage() and "filler" in r.getMessage() for r in caplog.records)
    for action in ("login", "login_failed", "locked_out", "password_change"):
        assert "\u4e00" <= ACTION_LABELS[action][0] <= "\u9fff"


def test_a_password_changed_on_the_own_page_is_audited(world: World) -> None:
    filler = world.users["filler"]
    new = "Shanhaiguan-2024-xy"
    response = client_for(world, "filler").post(
        "/password/", {"old_password": "pw-filler", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="password_change")
    assert (entry.actor, entry.object_id) == (filler, str(filler.pk))
    assert entry.after["usable"] is True
    filler.refresh_from_db()
    assert filler.password not in json.dumps(entry.after)
    assert new not in json.dumps(entry.after)


def test_a_password_refused_by_the_validators_is_not_audited(world: World) -> None:
    client_for(world, "filler").post(
        "/password/", {"old_password": "pw-filler", "new_password1": "123", "new_password2": "123"}
    )
    assert not AuditEntry.objects.filter(action="password_change").exists()


def test_a_password_set_for_a_user_in_the_admin_is_audited(world: World) -> None:
    root = User.objects.create_superuser("root", password="pw-root")
    client = Client()
    client.force_login(root)
    filler = world.users["filler"]
    new = "Another-pass-2024"
    url = f"/admin/auth/user/{filler.pk}/password/"
    response = client.post(
        url, {"password1": new, "password2": new, "usable_password": "true", "set-password": "1"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin_password_change")
    assert (entry.actor, entry.object_id) == (root, str(filler.pk))
    assert ACTION_LABELS["admin_password_change"] == "管理后台重设密码"
    client.post(url, {"password1": "1", "password2": "2", "usable_password": "true"})
    assert AuditEntry.objects.filter(action="admin_password_change").count() == 1


def test_the_admins_own_password_page_is_audited_and_stays_the_admins(world: World) -> None:
    admin = world.users["admin"]
    admin.is_staff = True
    admin.save()
    client = client_for(world, "admin")
    page = client.get("/admin/password_change/").content.decode()
    assert "<nav>" not in page  # Django's admin template
    new = "Admin-own-2024-pw"
    response = client.post(
        "/admin/password_change/",
        {"old_password": "pw-admin", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/password_change/done/"
    entry = AuditEntry.objects.get(action="password_change")
    assert entry.actor == admin


# -- the 系统管理员 manages their own bureau only --------------------------------------------


@pytest.fixture
def bureau(world: World) -> Client:
    """The 商务局's 系统管理员: staff, the role held at the department."""
    user = person("bureau", world.commerce, Role.ADMIN)
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_demo_administrator_is_staff_but_not_a_superuser() -> None:
    from django.contrib.auth.password_validation import validate_password

    people = {p.username: p for p in set_up_demo()}
    guanli = User.objects.get(username="guanli")
    assert guanli.is_staff
    assert not guanli.is_superuser
    assert not User.objects.filter(is_superuser=True).exists()
    validate_password(people["guanli"].password, guanli)
    # an earlier demo's superuser is made an ordinary administrator
    User.objects.filter(username="guanli").update(is_superuser=True)
    set_up_demo()
    assert not User.objects.get(username="guanli").is_superuser


@pytest.mark.django_db
def test_the_demo_administrator_has_a_reach() -> None:
    set_up_demo()
    guanli = User.objects.get(username="guanli")
    assert Membership.objects.filter(user=guanli, role=Role.ADMIN).exists()


def test_the_bureau_administrator_sees_only_their_organisations(
    world: World, bureau: Client
) -> None:
    page = bureau.get("/admin/org/organisation/").content.decode()
    assert "秦皇岛市山海关区商务局" in page
    assert "投资促进中心" in page
    assert "教育局" not in page
    assert f"/admin/org/organisation/{world.finance.pk}/change/" not in page  # only its name
    outside = world.other_unit
    assert bureau.get(f"/admin/org/organisation/{outside.pk}/change/").status_code == 302
    assert bureau.get("/admin/org/fiscalyear/").status_code == 403
    assert bureau.get("/admin/audit/auditentry/").status_code == 403
    index = bureau.get("/admin/").content.decode()
    assert "审计日志" not in index
    assert "预算年度" not in index


def test_the_bureau_administrator_cannot_move_their_bureau_or_create_a_root(
    world: World, bureau: Client
) -> None:
    created = bureau.post(
        "/admin/org/organisation/add/", {"kind": "unit", "code": "322009", "name": "新单位"}
    )
    assert created.status_code == 200  # a parent is required
    assert not Organisation.objects.filter(code="322009").exists()
    outside = bureau.post(
        "/admin/org/organisation/add/",
        {"kind": "unit", "code": "401009", "name": "外单位", "parent": world.other_unit.parent_id},
    )
    assert outside.status_code == 200
    assert not Organisation.objects.filter(code="401009").exists()
    inside = bureau.post(
        "/admin/org/organisation/add/",
        {"kind": "unit", "code": "322009", "name": "新单位", "parent": world.commerce.pk},
    )
    assert inside.status_code == 302
    assert Organisation.objects.get(code="322009").parent == world.commerce
    page = bureau.get(f"/admin/org/organisation/{world.commerce.pk}/change/").content.decode()
    assert 'name="parent"' not in page
    deleted = bureau.post(f"/admin/org/organisation/{world.commerce.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 403


def test_the_bureau_administrator_sees_only_their_users_never_staff_or_superusers(
    world: World, bureau: Client
) -> None:
    User.objects.create_superuser("root", password="pw-root")
    page = bureau.get("/admin/auth/user/").content.decode()
    for name in ("filler", "unit_reviewer", "department_reviewer", "readonly", "bureau"):
        assert f">{name}<" in page, name
    for name in ("finance_reviewer", "other_filler", "root", ">admin<"):
        assert (name if name.startswith(">") else f">{name}<") not in page, name
    other = world.users["other_filler"]
    assert bureau.get(f"/admin/auth/user/{other.pk}/change/").status_code == 302
    assert bureau.get(f"/admin/auth/user/{other.pk}/password/").status_code == 404


def test_the_bureau_administrator_makes_no_one_staff_or_superuser(
    world: World, bureau: Client
) -> None:
    filler = world.users["filler"]
    page = bureau.get(f"/admin/auth/user/{filler.pk}/change/").content.decode()
    assert 'name="is_staff"' not in page
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    response = bureau.post(
        f"/admin/auth/user/{filler.pk}/change/",
        {"username": "filler", "first_name": "田宝", "is_active": "on", "is_staff": "on",
         "is_superuser": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    filler.refresh_from_db()
    assert filler.first_name == "田宝"
    assert not filler.is_staff
    assert not filler.is_superuser
    # and were the flag set some other way, saving it is refused
    request = RequestFactory().post("/")
    request.user = User.objects.get(username="bureau")
    filler.is_staff = True
    with pytest.raises(PermissionDenied):
        admin.site._registry[User].save_model(request, filler, None, True)


def test_the_bureau_administrator_creates_users_with_a_role_in_reach(
    world: World, bureau: Client
) -> None:
    form = {"username": "newcomer", "password1": "a-Long-pass-2024",
            "password2": "a-Long-pass-2024", "usable_password": "true", "role": Role.UNIT_FILLER}  # fmt: skip
    outside = bureau.post("/admin/auth/user/add/", {**form, "organisation": world.other_unit.pk})
    assert outside.status_code == 200
    assert not User.objects.filter(username="newcomer").exists()
    missing = bureau.post("/admin/auth/user/add/", form)
    assert missing.status_code == 200
    created = bureau.post("/admin/auth/user/add/", {**form, "organisation": world.commerce_unit.pk})
    assert created.status_code == 302
    user = User.objects.get(username="newcomer")
    assert not user.is_staff
    (membership,) = Membership.objects.filter(user=user)
    assert (membership.organisation, membership.role) == (world.commerce_unit, Role.UNIT_FILLER)
    assert AuditEntry.objects.filter(
        object_type="org.membership", object_id=str(membership.pk), action="admin_create"
    ).exists()
    assert bureau.get(f"/admin/auth/user/{user.pk}/change/").status_code == 200


def test_the_bureau_administrator_grants_roles_only_in_reach_and_never_to_themselves(
    world: World, bureau: Client
) -> None:
    filler = world.users["filler"]
    outside = bureau.post(
        "/admin/org/membership/add/",
        {"user": filler.pk, "organisation": world.other_unit.pk, "role": Role.UNIT_REVIEWER},
    )
    assert outside.status_code == 200
    assert not Membership.objects.filter(organisation=world.other_unit, user=filler).exists()
    me = User.objects.get(username="bureau")
    own = bureau.post(
        "/admin/org/membership/add/",
        {"user": me.pk, "organisation": world.commerce_unit.pk, "role": Role.FINANCE_REVIEWER},
    )
    assert own.status_code == 200
    assert not Membership.objects.filter(user=me, role=Role.FINANCE_REVIEWER).exists()
    mine = Membership.objects.get(user=me)
    assert (
        bureau.post(f"/admin/org/membership/{mine.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    granted = bureau.post(
        "/admin/org/membership/add/",
        {"user": filler.pk, "organisation": world.commerce_unit.pk, "role": Role.UNIT_REVIEWER},
    )
    assert granted.status_code == 302
    page = bureau.get("/admin/org/membership/").content.decode()
    assert "教育局" not in page
    assert f"/admin/org/membership/{Membership.objects.get(user__username='admin').pk}/" not in page


def test_the_bureau_administrator_sees_only_their_documents(world: World, bureau: Client) -> None:
    page = bureau.get("/admin/targets/targetdocument/").content.decode()
    assert "秦皇岛市山海关区商务局" in page
    assert "education.txt" not in page
    other = world.other_project.document
    assert bureau.get(f"/admin/targets/targetdocument/{other.pk}/change/").status_code == 302


def test_staff_without_the_administrator_role_manage_nothing(world: World) -> None:
    filler = world.users["filler"]
    filler.is_staff = True
    filler.save()
    client = client_for(world, "filler")
    for url in ("/admin/org/organisation/", "/admin/auth/user/", "/admin/org/membership/"):
        assert client.get(url).status_code == 403, url


def test_the_operator_sees_everything(world: World) -> None:
    root = User.objects.create_superuser("root", password="pw-root")
    client = Client()
    client.force_login(root)
    page = client.get("/admin/org/organisation/").content.decode()
    assert "教育局" in page
    assert f"/admin/org/organisation/{world.finance.pk}/change/" in page
    assert client.get("/admin/org/fiscalyear/").status_code == 200
    assert FiscalYear.objects.exists()
    page = client.get(f"/admin/auth/user/{world.users['filler'].pk}/change/").content.decode()
    assert 'name="is_staff"' in page


# -- separation of duties: no one reviews what they submitted ------------------------------


@pytest.fixture
def both(world: World) -> User:
    """Someone who fills in the unit's tables and also reviews them (and the department's)."""
    user = person("both", world.investment_unit, Role.UNIT_FILLER)
    for organisation, role in (
        (world.investment_unit, Role.UNIT_REVIEWER),
        (world.commerce, Role.DEPARTMENT_REVIEWER),
        (world.finance, Role.FINANCE_REVIEWER),
    ):
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def test_the_submitter_cannot_approve_or_return_their_own_table(world: World, both: User) -> None:
    project = workflow.submit(world.project(CODE), both, WHY)
    with pytest.raises(OwnSubmissionError, match="提交人不能审核自己提交的表"):
        workflow.approve(project, both, "通过")
    with pytest.raises(WorkflowError, match="提交人不能审核自己提交的表"):
        workflow.send_back(project, both, "请修改")
    assert workflow.Project.objects.get(pk=project.pk).status == Status.SUBMITTED
    # at every later step too
    project = workflow.approve(project, world.users["unit_reviewer"], "通过")
    with pytest.raises(PermissionDenied, match="提交人不能审核自己提交的表"):
        workflow.approve(project, both, "通过")
    project = workflow.approve(project, world.users["department_reviewer"], "通过")
    with pytest.raises(OwnSubmissionError):
        workflow.send_back(project, both, "请修改")
    # someone else submitting it makes them a reviewer like any other
    project = workflow.send_back(project, world.users["finance_reviewer"], "请修改")
    project = workflow.submit(project, world.users["filler"], WHY)
    assert workflow.approve(project, both, "通过").status == Status.DEPARTMENT_REVIEW


def test_separation_of_duties_on_pages_and_in_the_api(world: World, both: User) -> None:
    project = workflow.submit(world.project(CODE), both, WHY)
    client = Client()
    client.force_login(both)
    page = client.post(f"/projects/{project.pk}/approve/", {"comment": "通过"}, follow=True)
    assert "提交人不能审核自己提交的表" in page.content.decode()
    answer = client.post(
        f"/api/projects/{project.pk}/approve",
        json.dumps({"comment": "通过"}),
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert answer.json()["detail"] == "提交人不能审核自己提交的表"
    assert workflow.Project.objects.get(pk=project.pk).status == Status.SUBMITTED


def test_the_submitter_is_not_offered_the_review_of_their_own_table(
    world: World, both: User
) -> None:
    project = workflow.submit(world.project(CODE), both, WHY)
    client = Client()
    client.force_login(both)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "本表是您提交的，须由其他审核人审核或退回。" in page
    assert f"/projects/{project.pk}/approve/" not in page
    assert f"/projects/{project.pk}/return/" not in page
    other = client_for(world, "unit_reviewer").get(f"/projects/{project.pk}/").content.decode()
    assert f"/projects/{project.pk}/approve/" in other
    document = workflow.submit_department(project.document, both)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert f"/documents/{document.pk}/approve/" not in page


def test_the_department_targets_are_not_approved_by_who_submitted_them(
    world: World, both: User
) -> None:
    document = workflow.submit_department(world.project(CODE).document, both)
    with pytest.raises(OwnSubmissionError, match="报送人不能审核自己报送的部门整体绩效目标"):
        workflow.approve_department(document, both, "通过")
    with pytest.raises(OwnSubmissionError):
        workflow.send_back_department(document, both, "请修改")
    assert workflow.approve_department(document, world.users["finance_reviewer"]).status == (
        Status.APPROVED
    )


def test_separation_of_duties_can_be_turned_off(world: World, both: User, settings: object) -> None:
    settings.JIXIAO_SEPARATE_DUTIES = False  # type: ignore[attr-defined]
    project = workflow.submit(world.project(CODE), both, WHY)
    assert workflow.approve(project, both, "通过").status == Status.DEPARTMENT_REVIEW
