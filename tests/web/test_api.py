"""The API answers each role only about what it may see, and refuses what it may not do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.web.conftest import World, client_for

CODE = "322-0601-YBN-5D8Z"


def post(client: Client, url: str, comment: str = "") -> tuple[int, dict]:
    response = client.post(url, json.dumps({"comment": comment}), content_type="application/json")
    return response.status_code, response.json()


def test_anonymous_requests_are_refused(world: World) -> None:
    assert Client().get("/api/projects").status_code == 401


def test_the_list_shows_only_reachable_tables(world: World) -> None:
    rows = client_for(world, "filler").get("/api/projects").json()["items"]
    assert [r["code"] for r in rows] == [
        "322-0601-YBN-5D8Z",
        "322-0601-YBN-Y6VV",
        "322-0601-YBN-13RG",
    ]
    assert rows[0] | {"status": "draft", "status_label": "草稿", "year": 2024} == rows[0]
    assert [
        r["code"] for r in client_for(world, "other_filler").get("/api/projects").json()["items"]
    ] == ["401-0001-XXX-0001"]


def test_the_list_costs_the_same_queries_however_many_rows(
    world: World, django_assert_num_queries: object
) -> None:
    client = client_for(world, "finance_reviewer")
    client.get("/api/projects")  # session and memberships warm
    with django_assert_num_queries(5):  # type: ignore[operator]  (count and page)
        assert client.get("/api/projects").json()["count"] == 6


def test_the_detail_carries_the_table_and_its_findings(world: World) -> None:
    project = world.project(CODE)
    body = client_for(world, "filler").get(f"/api/projects/{project.pk}").json()
    assert body["table"]["budget"]["total"] == "300000.00"
    rules = {f["rule"] for f in body["findings"]}
    assert "direction.positive-upper-bound" in rules
    assert all(f["project_code"] == CODE for f in body["findings"])


@pytest.mark.parametrize("name", ["other_filler"])
def test_another_units_table_answers_404(world: World, name: str) -> None:
    project = world.project(CODE)
    client = client_for(world, name)
    assert client.get(f"/api/projects/{project.pk}").status_code == 404
    assert post(client, f"/api/projects/{project.pk}/submit")[0] == 404


def test_a_forbidden_action_answers_403_and_a_wrong_state_409(world: World) -> None:
    project = world.project(CODE)
    status, body = post(client_for(world, "readonly"), f"/api/projects/{project.pk}/submit")
    assert (status, body["detail"]) == (403, "只有本单位的单位填报人可以提交或调整本表")
    status, body = post(client_for(world, "unit_reviewer"), f"/api/projects/{project.pk}/approve")
    assert (status, body["detail"]) == (
        409,
        "「人事代理专项补助经费」当前状态为“草稿”，不能执行此操作",
    )


def test_the_cycle_runs_through_the_api(world: World) -> None:
    url = f"/api/projects/{world.project(CODE).pk}"
    status, body = post(client_for(world, "filler"), f"{url}/submit")
    assert (status, body["detail"][:11]) == (409, "本表还有 4 处错误。")
    why = "已知晓错误，先报送"
    assert post(client_for(world, "filler"), f"{url}/submit", why)[1]["status"] == "submitted"
    assert (
        post(client_for(world, "unit_reviewer"), f"{url}/approve", "同意")[1]["status"]
        == "department_review"
    )
    status, body = post(client_for(world, "department_reviewer"), f"{url}/return")
    assert (status, body["detail"]) == (409, "退回须填写退回意见，说明需要修改的内容")
    status, body = post(client_for(world, "department_reviewer"), f"{url}/return", "满意度应为≥")
    assert (status, body["status"], body["status_label"]) == (200, "returned", "已退回")


def test_writes_need_the_csrf_token(world: World) -> None:
    client = client_for(world, "filler", csrf=True)
    response = client.post(
        f"/api/projects/{world.project(CODE).pk}/submit", "{}", content_type="application/json"
    )
    assert response.status_code == 403


def test_the_openapi_document_is_served_in_chinese(world: World) -> None:
    schema = client_for(world, "filler").get("/api/openapi.json").json()
    assert schema["info"]["title"] == "绩效（jixiao）API"
    assert "/api/projects/{project_id}/{action}" in schema["paths"]


def test_documents_list_and_detail_show_only_what_the_role_reaches(world: World) -> None:
    rows = client_for(world, "filler").get("/api/documents").json()["items"]
    assert [(r["department_code"], r["status"]) for r in rows] == [("322", "draft")]
    detail = client_for(world, "filler").get(f"/api/documents/{rows[0]['id']}").json()
    assert [p["code"] for p in detail["projects"]] == [
        "322-0601-YBN-5D8Z",
        "322-0601-YBN-Y6VV",
        "322-0601-YBN-13RG",
    ]
    codes = {f["project_code"] for f in detail["findings"]}
    assert None in codes  # the department-wide findings
    assert "322-0503-JBN-G5SQ" not in codes  # a 322002 table the filler does not reach
    assert len(detail["department"]["sub_goals"]) == 5
    everything = client_for(world, "department_reviewer").get(
        f"/api/documents/{rows[0]['id']}/findings"
    )
    assert "322-0503-JBN-G5SQ" in {f["project_code"] for f in everything.json()}
    assert (
        client_for(world, "other_filler").get(f"/api/documents/{rows[0]['id']}").status_code == 404
    )


def test_the_documents_list_costs_the_same_queries_however_many_rows(
    world: World, django_assert_num_queries: object
) -> None:
    world.copy_documents(20)
    client = client_for(world, "finance_reviewer")
    client.get("/api/documents")
    with django_assert_num_queries(5):  # type: ignore[operator]  (count and page)
        assert len(client.get("/api/documents").json()["items"]) == 22


def test_indicator_rows_read_and_write_through_the_api(world: World) -> None:
    url = f"/api/projects/{world.project(CODE).pk}/indicators"
    rows = client_for(world, "readonly").get(url).json()
    satisfaction = rows[5]
    assert (satisfaction["name"], satisfaction["target"]) == ("群众满意度", "≤85%")
    assert (
        satisfaction["value"] | {"op": "<=", "number": "85", "unit": "%"} == satisfaction["value"]
    )
    assert "direction.positive-upper-bound" in {f["rule"] for f in satisfaction["findings"]}

    row = {key: satisfaction[key] or "" for key in ("level1", "level2", "name", "description")}
    response = client_for(world, "filler").put(
        f"{url}/5", json.dumps({**row, "target": "≥85%"}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["value"]["op"] == ">="
    assert "direction.positive-upper-bound" not in {f["rule"] for f in response.json()["findings"]}

    empty = client_for(world, "filler").put(
        f"{url}/5", json.dumps({**row, "name": " "}), content_type="application/json"
    )
    assert (empty.status_code, empty.json()["detail"]) == (400, "三级指标名称不能为空")
    missing = client_for(world, "filler").put(
        f"{url}/99", json.dumps(row), content_type="application/json"
    )
    assert missing.status_code == 404
    refused = client_for(world, "unit_reviewer").put(
        f"{url}/5", json.dumps(row), content_type="application/json"
    )
    assert refused.status_code == 403


def test_the_department_cycle_runs_through_the_api(world: World) -> None:
    url = f"/api/documents/{world.project(CODE).document_id}"
    status, body = post(client_for(world, "department_reviewer"), f"{url}/submit")
    assert (status, body["status"]) == (200, "finance_review")
    assert post(client_for(world, "department_reviewer"), f"{url}/approve")[0] == 403
    status, body = post(client_for(world, "finance_reviewer"), f"{url}/return")
    assert (status, body["detail"]) == (409, "退回须填写退回意见，说明需要修改的内容")
    post(client_for(world, "department_reviewer"), f"{url}/submit")  # refused: still in review
    status, body = post(client_for(world, "finance_reviewer"), f"{url}/approve", "同意")
    assert (status, body["status_label"]) == (200, "已批复")


def upload(client: Client, path: Path, **fields: str) -> tuple[int, dict]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    response = client.post("/api/documents", {"file": file, "year": "2025", **fields})
    return response.status_code, response.json()


def test_a_file_is_imported_through_the_api_after_a_dry_run(world: World, seed_path: Path) -> None:
    from jixiao.targets.models import TargetDocument

    client = client_for(world, "department_reviewer")
    status, body = upload(client, seed_path, dry_run="true")
    assert (status, body["stored"], body["layout"], body["projects"]) == (
        200,
        False,
        "seed-text",
        5,
    )
    assert len(body["findings"]) == 75
    assert not TargetDocument.objects.filter(fiscal_year__year=2025).exists()
    status, body = upload(client, seed_path)
    assert (status, body["created"], body["document"]["year"]) == (201, True, 2025)
    status, body = upload(client, seed_path)
    assert (status, body["created"], body["stored"]) == (200, False, True)  # found, not duplicated
    assert TargetDocument.objects.filter(fiscal_year__year=2025).count() == 1


def test_the_api_import_refuses_with_the_pages_messages(world: World, seed_path: Path) -> None:
    corpus = Path(__file__).parents[1] / "fixtures" / "corpus"
    page = corpus / "038_sichuan-daying-minzheng-zhuanyi-zhifu-selfeval.txt"  # no header
    status, body = upload(client_for(world, "department_reviewer"), page, department="322")
    assert status == 400
    # read (its grid), but its header with the name and unit is not in the copy
    assert "第1张表没有写明项目名称（文件中缺少这张表的表头），无法导入" in body["detail"]
    status, body = upload(client_for(world, "other_filler"), seed_path)
    assert (status, body["detail"]) == (400, "文件属于主管部门「322」，不在您可导入的范围内。")
    assert upload(client_for(world, "readonly"), seed_path)[0] == 403


def test_a_dry_run_says_what_was_kept_without_being_understood(world: World) -> None:
    page = (
        Path(__file__).parents[1]
        / "fixtures"
        / "corpus"
        / "029_ningxia-yuanzhou-ziranziyuan-target.txt"
    )
    from jixiao.org.models import Organisation

    Organisation.objects.create(  # the page names its unit by name only
        kind="unit", code="", name="固原市原州区自然资源局", parent=world.commerce
    )
    client = client_for(world, "department_reviewer")
    status, body = upload(client, page, department="322", dry_run="true")
    assert status == 200, body
    assert body["projects"] == 1
    assert any("第24行" in w and "指标没有指标值" in w for w in body["warnings"])


@pytest.fixture
def reviews(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources of the documents reviewed whole, in order: a whole review runs each document
    rule once over the document, so one of them counts the reviews."""
    from dataclasses import replace

    from jixiao.review import RULES, all_rules

    rule = next(r for r in all_rules().values() if r.scope == "document")
    seen: list[str] = []

    def counted(document: Any) -> Any:
        seen.append(document.source)
        return rule.check(document)

    monkeypatch.setitem(RULES, rule.id, replace(rule, check=counted))
    return seen


def stored_review(document_id: int) -> tuple[list[tuple[Any, ...]], list[Any]]:
    """What is stored of a document's review: each table's row (in table order) and the
    department-wide findings."""
    from jixiao.targets.models import DepartmentReview, TableReview

    fields = "rules findings errors warnings hints grade categories indicators fingerprint compared"
    tables = TableReview.objects.filter(document_id=document_id).order_by("project__position")
    return (
        list(tables.values_list(*fields.split())),
        DepartmentReview.objects.get(document_id=document_id).findings,
    )


def reviewed_again(document_id: int) -> tuple[list[tuple[Any, ...]], list[Any]]:
    """The document reviewed anew (as `jixiao rereview` does) and its stored review then."""
    from django.db import transaction

    from jixiao.targets import reviewing
    from jixiao.targets.models import TargetDocument

    with transaction.atomic():
        reviewing.refresh_document(TargetDocument.objects.get(pk=document_id))
    return stored_review(document_id)


def test_an_api_import_reviews_the_file_once_and_stores_that_review(
    world: World, seed_path: Path, reviews: list[str]
) -> None:
    client = client_for(world, "department_reviewer")
    status, body = upload(client, seed_path)
    assert (status, body["created"], len(body["findings"])) == (201, True, 75)
    assert reviews == [seed_path.name]  # for the answer; the store keeps that review
    stored = stored_review(body["document"]["id"])
    tables, department = stored
    assert len(tables) == 5
    assert sum(len(row[1]) for row in tables) + len(department) == 75
    assert reviewed_again(body["document"]["id"]) == stored  # what a review of its own stores
    reviews.clear()
    upload(client, seed_path, dry_run="true")
    upload(client, seed_path)  # already stored: found, not reviewed again
    assert reviews == [seed_path.name] * 2


def test_with_a_job_queue_the_api_import_leaves_the_stored_review_to_the_job(
    world: World,
    seed_path: Path,
    reviews: list[str],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from jixiao.targets import reviewing
    from jixiao.targets.models import TableReview

    monkeypatch.setattr(reviewing, "deferred", lambda: True)
    client = client_for(world, "department_reviewer")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        status, body = upload(client, seed_path)
    assert (status, len(body["findings"])) == (201, 75)  # the answer's own review
    assert reviews == [seed_path.name]
    assert callbacks  # the review job, queued once the import commits
    assert not TableReview.objects.filter(document_id=body["document"]["id"]).exists()


def test_an_api_import_of_several_files_reviews_each_once(world: World, reviews: list[str]) -> None:
    from tests.web.test_import_many import api, files, tables_of

    client = client_for(world, "department_reviewer")
    uploaded = {"中心.txt": tables_of("322003"), "本级.txt": tables_of("322002")}
    status, body = api(client, files(*uploaded.items()), dry_run="true")
    assert (status, [e["result"] for e in body]) == (200, ["可导入", "可导入"])
    assert reviews == list(uploaded)
    reviews.clear()
    status, body = api(client, files(*uploaded.items()))
    assert (status, [e["result"] for e in body]) == (201, ["成功", "成功"])
    assert reviews == list(uploaded)
    for entry in body:
        stored = stored_review(entry["document"]["id"])
        tables, department = stored
        assert sum(len(row[1]) for row in tables) + len(department) == len(entry["findings"])
        assert reviewed_again(entry["document"]["id"]) == stored


def test_lists_come_a_page_at_a_time(world: World) -> None:
    client = client_for(world, "finance_reviewer")
    page = client.get("/api/projects?limit=2&offset=4").json()
    assert page["count"] == 6
    assert [row["code"] for row in page["items"]] == ["322-0601-YBN-13RG", "401-0001-XXX-0001"]


def test_every_kind_of_write_needs_the_csrf_token(world: World, seed_path: Path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world, "filler", csrf=True)
    project = world.project(CODE)
    row = json.dumps({"name": "群众满意度", "target": "≥85%"})
    put = client.put(
        f"/api/projects/{project.pk}/indicators/5", row, content_type="application/json"
    )
    file = SimpleUploadedFile("seed.txt", seed_path.read_bytes(), content_type="text/plain")
    imported = client.post("/api/documents", {"file": file, "year": "2025"})
    acted = client.post(
        f"/api/documents/{project.document_id}/submit", "{}", content_type="application/json"
    )
    assert (put.status_code, imported.status_code, acted.status_code) == (403, 403, 403)


@pytest.mark.parametrize(
    "query", ["limit=-1717", "limit=0", "offset=-1", "offset=34155946287863329380630528"]
)
def test_paging_outside_its_range_is_a_client_error(world: World, query: str) -> None:
    client = client_for(world, "finance_reviewer")
    for path in ("/api/projects", "/api/documents"):
        answer = client.get(f"{path}?{query}")
        assert answer.status_code == 422
        field = query.split("=", maxsplit=1)[0]
        assert answer.json()["detail"].startswith(f"请求内容不符合要求：「{field}」超出允许范围")


def test_a_body_that_does_not_fit_is_refused_in_chinese(world: World) -> None:
    client = client_for(world, "filler")
    project = world.project(CODE)
    url = f"/api/projects/{project.pk}/indicators/0"
    answer = client.put(url, json.dumps({"level1": ["x"]}), content_type="application/json")
    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"].startswith("请求内容不符合要求：")
    assert {"field": "level1", "problem": "应为文字"} in body["errors"]
    for problem in body["errors"]:  # the field is the API's own name; the problem is in words
        assert not any(c.isascii() and c.isalpha() for c in problem["problem"]), problem
    broken = client.put(url, "{not json", content_type="application/json")
    assert broken.status_code in (400, 422)


def test_history_and_comments_through_the_api(world: World) -> None:
    project = world.project(CODE)
    url = f"/api/projects/{project.pk}"
    row = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众满意度",
           "description": "客商对全年接待工作的整体满意度"}  # fmt: skip
    client_for(world, "filler").put(
        f"{url}/indicators/5",
        json.dumps({**row, "target": "≥85%"}),
        content_type="application/json",
    )
    lines = client_for(world, "readonly").get(f"{url}/history").json()
    assert (lines[0]["actor"], lines[0]["action"], lines[0]["change"]) == (
        "filler",
        "修改指标",
        "第6行 指标值：≤85% → ≥85%",
    )
    assert lines[-1]["action"] == "导入"
    reviewer = client_for(world, "unit_reviewer")
    named = world.users["unit_reviewer"]
    named.first_name = "王审核"  # the whole 姓名 in first_name, as org.people keeps it
    named.save()
    response = reviewer.post(
        f"{url}/comments", json.dumps({"text": "依据请写明", "field": "budget"}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["field"] == "budget"
    # the author by 姓名 as the pages show it, the login name beside it
    assert (response.json()["author"], response.json()["author_username"]) == (
        "王审核",
        "unit_reviewer",
    )
    bad = reviewer.post(
        f"{url}/comments", json.dumps({"text": "x", "field": "nonsense"}),
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 400
    missing = reviewer.post(
        f"{url}/comments", json.dumps({"text": "x", "index": 99}), content_type="application/json"
    )
    assert (missing.status_code, missing.json()["detail"]) == (400, "没有第 100 行指标")
    assert [c["text"] for c in client_for(world, "filler").get(f"{url}/comments").json()] == [
        "依据请写明"
    ]
    document = client_for(world, "department_reviewer").get(
        f"/api/documents/{project.document_id}/history"
    )
    assert {line["subject"] for line in document.json()} >= {
        "部门整体绩效目标",
        f"{CODE} {project.name}",
    }
