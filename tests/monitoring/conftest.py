"""The web tests' world (units, personas, an imported document) for the monitoring tests."""

from tests.web.conftest import browser, fast_password_hashing, fresh_cache, world  # noqa: F401
