"""The pages: login required, scoped to what each role reaches, CSRF on, uploads checked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.org.models import Membership, Organisation
from jixiao.targets import reviewing
from jixiao.targets.models import Project, Status, TargetDocument
from tests.web.conftest import PERSONAS, SUBMIT_WHY, World, client_for

Role = Membership.Role

CODE = "322-0601-YBN-5D8Z"


@pytest.mark.parametrize("url", ["/", "/import/", "/projects/1/", "/api/projects"])
def test_every_page_but_login_needs_a_login(world: World, url: str) -> None:
    response = Client().get(url)
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert response["Location"].startswith("/login/")
    assert Client().get("/login/").status_code == 200


def test_login_with_the_hashed_password(world: World) -> None:
    client = Client()
    assert client.post("/login/", {"username": "filler", "password": "wrong"}).status_code == 200
    response = client.post("/login/", {"username": "filler", "password": "pw-filler"})
    assert response.status_code == 302
    assert world.users["filler"].password.startswith("md5$")  # hashed by Django, never stored plain


SEES_SEED_TABLE = {
    "filler",
    "unit_reviewer",
    "department_reviewer",
    "finance_reviewer",
    "readonly",
    "admin",
}


@pytest.mark.parametrize("name", PERSONAS)
def test_the_table_page_is_shown_only_to_roles_that_reach_it(world: World, name: str) -> None:
    project = world.project(CODE)
    response = client_for(world, name).get(f"/projects/{project.pk}/")
    if name in SEES_SEED_TABLE:
        assert response.status_code == 200
        page = response.content.decode()
        assert "人事代理专项补助经费" in page
        assert "建议改为「≥85%」" in page  # the review finding beside its row
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "status"),
    [("filler", 302), ("unit_reviewer", 403), ("department_reviewer", 403), ("finance_reviewer", 403),
     ("readonly", 403), ("admin", 403), ("other_filler", 404)],
)  # fmt: skip
def test_submitting_is_the_unit_fillers_alone(world: World, name: str, status: int) -> None:
    project = world.project(CODE)
    response = client_for(world, name).post(f"/projects/{project.pk}/submit/", SUBMIT_WHY)
    assert response.status_code == status
    expected = Status.SUBMITTED if name == "filler" else Status.DRAFT
    assert Project.objects.get(pk=project.pk).status == expected


def test_the_todo_page_lists_what_waits_for_me(
    world: World, django_assert_max_num_queries: object
) -> None:
    client = client_for(world, "unit_reviewer")
    assert "没有等待您处理的项目" in client.get("/").content.decode()
    client_for(world, "filler").post(f"/projects/{world.project(CODE).pk}/submit/", SUBMIT_WHY)
    page = client.get("/").content.decode()
    assert page.index("人事代理专项补助经费") < page.index("我可查看的项目")


@pytest.mark.parametrize("copies", [1, 30])
def test_the_todo_page_costs_the_same_queries_however_many_rows(
    world: World, copies: int, django_assert_num_queries: object
) -> None:
    template = world.project(CODE)
    Project.objects.bulk_create(
        Project(document=template.document, unit=template.unit, position=100 + n, year=template.year, code=f"X{n}",
                name=f"复制{n}", money_unit="元", data=template.data)
        for n in range(copies)
    )  # fmt: skip
    reviewing.refresh_document(template.document)  # as an import does
    client = client_for(world, "filler")
    client.get("/")
    # the tables' 7 (lists shorter than a page count themselves), and one for each monitoring
    # list the filler's roles use (waiting, due)
    with django_assert_num_queries(9):  # type: ignore[operator]
        client.get("/")


@pytest.mark.parametrize("copies", [1, 30])
def test_the_todo_page_lists_department_targets_at_a_constant_cost(
    world: World, copies: int, django_assert_num_queries: object
) -> None:
    world.copy_documents(copies)
    client = client_for(world, "department_reviewer")
    page = client.get("/").content.decode()
    assert page.count("秦皇岛市山海关区商务局</a>") == copies + 1
    # the tables' 7 (lists shorter than a page count themselves), and one for each monitoring
    # list (reports waiting, due, summaries)
    with django_assert_num_queries(10):  # type: ignore[operator]
        client.get("/")


def test_writes_need_the_csrf_token(world: World) -> None:
    response = client_for(world, "filler", csrf=True).post(
        f"/projects/{world.project(CODE).pk}/submit/"
    )
    assert response.status_code == 403


def test_a_return_without_a_comment_is_refused_with_a_message(world: World) -> None:
    pk = world.project(CODE).pk
    client_for(world, "filler").post(f"/projects/{pk}/submit/", SUBMIT_WHY)
    response = client_for(world, "unit_reviewer").post(
        f"/projects/{pk}/return/", {"comment": ""}, follow=True
    )
    assert "退回须填写退回意见" in response.content.decode()
    assert Project.objects.get(pk=pk).status == Status.SUBMITTED


def upload(client: Client, name: str, content: bytes, year: str = "2025") -> str:
    file = SimpleUploadedFile(name, content, content_type="text/plain")
    return client.post("/import/", {"year": year, "file": file}).content.decode()


def test_import_previews_with_findings_then_stores_on_confirm(world: World, seed_text: str) -> None:
    client = client_for(world, "department_reviewer")  # the whole seed: both units' tables
    page = upload(client, "shanhaiguan.txt", seed_text.encode())
    assert "预览：shanhaiguan.txt" in page
    assert "审核发现问题 75 处（错误 16，警告 37，提示 22）" in page
    assert "审核结论：退回修改：16 处错误须改正后重新报送" in page
    assert (
        "<summary>322-0601-YBN-5D8Z 人事代理专项补助经费（错误 4，警告 9，提示 5；审核结果：差）"
        "</summary>" in page
    )
    # what was read, row by row, beside its findings
    read = page[page.index("322-0601-YBN-5D8Z 人事代理专项补助经费（错误") :]
    read = read[: read.index("</details>")]
    assert "<th>预算数（元）</th><td>300,000.00</td>" in read
    assert "<td>群众满意度</td>" in read
    assert "<td>≤85%</td><td>≤ 85 %</td>" in read
    assert TargetDocument.objects.count() == 2  # the fixture's two documents so far
    response = client.post("/import/", {"confirm": "1"}, follow=True)
    assert "已导入 秦皇岛市山海关区商务局 2025年度" in response.content.decode()
    assert TargetDocument.objects.count() == 3
    # the importer lands on what was stored
    assert response.redirect_chain[-1][0] == f"/documents/{TargetDocument.objects.latest('pk').pk}/"


def test_units_that_do_not_exist_are_refused_not_created(world: World, seed_text: str) -> None:
    renamed = seed_text.replace("322003", "322009")
    page = upload(client_for(world, "department_reviewer"), "new-unit.txt", renamed.encode())
    error = page[page.index('<p class="error">') :]
    error = error[: error.index("</p>")]
    assert (
        "以下预算单位在「秦皇岛市山海关区商务局」下尚不存在：322009 秦皇岛市山海关区投资促进中心"
        in error
    )
    assert "请系统管理员先在系统管理中建立该单位" in error
    assert "322002" not in error
    assert "预览：" not in page
    assert not Organisation.objects.filter(code="322009").exists()


def test_a_failed_import_keeps_what_the_user_entered(world: World) -> None:
    client = client_for(world, "filler")
    file = SimpleUploadedFile("notes.txt", "会议纪要\n".encode(), content_type="text/plain")
    chosen = str(world.commerce.pk)  # the department's key: codes repeat across fiscal bureaus
    page = client.post(
        "/import/", {"year": "2026", "department": chosen, "file": file}
    ).content.decode()
    assert 'name="year" value="2026"' in page
    assert f'<option value="{chosen}" selected>322 秦皇岛市山海关区商务局</option>' in page
    assert "上次选择的文件「notes.txt」未能导入" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("targets.wps", b"PK\x03\x04", "类型暂不支持"),  # .docx is read: test_import_docx.py
        ("empty.txt", b"", "文件为空"),
        ("notes.txt", "会议纪要\n".encode(), "无法识别的版式"),
    ],
)
def test_import_refuses_bad_uploads_with_a_clear_message(
    world: World, name: str, content: bytes, message: str
) -> None:
    page = upload(client_for(world, "filler"), name, content)
    assert message in page
    assert TargetDocument.objects.count() == 2


def test_import_refuses_a_file_over_the_size_limit(world: World, settings: object) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024  # type: ignore[attr-defined]
    page = upload(client_for(world, "filler"), "big.txt", b"x" * 2048)
    assert "超过" in page


def test_import_outside_ones_department_is_refused(world: World, seed_text: str) -> None:
    page = upload(client_for(world, "other_filler"), "seed.txt", seed_text.encode())
    assert "不在您可导入的范围内" in page
    assert client_for(world, "readonly").get("/import/").status_code == 403


def test_the_table_page_shows_its_audit_history(world: World) -> None:
    pk = world.project(CODE).pk
    client_for(world, "filler").post(f"/projects/{pk}/submit/", SUBMIT_WHY)
    client_for(world, "unit_reviewer").post(
        f"/projects/{pk}/return/", {"comment": "群众满意度应为≥85%"}
    )
    page = client_for(world, "readonly").get(f"/projects/{pk}/").content.decode()
    history = page[page.index("审计日志") :]
    assert (
        "unit_reviewer</td><td>退回</td><td>已提交 → 已退回</td><td>群众满意度应为≥85%" in history
    )
    assert "filler</td><td>提交</td><td>草稿 → 已提交" in history


def test_what_changed_since_the_table_was_returned_is_shown(world: World) -> None:
    project = world.project(CODE)
    client_for(world, "filler").post(f"/projects/{project.pk}/submit/", SUBMIT_WHY)
    client_for(world, "unit_reviewer").post(
        f"/projects/{project.pk}/return/", {"comment": "满意度方向错误"}
    )
    data = dict(project.data)
    data["indicators"] = [dict(row) for row in data["indicators"]]
    data["indicators"][5]["target"] = dict(data["indicators"][5]["target"], raw="≥85%", op=">=")
    Project.objects.filter(pk=project.pk).update(data=data)
    page = (
        client_for(world, "department_reviewer")
        .get(f"/projects/{project.pk}/versions/")
        .content.decode()
    )
    assert "第1版（提交" in page
    assert "<td>第6行指标值（群众满意度）</td><td>≤85%</td><td>≥85%</td>" in page
    assert (
        client_for(world, "other_filler").get(f"/projects/{project.pk}/versions/").status_code
        == 404
    )


def edit(client: Client, pk: int, index: int, **changes: str) -> object:
    fields = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众满意度",
              "description": "客商对全年接待工作的整体满意度", "target": "≤85%", "basis": "", "basis_kind": ""}  # fmt: skip
    return client.post(f"/projects/{pk}/indicators/{index}/", {**fields, **changes})


def test_the_filler_fixes_a_direction_and_the_finding_goes(world: World) -> None:
    pk = world.project(CODE).pk
    client = client_for(world, "filler")
    before = client.get(f"/projects/{pk}/").content.decode()
    assert "建议改为「≥85%」" in before
    response = edit(client, pk, 5, target="≥85%", basis_kind="历史标准", basis="上年实际 87%")
    assert response.status_code == 302
    table = Project.objects.get(pk=pk).to_core()
    row = table.indicators[5]
    assert (row.target.op, str(row.target.number), row.basis_kind, row.basis) == (
        ">=",
        "85",
        "历史标准",
        "上年实际 87%",
    )
    assert "建议改为「≥85%」" not in client.get(f"/projects/{pk}/").content.decode()
    history = client.get(f"/projects/{pk}/").content.decode()
    assert "修改指标" in history


@pytest.mark.parametrize(
    ("name", "status"), [("unit_reviewer", 403), ("readonly", 403), ("other_filler", 404)]
)
def test_only_the_units_filler_edits(world: World, name: str, status: int) -> None:
    pk = world.project(CODE).pk
    assert edit(client_for(world, name), pk, 5, target="≥85%").status_code == status
    assert Project.objects.get(pk=pk).to_core().indicators[5].target.raw == "≤85%"


def test_a_submitted_table_cannot_be_edited(world: World) -> None:
    pk = world.project(CODE).pk
    client = client_for(world, "filler")
    client.post(f"/projects/{pk}/submit/", SUBMIT_WHY)
    assert edit(client, pk, 5, target="≥85%").status_code == 403


def test_an_empty_name_is_refused_with_a_message(world: World) -> None:
    pk = world.project(CODE).pk
    response = edit(client_for(world, "filler"), pk, 5, name=" ")
    assert "三级指标名称不能为空" in response.content.decode()  # type: ignore[attr-defined]


def test_the_value_is_read_live_as_the_reviewer_reads_it(world: World) -> None:
    body = client_for(world, "filler").get("/api/parse-value", {"text": "不少于80次"}).json()
    assert {k: body[k] for k in ("op", "number", "unit", "kind")} == {
        "op": ">=",
        "number": "80",
        "unit": "次",
        "kind": "quantity",
    }


def header(client: Client, pk: int, **changes: str) -> object:
    fields = {"code": CODE, "name": "人事代理专项补助经费", "total": "300000.00", "fiscal": "300000.00",
              "other": "", "purpose": "用于招商引资工作人事代理人员工资", "plan_0": "30.00", "plan_1": "65.00",
              "plan_2": "90.00", "plan_3": "100.00", "goals": "1、保障招商引资工作正常开展\n2、人事代理人员基本保障"}  # fmt: skip
    return client.post(f"/projects/{pk}/header/", {**fields, **changes})


def test_the_header_form_saves_money_plan_and_goals_and_the_review_follows(world: World) -> None:
    pk = world.project(CODE).pk
    client = client_for(world, "filler")
    assert (
        header(
            client, pk, total="320000.00", plan_3="95.00", goals="1、全年引进项目5个"
        ).status_code
        == 302
    )
    project = Project.objects.get(pk=pk)
    table = project.to_core()
    assert (str(project.budget_total), format(table.budget.total, "f")) == (
        "320000.000000",
        "320000.00",
    )
    assert table.goals == ["全年引进项目5个"]
    page = client.get(f"/projects/{pk}/").content.decode()
    assert "预算数 320000.00 ≠ 财政资金 300000.00" in page  # budget.sum-mismatch, refreshed on save
    assert "不是100%" in page  # schedule.not-complete


def test_the_header_form_names_a_bad_amount(world: World) -> None:
    pk = world.project(CODE).pk
    page = header(client_for(world, "filler"), pk, total="三十万").content.decode()  # type: ignore[attr-defined]
    assert "预算数「三十万」不是可保存的数字" in page
    assert Project.objects.get(pk=pk).to_core().budget.total == Decimal("300000.00")


def test_rows_are_added_moved_and_removed(world: World) -> None:
    pk = world.project(CODE).pk
    client = client_for(world, "filler")
    client.post(f"/projects/{pk}/rows/add/")
    client.post(f"/projects/{pk}/rows/up/", {"index": "6"})
    names = [i.name for i in Project.objects.get(pk=pk).to_core().indicators]
    assert names[5:] == ["新指标", "群众满意度"]
    client.post(f"/projects/{pk}/rows/remove/", {"index": "5"})
    names = [i.name for i in Project.objects.get(pk=pk).to_core().indicators]
    assert names == [
        "工作主动性比率",
        "工作完成情况比率",
        "作风建设比率",
        "资料更新比率",
        "招商宣传完成比率",
        "群众满意度",
    ]


@pytest.mark.parametrize(
    ("name", "status"), [("unit_reviewer", 403), ("readonly", 403), ("other_filler", 404)]
)
def test_only_the_units_filler_changes_header_and_rows(
    world: World, name: str, status: int
) -> None:
    pk = world.project(CODE).pk
    client = client_for(world, name)
    assert header(client, pk, name="改名").status_code == status
    assert client.post(f"/projects/{pk}/rows/add/").status_code == status
    assert Project.objects.get(pk=pk).name == "人事代理专项补助经费"
    assert len(Project.objects.get(pk=pk).to_core().indicators) == 6


def test_reviewers_comment_on_a_row_and_a_finding(world: World) -> None:
    pk = world.project(CODE).pk
    client = client_for(world, "department_reviewer")
    client.post(
        f"/projects/{pk}/comments/",
        {"text": "满意度方向请改为≥", "index": "5", "rule": "direction.positive-upper-bound"},
    )
    page = client_for(world, "filler").get(f"/projects/{pk}/").content.decode()
    assert "department_reviewer</strong>" in page
    assert "第 6 行 · 审核意见「正向指标设了上限」：满意度方向请改为≥" in page
    assert (
        client_for(world, "readonly").post(f"/projects/{pk}/comments/", {"text": "x"}).status_code
        == 403
    )
    assert (
        client_for(world, "other_filler")
        .post(f"/projects/{pk}/comments/", {"text": "x"})
        .status_code
        == 404
    )
    response = client.post(f"/projects/{pk}/comments/", {"text": " "}, follow=True)
    assert "意见内容不能为空" in response.content.decode()


def test_the_department_wide_targets_have_their_own_page_and_editor(world: World) -> None:
    document = world.project(CODE).document
    page = client_for(world, "filler").get(f"/documents/{document.pk}/").content.decode()
    assert "对全区成品油、再生资源、汽车市场等方面的执法工作" in page
    assert "「执法行动过」疑为错别字" in page
    assert (
        client_for(world, "filler").get(f"/documents/{document.pk}/department/").status_code == 403
    )
    reviewer = client_for(world, "department_reviewer")
    form = reviewer.get(f"/documents/{document.pk}/department/").content.decode()
    assert "每年执法行动过不少于80次" in form
    department = document.to_core(projects=[]).department
    fields = {
        "overall_goal": department.overall_goal,
        "sub_goal_count": "5",
        "safeguards": "1、完善内控制度",
    }
    for n, goal in enumerate(department.sub_goals):
        fields |= {
            f"title_{n}": goal.title,
            f"goal_{n}": goal.goal,
            f"indicators_{n}": goal.indicator_text,
        }
    fields["indicators_2"] = "每年执法行动不少于80次，执法案件结案率达到100%。"
    assert reviewer.post(f"/documents/{document.pk}/department/", fields).status_code == 302
    stored = TargetDocument.objects.get(pk=document.pk).to_core(projects=[]).department
    assert stored.sub_goals[2].indicators[0].name == "每年执法行动"
    assert stored.safeguards == ["完善内控制度"]
    assert client_for(world, "other_filler").get(f"/documents/{document.pk}/").status_code == 404


def test_header_findings_sit_beside_their_field(world: World) -> None:
    pk = world.project(CODE).pk
    page = client_for(world, "filler").get(f"/projects/{pk}/").content.decode()
    goals_row = page[
        page.index("<th>绩效目标</th>") : page.index("</tr>", page.index("<th>绩效目标</th>"))
    ]
    assert "「保障招商引资工作正常开展」含「正常开展」" in goals_row


def test_a_table_moves_to_another_unit_the_filler_also_fills_for(world: World) -> None:
    pk = world.project(CODE).pk
    Membership.objects.create(
        user=world.users["filler"], organisation=world.commerce_unit, role=Role.UNIT_FILLER
    )
    client = client_for(world, "filler")
    form = client.get(f"/projects/{pk}/header/").content.decode()
    assert '<option value="322002">322002 秦皇岛市山海关区商务局</option>' in form
    assert header(client, pk, unit="322002").status_code == 302
    project = Project.objects.select_related("unit").get(pk=pk)
    assert project.unit == world.commerce_unit
    assert project.to_core().unit.code == "322002"
    page = client.get(f"/projects/{pk}/").content.decode()
    assert "预算单位：322003 秦皇岛市山海关区投资促进中心 → 322002 秦皇岛市山海关区商务局" in page
    # 322003's own reviewer no longer reaches it; 322002's budget unit now does
    assert client_for(world, "unit_reviewer").get(f"/projects/{pk}/").status_code == 404


def test_a_table_does_not_move_to_a_unit_the_filler_does_not_fill_for(world: World) -> None:
    pk = world.project(CODE).pk
    client = client_for(world, "filler")
    assert 'name="unit"' not in client.get(f"/projects/{pk}/header/").content.decode()
    response = header(client, pk, unit="322002")
    assert (
        "预算单位「322002」不在本部门内，或您不能为该单位填报，不能移入"
        in response.content.decode()
    )
    assert header(client, pk, unit="401001").status_code == 200  # another department's unit
    assert Project.objects.get(pk=pk).unit == world.investment_unit


def test_the_table_log_shows_each_edit_before_and_after(world: World) -> None:
    pk = world.project(CODE).pk
    client = client_for(world, "filler")
    header(client, pk, total="320000.00", goals="1、全年引进项目5个")
    client.post(f"/projects/{pk}/rows/remove/", {"index": "0"})
    page = client.get(f"/projects/{pk}/").content.decode()
    history = page[page.index("审计日志") :]
    assert (
        "修改表头</td><td>金额：预算数 300000.00，财政资金 300000.00 → 预算数 320000.00" in history
    )
    assert "绩效目标：保障招商引资工作正常开展、人事代理人员基本保障 → 全年引进项目5个" in history
    assert "删除指标行</td><td>指标行：" in history


def test_a_comment_on_a_field_sits_beside_that_field(world: World) -> None:
    pk = world.project(CODE).pk
    client = client_for(world, "finance_reviewer")
    form = client.get(f"/projects/{pk}/").content.decode()
    assert '<option value="field:spending_plan">资金支出计划</option>' in form
    assert '<option value="row:5">第 6 行 群众满意度</option>' in form
    client.post(
        f"/projects/{pk}/comments/",
        {"text": "支出进度过于集中在四季度", "target": "field:spending_plan"},
    )
    client.post(f"/projects/{pk}/comments/", {"text": "满意度请改为≥", "target": "row:5"})
    client.post(f"/projects/{pk}/comments/", {"text": "字段不存在", "target": "field:nonsense"})
    page = client_for(world, "filler").get(f"/projects/{pk}/").content.decode()
    plan = page[page.index("资金支出计划（%）") : page.index("<th>绩效目标</th>")]
    assert "finance_reviewer</strong>：支出进度过于集中在四季度" in plan
    row = page[page.index("<td>群众满意度</td>") :]
    assert "finance_reviewer</strong>：满意度请改为≥" in row[: row.index("</tr>")]
    assert "· 资金支出计划：支出进度过于集中在四季度" in page
    assert "finance_reviewer</strong> " in page
    comment = Project.objects.get(pk=pk).comments.get(text="字段不存在")
    assert (comment.field, comment.indicator_index) == ("", None)  # an unknown field: the table


PAGE = Path(__file__).parents[1] / "fixtures" / "corpus"
NONGTIAN = PAGE / "042_hunan-yueyangxian-gaobiaozhunnongtian-target.txt"


def upload_page(client: Client, **fields: str) -> str:
    upload = SimpleUploadedFile(NONGTIAN.name, NONGTIAN.read_bytes(), content_type="text/plain")
    return client.post("/import/", {"year": "2022", "file": upload, **fields}).content.decode()


def test_a_published_web_table_is_imported_under_the_chosen_department(world: World) -> None:
    client = client_for(world, "department_reviewer")
    chosen = str(world.commerce.pk)
    assert (
        f'<option value="{chosen}">322 秦皇岛市山海关区商务局</option>'
        in client.get("/import/").content.decode()
    )
    assert "文件中没有写明主管部门编码，请在“主管部门”中选择后再上传。" in upload_page(client)
    # the table's unit is not in the tree yet: refused until a 系统管理员 creates it
    assert "以下预算单位在「秦皇岛市山海关区商务局」下尚不存在：农田建设服务中心" in upload_page(
        client, department=chosen
    )
    Organisation.objects.create(
        kind="unit", code="", name="农田建设服务中心", parent=world.commerce
    )
    preview = upload_page(client, department=chosen)
    assert "主管部门 322 秦皇岛市山海关区商务局（您选择的）" in preview
    assert "版式 每格一行的表格文本" in preview
    client.post("/import/", {"confirm": "1"})
    project = Project.objects.select_related("unit__parent", "document").get(
        name="岳阳县2022年高标准农田建设项目"
    )
    assert (project.document.department, project.unit.parent) == (world.commerce, world.commerce)
    assert (project.unit.name, project.money_unit, project.budget_total) == (
        "农田建设服务中心",
        "万元",
        Decimal("854"),
    )
    assert client.get(f"/projects/{project.pk}/").status_code == 200


def test_a_department_outside_ones_reach_cannot_be_chosen(world: World) -> None:
    client = client_for(world, "other_filler")
    form = client.get("/import/").content.decode()
    education = world.other_unit.parent
    assert f'<option value="{education.pk}">401 秦皇岛市山海关区教育局</option>' in form
    assert f'value="{world.commerce.pk}"' not in form
    refused = upload_page(client, department=str(world.commerce.pk))  # refused, not trusted
    assert "所选的主管部门不在您可导入的范围内，请在“主管部门”中选择后再上传。" in refused
    assert not Project.objects.filter(name="岳阳县2022年高标准农田建设项目").exists()


def test_the_list_of_tables_is_filtered_and_paged(world: World) -> None:
    template = world.project(CODE)
    Project.objects.bulk_create(
        Project(document=template.document, unit=template.unit, position=100 + n, year=template.year, code=f"X{n:03}",
                name=f"复制项目{n}", money_unit="元", data=template.data)
        for n in range(60)
    )  # fmt: skip
    client = client_for(world, "filler")
    first = client.get("/").content.decode()
    assert "共 63 个项目，第 1/2 页" in first
    assert first.count(">草稿</span>") == 50 + 50  # a page of 待办, a page of all
    assert "待办共 63 项，第 1/2 页" in first
    second = client.get("/?page=2").content.decode()
    assert "第 2/2 页" in second
    assert "X059" in second
    found = client.get("/?q=人事代理").content.decode()
    assert "共 1 个项目" in found
    Project.objects.filter(code="X001").update(status=Status.SUBMITTED)
    submitted = client.get("/?status=submitted&year=2024").content.decode()
    assert "共 1 个项目" in submitted
    assert "X001" in submitted
    assert "共 0 个项目" in client.get("/?year=2023").content.decode()


def test_pages_read_the_stored_review_and_edits_renew_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = reviewing.review_document

    def counted(*args: object) -> object:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(reviewing, "review_document", counted)
    project = world.project(CODE)
    client = client_for(world, "filler")
    for other in world.projects:
        client.get(f"/projects/{other.pk}/")
    client.get(f"/documents/{project.document_id}/")
    assert calls == []  # stored when imported: no page reviews
    row = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众满意度"}
    client.post(f"/projects/{project.pk}/indicators/5/", {**row, "target": "≥85%"})
    assert calls  # the edit reviewed the table
    reviewed = len(calls)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert len(calls) == reviewed
    assert "建议改为「≥85%」" not in page
    revisions = [TargetDocument.objects.get(pk=project.document_id).revision]
    client.post(f"/projects/{project.pk}/rows/add/")
    header(client, project.pk, total="1.00")
    revisions.append(TargetDocument.objects.get(pk=project.document_id).revision)
    assert revisions[1] == revisions[0] + 2  # every edit moves the revision on


def test_the_todo_page_counts_each_tables_findings(world: World) -> None:
    page = client_for(world, "filler").get("/").content.decode()
    row = page[page.index("人事代理专项补助经费") :]
    row = row[: row.index("</tr>")]
    assert '<span class="sev-错误">错误 4</span> <span class="sev-警告">警告 9</span>' in row
    assert "待提交（还有 4 处错误）" in row
    assert '<span class="grade-mark">差</span>' in row


@pytest.mark.parametrize("index", ["99", "99999999999999999999"])
def test_a_comment_on_a_row_that_does_not_exist_is_refused(world: World, index: str) -> None:
    pk = world.project(CODE).pk
    response = client_for(world, "unit_reviewer").post(
        f"/projects/{pk}/comments/", {"text": "意见", "index": index}, follow=True
    )
    assert response.status_code == 200
    assert "没有第" in response.content.decode()
    assert not Project.objects.get(pk=pk).comments.exists()


@pytest.mark.parametrize("count", ["abc", "99999999", "-1"])
def test_a_forged_sub_goal_count_is_refused_quickly(world: World, count: str) -> None:
    document = world.project(CODE).document
    response = client_for(world, "department_reviewer").post(
        f"/documents/{document.pk}/department/", {"sub_goal_count": count}, follow=True
    )
    assert "分项目标最多 50 项" in response.content.decode()
    assert TargetDocument.objects.get(pk=document.pk).data == document.data


def test_an_over_long_code_is_refused_with_a_message(world: World) -> None:
    pk = world.project(CODE).pk
    response = header(client_for(world, "filler"), pk, code="X" * 65)
    assert "项目编码最长 64 字" in response.content.decode()  # type: ignore[attr-defined]


def test_an_over_long_name_in_a_file_is_kept_whole(db: None, seed: object) -> None:
    from jixiao.targets.services import store

    document = seed.model_copy(  # type: ignore[attr-defined]
        update={"projects": [seed.projects[0].model_copy(update={"name": "长" * 300})]}  # type: ignore[attr-defined]
    )
    stored = store(document, year=2024, create_units=True).document.projects.get()
    assert (len(stored.name), len(stored.to_core().name)) == (255, 300)


@pytest.mark.parametrize("amount", ["99999999999999999999", "1.1234567", "-5"])
def test_an_amount_out_of_range_is_refused_with_a_message(world: World, amount: str) -> None:
    pk = world.project(CODE).pk
    response = header(client_for(world, "filler"), pk, total=amount)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "预算数" in response.content.decode()  # type: ignore[attr-defined]
    assert Project.objects.get(pk=pk).budget_total == Decimal("300000.00")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("filler", ["322 秦皇岛市山海关区商务局</a></td>\n      <td><span class=\"status status-draft\">草稿</span> 第 1 版</td><td>3</td>"]),
        ("department_reviewer", ["322 秦皇岛市山海关区商务局</a></td>\n      <td><span class=\"status status-draft\">草稿</span> 第 1 版</td><td>5</td>"]),
        ("other_filler", ["401 秦皇岛市山海关区教育局</a></td>\n      <td><span class=\"status status-draft\">草稿</span> 第 1 版</td><td>1</td>"]),
    ],
)  # fmt: skip
def test_the_documents_page_lists_what_each_role_reaches(
    world: World, name: str, expected: list[str]
) -> None:
    page = client_for(world, name).get("/documents/").content.decode()
    assert f"共 {len(expected)} 份" in page
    for row in expected:
        assert row in page


@pytest.mark.parametrize("copies", [1, 30])
def test_the_documents_page_costs_the_same_queries_however_many_rows(
    world: World, copies: int, django_assert_num_queries: object
) -> None:
    world.copy_documents(copies)
    client = client_for(world, "department_reviewer")
    client.get("/documents/")
    # the session, the user, the memberships and the page of documents (it counts itself)
    with django_assert_num_queries(4):  # type: ignore[operator]
        client.get("/documents/")


def test_the_indicator_editor_shows_the_rows_findings(world: World) -> None:
    pk = world.project(CODE).pk
    page = client_for(world, "filler").get(f"/projects/{pk}/indicators/5/").content.decode()
    assert "本行的审核意见" in page
    assert "建议改为「≥85%」" in page
    assert "工作主动性" not in page  # another row's findings stay on the table page


def test_the_header_form_shows_each_fields_findings_beside_it(world: World) -> None:
    pk = world.project(CODE).pk
    page = client_for(world, "filler").get(f"/projects/{pk}/header/").content.decode()
    goals = page[page.index('name="goals"') :]
    assert "「正常开展」，没有说明要达到的数量" in goals


def test_the_department_editor_shows_the_current_findings(world: World) -> None:
    document = world.project(CODE).document
    page = (
        client_for(world, "department_reviewer")
        .get(f"/documents/{document.pk}/department/")
        .content.decode()
    )
    assert "当前的审核意见（4 处，保存后更新）" in page
    assert "「推荐商贸领域行政执法」疑为错别字" in page


def test_a_nul_character_is_refused_before_it_reaches_the_database(world: World) -> None:
    pk = world.project(CODE).pk
    client = client_for(world, "unit_reviewer")
    response = client.post(f"/projects/{pk}/comments/", {"text": "意见\x00"})
    assert response.status_code == 400
    assert "空字符（NUL）" in response.content.decode()
    put = client_for(world, "filler").put(
        f"/api/projects/{pk}/indicators/5", '{"name": "群众满意度\\u0000", "target": "≥85%"}',
        content_type="application/json",
    )  # fmt: skip
    assert put.status_code == 400
    assert client.get("/?q=%00").status_code == 400
    assert not Project.objects.get(pk=pk).comments.exists()


def test_the_importer_finds_what_they_imported(world: World, seed_text: str) -> None:
    client = client_for(world, "department_reviewer")
    upload(client, "mine.txt", seed_text.encode(), year="2026")
    client.post("/import/", {"confirm": "1"})
    mine = client.get("/documents/?mine=1").content.decode()
    assert "mine.txt" in mine
    assert "seed.txt" not in mine  # imported by the fixture, not by this user
    assert "seed.txt" in client.get("/documents/").content.decode()
