"""The web tests' world (units, personas, an imported document) for the monitoring tests."""

from tests.web.conftest import world  # noqa: F401
