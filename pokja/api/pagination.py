"""API pages: `?page=` and `?per_page=` like the web lists, clamped to the same maximum."""

from rest_framework.pagination import PageNumberPagination

from pokja.pagination import MAX_PER_PAGE


class BoundedPageNumberPagination(PageNumberPagination):
    page_size_query_param = "per_page"
    max_page_size = MAX_PER_PAGE
