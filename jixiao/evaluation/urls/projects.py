from django.urls import path

from jixiao.evaluation.views import projects

urlpatterns = [
    path("projects/<int:pk>/", projects.page, name="selfeval"),
    path("projects/<int:pk>/start/", projects.start, name="selfeval-start"),
    path("projects/<int:pk>/save/", projects.save, name="selfeval-save"),
    path("projects/<int:pk>/adjust/", projects.adjust, name="selfeval-adjust"),
    path("projects/<int:pk>/<str:action>/", projects.act, name="selfeval-action"),
]
