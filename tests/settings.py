"""The test suite's settings: the application's own, run as a local demo (JIXIAO_DEMO: the
built-in secret key, which jixiao.web.settings refuses otherwise). Set in the environment, so
subprocesses the tests start read the same."""

import os

os.environ.setdefault("JIXIAO_DEMO", "true")

from jixiao.web.settings import *  # noqa: F403
