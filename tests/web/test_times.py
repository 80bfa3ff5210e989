"""Times are stored in UTC and shown in Asia/Shanghai everywhere: pages, version labels, the API."""

from __future__ import annotations

from datetime import UTC, datetime

from jixiao.audit.models import AuditEntry
from jixiao.targets.models import Comment, DepartmentVersion, ProjectVersion
from tests.web.conftest import World, client_for

CODE = "322-0601-YBN-5D8Z"
STORED = datetime(2024, 3, 1, 18, 30, tzinfo=UTC)
"""18:30 UTC on 1 March is 02:30 on 2 March in Shanghai (UTC+8): the date changes too."""
SHOWN = "2024-03-02 02:30"


def test_the_versions_page_labels_versions_in_shanghai_time(world: World) -> None:
    project = world.project(CODE)
    version = ProjectVersion.objects.create(
        project=project, number=1, event="提交", data=project.data,
        created_by=world.users["filler"],
    )  # fmt: skip
    ProjectVersion.objects.filter(pk=version.pk).update(created_at=STORED)
    page = client_for(world, "filler").get(f"/projects/{project.pk}/versions/").content.decode()
    assert f"第1版（提交，{SHOWN}）" in page
    assert "2024-03-01 18:30" not in page


def test_the_department_versions_are_labelled_in_shanghai_time_too(world: World) -> None:
    document = world.projects[0].document
    version = DepartmentVersion.objects.create(
        document=document, number=1, event="提交", data=document.data
    )
    DepartmentVersion.objects.filter(pk=version.pk).update(created_at=STORED)
    client = client_for(world, "department_reviewer")
    page = client.get(f"/documents/{document.pk}/versions/").content.decode()
    assert f"第1版（提交，{SHOWN}）" in page


def test_history_lines_show_shanghai_time_on_pages_and_carry_the_offset_in_the_api(
    world: World,
) -> None:
    project = world.project(CODE)
    # the log is append-only: the entry is written with its time, not moved there afterwards
    AuditEntry.objects.create(
        actor=world.users["filler"], at=STORED, action="edit_header",
        object_type="targets.project", object_id=str(project.pk),
        before={"name": "甲"}, after={"name": "乙"},
    )  # fmt: skip
    client = client_for(world, "filler")
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"<td>{SHOWN}</td>" in page
    document = client.get(f"/documents/{project.document_id}/").content.decode()
    assert f"<td>{SHOWN}</td>" in document
    for url in (
        f"/api/projects/{project.pk}/history",
        f"/api/documents/{project.document_id}/history",
    ):
        lines = client.get(url).json()
        assert [line["at"] for line in lines if "乙" in line["change"]] == [
            "2024-03-02T02:30:00+08:00"
        ]


def test_comment_times_in_the_api_carry_the_shanghai_offset(world: World) -> None:
    project = world.project(CODE)
    Comment.objects.create(project=project, author=world.users["unit_reviewer"], text="请核实")
    Comment.objects.update(created_at=STORED)
    client = client_for(world, "filler")
    (comment,) = client.get(f"/api/projects/{project.pk}/comments").json()
    assert comment["created_at"] == "2024-03-02T02:30:00+08:00"
    assert SHOWN in client.get(f"/projects/{project.pk}/").content.decode()
