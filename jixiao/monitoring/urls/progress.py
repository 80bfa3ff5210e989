"""双监控 pages: a report's indicator progress and evidence, a project's joint view."""

from django.urls import URLPattern, path

from jixiao.monitoring.views import progress

urlpatterns: list[URLPattern] = [
    path("reports/<int:pk>/progress/", progress.progress, name="monitoring_progress"),
    path(
        "reports/<int:pk>/progress/<int:index>/evidence/",
        progress.upload_evidence,
        name="monitoring_evidence_upload",
    ),
    path("evidence/<int:pk>/", progress.download_evidence, name="monitoring_evidence"),
    path("evidence/<int:pk>/remove/", progress.remove_evidence, name="monitoring_evidence_remove"),
    path("projects/<int:pk>/joint/", progress.joint, name="monitoring_joint"),
]
