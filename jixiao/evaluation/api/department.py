from ninja import Router

router = Router(tags=["绩效自评"])
