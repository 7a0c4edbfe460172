"""Pagination every list shares: `?per_page=` is clamped, so nonsense neither fails nor floods."""

from __future__ import annotations

from django.core.paginator import Paginator

MAX_PER_PAGE = 100


class BoundedPaginator(Paginator):
    """A paginator whose page size stays between 1 and MAX_PER_PAGE whatever the URL asks for.

    django-tables2 passes `?per_page=` straight to the paginator; -1 or 0 would raise, and a huge
    value would render every row of the country on one page.
    """

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)
