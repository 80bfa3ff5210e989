from ninja import Router

router = Router(tags=["运行监控"])
