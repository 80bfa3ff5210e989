urlpatterns: list = []

# payments and the spending status (支出管理)

# indicator progress, evidence and the joint view (双监控)

# monitoring rounds, reports and department summaries (运行监控)
