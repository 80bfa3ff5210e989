from django.urls import path

from jixiao.jobs import views

urlpatterns = [
    path("jobs/rereview/", views.rereview, name="rereview"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
]
