from django.urls import path

from jixiao.reports import views

urlpatterns = [
    path("reports/documents/<int:pk>/", views.start, name="report-start"),
    path("reports/<int:pk>/download/", views.download, name="report-download"),
]
