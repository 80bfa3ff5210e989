"""The scoring profiles as the system administrator manages them: the two shipped ones stored (the
中央 default in force), read in words, a new version saved from edited TOML (checked, errors in
Chinese naming the field), the version in force chosen one at a time; and no one else may."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.audit.models import AuditEntry
from jixiao.evaluate.profile import builtin
from jixiao.evaluation import profile_admin
from jixiao.evaluation.models import ScoringProfile
from jixiao.evaluation.profiles import builtin_text, in_force
from jixiao.org.models import Membership
from tests.web.conftest import World, client_for, person

NOT_MANAGERS = ["filler", "unit_reviewer", "department_reviewer", "finance_reviewer", "readonly",
                "other_filler"]  # fmt: skip


def central() -> ScoringProfile:
    return ScoringProfile.objects.get(key="central", version="2026.1")


def edited(version: str = "2027.1", execution: str = "10", output: str = "50") -> str:
    text = builtin_text()
    text = text.replace('version = "2026.1"', f'version = "{version}"')
    text = text.replace("execution = 10\n", f"execution = {execution}\n", 1)
    return text.replace("  points = 50\n", f"  points = {output}\n", 1)


def test_the_shipped_profiles_are_stored_with_the_central_default_in_force(db: None) -> None:
    stored = {(p.key, p.version): p for p in ScoringProfile.objects.all()}
    assert set(stored) == {("central", "2026.1"), ("local-2020", "2026.1")}
    assert [p.key for p in stored.values() if p.in_force] == ["central"]
    assert stored["central", "2026.1"].text == builtin_text()
    assert stored["local-2020", "2026.1"].title == "地方自评表示例方案（预算执行 20 分）"
    assert in_force() == stored["central", "2026.1"]


def test_the_list_shows_every_version_and_the_one_in_force(world: World) -> None:
    html = client_for(world, "admin").get("/evaluation/profiles/").content.decode()
    assert "中央部门项目支出绩效自评默认方案" in html
    assert "地方自评表示例方案（预算执行 20 分）" in html
    assert html.count("当前使用</span>") == 1
    assert html.index("中央部门项目支出绩效自评默认方案") < html.index("地方自评表示例方案")


def test_no_one_but_the_top_administrator_manages_profiles(world: World) -> None:
    department_admin = person("department_admin", world.commerce, Membership.Role.ADMIN)
    row = central()
    for who in [*NOT_MANAGERS, "department_admin"]:
        user = department_admin if who == "department_admin" else world.users[who]
        client = client_for(world, who) if who in world.users else None
        if client is None:
            from django.test import Client

            client = Client()
            client.force_login(user)
        for url in ("/evaluation/profiles/", f"/evaluation/profiles/{row.pk}/",
                    "/evaluation/profiles/new/"):  # fmt: skip
            response = client.get(url)
            assert response.status_code == 403, (who, url)
            assert "只有系统管理员（最上级财政部门）可以管理评分方案" in response.content.decode()
        assert client.post("/evaluation/profiles/new/", {"text": edited()}).status_code == 403
        assert client.get("/api/evaluation/profiles").status_code == 403
    assert ScoringProfile.objects.count() == 2


def test_a_profile_reads_in_words_each_part_marked_as_policy_or_a_default(world: World) -> None:
    html = client_for(world, "admin").get(f"/evaluation/profiles/{central().pk}/").content.decode()
    assert (
        '中央部门项目支出绩效自评默认方案 <span class="status">central 第 2026.1 版</span>' in html
    )
    weights = html[html.index("一级指标分值（共 100 分）") :].split("</tr>")[0]
    assert (
        "预算执行率 10 分、产出指标 50 分（含成本指标）、效益指标 30 分、满意度指标 10 分"
        in weights
    )
    assert "政策规定" in weights
    rounding = html[html.index("得分取整") :].split("</tr>")[0]
    assert "每项得分保留 2 位小数，四舍五入；总分为各项得分之和" in rounding
    assert "可配置的默认设置" in rounding
    assert "默认设置" in rounding
    negative = html[html.index("反向指标（≤、&lt;）") :].split("</tr>")[0]
    assert "可配置的默认设置</span><br><small>通行做法</small>" in negative
    grades = html[html.index("<td>评价等级</td>") :].split("</tr>")[0]
    assert (
        "优 90 分（含）以上；良 80 分（含）至 90 分；中 60 分（含）至 80 分；差 低于 60 分"
        in grades
    )
    assert "[[qualitative.band]]" in html  # the TOML itself
    parts = profile_admin.parts(builtin("local-2020"))
    assert (
        parts[0].rule
        == "预算执行率 20 分、产出指标 60 分（含成本指标）、效益指标 20 分（含满意度指标）"
    )
    assert parts[0].marking == "可配置的默认设置"


def test_a_new_version_is_saved_as_a_new_row_never_changing_the_old(world: World) -> None:
    client = client_for(world, "admin")
    form = client.get(f"/evaluation/profiles/new/?from={central().pk}").content.decode()
    assert "version = &quot;2026.1&quot;" in form  # the chosen version to start from
    response = client.post(
        "/evaluation/profiles/new/", {"text": edited(execution="20", output="40")}, follow=True
    )
    assert (
        "已保存评分方案「中央部门项目支出绩效自评默认方案（2027.1）」" in response.content.decode()
    )
    new = ScoringProfile.objects.get(key="central", version="2027.1")
    assert (new.in_force, new.created_by) == (False, world.users["admin"])
    assert "预算执行率 20 分、产出指标 40 分" in response.content.decode()
    assert central_version("2026.1").text == builtin_text()  # the old one as it was
    entry = AuditEntry.objects.get(action="profile_create")
    assert (entry.object_id, entry.after["version"]) == (str(new.pk), "2027.1")


def central_version(version: str) -> ScoringProfile:
    return ScoringProfile.objects.get(key="central", version=version)


def test_a_bad_profile_is_refused_in_chinese_naming_the_field(world: World) -> None:
    client = client_for(world, "admin")
    cases = {
        edited(output="60"): "评分方案内容：[weights] 各项分值之和应为总分 100：预算执行率 10 + "
        "产出指标 60 + 效益指标 30 + 满意度指标 10 = 110",
        edited().replace(
            'rule = "ratio"\nbasis = "practice"\nsource = "反向',
            'rule = "half"\nbasis = "practice"\nsource = "反向',
        ): "negative.rule 为「half」，应为 ratio、linear 之一",
        edited().replace("[rounding]", "[rounding\n"): "评分方案内容：第 ",
        edited(version="2026.1"): "方案「central」第 2026.1 版已存在，保存新版本请修改 version",
        "": "评分方案内容为空",
    }
    for text, message in cases.items():
        response = client.post("/evaluation/profiles/new/", {"text": text})
        html = response.content.decode()
        assert response.status_code == 400, message
        assert message in html, html[html.find("banner") : html.find("banner") + 300]
    broken = edited().replace("[rounding]", "[rounding\n")
    toml = client.post("/evaluation/profiles/new/", {"text": broken}).content.decode()
    assert "不符合 TOML 格式" in toml
    assert "Expected" not in toml
    assert ScoringProfile.objects.count() == 2


def test_one_version_is_in_force_at_a_time_and_the_change_is_logged(world: World) -> None:
    client = client_for(world, "admin")
    local = ScoringProfile.objects.get(key="local-2020")
    response = client.post(f"/evaluation/profiles/{local.pk}/in-force/", follow=True)
    assert "已设为当前使用的评分方案" in response.content.decode()
    assert list(ScoringProfile.objects.filter(in_force=True)) == [local]
    assert in_force() == local
    entry = AuditEntry.objects.get(action="profile_in_force")
    assert entry.before == {"in_force": "中央部门项目支出绩效自评默认方案（2026.1）"}
    assert entry.after == {"in_force": "地方自评表示例方案（预算执行 20 分）（2026.1）"}
    again = client.post(f"/evaluation/profiles/{local.pk}/in-force/", follow=True)
    assert "已是当前使用的评分方案" in again.content.decode()
    assert AuditEntry.objects.filter(action="profile_in_force").count() == 1


def test_the_api_lists_and_shows_profiles_to_the_administrator(world: World) -> None:
    client = client_for(world, "admin")
    rows = client.get("/api/evaluation/profiles").json()
    assert [(r["key"], r["in_force"]) for r in rows] == [("central", True), ("local-2020", False)]
    detail = client.get(f"/api/evaluation/profiles/{rows[0]['id']}").json()
    assert detail["text"] == builtin_text()
    assert detail["parts"][0]["marking"] == "政策规定"
    assert client.get("/api/evaluation/profiles/999999").status_code == 404


def test_the_list_reads_a_bounded_number_of_queries_whatever_the_versions(world: World) -> None:
    client = client_for(world, "admin")
    client.get("/evaluation/profiles/")
    with CaptureQueriesContext(connection) as few:
        client.get("/evaluation/profiles/")
    ScoringProfile.objects.bulk_create(
        ScoringProfile(key="central", version=f"v{n}", title=f"方案{n}", text=builtin_text(),
                       created_by=world.users["admin"])
        for n in range(40)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        html = client.get("/evaluation/profiles/").content.decode()
    assert "方案39" in html
    assert len(many) == len(few) <= 10
    row = central()
    with CaptureQueriesContext(connection) as detail:
        client.get(f"/evaluation/profiles/{row.pk}/")
    assert len(detail) <= 8
