"""The portal's error pages. A URL under /api/ that matches no route answers JSON (the API's
404 body, `{"detail": ...}`), not the HTML page: the schema promises JSON errors.

The 403 page: a page the user may see but an action the policy refuses (a direct
POST to edit a verified record, a national reader adding data). It says why, in the user's
language, and links back to the page the user came from when that page is ours.

A download whose record the user may see but whose file the storage does not hold gets its own
404 page ("file not available"), not "page not found" (pokja.kernel.stored_files)."""

from django.http import HttpResponseForbidden, HttpResponseNotFound, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import page_not_found as django_page_not_found
from rest_framework.exceptions import NotFound

from pokja.kernel.stored_files import StoredFileMissing


@requires_csrf_token
def permission_denied(request, exception=None):
    referer = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    context = {
        "reason": str(exception or ""),
        "back_url": referer if referer and safe else reverse("pokja:home"),
    }
    body = loader.get_template("403.html").render(context, request)
    return HttpResponseForbidden(body)


@requires_csrf_token
def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    if isinstance(exception, StoredFileMissing):
        # The person may see the record; only its file is gone. Say so, not "no such page".
        body = loader.get_template("file_missing.html").render({}, request)
        return HttpResponseNotFound(body)
    return django_page_not_found(request, exception)
