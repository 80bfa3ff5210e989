"""The 支出管理 pages and API as their users see them: the payments and the spending status per
checkpoint, entering and voiding a payment, and a payment ledger imported through its preview
(all rows or none, the draft kept in a file under the data directory for its user only)."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jixiao.audit.models import AuditEntry
from jixiao.monitoring.models import Payment, PaymentImport
from jixiao.org.models import Membership
from jixiao.targets.models import Project
from tests.web.conftest import World, client_for, person

OWN = "322-0601-YBN-5D8Z"  # 人事代理专项补助经费, 322003, 300,000 元, 3月底 30% … 12月底 100%
LEDGER = Path(__file__).parents[1] / "fixtures" / "ledgers" / "payments-gbk.csv"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def approved(world: World, code: str = OWN) -> Project:
    project = world.project(code)
    Project.objects.filter(pk=project.pk).update(status="approved")
    project.refresh_from_db()
    return project


def pay(project: Project, world: World, day: tuple[int, int], amount: str, **fields) -> Payment:
    return Payment.objects.create(
        project=project, paid_on=date(2024, *day), amount=Decimal(amount),
        recorded_by=world.users["filler"], **fields,
    )  # fmt: skip


def page(client: Client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def upload(client: Client, project: Project, name: str, data: bytes, **extra):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(
        f"/monitoring/projects/{project.pk}/payments/import/", {"file": file, **extra}
    )


def draft_of(response) -> str:
    assert response.status_code == 302, response.status_code
    match = re.search(r"draft=([0-9a-f]{32})$", response["Location"])
    assert match, response["Location"]
    return match.group(1)


# -- the payments page ---------------------------------------------------------------------------


def test_everyone_reaching_the_unit_sees_the_payments_and_the_spending_status(world: World):
    project = approved(world)
    pay(project, world, (1, 15), "25000.00", voucher="记-001", payee="某公司", note="1月")
    pay(project, world, (3, 25), "50000.00", voucher="记-002")
    wrong = pay(project, world, (3, 26), "99999.00", voucher="记-003")
    Payment.objects.filter(pk=wrong.pk).update(
        voided_at="2024-03-27T10:00:00+08:00", voided_by=world.users["filler"],
        void_reason="金额录错",
    )  # fmt: skip
    html = page(client_for(world, "readonly"), f"/monitoring/projects/{project.pk}/payments/",
                data={"as_of": "2024-07-15"})  # fmt: skip
    shown = text_of(html)
    assert "支出管理：人事代理专项补助经费" in shown
    assert "支出进度（截至 2024年7月15日）" in shown
    # 75,000 of 300,000 by 3月31日 = 25.00%, 5 points behind 30%: 黄; by 6月30日 65%: 红
    assert "截至3月31日支出 75000.00 元 ÷ 预算 300000.00 元 = 25.00%，计划 30.00%，黄" in shown
    assert "截至6月30日支出 75000.00 元 ÷ 预算 300000.00 元 = 25.00%，计划 65.00%，红" in shown
    assert "10月31日到期，尚未到期" in shown
    assert '<span class="status spend-黄">黄</span>' in html
    assert '<span class="status spend-红">红</span>' in html
    row = re.search(r"<tr><td class=\"nowrap\">3月底</td>.*?</tr>", html, re.S).group(0)
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == [
        "30.00%",
        "25.00%",
        "24.86%",
        "5.00",
    ]
    assert (
        "预警档次（默认设置）：不低于计划为“正常”，落后计划不超过 10 个百分点（含）为“黄”" in shown
    )
    assert "说明：支出进度的预警档次为本系统的默认设置（各地自行确定）" in shown  # the rules' text
    # the payments, the voided one struck through with its reason
    assert "共 3 笔（其中已作废 1 笔，不计入支出），有效支付合计 75,000.00 元" in shown
    voided = re.search(r'<tr class="voided">.*?</tr>', html, re.S).group(0)
    assert "99,999.00" in voided
    assert "已作废（filler，" in voided
    assert "金额录错" in voided
    assert "某公司" in shown
    # a reader records nothing
    assert "录入一笔支付" not in shown
    assert "作废原因" not in html
    assert "支付记录由项目所在单位的单位填报人录入" in shown


def test_the_page_reads_a_bounded_number_of_queries_however_many_payments(world: World):
    project = approved(world)
    client = client_for(world, "filler")
    url = f"/monitoring/projects/{project.pk}/payments/"
    pay(project, world, (1, 2), "1.00")
    client.get(url)  # the session and the user's roles read once
    with CaptureQueriesContext(connection) as few:
        page(client, url)
    Payment.objects.bulk_create(
        Payment(project=project, paid_on=date(2024, 2, 1 + n % 27), amount=Decimal(n + 1),
                recorded_by=world.users["filler"], voided_by=world.users["filler"] if n % 3 else None,
                voided_at="2024-03-01T00:00:00+08:00" if n % 3 else None)
        for n in range(60)
    )  # fmt: skip
    PaymentImport.objects.bulk_create(
        PaymentImport(project=project, source=f"台账{n}.csv", content_hash=str(n), rows=1,
                      imported_by=world.users["filler"])
        for n in range(5)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        html = page(client, url)
    assert "共 61 笔" in html
    assert len(many) <= len(few) + 1, [q["sql"] for q in many]  # + the imports' list
    assert len(many) <= 12


def test_the_filler_enters_a_payment_and_is_told_what_is_wrong(world: World):
    project = approved(world)
    client = client_for(world, "filler")
    url = f"/monitoring/projects/{project.pk}/payments/add/"
    response = client.post(url, {"paid_on": "2024-03-05", "amount": "12,345.60", "source": "other",
                                 "voucher": " 记-9 ", "payee": "某公司", "note": "设备款"})  # fmt: skip
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.paid_on, payment.amount, payment.source, payment.voucher) == (
        date(2024, 3, 5), Decimal("12345.60"), "other", "记-9",
    )  # fmt: skip
    assert payment.recorded_by == world.users["filler"]
    followed = page(client, response["Location"])
    assert "已录入 2024-03-05 支付的 12,345.60 元。" in followed
    entry = AuditEntry.objects.get(action="payment.record")
    assert entry.after["amount"] == "12345.60"
    # mistakes come back with the form filled in, nothing stored
    again = client.post(url, {"paid_on": "2023-12-31", "amount": "12.345", "source": "fiscal",
                              "voucher": "记-9"})  # fmt: skip
    shown = text_of(again.content.decode())
    assert again.status_code == 200
    assert "金额：金额“12.345”折合 12.345 元，多于两位小数（以元计最多到分）" in shown
    bad_date = client.post(url, {"paid_on": "2023-12-31", "amount": "1", "source": "fiscal"})
    assert "支付日期 2023-12-31 不在项目年度 2024 年内" in bad_date.content.decode()
    twice = client.post(url, {"paid_on": "2024-04-01", "amount": "1", "source": "fiscal",
                              "voucher": "记-9"})  # fmt: skip
    assert (
        "凭证号 记-9 已录入过，同一凭证不能重复录入（如有误请先作废原记录）"
        in twice.content.decode()
    )
    assert 'value="记-9"' in twice.content.decode()
    assert Payment.objects.count() == 1


def test_a_table_not_yet_approved_takes_no_payments_and_says_so(world: World):
    project = world.project(OWN)  # a draft
    client = client_for(world, "filler")
    html = page(client, f"/monitoring/projects/{project.pk}/payments/")
    assert "绩效目标表当前状态为“草稿”，批复（已批复）后才能录入或导入支付记录" in html
    assert "录入一笔支付" not in html
    response = client.post(
        f"/monitoring/projects/{project.pk}/payments/add/",
        {"paid_on": "2024-03-05", "amount": "1", "source": "fiscal"}, follow=True,
    )  # fmt: skip
    assert "批复（已批复）后才能录入" in response.content.decode()
    importing = page(client, f"/monitoring/projects/{project.pk}/payments/import/")
    assert "批复（已批复）后才能录入或导入支付记录" in importing
    assert 'type="file"' not in importing
    refused = upload(client, project, "台账.csv", LEDGER.read_bytes())
    assert "批复（已批复）后才能录入" in refused.content.decode()
    assert not Payment.objects.exists()


def test_a_payment_is_voided_only_with_a_reason(world: World):
    project = approved(world)
    payment = pay(project, world, (2, 1), "500.00", voucher="V1")
    client = client_for(world, "filler")
    url = f"/monitoring/payments/{payment.pk}/void/"
    no_reason = client.post(url, {"reason": "  "}, follow=True)
    assert "作废支付记录须说明原因" in no_reason.content.decode()
    payment.refresh_from_db()
    assert payment.voided_at is None
    done = client.post(url, {"reason": "重复录入"}, follow=True)
    assert "已作废 2024-02-01 支付的 500.00 元（凭证号 V1）。" in done.content.decode()
    payment.refresh_from_db()
    assert (payment.void_reason, payment.voided_by) == ("重复录入", world.users["filler"])
    again = client.post(url, {"reason": "再次"}, follow=True)
    assert "该支付记录已作废，不能再次作废" in again.content.decode()
    # a voided voucher may be entered again
    client.post(f"/monitoring/projects/{project.pk}/payments/add/",
                {"paid_on": "2024-02-02", "amount": "50", "source": "fiscal", "voucher": "V1"})  # fmt: skip
    assert Payment.objects.filter(voucher="V1", voided_at__isnull=True).count() == 1


# -- importing a ledger --------------------------------------------------------------------------


def test_a_ledger_is_previewed_then_stored_whole(world: World, data_dir: Path):
    project = approved(world)
    client = client_for(world, "filler")
    form = page(client, f"/monitoring/projects/{project.pk}/payments/import/")
    assert "不超过 10 MB" in form
    assert 'accept=".xlsx,.csv"' in form
    token = draft_of(upload(client, project, "人事代理费台账.csv", LEDGER.read_bytes()))
    kept = data_dir / "payment-drafts" / str(world.users["filler"].pk) / f"{token}.json"
    assert kept.is_file()
    assert token not in json.dumps(dict(client.session))  # the draft is no part of the session
    preview_url = f"/monitoring/projects/{project.pk}/payments/import/preview/?draft={token}"
    html = page(client, preview_url)
    shown = text_of(html)
    assert (
        "文件「人事代理费台账.csv」，表头在第 2 行；读到 5 行，可录入 4 笔，合计 102,500.50 元。"
        in shown
    )
    assert "跳过了 1 行合计行（第 7 行），未导入。" in shown
    assert "确认导入这 4 笔（合计 102,500.50 元）" in shown
    assert "秦皇岛市某人力资源服务有限公司" in shown
    assert "12,500.50" in shown
    assert "其他资金" in shown  # 自筹资金 read as 其他资金
    # 序号 is not a payment's field: offered in the mapping, not imported
    assert re.search(r"<td>A</td><td>序号</td>.*?<option value=\"\" ?>不导入", html, re.S)
    assert not Payment.objects.exists()  # nothing before the confirm
    confirmed = client.post(
        preview_url.split("?", maxsplit=1)[0], {"draft": token, "action": "confirm"}
    )
    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"/monitoring/projects/{project.pk}/payments/"
    stored = list(Payment.objects.order_by("paid_on").values_list("amount", "source", "voucher"))
    assert stored == [
        (Decimal("25000.00"), "fiscal", "记-001"),
        (Decimal("25000.00"), "fiscal", "记-002"),
        (Decimal("40000.00"), "fiscal", "记-003"),
        (Decimal("12500.50"), "other", "记-004"),
    ]
    batch = PaymentImport.objects.get()
    assert (batch.source, batch.rows, batch.imported_by) == (
        "人事代理费台账.csv", 4, world.users["filler"],
    )  # fmt: skip
    assert AuditEntry.objects.get(action="payment.import").after == {
        "source": "人事代理费台账.csv", "rows": 4,
    }  # fmt: skip
    assert not kept.exists()  # the draft goes with the confirm
    after = text_of(page(client, confirmed["Location"]))
    assert "已从「人事代理费台账.csv」导入 4 笔支付记录，合计 102,500.50 元。" in after
    assert "截至3月31日支出 90000.00 元 ÷ 预算 300000.00 元 = 30.00%，计划 30.00%，正常" in after
    # the same file again: its vouchers, and its content, are there already
    again = draft_of(upload(client, project, "人事代理费台账.csv", LEDGER.read_bytes()))
    shown = text_of(page(client, preview_url.replace(token, again)))
    assert "第 3 行「凭证号」列（C3）：凭证号 记-001 已录入过，不能重复导入" in shown
    assert "内容相同的台账「人事代理费台账.csv」已于" in shown
    assert "有问题未改正，不能导入" in shown


def test_a_ledger_with_any_bad_cell_stores_nothing(world: World):
    project = approved(world)
    client = client_for(world, "filler")
    data = '支付日期,金额,凭证号\r\n2024-01-05,100,A1\r\n2024-01-06,"1,0000",A2\r\n'.encode()
    token = draft_of(upload(client, project, "台账.csv", data))
    url = f"/monitoring/projects/{project.pk}/payments/import/preview/"
    html = page(client, f"{url}?draft={token}")
    assert "需要改正的问题（1 处）" in html
    assert "第 3 行「金额」列（B3）：“1,0000”不是金额" in html
    assert re.search(r'<td class="num bad">1,0000<span class="why">', html)
    refused = client.post(url, {"draft": token, "action": "confirm"})
    assert refused.status_code == 200
    assert "台账仍有问题（见下），未录入任何记录" in refused.content.decode()
    assert not Payment.objects.exists()


def test_columns_the_reader_does_not_know_are_mapped_on_the_preview(world: World):
    project = approved(world)
    client = client_for(world, "filler")
    data = "付款日,钱数（元）,对方,经办人\r\n2024-02-01,1000,甲公司,赵六\r\n".encode("gbk")
    token = draft_of(upload(client, project, "导出.csv", data))
    url = f"/monitoring/projects/{project.pk}/payments/import/preview/"
    html = page(client, f"{url}?draft={token}")
    assert "有 4 列的表头未能识别（或未选择）" in html
    assert "没有找到「支付日期」列，请在下方的列对应中为它选择一列。" in html
    assert '<select name="col_0"' in html
    remapped = client.post(url, {"draft": token, "action": "map", "col_0": "paid_on",
                                 "col_1": "amount", "col_2": "payee", "col_3": ""})  # fmt: skip
    assert remapped.status_code == 302
    html = page(client, remapped["Location"])
    assert "可录入 1 笔，合计 1,000.00 元" in text_of(html)
    assert '<option value="paid_on" selected>' in html
    client.post(url, {"draft": token, "action": "confirm"})
    assert list(Payment.objects.values_list("payee", "amount")) == [("甲公司", Decimal("1000.00"))]


def test_an_xlsx_ledger_with_a_wan_yuan_column(world: World):
    import io

    import openpyxl

    project = approved(world)
    book = openpyxl.Workbook()
    book.active.append(["支付日期", "金额（万元）", "资金来源"])
    book.active.append([date(2024, 6, 30), 19.5, "财政资金"])
    out = io.BytesIO()
    book.save(out)
    client = client_for(world, "filler")
    token = draft_of(upload(client, project, "台账.xlsx", out.getvalue()))
    client.post(f"/monitoring/projects/{project.pk}/payments/import/preview/",
                {"draft": token, "action": "confirm"})  # fmt: skip
    assert Payment.objects.get().amount == Decimal("195000.00")


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("台账.txt", b"a,b", "支付台账只接受 Excel 工作簿（.xlsx）或 CSV 文件（.csv）"),
        ("台账.xlsx", "支付日期,金额".encode(), "扩展名是 .xlsx，但内容不是 Excel 工作簿"),
        ("台账.csv", b"PK\x03\x04\x00\x00", "扩展名是 .csv，但内容不是文本"),
    ],
)
def test_uploads_are_checked_by_type_and_content(world: World, name, data, says):
    project = approved(world)
    response = upload(client_for(world, "filler"), project, name, data)
    assert response.status_code == 200
    assert says in response.content.decode()


def test_an_upload_over_the_limit_is_refused(world: World, settings, data_dir: Path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    project = approved(world)
    big = LEDGER.read_bytes() + b"\n" * (1024 * 1024)
    response = upload(client_for(world, "filler"), project, "台账.csv", big)
    assert "文件「台账.csv」有 1.0 MB，超过 1 MB 的上限" in response.content.decode()
    assert not list(data_dir.rglob("*.json"))


def test_a_draft_is_its_users_and_its_projects_only(world: World):
    project = approved(world)
    owner = client_for(world, "filler")
    token = draft_of(upload(owner, project, "台账.csv", LEDGER.read_bytes()))
    colleague = person("colleague", world.investment_unit, Membership.Role.UNIT_FILLER)
    intruder = Client()
    intruder.force_login(colleague)
    url = f"/monitoring/projects/{project.pk}/payments/import/preview/"
    refused = intruder.post(url, {"draft": token, "action": "confirm"}, follow=True)
    assert (
        "预览已失效（超过 24 小时、已确认或已放弃），请重新上传台账。" in refused.content.decode()
    )
    other = approved(world, "322-0601-YBN-Y6VV")  # the same unit's other table
    moved = owner.post(f"/monitoring/projects/{other.pk}/payments/import/preview/",
                       {"draft": token, "action": "confirm"}, follow=True)  # fmt: skip
    assert "预览已失效" in moved.content.decode()
    for bad in ("../../etc/passwd", "0" * 31, ""):
        assert "预览已失效" in owner.get(f"{url}?draft={bad}", follow=True).content.decode()
    assert not Payment.objects.exists()
    cancelled = owner.post(url, {"draft": token, "action": "cancel"}, follow=True)
    assert "已放弃这份台账，未录入任何记录。" in cancelled.content.decode()
    assert "预览已失效" in owner.get(f"{url}?draft={token}", follow=True).content.decode()


def test_an_expired_draft_is_not_confirmed(world: World, data_dir: Path):
    import os

    project = approved(world)
    client = client_for(world, "filler")
    token = draft_of(upload(client, project, "台账.csv", LEDGER.read_bytes()))
    kept = next(data_dir.rglob(f"{token}.json"))
    old = kept.stat().st_mtime - 25 * 3600
    os.utime(kept, (old, old))
    url = f"/monitoring/projects/{project.pk}/payments/import/preview/"
    response = client.post(url, {"draft": token, "action": "confirm"}, follow=True)
    assert "预览已失效" in response.content.decode()
    assert not Payment.objects.exists()
    assert not kept.exists()


# -- the API -------------------------------------------------------------------------------------


def api_post(client: Client, url: str, body: dict) -> tuple[int, dict]:
    response = client.post(url, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_the_api_lists_payments_with_the_spending_status(world: World):
    project = approved(world)
    pay(project, world, (3, 31), "90000.00", voucher="A", source="fiscal")
    pay(project, world, (4, 2), "0.10", source="other")
    client = client_for(world, "readonly")
    url = f"/api/monitoring/projects/{project.pk}/payments?as_of=2024-04-30"
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url).json()
    assert len(queries) <= 10
    assert answer["as_of"] == "2024-04-30"
    assert (answer["budget"], answer["spent"], answer["rate"]) == ("300000.00", "90000.10", "30.00")
    assert answer["by_source"] == {"fiscal": "90000.00", "other": "0.10"}
    first = answer["checkpoints"][0]
    assert first == {
        "by": "3月底", "due": "2024-03-31", "planned_percent": "30.00", "actual_percent": "30.00",
        "elapsed_percent": "24.86", "gap": "0.00", "spent": "90000.00", "status": "正常",
        "words": "截至3月31日支出 90000.00 元 ÷ 预算 300000.00 元 = 30.00%，计划 30.00%，正常",
    }  # fmt: skip
    assert answer["checkpoints"][1]["status"] == "未到期"
    assert answer["bands"]["basis"] == "默认设置"
    assert answer["may_record"] is False
    assert [p["amount"] for p in answer["payments"]] == ["90000.00", "0.10"]
    bad = client.get(f"/api/monitoring/projects/{project.pk}/payments?as_of=明天")
    assert bad.status_code == 400
    assert "截至日期（as_of）“明天”无法识别" in bad.json()["detail"]


def test_the_api_records_and_voids_as_the_pages_do(world: World):
    project = approved(world)
    client = client_for(world, "filler")
    url = f"/api/monitoring/projects/{project.pk}/payments"
    status, body = api_post(client, url, {"paid_on": "2024-05-01", "amount": "1,234.50",
                                          "source": "other", "voucher": "API-1"})  # fmt: skip
    assert status == 201
    assert (body["amount"], body["source_label"], body["recorded_by"]) == (
        "1234.50",
        "其他资金",
        "filler",
    )
    status, body = api_post(client, url, {"paid_on": "2024-05-01", "amount": 12.5})
    assert (status, body["amount"]) == (201, "12.50")
    status, body = api_post(client, url, {"paid_on": "2024-05-01", "amount": "abc"})
    assert status == 400
    assert body["detail"].startswith("金额（amount）：“abc”不是金额")
    status, body = api_post(
        client, url, {"paid_on": "2024-05-01", "amount": "1", "voucher": "API-1"}
    )
    assert (status, body["detail"]) == (
        400,
        "凭证号 API-1 已录入过，同一凭证不能重复录入（如有误请先作废原记录）",
    )
    status, body = api_post(client, url, {"paid_on": "2024-05-01", "amount": "1", "source": "x"})
    assert status == 400
    payment = Payment.objects.get(voucher="API-1")
    void = f"/api/monitoring/payments/{payment.pk}/void"
    assert api_post(client, void, {"reason": ""}) == (400, {"detail": "作废支付记录须说明原因"})
    status, body = api_post(client, void, {"reason": "录错"})
    assert (status, body["voided"], body["void_reason"], body["voided_by"]) == (
        200,
        True,
        "录错",
        "filler",
    )
    assert api_post(client, void, {"reason": "再次"}) == (
        409,
        {"detail": "该支付记录已作废，不能再次作废"},
    )
    Project.objects.filter(pk=project.pk).update(status="draft")
    status, body = api_post(client, url, {"paid_on": "2024-05-01", "amount": "1"})
    assert status == 409
    assert "批复（已批复）后才能录入" in body["detail"]


# -- screenshots ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_screenshots_of_both_pages(world: World, live_server, monkeypatch):
    """The pages in a real browser (skipped without Debian's Chromium)."""
    from tests.web.test_browser import CHROMIUM, SHOTS, shot, signed_in

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    playwright = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SHOTS.mkdir(parents=True, exist_ok=True)
    project = approved(world)
    pay(project, world, (1, 15), "25000.00", voucher="记-001", payee="秦皇岛市某人力资源服务有限公司",
        note="1月人事代理费")  # fmt: skip
    wrong = pay(project, world, (2, 3), "8800.00", voucher="记-005", payee="某文印店")
    Payment.objects.filter(pk=wrong.pk).update(
        voided_at="2024-02-04T09:00:00+08:00", voided_by=world.users["filler"],
        void_reason="应由其他项目列支",
    )  # fmt: skip
    server = str(live_server)
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )  # fmt: skip
        try:
            filler = signed_in(browser, server, "filler")
            filler.goto(f"{server}/monitoring/projects/{project.pk}/payments/import/")
            data = "付款日,凭证号,收款单位,摘要,资金性质,金额（元）\r\n"
            data += '2024-03-20,记-010,秦皇岛市某人力资源服务有限公司,3月人事代理费,财政拨款,"40,000.00"\r\n'
            data += '2024-03-28,记-011,某保险公司,社保费,单位资金,"12,500.5"\r\n'
            data += '2024-04-02,记-001,某公司,重复的凭证,财政拨款,"100.00"\r\n'
            data += '2024-04-03,记-012,某公司,,拨款,"1,00"\r\n'
            data += '合计,,,,,"52,601.50"\r\n'
            filler.set_input_files(
                "input[name=file]",
                files=[
                    {"name": "三月台账.csv", "mimeType": "text/csv", "buffer": data.encode("gbk")}
                ],
            )
            filler.click("text=上传并预览")
            assert "没有找到「支付日期」列" in filler.content()
            filler.select_option("select[name=col_0]", "paid_on")  # 付款日: not a known label
            filler.click("text=按所选的列对应重新读取")
            shown = filler.content()
            assert "第 4 行「凭证号」列（B4）：凭证号 记-001 已录入过" in shown
            assert "跳过了 1 行合计行（第 6 行）" in shown
            shot(filler, "monitoring-payment-import")
            filler.goto(f"{server}/monitoring/projects/{project.pk}/payments/?as_of=2024-07-15")
            assert "支出进度" in filler.content()
            shot(filler, "monitoring-payments")
        finally:
            browser.close()
