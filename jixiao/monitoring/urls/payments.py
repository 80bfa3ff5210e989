"""支出管理: a project's payments and spending status, entering and voiding a payment, and
importing a payment ledger (upload, then preview and confirm)."""

from django.urls import URLPattern, path

from jixiao.monitoring.views import payments as views

urlpatterns: list[URLPattern] = [
    path("projects/<int:pk>/payments/", views.payment_list, name="monitoring_payments"),
    path("projects/<int:pk>/payments/add/", views.add_payment, name="monitoring_payment_add"),
    path("payments/<int:pk>/void/", views.void_payment, name="monitoring_payment_void"),
    path(
        "projects/<int:pk>/payments/import/",
        views.import_ledger,
        name="monitoring_payment_import",
    ),
    path(
        "projects/<int:pk>/payments/import/preview/",
        views.import_preview,
        name="monitoring_payment_import_preview",
    ),
]
