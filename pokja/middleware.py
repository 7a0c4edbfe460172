"""Request checks that belong before any view."""

from __future__ import annotations

import re
import uuid
from urllib.parse import unquote_to_bytes

from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.signals import request_finished
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation

from pokja.client_ip import client_ip
from pokja.logs import ENVIRON_PREFIX, request_context

# nginx's $request_id is 32 hex digits; anything else a client sends is replaced, not logged.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}\Z")


class RequestContextMiddleware:
    """The request's id, user and real client address for every log line written while it is
    served (pokja/logs.py), and `X-Request-ID` on the response so a user's report, nginx's log
    and the portal's lines can be matched.

    The id is nginx's (`proxy_set_header X-Request-ID $request_id;`) or a new one. The context
    stays set until the response is closed: Django logs a server error after the middleware
    returned. The same values go into the WSGI environ for gunicorn's access line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        context = {"request_id": request_id, "user_id": None, "client_ip": client_ip(request)}
        request_context.set(context)
        request.log_context = context
        request.META[ENVIRON_PREFIX + "request_id"] = request_id
        request.META[ENVIRON_PREFIX + "client_ip"] = context["client_ip"]
        response = self.get_response(request)
        # Again after the view: a URL that matched nothing never reached process_view, and
        # Django logs its 404 (or a 500) after this returns.
        self._note_user(request)
        response["X-Request-ID"] = request_id
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After every middleware's request phase, so the session has been read: the view's
        # own lines name the user. A public page (pokja/public/http.py) never reads the
        # session: looking the user up would mark it read and add `Vary: Cookie`.
        if getattr(view_func, "public_page", False):
            request.public_page = True
        self._note_user(request)
        return None

    @staticmethod
    def _note_user(request) -> None:
        if getattr(request, "public_page", False):
            return
        user = getattr(request, "user", None)  # absent when answered before authentication
        if user is not None and user.is_authenticated:
            request.log_context["user_id"] = user.pk
            request.META[ENVIRON_PREFIX + "user_id"] = user.pk


def _forget_request_context(**kwargs) -> None:
    request_context.set(None)


request_finished.connect(_forget_request_context, dispatch_uid="pokja.forget_request_context")


class HealthProbeMiddleware:
    """`/kesehatan/` answered here, before the host check and any redirect.

    A load balancer probes each backend directly: its Host is the backend's IP address (not in
    ALLOWED_HOSTS: CommonMiddleware would answer 400) and it sends no X-Forwarded-Proto (the SSL
    redirect is exempted by SECURE_REDIRECT_EXEMPT). Only that exact path, and only the bare
    liveness answer ("ok" or "error"), never the detail page: nothing else skips the host check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == reverse("health"):
            from pokja.views.health import public_health  # the view imports the models

            return async_to_sync(public_health)(request)
        return self.get_response(request)


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


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, asking the view before the user: Django's looks the
    user up first, which reads the session and makes every answer `Vary: Cookie`, the public
    page's (pokja/public/http.py) too. A view marked `login_not_required` is let through
    without that look-up; every other view is checked exactly as Django does."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
