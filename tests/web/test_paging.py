"""`Pages`: Django's paging, with the COUNT left out where the page itself tells the total."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.org.models import Organisation
from jixiao.web.paging import Pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows() -> object:
    Organisation.objects.bulk_create(
        Organisation(kind="unit", code=f"{n:03}", name=f"单位{n}") for n in range(23)
    )
    return Organisation.objects.order_by("code")


def test_a_short_list_is_fetched_and_counted_in_one_query(rows: object) -> None:
    with CaptureQueriesContext(connection) as queries:
        page = Pages(rows, 50).get_page(None)
        assert (page.paginator.count, page.paginator.num_pages, len(page)) == (23, 1, 23)
        assert not page.has_next()
    assert len(queries) == 1


def test_the_last_page_knows_the_total_without_counting(rows: object) -> None:
    with CaptureQueriesContext(connection) as queries:
        page = Pages(rows, 10).get_page("3")
        assert [o.code for o in page] == ["020", "021", "022"]
        assert (page.paginator.count, page.number, page.has_previous()) == (23, 3, True)
    assert len(queries) == 1


def test_a_full_page_counts_when_the_total_is_asked(rows: object) -> None:
    with CaptureQueriesContext(connection) as queries:
        page = Pages(rows, 10).get_page("2")
        assert [o.code for o in page][:2] == ["010", "011"]
        assert len(queries) == 1  # the rows (and one more, which says a next page exists)
        assert (page.paginator.count, page.has_next(), page.next_page_number()) == (23, True, 3)
    assert len(queries) == 2


def test_a_pager_without_the_total_never_counts(rows: object) -> None:
    """The log's pager (第 N 页, 较新/较早) asks whether other pages exist, and their numbers."""
    with CaptureQueriesContext(connection) as queries:
        page = Pages(rows, 10).get_page("2")
        assert (page.has_other_pages(), page.has_next(), page.next_page_number()) == (True, True, 3)
        assert page.previous_page_number() == 1
    assert len(queries) == 1


@pytest.mark.parametrize(
    ("asked", "number"), [("99", 3), ("0", 3), ("-1", 3), ("abc", 1), ("", 1), ("2.5", 1)]
)
def test_numbers_past_the_end_or_malformed_are_read_as_django_reads_them(
    rows: object, asked: str, number: int
) -> None:
    assert Pages(rows, 10).get_page(asked).number == number


def test_an_empty_list_is_one_empty_page() -> None:
    page = Pages(Organisation.objects.none(), 10).get_page("1")
    assert (page.paginator.count, page.number, list(page)) == (0, 1, [])
