"""A previewed upload waits for its confirm in a row of its own, never in the session."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from jixiao.org.models import Membership
from jixiao.targets.models import ImportDraft, TargetDocument
from jixiao.targets.views import PREVIEW_KEY
from tests.web.conftest import World, client_for, person
from tests.web.test_pages import upload

Role = Membership.Role


def test_the_session_holds_a_token_and_the_draft_goes_with_the_confirm(
    world: World, seed_text: str
) -> None:
    client = client_for(world, "department_reviewer")
    upload(client, "shanhaiguan.txt", seed_text.encode())
    token = client.session[PREVIEW_KEY]
    assert isinstance(token, str)
    assert len(token) == 36  # a token, not the document
    draft = ImportDraft.objects.get()
    assert "人事代理专项补助经费" in draft.content
    client.post("/import/", {"confirm": "1"})
    assert not ImportDraft.objects.exists()
    assert TargetDocument.objects.count() == 3


def test_previews_in_two_tabs_each_wait_for_their_own_confirm(world: World, seed_text: str) -> None:
    first, second = (
        client_for(world, "department_reviewer"),
        client_for(world, "department_reviewer"),
    )
    upload(first, "first.txt", seed_text.encode())
    upload(second, "second.txt", seed_text.encode())
    assert ImportDraft.objects.count() == 2
    first.post("/import/", {"confirm": "1"})
    assert TargetDocument.objects.count() == 3
    assert ImportDraft.objects.count() == 1  # the other tab's preview still waits


def test_another_users_or_an_expired_draft_is_not_confirmed(world: World, seed_text: str) -> None:
    owner = client_for(world, "department_reviewer")
    upload(owner, "shanhaiguan.txt", seed_text.encode())
    token = owner.session[PREVIEW_KEY]
    colleague = person("colleague", world.commerce, Role.DEPARTMENT_REVIEWER)
    intruder = Client()
    intruder.force_login(colleague)  # may import too, but this preview is not theirs
    session = intruder.session
    session[PREVIEW_KEY] = token
    session.save()
    refused = intruder.post("/import/", {"confirm": "1"}, follow=True).content.decode()
    assert "预览已失效，请重新上传文件。" in refused
    assert TargetDocument.objects.count() == 2
    ImportDraft.objects.update(created_at=timezone.now() - timedelta(days=2))
    expired = owner.post("/import/", {"confirm": "1"}, follow=True).content.decode()
    assert "预览已失效，请重新上传文件。" in expired
    assert TargetDocument.objects.count() == 2
    assert not ImportDraft.objects.exists()


def test_the_preview_lists_what_was_kept_without_being_understood(world: World) -> None:
    from pathlib import Path

    from jixiao.org.models import Organisation

    Organisation.objects.create(
        kind="unit", code="", name="固原市原州区自然资源局", parent=world.commerce
    )
    page = Path(__file__).parents[1] / "fixtures/corpus/029_ningxia-yuanzhou-ziranziyuan-target.txt"
    client = client_for(world, "department_reviewer")
    shown = client.post(
        "/import/",
        {"year": "2025", "department": str(world.commerce.pk),
         "file": SimpleUploadedFile(page.name, page.read_bytes(), content_type="text/plain")},
    ).content.decode()  # fmt: skip
    assert "未能完全识别，已按读到的内容保留" in shown
    assert "第24行" in shown
