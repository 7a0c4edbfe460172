"""API pages: `?page=` and `?per_page=` like the web lists. Unlike the web (which clamps
nonsense), the API refuses a `per_page` that is not a whole number from 1 to MAX_PER_PAGE with
400, as its schema says: a script learns about its mistake instead of getting another page size."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from pokja.pagination import MAX_PER_PAGE


class BoundedPageNumberPagination(PageNumberPagination):
    page_size_query_param = "per_page"
    max_page_size = MAX_PER_PAGE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:  # absent or empty (`?per_page=`): the default
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PER_PAGE:
            message = _("A whole number from 1 to %(max)s.") % {"max": MAX_PER_PAGE}
            raise ValidationError({self.page_size_query_param: [message]})
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=MAX_PER_PAGE)
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters
