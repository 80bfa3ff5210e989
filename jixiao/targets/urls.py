from django.urls import path

from jixiao.targets import views

urlpatterns = [
    path("", views.todo, name="todo"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/versions/", views.project_versions, name="project-versions"),
    path("projects/<int:pk>/header/", views.edit_header, name="header-edit"),
    path("projects/<int:pk>/comments/", views.comment, name="comment"),
    path("projects/<int:pk>/grade/", views.set_grade, name="project-grade"),
    path("projects/<int:pk>/rows/<str:action>/", views.edit_rows, name="rows"),
    path(
        "projects/<int:pk>/indicators/<int:index>/",
        views.edit_indicator,
        name="indicator-edit",
    ),
    path("projects/<int:pk>/<str:action>/", views.project_action, name="project-action"),
    path("import/", views.import_document, name="import"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/department/", views.edit_department, name="department-edit"),
    path("documents/<int:pk>/versions/", views.document_versions, name="document-versions"),
    path("documents/<int:pk>/review/", views.document_review, name="document-review"),
    path("documents/<int:pk>/<str:action>/", views.document_action, name="document-action"),
]
