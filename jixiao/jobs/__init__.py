"""Long work as jobs: each run recorded (`Job`: what, for whom, how far, how it ended) and run by
Celery — on workers through Redis when REDIS_URL is set, in the calling process otherwise."""
