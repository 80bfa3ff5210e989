"""Paging the pages' lists: Django's `Paginator`, counting only when it must.

Django's paginator counts the whole list before it fetches a page (a COUNT over every row the
user may see, 1–3 ms at 10,000 tables, and the query compiled each time). Most lists a page
shows are short — a unit's 待办, the monitoring reports due, a new document's log — and a page
that is not full tells the count by itself: `Pages` fetches one row more than a page holds and
counts only when that row is there (a later page exists) and the page asks for the total
(a pager that shows no total — `has_other_pages`, `has_next`, `next_page_number` — never does).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator

FARTHEST = 10**9
"""A page number beyond any list (whose offset the database could not even hold): Django's
answer, the last page."""


class Pages(Paginator):
    def get_page(self, number: Any) -> Page:
        wanted = _number(number)
        if wanted is None or wanted > FARTHEST or "count" in self.__dict__:
            return super().get_page(number)
        bottom = (wanted - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if len(rows) > self.per_page:  # a later page exists: the total is counted if shown
            return Followed(rows[: self.per_page], wanted, self)
        if rows or wanted == 1:  # the last page: the total is known
            self.__dict__["count"] = bottom + len(rows)
            return self._get_page(rows, wanted, self)
        return super().get_page(number)  # past the end: Django's answer, the last page


class Followed(Page):
    """A page known to have a later one (its list's extra row was there): whether to offer
    the next page, and its number, need no count — a log can be paged without its total."""

    def has_next(self) -> bool:
        return True

    def next_page_number(self) -> int:
        return int(self.number) + 1

    def previous_page_number(self) -> int:
        """(Django's checks the number against the count; a pager asks after `has_previous`.)"""
        return int(self.number) - 1


def _number(number: Any) -> int | None:
    """The page asked for, when it is plainly a page number (anything else is Django's to
    read: a missing or malformed number is page 1)."""
    if number is None:
        return 1
    if isinstance(number, int):
        return number if number >= 1 else None
    if isinstance(number, str) and number.isascii() and number.isdigit():
        found = int(number)
        return found if found >= 1 else None
    return None
