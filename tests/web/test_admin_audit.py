"""Changes made in the Django admin are audited like the application's own: roles, organisations,
users and documents, with before → after, and never a password hash."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from jixiao.audit.models import AuditEntry
from jixiao.org.models import Membership
from tests.web.conftest import World

Role = Membership.Role


def superuser_client() -> tuple[Client, User]:
    user = User.objects.create_superuser("root", password="pw-root")
    client = Client()
    client.force_login(user)
    return client, user


def test_granting_changing_and_removing_a_role_is_audited(world: World) -> None:
    client, root = superuser_client()
    filler = world.users["filler"]
    response = client.post(
        "/admin/org/membership/add/",
        {"user": filler.pk, "organisation": world.commerce_unit.pk, "role": Role.UNIT_REVIEWER},
    )
    assert response.status_code == 302
    granted = Membership.objects.get(user=filler, organisation=world.commerce_unit)
    created = AuditEntry.objects.get(object_type="org.membership", object_id=str(granted.pk))
    assert (created.actor, created.action, created.before) == (root, "admin_create", None)
    assert created.after["role"] == Role.UNIT_REVIEWER

    client.post(
        f"/admin/org/membership/{granted.pk}/change/",
        {"user": filler.pk, "organisation": world.commerce_unit.pk, "role": Role.UNIT_FILLER},
    )
    changed = AuditEntry.objects.filter(action="admin_change").get()
    assert (changed.before["role"], changed.after["role"]) == (Role.UNIT_REVIEWER, Role.UNIT_FILLER)

    client.post(f"/admin/org/membership/{granted.pk}/delete/", {"post": "yes"})
    assert not Membership.objects.filter(pk=granted.pk).exists()
    deleted = AuditEntry.objects.filter(action="admin_delete").get()
    assert (deleted.before["role"], deleted.after) == (Role.UNIT_FILLER, None)


def test_bulk_deletion_in_the_admin_is_audited_row_by_row(world: World) -> None:
    client, _ = superuser_client()
    ids = list(
        Membership.objects.filter(user__username__in=["readonly", "admin"]).values_list(
            "pk", flat=True
        )
    )
    client.post(
        "/admin/org/membership/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert not Membership.objects.filter(pk__in=ids).exists()
    logged = AuditEntry.objects.filter(action="admin_delete").values_list("object_id", flat=True)
    assert sorted(logged) == sorted(str(pk) for pk in ids)


def test_user_accounts_are_audited_without_their_password_hash(world: World) -> None:
    client, _ = superuser_client()
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "newcomer", "password1": "a-Long-pass-2024", "password2": "a-Long-pass-2024",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(username="newcomer")
    entry = AuditEntry.objects.get(object_type="auth.user", object_id=str(user.pk))
    assert entry.after["username"] == "newcomer"
    assert "password" not in entry.after
    assert user.password not in str(entry.after)
