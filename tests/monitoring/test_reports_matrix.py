"""Permission-matrix rows of these pages and API operations (every role × inside and outside its
reach); `tests/web/test_permission_matrix.py` checks that every URL and operation has a row."""

ROWS: list[tuple[str, str]] = []
"""(method, path with {pk}) of every page and API operation here."""
