from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

STATUS_CHOICES = [
    ("draft", "草稿"),
    ("returned", "已退回"),
    ("submitted", "已提交"),
    ("department_review", "主管部门审核"),
    ("finance_review", "财政审核"),
    ("approved", "已批复"),
]
CHANGES = ("submit", "approve", "return", "adjust")


def mark_returned(apps, schema_editor):
    """Drafts whose last state change was a return are 已退回 (they were shown as 草稿)."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for model, label in (
        ("Project", "targets.project"),
        ("TargetDocument", "targets.targetdocument"),
    ):
        Model = apps.get_model("targets", model)
        drafts = {
            str(pk) for pk in Model.objects.filter(status="draft").values_list("pk", flat=True)
        }
        if not drafts:
            continue
        last: dict[str, str] = {}
        entries = AuditEntry.objects.filter(object_type=label, action__in=CHANGES).order_by(
            "at", "pk"
        )
        for object_id, action in entries.values_list("object_id", "action").iterator():
            if object_id in drafts:
                last[object_id] = action
        returned = [int(pk) for pk, action in last.items() if action == "return"]
        Model.objects.filter(pk__in=returned).update(status="returned")


def unmark_returned(apps, schema_editor):
    for model in ("Project", "TargetDocument"):
        apps.get_model("targets", model).objects.filter(status="returned").update(status="draft")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("targets", "0005_document_revision"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="project",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES, default="draft", max_length=32, verbose_name="状态"
            ),
        ),
        migrations.AlterField(
            model_name="targetdocument",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES,
                default="draft",
                max_length=32,
                verbose_name="部门整体目标状态",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="grade_override",
            field=models.CharField(
                blank=True,
                choices=[("优", "优"), ("良", "良"), ("中", "中"), ("差", "差")],
                max_length=1,
                verbose_name="审核结果（审核人认定）",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="grade_reason",
            field=models.TextField(blank=True, verbose_name="认定理由"),
        ),
        migrations.AddField(
            model_name="project",
            name="grade_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="认定人",
            ),
        ),
        migrations.RunPython(mark_returned, unmark_returned),
    ]
