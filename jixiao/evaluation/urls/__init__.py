"""绩效自评 pages: each project's self-evaluation, the department's 部门整体自评 and the scoring
profiles."""

from jixiao.evaluation.urls import department, projects

urlpatterns = [*projects.urlpatterns, *department.urlpatterns]
