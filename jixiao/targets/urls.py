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
    path("new/", views.new_table, name="table-new"),
    path("new/copy/", views.copy_table, name="table-copy"),
    path("new/template/", views.fill_template, name="fill-template"),
    path("new/template/download/", views.template_download, name="template-download"),
    path("documents/", views.document_list, name="documents"),
    path("documents/new/", views.new_department, name="department-new"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/department/", views.edit_department, name="department-edit"),
    path("documents/<int:pk>/versions/", views.document_versions, name="document-versions"),
    path("documents/<int:pk>/review/", views.document_review, name="document-review"),
    path("documents/<int:pk>/<str:action>/", views.document_action, name="document-action"),
]
