"""运行监控 pages: payments and the spending status (支出管理), monitoring rounds and reports
(运行监控), indicator progress with its evidence and the joint view (双监控)."""

from jixiao.monitoring.urls import payments, progress, reports

urlpatterns = [*payments.urlpatterns, *reports.urlpatterns, *progress.urlpatterns]
