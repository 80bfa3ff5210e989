"""Monitoring rounds, the 绩效运行监控表 of each project and the department summaries.

Each action has its own path (no `<str:action>`): the progress pages under a report's path
(reports/<pk>/progress/…) are matched after these."""

from django.urls import path

from jixiao.monitoring.views import reports as views

urlpatterns = [
    path("", views.round_list, name="monitoring_rounds"),
    path("rounds/new/", views.round_new, name="monitoring_round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="monitoring_round"),
    path("rounds/<int:pk>/close/", views.round_close, name="monitoring_round_close"),
    path("reports/<int:pk>/", views.report_detail, name="monitoring_report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="monitoring_report_edit"),
    *(
        path(
            f"reports/<int:pk>/{action}/",
            views.report_action,
            {"action": action},
            name=f"monitoring_report_{action}",
        )
        for action in ("submit", "approve", "return")
    ),
    path("summaries/<int:pk>/", views.summary_detail, name="monitoring_summary"),
    path("summaries/<int:pk>/edit/", views.summary_edit, name="monitoring_summary_edit"),
    *(
        path(
            f"summaries/<int:pk>/{action}/",
            views.summary_action,
            {"action": action},
            name=f"monitoring_summary_{action}",
        )
        for action in ("submit", "approve", "return")
    ),
]
