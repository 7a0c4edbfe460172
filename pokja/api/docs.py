"""Swagger UI and Redoc under the portal's Content-Security-Policy (config/settings/base.py).

drf-spectacular's own pages carry an inline <style> (and Swagger an inline <script>; Redoc
fetches Google's web fonts): ours link static files instead and Swagger's start-up script is a
request of its own (SpectacularSwaggerSplitView). What each page still needs beyond the site's
policy is added for that page only, with csp_update.
"""

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


# Redoc styles itself with styled-components, which writes <style> elements at run time (blocked
# by style-src 'self': the page stays blank), and runs its search index in a Web Worker made from
# a blob: URL. Scripts stay 'self' only; no other page gets either relaxation.
REDOC_CSP = {"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}


@method_decorator(csp_update(REDOC_CSP), name="dispatch")
class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"
