"""Request checks that belong before any view."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class RejectNulBytesMiddleware:
    """Answer 400 to a URL or query string holding a NUL byte (%00).

    No region code, slug or filter value ever contains one, and PostgreSQL refuses it in any
    query (psycopg2 raises ValueError), so without this `/wilayah/%00/` or `?provinsi=%00` would
    answer 500 from whichever view reads the value first. One check here covers every view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(raw.replace("+", " ")):
            if request.path.startswith("/api/"):  # the API answers JSON, as its schema says
                return JsonResponse({"detail": "Bad request"}, status=400)
            return HttpResponseBadRequest("Bad request")
        return self.get_response(request)


class PortalLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is ignored: a standard
    English Chromium got an English portal. Only the language cookie that the navbar's switch
    (Django's set_language view) sets can change it."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
