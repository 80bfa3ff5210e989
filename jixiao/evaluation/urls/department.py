"""The 部门整体自评 of a document and the scoring profiles' pages."""

from django.urls import URLPattern, path

from jixiao.evaluation.views import department as views

urlpatterns: list[URLPattern] = [
    path("documents/<int:pk>/", views.department_selfeval, name="department_selfeval"),
    path(
        "documents/<int:pk>/save/", views.department_selfeval_save, name="department_selfeval_save"
    ),
    path(
        "documents/<int:pk>/<str:action>/",
        views.department_selfeval_action,
        name="department_selfeval_action",
    ),
    path("profiles/", views.scoring_profile_list, name="scoring_profile_list"),
    path("profiles/new/", views.scoring_profile_new, name="scoring_profile_new"),
    path("profiles/<int:pk>/", views.scoring_profile, name="scoring_profile"),
    path(
        "profiles/<int:pk>/in-force/",
        views.scoring_profile_in_force,
        name="scoring_profile_in_force",
    ),
]
