"""An audit trail nobody can rewrite: append-only at every level, a hash chain `jixiao audit
verify` walks, a PostgreSQL trigger, and documents withdrawn (撤回/作废) instead of deleted."""

from __future__ import annotations

import itertools
import threading
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import Client
from typer.testing import CliRunner

from jixiao.audit.models import (
    COPY_FROM,
    AppendOnlyError,
    AuditEntry,
    bulk_record,
    record,
    verify,
)
from jixiao.cli import app
from jixiao.org.models import Membership, Organisation
from jixiao.targets import withdrawal, workflow
from jixiao.targets.history import ACTION_LABELS, history
from jixiao.targets.models import Comment, Project, ProjectVersion, TargetDocument
from jixiao.targets.services import import_file
from jixiao.targets.workflow import WorkflowError
from tests.web.conftest import SUBMIT_WHY, World, client_for, person

Role = Membership.Role
CODE = "322-0601-YBN-5D8Z"
TABLE = AuditEntry._meta.db_table
on_postgresql = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the trigger is PostgreSQL's"
)


def raw(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def bypass_the_trigger() -> None:
    """What the table's owner could do on PostgreSQL (in the test's transaction, rolled back):
    the chain must catch what the trigger no longer stops."""
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # the rows' deferred key checks, done now
        raw(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")


# -- append-only in the application ------------------------------------------------------------


def test_entries_and_their_querysets_refuse_to_change_or_go(world: World) -> None:
    entry = AuditEntry.objects.latest("pk")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(reason="改写")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="改写")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["reason"])
    entry.reason = "改写"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert verify().broken is None


def test_every_write_path_links_onto_the_chain(world: World, seed_path: Path) -> None:
    project = world.project(CODE)
    record(world.users["filler"], "edit_header", project, before={"n": 1.0}, after={"n": (1, 2)})
    AuditEntry.objects.create(action="comment", object_type="targets.project", object_id="1")
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(action="import", object_type="targets.project", object_id=str(n))
            for n in (1, 2)
        ]
    )
    import_file(seed_path.read_bytes(), source="again.txt", year=2026)  # bulk_record inside
    entries = list(AuditEntry.objects.order_by("pk"))
    assert all(len(e.entry_hash) == 64 for e in entries)
    assert entries[0].previous_hash == ""
    for before, after in itertools.pairwise(entries):
        assert after.previous_hash == before.entry_hash
    result = verify()
    assert (result.broken, result.count, result.head) == (
        None,
        len(entries),
        entries[-1].entry_hash,
    )


def test_many_entries_at_once_link_onto_the_chain_in_order(world: World) -> None:
    """An import's entry per table: copied at once on PostgreSQL, keys in the chain's order."""
    project = world.project(CODE)
    record(world.users["filler"], "edit_header", project)
    many = [
        AuditEntry(action="import", object_type="targets.project", object_id=str(project.pk),
                   after={"position": n, "名称": "项目"})
        for n in range(COPY_FROM + 5)
    ]  # fmt: skip
    bulk_record(many)
    assert [e.pk for e in many] == sorted(e.pk for e in many)
    stored = list(AuditEntry.objects.order_by("-pk")[: len(many)])[::-1]
    assert [e.after["position"] for e in stored] == list(range(COPY_FROM + 5))
    assert {(e.document_id, e.unit_id) for e in stored} == {(project.document_id, project.unit_id)}
    assert stored[0].after["名称"] == "项目"
    assert verify().broken is None


def test_bulk_record_refuses_a_stored_entry(world: World) -> None:
    with pytest.raises(AppendOnlyError):
        bulk_record([AuditEntry.objects.latest("pk")])


# -- the chain catches tampering, on SQLite too -------------------------------------------------


def test_a_changed_entry_is_found_by_verify(world: World) -> None:
    bypass_the_trigger()
    target = AuditEntry.objects.order_by("pk")[2]
    raw(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["事后补写的理由", target.pk])
    result = verify()
    assert result.broken is not None
    assert (result.broken.position, result.broken.problem) == (3, "content")
    assert result.broken.entry.pk == target.pk


def test_a_removed_entry_breaks_the_link_of_the_next(world: World) -> None:
    bypass_the_trigger()
    entries = list(AuditEntry.objects.order_by("pk")[:4])
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [entries[1].pk])
    broken = verify().broken
    assert broken is not None
    assert (broken.position, broken.problem, broken.entry.pk) == (2, "link", entries[2].pk)


def test_an_entry_rewritten_with_a_fresh_hash_breaks_the_next_link(world: World) -> None:
    bypass_the_trigger()
    entries = list(AuditEntry.objects.order_by("pk")[:3])
    forged = entries[1]
    forged.actor_id = world.users["admin"].pk
    from jixiao.audit.models import entry_hash

    raw(
        f"UPDATE {TABLE} SET actor_id = %s, entry_hash = %s WHERE id = %s",
        [forged.actor_id, entry_hash(forged), forged.pk],
    )
    broken = verify().broken
    assert broken is not None
    assert (broken.entry.pk, broken.problem) == (entries[2].pk, "link")


def test_the_verify_command_reports_in_chinese(world: World) -> None:
    runner = CliRunner()
    good = runner.invoke(app, ["audit", "verify"])
    assert good.exit_code == 0, good.output
    assert "审计日志完整" in good.stdout
    head = verify().head
    assert head in good.stdout
    assert runner.invoke(app, ["audit", "verify", "--head", head]).exit_code == 0
    assert runner.invoke(app, ["audit", "verify", "--head", "0" * 64]).exit_code == 1

    bypass_the_trigger()
    target = AuditEntry.objects.order_by("pk")[1]
    raw(f"UPDATE {TABLE} SET after = NULL WHERE id = %s", [target.pk])
    bad = runner.invoke(app, ["audit", "verify"])
    assert bad.exit_code == 1
    assert "审计日志已被篡改" in bad.stderr
    assert "第 2 条记录" in bad.stderr
    assert "导入" in bad.stderr  # the action in words
    assert "Traceback" not in bad.output


def test_verify_has_help_in_chinese() -> None:
    result = CliRunner().invoke(app, ["audit", "--help"])
    assert result.exit_code == 0
    assert "verify" in result.stdout
    assert "审计日志" in result.stdout


# -- PostgreSQL: the trigger refuses -----------------------------------------------------------


@on_postgresql
@pytest.mark.parametrize(
    "sql", [f"UPDATE {TABLE} SET reason = 'x'", f"DELETE FROM {TABLE}"], ids=["update", "delete"]
)
def test_the_database_refuses_to_change_or_delete_entries(world: World, sql: str) -> None:
    with pytest.raises(DatabaseError, match="审计日志只能追加"), transaction.atomic():
        raw(sql)
    assert verify().broken is None


@on_postgresql
def test_the_database_refuses_truncate_to_the_application_role(world: World) -> None:
    role = f"jixiao_app_{uuid.uuid4().hex[:8]}"
    raw("SET CONSTRAINTS ALL IMMEDIATE")  # the rows' deferred key checks, done now
    raw(f"CREATE ROLE {role} NOLOGIN")  # undone with the test's transaction
    raw(f"GRANT TRUNCATE, SELECT ON {TABLE} TO {role}")
    raw(f"SET LOCAL ROLE {role}")
    with pytest.raises(DatabaseError, match="审计日志只能追加"), transaction.atomic():
        raw(f"TRUNCATE {TABLE}")
    raw("RESET ROLE")
    assert AuditEntry.objects.exists()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain() -> None:
    from django.db import connections

    unit = Organisation.objects.create(kind="unit", code="9", name="并发单位")
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                with transaction.atomic():
                    record(None, "admin_change", unit, after={"writer": n, "i": i})
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    result = verify()
    assert (result.broken, result.count) == (None, 30)
    hashes = list(AuditEntry.objects.values_list("previous_hash", flat=True))
    assert len(set(hashes)) == len(hashes)  # no two entries link to the same one


# -- documents are withdrawn, never deleted -----------------------------------------------------


def staff(user: User) -> Client:
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_documents_cannot_be_deleted_in_the_admin(world: World) -> None:
    root = User.objects.create_superuser("root", password="pw-root")
    client = staff(root)
    document = world.project(CODE).document
    page = client.get("/admin/targets/targetdocument/").content.decode()
    assert "delete_selected" not in page
    assert 'value="withdraw"' in page
    assert client.get(f"/admin/targets/targetdocument/{document.pk}/delete/").status_code == 403
    assert TargetDocument.objects.filter(pk=document.pk).exists()


def test_withdrawing_in_the_admin_asks_why_then_hides_the_document(world: World) -> None:
    project = world.project(CODE)
    document = project.document
    workflow.submit(project, world.users["filler"], SUBMIT_WHY["comment"])
    Comment.objects.create(project=project, author=world.users["unit_reviewer"], text="请核实")
    client = staff(world.users["admin"])  # the fiscal bureau's 系统管理员
    form = {"action": "withdraw", "_selected_action": [document.pk]}
    asked = client.post("/admin/targets/targetdocument/", form)
    assert asked.status_code == 200
    assert "撤回原因" in asked.content.decode()
    assert TargetDocument.objects.get(pk=document.pk).withdrawn_at is None
    unexplained = client.post(
        "/admin/targets/targetdocument/", {**form, "confirm": "yes", "reason": "  "}
    )
    assert "请填写撤回原因" in unexplained.content.decode()
    done = client.post(
        "/admin/targets/targetdocument/", {**form, "confirm": "yes", "reason": "重复导入，作废"}
    )
    assert done.status_code == 302
    stored = TargetDocument.objects.get(pk=document.pk)
    assert stored.is_withdrawn
    assert (stored.withdrawn_by, stored.withdrawal_reason) == (
        world.users["admin"],
        "重复导入，作废",
    )
    # kept whole: tables, versions, comments
    assert Project.objects.filter(document=document).count() == len(world.projects)
    assert ProjectVersion.objects.filter(project=project).exists()
    assert Comment.objects.filter(project=project).exists()
    # the log says who, when and why
    entry = AuditEntry.objects.get(action="withdraw")
    assert (entry.actor, entry.object_id, entry.reason) == (
        world.users["admin"], str(document.pk), "重复导入，作废",
    )  # fmt: skip
    assert ACTION_LABELS["withdraw"] == "撤回（作废）"
    assert history([stored])[0].action == "撤回（作废）"
    assert verify().broken is None


def test_a_withdrawn_document_leaves_every_list_and_page(world: World) -> None:
    project = world.project(CODE)
    document = project.document
    withdrawal.withdraw(document, world.users["admin"], "作废")
    for role in ("filler", "department_reviewer", "finance_reviewer"):
        client = client_for(world, role)
        assert project.name not in client.get("/").content.decode()
        assert f"/documents/{document.pk}/" not in client.get("/documents/").content.decode()
        assert client.get(f"/documents/{document.pk}/").status_code == 404
        assert client.get(f"/projects/{project.pk}/").status_code == 404
        assert client.get(f"/api/projects/{project.pk}").status_code == 404
        api = client.get("/api/documents").json()["items"]
        assert document.pk not in [row["id"] for row in api]
        codes = [row["code"] for row in client.get("/api/projects").json()["items"]]
        assert CODE not in codes
    assert not TargetDocument.objects.filter(
        workflow.department_todo(world.users["finance_reviewer"])
    )
    # the other department's document is untouched
    assert (
        client_for(world, "other_filler").get(f"/projects/{world.other_project.pk}/").status_code
        == 200
    )


def test_the_same_content_is_imported_anew_after_a_withdrawal(
    world: World, seed_path: Path
) -> None:
    document = world.project(CODE).document
    withdrawal.withdraw(document, world.users["admin"], "作废")
    again = import_file(
        seed_path.read_bytes(), source="seed.txt", year=2024, department=world.commerce
    )
    assert again.created
    assert again.document.pk != document.pk


def test_only_an_administrator_of_the_department_withdraws_and_only_once(world: World) -> None:
    document = world.project(CODE).document
    with pytest.raises(WorkflowError, match="撤回须说明原因"):
        withdrawal.withdraw(document, world.users["admin"], " ")
    other_admin = person("edu_admin", world.other_unit.parent, Role.ADMIN)
    for user in (world.users["department_reviewer"], other_admin):
        with pytest.raises(PermissionDenied, match="只有本部门所属的系统管理员"):
            withdrawal.withdraw(document, user, "作废")
    withdrawal.withdraw(document, world.users["admin"], "作废")
    with pytest.raises(WorkflowError, match="已于"):
        withdrawal.withdraw(document, world.users["admin"], "再次作废")
    assert AuditEntry.objects.filter(action="withdraw").count() == 1


def test_the_migration_chains_the_entries_already_stored(world: World) -> None:
    from importlib import import_module
    from types import SimpleNamespace

    from django.db.migrations.loader import MigrationLoader

    migration = import_module("jixiao.audit.migrations.0002_hash_chain_append_only")
    bypass_the_trigger()
    raw(f"UPDATE {TABLE} SET previous_hash = '', entry_hash = ''")  # as before the migration
    assert verify().broken is not None
    state = MigrationLoader(connection).project_state(("audit", "0002_hash_chain_append_only"))
    migration.chain_existing(state.apps, SimpleNamespace(connection=connection))
    result = verify()
    assert result.broken is None
    assert result.count == AuditEntry.objects.count() > 1
