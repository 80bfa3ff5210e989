"""Findings stored per table: exactly a review of the whole document, kept so by every change,
computed when tables change and never in a page request."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jixiao.review import review_document
from jixiao.targets import editing, reviewing
from jixiao.targets.models import DepartmentReview, Project, TableReview, TargetDocument
from tests.web.conftest import World, client_for, streamed


def full_review(document: TargetDocument) -> dict[int, list[dict[str, Any]]]:
    """Each table's findings from a review of the whole document, as they are stored."""
    rows = list(document.projects.order_by("position"))
    keys = [row.pk for row in rows]
    out: dict[int, list[dict[str, Any]]] = {key: [] for key in keys}
    for finding in review_document(document.to_core(rows)):
        if finding.project_index is not None:
            data = finding.to_data() | {"mentions": [keys[n] for n in finding.mentions]}
            out[keys[finding.project_index]].append(data)
    return json.loads(json.dumps(out, ensure_ascii=False, default=str))


def stored(document: TargetDocument) -> dict[int, list[dict[str, Any]]]:
    rows = TableReview.objects.filter(document=document)
    found = {row.project_id: [reviewing.expand(d).to_data() for d in row.findings] for row in rows}
    return json.loads(json.dumps(found, ensure_ascii=False, default=str), object_hook=_keys)


def _keys(data: dict[str, Any]) -> dict[Any, Any]:
    return {int(k) if k.isdigit() else k: v for k, v in data.items()}


def compared(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in found if f["category"] == "template"]


@pytest.fixture
def document(world: World) -> TargetDocument:
    return world.projects[0].document


def fields_with(project: Project, **changes: str) -> dict[str, str]:
    return editing.header_fields(project) | changes


def test_an_import_stores_every_tables_findings_with_its_counts(document: TargetDocument) -> None:
    expected = full_review(document)
    assert stored(document) == {int(k): v for k, v in expected.items()}
    assert sum(len(found) for found in expected.values()) > 50  # the seed is full of defects
    for row in TableReview.objects.filter(document=document):
        severities = [reviewing.expand(f).severity for f in row.findings]
        assert (row.errors, row.warnings, row.hints) == (
            severities.count("错误"),
            severities.count("警告"),
            severities.count("提示"),
        )
        assert row.grade in "优良中差"
        assert row.rules == reviewing.rules_key()
    assert DepartmentReview.objects.get(document=document).findings  # the seed's department


def test_an_edit_that_copies_a_goal_reviews_only_the_tables_it_now_matches(
    world: World, document: TargetDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = world.projects[0], world.projects[1], world.projects[2]
    copied = first.to_core().goals[0]
    reviewed: list[int] = []
    original = reviewing._table_findings

    def spy(row: Project, *args: Any, **kwargs: Any) -> Any:
        reviewed.append(row.pk)
        return original(row, *args, **kwargs)

    monkeypatch.setattr(reviewing, "_table_findings", spy)
    before = {int(pk): compared(found) for pk, found in full_review(document).items()}
    user = world.users["filler"]
    target = next(p for p in (second, third) if p.unit == world.investment_unit)
    editing.update_header(target, user, fields_with(target, goals=copied))
    full = {int(k): v for k, v in full_review(document).items()}
    assert stored(document) == full
    # reviewed again: the edited table, and those whose comparison with others changed
    after = {pk: compared(found) for pk, found in full.items()}
    changed = {pk for pk in after if after[pk] != before[pk]}
    assert set(reviewed) == {target.pk} | changed
    assert first.pk not in reviewed  # an earlier table's findings do not change
    row = TableReview.objects.get(project=target)
    assert any(
        f["rule"] == "template.copied-goal" and first.pk in f["mentions"] for f in row.findings
    )
    assert (
        sum(len(json.dumps(f, ensure_ascii=False)) for f in row.findings)
        < sum(
            len(json.dumps(reviewing.expand(f).to_data(), ensure_ascii=False)) for f in row.findings
        )
        * 0.7
    )  # stored without what the rule and the place say anyway


def test_edits_of_rows_and_of_the_department_keep_the_stored_review_exact(
    world: World, document: TargetDocument
) -> None:
    user = world.users["filler"]
    project = next(p for p in world.projects if p.unit == world.investment_unit)
    table = project.to_core()
    row = editing._row(0, table.indicators[0])
    editing.update_indicator(
        project, user, 0, {**{k: str(v or "") for k, v in row.items()}, "target": "≤5次"}
    )
    assert stored(document) == {int(k): v for k, v in full_review(document).items()}
    editing.add_indicator(Project.objects.get(pk=project.pk), user)
    assert stored(document) == {int(k): v for k, v in full_review(document).items()}


def test_pages_read_stored_findings_and_never_review(
    world: World, document: TargetDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_review(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a page request reviewed the document")

    monkeypatch.setattr(reviewing, "review_document", no_review)
    project = world.projects[0]
    for name, url in (
        ("department_reviewer", reverse("project", args=[project.pk])),
        ("department_reviewer", reverse("todo")),
        ("department_reviewer", reverse("document", args=[document.pk])),
        ("department_reviewer", reverse("document-review", args=[document.pk])),
        ("department_reviewer", f"/api/projects/{project.pk}"),
        ("department_reviewer", f"/api/documents/{document.pk}/findings"),
    ):
        response = client_for(world, name).get(url)
        assert response.status_code == 200, url


def test_a_table_stored_without_a_review_or_under_other_rules_is_reviewed_once(
    world: World, document: TargetDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    TableReview.objects.filter(document=document).update(rules="older")
    project = world.projects[0]
    client = client_for(world, "department_reviewer")
    assert client.get(reverse("project", args=[project.pk])).status_code == 200
    assert set(TableReview.objects.filter(document=document).values_list("rules", flat=True)) == {
        reviewing.rules_key()
    }
    assert stored(document) == {int(k): v for k, v in full_review(document).items()}


def test_rereview_applies_a_new_rule_set_to_every_document(
    world: World, document: TargetDocument
) -> None:
    TableReview.objects.update(rules="older", findings=[])
    done: list[int] = []
    tables = reviewing.rereview(
        TargetDocument.objects.order_by("pk"), progress=lambda d: done.append(d.pk)
    )
    assert tables == Project.objects.count()
    assert done == list(TargetDocument.objects.order_by("pk").values_list("pk", flat=True))
    assert stored(document) == {int(k): v for k, v in full_review(document).items()}


def test_lists_read_counts_without_decoding_findings(world: World) -> None:
    client = client_for(world, "department_reviewer")
    client.get(reverse("todo"))  # warm: sessions, memberships
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("todo")).status_code == 200
    reviews = [q["sql"] for q in queries if "targets_tablereview" in q["sql"]]
    assert reviews
    assert all('"findings"' not in sql for sql in reviews)


def test_the_rereview_command_reviews_only_what_an_older_rule_set_made(
    world: World, document: TargetDocument
) -> None:
    from typer.testing import CliRunner

    from jixiao.cli import app

    runner = CliRunner()
    first = runner.invoke(app, ["rereview"])  # the other bureau's table was stored by hand
    assert (first.exit_code, first.stdout) == (0, "已重新审核 1 个文本，共 1 张项目表。\n")
    done = runner.invoke(app, ["rereview"])
    assert done.exit_code == 0, done.output
    assert "无需重新审核" in done.stdout
    TableReview.objects.filter(document=document).update(rules="older", findings=[])
    again = runner.invoke(app, ["rereview"])
    assert again.exit_code == 0, again.output
    assert again.stdout == "已重新审核 1 个文本，共 5 张项目表。\n"
    assert stored(document) == {int(k): v for k, v in full_review(document).items()}
    forced = runner.invoke(app, ["rereview", "--all"])
    assert forced.stdout.startswith("已重新审核 2 个文本")


def test_an_edit_of_a_value_costs_the_same_however_large_the_document(
    world: World, document: TargetDocument
) -> None:
    project = next(p for p in world.projects if p.unit == world.investment_unit)
    row = editing._row(0, project.to_core().indicators[0])
    fields = {k: "" if v is None else str(v) for k, v in row.items()}

    def edit_queries(target: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            editing.update_indicator(
                Project.objects.get(pk=project.pk), world.users["filler"], 0,
                fields | {"target": target},
            )  # fmt: skip
        return len(queries)

    edit_queries("≥5次")  # the first edit of a test looks up what later ones reuse
    few = edit_queries("≥6次")
    template = world.projects[0]
    Project.objects.bulk_create(
        Project(document=document, unit=template.unit, position=100 + n, year=template.year, code=f"X{n}",
                name=f"复制{n}", money_unit="元", data=template.data)
        for n in range(40)
    )  # fmt: skip
    reviewing.refresh_document(document)
    assert edit_queries("≥7次") == few <= 16  # 5 tables or 45: the same queries
    assert stored(document) == {int(k): v for k, v in full_review(document).items()}


def test_the_printable_review_streams_at_a_cost_independent_of_the_document(
    world: World, document: TargetDocument
) -> None:
    client = client_for(world, "department_reviewer")
    url = reverse("document-review", args=[document.pk])

    def queries_and_tables() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            page = streamed(client.get(url))
        return len(queries), page.count("<h3>")

    client.get(url)
    few, tables = queries_and_tables()
    template = world.projects[0]
    Project.objects.bulk_create(
        Project(document=document, unit=template.unit, position=100 + n, year=template.year, code=f"X{n}",
                name=f"复制{n}", money_unit="元", data=template.data)
        for n in range(60)
    )  # fmt: skip
    reviewing.refresh_document(document)
    many, more = queries_and_tables()
    assert more == tables + 60
    assert many == few  # one batch of tables either way: no query per table
